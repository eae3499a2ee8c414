"""scripts/rendered_pages.py renders each page as the build does, and traces diagrams to their lines."""

from __future__ import annotations

from pathlib import Path

import rendered_pages
from bs4 import BeautifulSoup
from common import DOCS_DIR, read_page

MARKERS = ("<!-- section-index -->", "<!-- glossary -->", "<!-- community-notes -->")


def built_article(site, src: str):
    dest = src.removesuffix(".md")
    dest = "" if dest == "index" else dest.removesuffix("index").rstrip("/") + "/" if dest.endswith("index") else dest + "/"
    html = (Path(site["dir"]) / dest / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article")


def test_every_page_has_the_structure_the_build_gives_it(site):
    renderer = rendered_pages.renderer()
    compared = 0
    for path in sorted(DOCS_DIR.rglob("*.md")):
        src = path.relative_to(DOCS_DIR).as_posix()
        if src.startswith("community/notes/") or src == "tags.md" or any(m in path.read_text(encoding="utf-8") for m in MARKERS):
            continue  # notes are not pages; generated sections come from the hooks and the tags plugin
        article = built_article(site, src)
        if article.select_one("#community-notes"):
            continue  # the hook appends the page's community notes
        mine = renderer.render(path).soup
        for selector in (".mermaid", "table", "h2", "h3", "div.admonition", "details", "figcaption"):
            assert len(mine.select(selector)) == len(article.select(selector)), (src, selector)
        built_h2 = [h.get_text(" ", strip=True).replace(" ¶", "") for h in article.select("h2")]
        assert [h.get_text(" ", strip=True).replace(" ¶", "") for h in mine.select("h2")] == built_h2, src
        compared += 1
    assert compared >= 40


def test_every_diagram_of_the_guide_is_traced_to_its_file_and_line():
    renderer = rendered_pages.renderer()
    for path in sorted(DOCS_DIR.rglob("*.md")):
        page = renderer.render(path)
        for diagram in page.diagrams:
            assert diagram.page_line > 1, (path, diagram)
            fence = page.lines[diagram.page_line - 1].strip()
            assert fence.startswith("```mermaid"), (path, diagram.page_line, fence)
            if diagram.path != path:
                assert diagram.path.suffix == ".mmd" and diagram.path.read_text(encoding="utf-8").strip() == diagram.text.strip()
            else:
                first = diagram.text.strip("\n").splitlines()[0].strip()
                assert page.lines[diagram.first_line - 1].strip() == first, (path, diagram.first_line)
