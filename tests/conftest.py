"""Shared fixtures: the scripts on the import path, one built site, one server, one browser.

Every browser context a test opens comes from ``new_context`` (scripts/local_site.py), which
records every request, dialog, Content-Security-Policy violation and console error. When the
test ends, the fixture fails it if any request left 127.0.0.1, a dialog opened, the policy
blocked anything or a script reported an error: so every page any test visits is checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"

import local_site  # noqa: E402

OPEN_SHADOW_ROOTS = local_site.OPEN_SHADOW_ROOTS


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The guide built once, served on 127.0.0.1 at the address it was built for."""
    site_dir = tmp_path_factory.mktemp("site")
    with local_site.serve(site_dir) as base_url:
        config = local_site.build_site(site_dir, site_url=base_url)
        yield {"dir": site_dir, "url": base_url, "config": config}


@pytest.fixture(scope="session")
def browser():
    try:
        with local_site.launch_browser() as b:
            yield b
    except local_site.UsageError as exc:
        pytest.fail(f"real-browser tests need a browser: {exc} (run 'make test', which installs one)")


@pytest.fixture
def new_context(browser, site):
    """Open recorded browser contexts on the served guide; each is checked when the test ends."""
    opened = []

    def open_context(base_url: str | None = None, **options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = local_site.new_context(browser, base_url or site["url"], **options)
        opened.append((context, base_url or site["url"]))
        return context

    yield open_context
    problems = []
    for context, base_url in opened:
        context.close()
        problems += context.record.problems(base_url)
    assert not problems, "while the test ran in the browser:\n" + "\n".join(problems[:20])


@pytest.fixture
def page(new_context):
    page = new_context().new_page()
    page.set_default_timeout(15000)
    return page
