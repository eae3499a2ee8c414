"""The guide as one PDF: made from the real pages, with diagrams as graphics, an outline and page numbers."""

from __future__ import annotations

import re
import shutil
import subprocess

import export_pdf
import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pdf(site, browser, tmp_path_factory):
    output = tmp_path_factory.mktemp("pdf") / "guide.pdf"
    export_pdf.export(site["dir"], output, site["config"]["site_name"], "Edition test", browser=browser)
    return output


@pytest.fixture(scope="module")
def text_pages(pdf):
    assert shutil.which("pdftotext"), "poppler's pdftotext is needed (make test installs it)"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


def nav_titles(site) -> list[str]:
    """The title of every page in the print page, which holds the whole guide."""
    from bs4 import BeautifulSoup

    titles = []
    soup = BeautifulSoup((site["dir"] / "print_page" / "index.html").read_text(), "html.parser")
    for section in soup.select("section.print-page"):
        heading = section.find("h1")
        if heading:
            titles.append(re.sub(r"^[\d.]+\s*", "", heading.get_text("")).replace("¶", "").strip())
    return titles


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


def test_every_page_title_is_in_the_pdf(site, text_pages):
    text = squash(" ".join(text_pages))
    titles = nav_titles(site)
    assert len(titles) >= 10
    missing = [t for t in titles if squash(t) not in text]
    assert not missing, f"page titles missing from the PDF: {missing}"


def test_no_raw_diagram_or_snippet_source(text_pages):
    text = " ".join(text_pages)
    for raw in ("--8<--", "flowchart LR", "flowchart TD", "sequenceDiagram", "```mermaid", "/// caption"):
        assert raw not in text, f"raw source {raw!r} leaked into the PDF"


def test_diagrams_are_vector_graphics(pdf, site):
    # a diagram printed as an SVG becomes vector paths; text-only pages would have none
    reader = PdfReader(str(pdf))
    drawn = 0
    for page in reader.pages[:40]:
        content = page.get_contents()
        data = content.get_data() if content is not None else b""
        drawn += data.count(b" re\n") + data.count(b" c\n")
    assert drawn > 100


def test_outline_has_a_bookmark_for_every_chapter(pdf, site):
    reader = PdfReader(str(pdf))

    def flatten(items):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item)
            else:
                yield item.title

    # Chromium joins a long heading's wrapped lines without a space, so compare without spaces
    bookmarks = {re.sub(r"\s+", "", re.sub(r"^[\d.]+\s*", "", b)).lower() for b in flatten(reader.outline)}
    missing = [t for t in nav_titles(site) if re.sub(r"\s+", "", t).lower() not in bookmarks]
    assert not missing, f"chapters without a bookmark: {missing}"


def test_one_page_number_per_page(text_pages):
    pages = [p for p in text_pages if p.strip()]
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        found = re.findall(r"Page (\d+) of (\d+)", page)
        assert found == [(str(number), str(total))], f"page {number}: page numbers {found}"


def test_cover_table_of_contents_and_running_header(text_pages):
    cover = squash(text_pages[0])
    assert "ml system design interview guide" in cover
    assert "edition" in cover and "read online" in cover
    assert "contents" in squash(text_pages[1])
    header_pages = sum("Edition test" in p for p in text_pages if p.strip())
    assert header_pages == len([p for p in text_pages if p.strip()])


def test_internal_links_jump_inside_the_pdf(pdf):
    reader = PdfReader(str(pdf))
    internal = 0
    for page in reader.pages[:5]:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if annotation.get("/Dest") is not None or (action is not None and action.get("/S") == "/GoTo"):
                internal += 1
    assert internal >= 10, "the table of contents should link to pages inside the PDF"


def test_formulas_are_typeset_not_tex_source(pdf, text_pages):
    # KaTeX draws formulas with its own fonts; if typesetting failed, the TeX source would be
    # printed instead, with its delimiters and commands.
    assert shutil.which("pdffonts"), "poppler's pdffonts is needed (make test installs it)"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "KaTeX_Main" in fonts and "KaTeX_Math" in fonts, "no KaTeX fonts embedded: formulas were not typeset"
    text = " ".join(text_pages)
    for raw in ("\\(", "\\[", "\\frac", "\\times", "\\sum", "$$"):
        assert raw not in text, f"TeX source {raw!r} printed instead of a formula"


