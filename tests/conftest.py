"""Shared fixtures: the scripts on the import path, one built site, one server, one browser."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import socket
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Material renders each diagram into a closed shadow root; open them so tests can look inside.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""


def free_port() -> int:
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The guide built once, served on 127.0.0.1 at the address it was built for."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    port = free_port()
    base_url = f"http://127.0.0.1:{port}/"
    site_dir = tmp_path_factory.mktemp("site")
    os.environ["SITE_URL"] = base_url
    try:
        config = load_config(config_file=str(ROOT / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        os.environ.pop("SITE_URL", None)
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"dir": site_dir, "url": base_url, "config": config}
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from common import UsageError, launch_browser

    try:
        with launch_browser() as b:
            yield b
    except UsageError as exc:
        pytest.fail(f"real-browser tests need a browser: {exc} (run 'make test', which installs one)")


@pytest.fixture
def page(browser, site):
    context = browser.new_context(base_url=site["url"], viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
