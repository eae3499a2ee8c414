"""scripts/check_links.py on a fixture site with one broken link of every kind."""

from __future__ import annotations

import shutil

import check_links
from conftest import FIXTURES

LINK_SITE = FIXTURES / "link-site"
PAGE = "tests/fixtures/link-site/docs/index.md"

EXPECTED = [
    (PAGE, 10, "broken link 'missing.md'"),  # Markdown link to a page that does not exist
    (PAGE, 12, "broken link 'other.md#nope'"),  # anchor missing on another page
    (PAGE, 14, "broken link '#not-here'"),  # anchor missing on the same page
    (PAGE, 16, "broken link '../nowhere/'"),  # link written as raw HTML
    (PAGE, 18, "broken link 'img/missing.png'"),  # Markdown image
    (PAGE, 20, "broken link 'img/gone.png'"),  # raw HTML image
    (PAGE, 22, "absolute link '/abs/path/'"),  # absolute link
    (PAGE, 26, "broken link 'excluded.md#somewhere'"),  # an anchor into a page that is not built
    (PAGE, 28, "broken link 'missing.md'"),  # the same broken link again, on its own line
    ("tests/fixtures/link-site/includes/snippet.md", 3, "broken link 'missing-from-snippet.md'"),  # in a snippet
]


def run(capsys, *args):
    code = check_links.main(["--config", str(LINK_SITE / "mkdocs.yml"), *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_kind_of_broken_link_is_reported_once_at_its_source_line(capsys):
    """Ten broken links of every kind on one page (and its snippet): each one, at its line."""
    code, out, err = run(capsys)
    assert code == 1
    lines = out.strip().splitlines()
    for path, line, text in EXPECTED:
        matching = [l for l in lines if l.startswith(f"{path}:{line}: {text}")]
        assert len(matching) == 1, f"{path}:{line}: {text} reported {len(matching)} times in:\n{out}"
    assert len(lines) == len(EXPECTED), out


def test_valid_links_are_not_reported(capsys):
    code, out, err = run(capsys)
    for fine in ("other.md#a-heading", "'other/'", "img/logo.svg", "'other.md'"):
        assert fine not in out


def test_prebuilt_site_is_checked_too(capsys, tmp_path):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(LINK_SITE / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    build(config)
    code, out, err = run(capsys, "--site", tmp_path / "site")
    assert code == 1
    for path, line, _ in EXPECTED:
        assert f"{path}:{line}: " in out, out


def check_copy_with_home(capsys, tmp_path, home: str):
    """check_links on a copy of the fixture site whose docs/index.md is replaced by home."""
    site = tmp_path / "site"
    shutil.copytree(LINK_SITE, site)
    (site / "docs" / "index.md").write_text(home)
    code = check_links.main(["--config", str(site / "mkdocs.yml")])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_site_passes(capsys, tmp_path):
    home = "---\ntitle: Home\n---\n\n# Home\n\nSee [other](other.md#a-heading).\n"
    code, out, err = check_copy_with_home(capsys, tmp_path, home)
    assert code == 0, out + err
    assert "every internal link" in out


def test_unbuildable_site_is_a_usage_error(capsys, tmp_path):
    code, out, err = check_copy_with_home(capsys, tmp_path, "# Home\n\n--8<-- \"no-such-snippet.md\"\n")
    assert code == 2
    assert "the site does not build" in err


def test_a_warning_that_is_not_about_a_link_is_printed_as_it_is(capsys, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(LINK_SITE, site)
    (site / "docs" / "orphan.md").write_text("# Orphan\n")  # exists, but is not in nav:
    code = check_links.main(["--config", str(site / "mkdocs.yml")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "The following pages exist in the docs directory, but are not included in the \"nav\" configuration:\n  - orphan.md" in out, out


def test_not_a_site_is_a_usage_error(capsys, tmp_path):
    code, out, err = run(capsys, "--site", tmp_path)
    assert code == 2
    assert "not a built site" in err


def test_the_guide_has_no_broken_links(capsys, site):
    # the session's build is strict, so MkDocs had no warning to add: check its HTML
    code = check_links.main(["--site", str(site["dir"])])
    out, err = capsys.readouterr()
    assert code == 0, out + err


def test_root_relative_links_are_read_under_the_published_path(tmp_path):
    """Published at https://<owner>.github.io/<repo>/, the 404 page links to /<repo>/page/: that
    is the page; /page/ (outside the site's path) is broken once served from there."""
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text("<p>page</p>", encoding="utf-8")
    home = tmp_path / "index.html"
    published = check_links.Site(tmp_path, site_url="https://example.github.io/guide/")
    assert published.target_file(home, "/guide/page/") == tmp_path / "page" / "index.html"
    assert published.target_file(home, "/page/") is None
    local = check_links.Site(tmp_path, site_url="http://127.0.0.1:8000/")
    assert local.target_file(home, "/page/") == tmp_path / "page" / "index.html"