def test_overview_tables_list_tags_as_text_and_leave_out_screen_only_help(text_pages):
    page = next(p for p in text_pages if "All trade-offs" in p)
    assert "Pick a tag" not in " ".join(text_pages), "the tag filter's instructions are printed"
    # the trade-offs overview starts on the same page as its heading, not after a blank page
    assert "Lambda vs Kappa" in page


def test_community_notes_are_printed_with_their_page(text_pages):
    import community_notes
    from common import read_page

    text = squash(" ".join(text_pages))
    notes = sorted(community_notes.NOTES_DIR.glob("*.md"))
    assert notes, "the guide ships example notes"
    for path in notes:
        meta = read_page(path).meta
        assert squash(meta["title"]) in text, f"note {path.name} is not in the PDF"
        assert f"@{meta['author']}" in text


def test_figures_are_numbered_through_the_whole_guide(site, text_pages):
    figures = (site["dir"] / "print_page" / "index.html").read_text(encoding="utf-8").count("<figcaption")
    numbers = [int(n) for n in re.findall(r"Figure (\d+):", " ".join(text_pages))]
    assert numbers == list(range(1, figures + 1)), "figure captions should run 1, 2, 3, ... once each"


@pytest.fixture(scope="module")
def layout_pages(pdf):
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def header_left(page_text: str) -> str:
    """The left part of a page's running header: the first line, up to a run of spaces."""
    first = page_text.splitlines()[0] if page_text.strip() else ""
    if not first.strip() or first.startswith("   "):
        return ""  # nothing at the left: the line holds only the right-aligned part
    return re.split(r"\s{3,}", first.strip())[0]


def test_running_header_names_the_chapter_of_each_page(site, layout_pages):
    import pdf_headers

    assert header_left(layout_pages[0]) == "", "the cover has no chapter in its header"
    assert all(header_left(text) for text in layout_pages[1:]), "a page after the cover has no chapter in its header"
    # Find where each chapter starts by its numbered heading in the body text (print-site
    # numbers them "4.4.1 Title"), independently of the outline the stamping uses.
    checked = 0
    for title in nav_titles(site):
        shown = title if len(title) <= pdf_headers.MAX_CHARS else title[: pdf_headers.MAX_CHARS - 1].rstrip() + "\u2026"
        heading = re.compile(r"^\s*\d+(\.\d+)*\s+" + re.escape(title) + r"\s*$", re.M)
        starts = [
            n for n, text in enumerate(layout_pages)
            if header_left(text) != "Contents"  # the table of contents lists every title too
            # chapters start on a new page, so the heading is at the top (tags may come first)
            and heading.search("\n".join([l for l in text.splitlines()[1:] if l.strip()][:4]))
        ]
        if not starts:
            continue  # a long title wraps onto two lines in the body; the outline test covers it
        assert header_left(layout_pages[starts[0]]) == shown, f"page {starts[0] + 1} starts '{title}'"
        checked += 1
    assert checked >= 30, f"only {checked} chapter starts found in the PDF text"


def test_pdf_is_well_formed_after_the_header_update(pdf):
    reader = PdfReader(str(pdf), strict=True)
    assert len(reader.pages) > 100
    for page in reader.pages[:: max(1, len(reader.pages) // 20)]:
        page.extract_text()  # every content stream, the added one included, must parse
    assert reader.outline


def test_pdf_strings_are_escaped_and_long_titles_shortened():
    import pdf_headers

    assert pdf_headers.pdf_string("a (b) \\ c") == b"(a \\(b\\) \\\\ c)"
    assert pdf_headers.pdf_string("caf\u00e9 \u2013 x") == b"(caf\xe9 \x96 x)"  # WinAnsi bytes
    long = pdf_headers.pdf_string("x" * 200)
    assert len(long) == pdf_headers.MAX_CHARS + 2 and long.endswith(b"\x85)")  # ends with an ellipsis
