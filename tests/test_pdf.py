"""The guide as a printed book, looked at as a reader would: one PDF build per test session.

The checks themselves live in scripts/inspect_pdf.py; each is run on the real book and on a
small PDF made to have exactly that defect, so that a check that cannot fail is noticed.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import export_pdf
import inspect_pdf
import local_site
import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

A4_WIDTH_PT = 595.92  # Chromium's A4 page, in PDF points
A4 = {"format": "A4", "margin": {"top": "20mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}}


@pytest.fixture(scope="session")
def published_url():
    """The address the guide is published at, from mkdocs.yml (the tests' site is built for a
    local server, so every local address in the PDF must have been replaced by this one)."""
    url = export_pdf.configured_published_address(export_pdf.load_config(export_pdf.CONFIG_FILE))
    assert not export_pdf.is_local_address(url)
    return url


@pytest.fixture(scope="session")
def book(site, browser, tmp_path_factory, published_url):
    """The whole guide and its chapter PDFs, printed once."""
    assert shutil.which("pdftotext") and shutil.which("pdftoppm"), "poppler-utils is needed (make test installs it)"
    out = tmp_path_factory.mktemp("pdf")
    pdf = out / "guide.pdf"
    info = export_pdf.export(
        site["dir"], pdf, site["config"]["site_name"], published_url=published_url,
        chapters_dir=out / "pdf", browser=browser,
    )
    return {"pdf": pdf, "chapters": out / "pdf", "info": info}


@pytest.fixture(scope="session")
def pdf(book):
    return book["pdf"]


@pytest.fixture(scope="session")
def layout_pages(pdf):
    return inspect_pdf.page_texts(pdf, layout=True)


@pytest.fixture(scope="session")
def text_pages(pdf):
    return inspect_pdf.page_texts(pdf, layout=False)


@pytest.fixture(scope="session")
def print_html(site):
    from bs4 import BeautifulSoup

    return BeautifulSoup((site["dir"] / "print_page" / "index.html").read_text(encoding="utf-8"), "html.parser")


def heading_text(tag) -> str:
    for link in tag.select(".headerlink"):
        link.decompose()
    return re.sub(r"\s+", " ", tag.get_text("")).strip()


def nav_titles(print_html) -> list[str]:
    """The title of every chapter (page of the site) in the book."""
    return [
        heading_text(s.find("h1"))
        for s in print_html.select("section.print-page[id]:not(.md-section)")
        if s.find("h1")
    ]


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().lower()


@pytest.fixture(scope="session")
def make_pdf(browser, tmp_path_factory):
    """Print a small HTML document with the book's page size and margins (for the checks)."""
    out = tmp_path_factory.mktemp("made")
    counter = iter(range(1000))

    def make(body: str, title: str = "Made") -> Path:
        page = browser.new_page()
        try:
            page.set_content(f"<html><head><title>{title}</title></head><body style='margin:0;font:11pt sans-serif'>{body}</body></html>")
            path = out / f"made-{next(counter)}.pdf"
            page.pdf(path=str(path), tagged=True, outline=True, **A4)
        finally:
            page.close()
        return path

    return make


# --- layout: every page has something on it, no figure is cut ---------------------------


def test_no_page_is_empty(pdf):
    assert inspect_pdf.empty_pages(pdf) == [], "pages with nothing between the running header and the footer"


def test_the_empty_page_check_finds_an_empty_page(make_pdf):
    made = make_pdf("<p>one</p><div style='break-before:page'></div><div style='break-before:page'>three</div>")
    assert inspect_pdf.empty_pages(made) == [2]


def test_the_hidden_chapter_check_finds_a_chapter_hidden_in_print(browser):
    """A print rule that hides chapters (the one-page sheet's once hid all but itself): when
    the printed book lacks chapters, the export names the chapters the rule hides."""
    page = browser.new_page()
    try:
        page.set_content(
            "<style>@media print { body:has(.sheet) section:not(:has(.sheet)) { display: none } }</style>"
            "<div id='print-site-page'><section class='print-page' id='chapter-a'><h1>A</h1></section>"
            "<section class='print-page' id='sheet'><div class='sheet'><h1>Sheet</h1></div></section></div>"
        )
        assert page.evaluate(export_pdf.HIDDEN_IN_PRINT) == []
        page.emulate_media(media="print")
        assert page.evaluate(export_pdf.HIDDEN_IN_PRINT) == ["chapter-a"]
    finally:
        page.close()


def test_the_export_names_the_chapters_a_print_rule_hides(browser, tmp_path):
    """The whole path: Chromium prints a book without the hidden chapter, and the export stops
    with a message naming it instead of the bare "no link in the contents leads to ..."."""
    (tmp_path / "print_page").mkdir()
    (tmp_path / "print_page" / "index.html").write_text(
        "<html><head><title>t</title><style>@media print { body:has(.sheet) section:not(:has(.sheet)) { display: none } }</style>"
        "<script>window.guidePrint = { prepare: () => 0 };</script></head><body><div id='print-site-page'>"
        "<a href='#chapter-a'>A</a> <a href='#sheet'>Sheet</a>"
        "<section class='print-page' id='chapter-a'><h1>A</h1><p>text</p></section>"
        "<section class='print-page' id='sheet'><div class='sheet'><h1>Sheet</h1></div></section></div></body></html>",
        encoding="utf-8",
    )
    with local_site.serve(tmp_path) as base_url, pytest.raises(RuntimeError, match=r"hidden in print, e.g. \['chapter-a'\]"):
        export_pdf.print_book(browser, base_url, tmp_path / "book.pdf", "https://example.org/", "T", 30)


def test_the_shared_id_check_finds_a_heading_named_like_a_chapter(browser):
    """print-site ids a heading by its chapter and its own id: the heading "Flashcards" on
    practice/ and the chapter practice/flashcards/ were both "practice-flashcards", and the
    contents entry for the chapter led to the heading."""
    page = browser.new_page()
    try:
        page.set_content(
            "<div id='print-site-page'><section class='print-page' id='practice'><h1 id='practice'>Practice</h1>"
            "<h2 id='practice-flashcards'>Flashcards</h2></section>"
            "<section class='print-page' id='practice-flashcards'><h1 id='practice-flashcards'>Flashcards</h1></section></div>"
        )
        assert page.evaluate(export_pdf.SHARED_IDS) == [
            {"id": "practice-flashcards", "tag": "h2", "text": "Flashcards", "chapter": "practice"}
        ]
    finally:
        page.close()


def test_no_figure_is_cut_across_pages(pdf, print_html):
    figures = len(print_html.select("#print-site-page figure"))
    assert figures > 100
    found = inspect_pdf.figure_pages(pdf)
    assert inspect_pdf.figures_across_pages(pdf, found) == [], "figures (drawing and caption) printed over two pages"
    # the check saw every figure (one tagged /Figure per <figure>) and every drawing's labels
    assert inspect_pdf.figure_count(pdf, found) == figures
    assert inspect_pdf.figures_without_labels(pdf, found) == []


def test_the_figure_check_finds_a_cut_figure(make_pdf):
    # like a Mermaid diagram: boxes with text labels, drawn inside a closed shadow root
    tall = ("<svg width='500' height='1400' viewBox='0 0 500 1400'><text x='20' y='40'>top box</text>"
            "<rect x='10' y='10' width='480' height='1380' fill='none' stroke='black'/><text x='20' y='1300'>bottom box</text></svg>")
    small = "<svg width='200' height='100'><text x='10' y='50'>one box</text></svg>"
    made = make_pdf(
        "<p>text</p><figure><div id='tall'></div><figcaption>Figure 1: too tall</figcaption></figure>"
        "<figure style='break-before:page'><div id='small'></div><figcaption>Figure 2: fits</figcaption></figure>"
        f"<script>document.getElementById('tall').attachShadow({{mode: 'closed'}}).innerHTML = `{tall}`;"
        f"document.getElementById('small').attachShadow({{mode: 'closed'}}).innerHTML = `{small}`;</script>"
    )
    assert inspect_pdf.figure_count(made) == 2 and inspect_pdf.figures_without_labels(made) == []
    assert [n for n, _ in inspect_pdf.figures_across_pages(made)] == [1]


def test_diagrams_are_drawn_and_captions_numbered_once(text_pages, print_html):
    # no diagram was left as source, and the captions run 1, 2, 3, ... through the book
    text = " ".join(text_pages)
    for raw in ("--8<--", "flowchart LR", "flowchart TD", "sequenceDiagram", "```mermaid", "/// caption"):
        assert raw not in text, f"raw source {raw!r} leaked into the PDF"
    numbers = [int(n) for n in re.findall(r"Figure (\d+):", text)]
    assert numbers == list(range(1, len(print_html.select("figcaption")) + 1)), "captions run 1, 2, 3, ... once each"


def test_no_heading_is_the_last_line_of_a_page(pdf, layout_pages, print_html):
    headings = [heading_text(h) for h in print_html.select("#print-site-page h1, #print-site-page h2, #print-site-page h3, #print-site-page h4")]
    assert inspect_pdf.headings_at_page_foot(pdf, headings, layout_pages) == []


def test_the_heading_check_finds_a_heading_at_the_foot():
    pages = ["Chapter        Guide\n text\n more text\n Further reading\n\n   Page 1 of 2", "Chapter\n a list\n"]
    assert inspect_pdf.headings_at_page_foot(None, ["Further reading"], pages) == [(1, "Further reading")]


# --- contents, cover, title, addresses ------------------------------------------------


def test_contents_give_the_page_each_chapter_starts_on(pdf, layout_pages, print_html):
    assert inspect_pdf.contents_problems(pdf, layout_pages) == []
    entries = inspect_pdf.contents_entries(layout_pages, inspect_pdf.contents_range(layout_pages))
    chapters = print_html.select("section.print-page[id]")
    assert len(entries) >= len(chapters), "every chapter and part is in the contents"
    assert all(page is not None for _, _, page in entries)


def test_the_contents_check_finds_missing_and_wrong_numbers(layout_pages):
    contents = next(n for n, t in enumerate(layout_pages[:6]) if re.search(r"^\s*Contents\s*$", t, re.M))
    entries = inspect_pdf.contents_entries(layout_pages, range(contents, contents + 1))
    number, title, page = entries[3]
    line = next(l for l in layout_pages[contents].splitlines() if re.match(rf"^\s*{re.escape(number)}\s", l))
    wrong = list(layout_pages)
    wrong[contents] = wrong[contents].replace(line, re.sub(r"\d+\s*$", str(page + 1), line))
    assert any(f"'{number} " in p and f"page {page + 1}" in p for p in inspect_pdf.contents_problems(None, wrong))
    missing = list(layout_pages)
    missing[contents] = missing[contents].replace(line, re.sub(r"\s\d+\s*$", "", line))
    assert any("no page number" in p for p in inspect_pdf.contents_problems(None, missing))


def test_contents_entries_are_links_into_the_pdf(pdf):
    reader = PdfReader(str(pdf))
    internal = 0
    for page in reader.pages[1:3]:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Dest") is not None:
                internal += 1
    assert internal >= 40, "each contents entry should jump to its page inside the PDF"


def test_cover_has_title_edition_and_published_address_and_no_running_heads(layout_pages, published_url, site):
    cover = squash(layout_pages[0])
    assert squash(site["config"]["site_name"]) in cover
    assert re.search(r"edition \d{4}-\d\d-\d\d( \(commit [0-9a-f]+\))?", cover)
    assert published_url.lower() in cover
    assert "page 1 of" not in cover, "the cover has no page number"
    assert "·" not in layout_pages[0], "the cover has no running header"
    assert re.search(r"Page 2 of \d+", layout_pages[1]), "numbering starts after the cover"


def test_one_page_number_per_page(layout_pages):
    total = len(layout_pages)
    for number, page in enumerate(layout_pages[1:], start=2):
        found = re.findall(r"Page (\d+) of (\d+)", page)
        assert found == [(str(number), str(total))], f"page {number}: page numbers {found}"


def test_no_local_address_anywhere(book, text_pages):
    assert inspect_pdf.local_addresses(book["pdf"], text_pages) == []
    # the chapters' pages are the book's; what is new in them is their links and cover line
    for chapter in sorted(book["chapters"].glob("*.pdf")):
        assert inspect_pdf.local_addresses(chapter, text=False) == [], chapter.name
    first_pages = inspect_pdf.page_texts(book["chapters"] / "case-studies.pdf", layout=False)[:2]
    assert inspect_pdf.local_addresses(book["chapters"] / "case-studies.pdf", first_pages) == []


def test_the_address_check_finds_a_local_address(make_pdf):
    made = make_pdf("<p>Read online <a href='http://127.0.0.1:8000/x/'>here</a>, or at http://localhost:8000/</p>")
    found = inspect_pdf.local_addresses(made)
    assert any("link" in f for f in found) and any("text" in f for f in found)


def test_links_to_the_site_go_to_the_published_address(pdf, published_url):
    reader = PdfReader(str(pdf))
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action.get_object():
                uris.append(str(action.get_object()["/URI"]))
    assert published_url in uris, "the cover links to the published site"
    assert not [u for u in uris if inspect_pdf.LOCAL.search(u)]


def test_title_is_the_guide_once(pdf, site):
    title = site["config"]["site_name"]
    assert PdfReader(str(pdf)).metadata["/Title"] == title
    assert inspect_pdf.title_problems(pdf, title) == []


def test_chapter_pdfs_name_the_guide_once(book, site):
    for chapter in sorted(book["chapters"].glob("*.pdf")):
        assert inspect_pdf.title_problems(chapter, site["config"]["site_name"]) == [], chapter.name


def test_the_title_check_finds_a_doubled_title(make_pdf):
    made = make_pdf("<p>x</p>", title="Guide - Guide")
    assert inspect_pdf.title_problems(made, "Guide") and inspect_pdf.title_problems(made, "Other")


# --- what is printed and what is not --------------------------------------------------


def self_test_pairs(print_html) -> list[tuple[str, str]]:
    pairs = []
    for details in print_html.select("details.question, details.follow-up"):
        summary = details.find("summary")
        answer = " ".join(p.get_text(" ") for p in details.find_all(["p", "li"], recursive=True))
        if "arithmatex" in str(details):
            continue  # TeX in the HTML, typeset in the PDF: the texts cannot be compared
        if summary and answer.strip():
            pairs.append((summary.get_text(" "), answer))
    return pairs


def answers_under_questions(text: str, pairs: list[tuple[str, str]]) -> list[str]:
    """Questions whose answer is printed right under them, or not under an "Answers" heading."""
    flat = inspect_pdf.squash(text)
    problems = []
    for question, answer in pairs:
        q, a = inspect_pdf.squash(question), inspect_pdf.squash(answer)[:60]
        at = flat.find(q)
        if at == -1:
            problems.append(f"question not printed: {question[:60]}")
            continue
        after = flat[at + len(q): at + len(q) + 120]
        if a[:30] in after:
            problems.append(f"answer printed under its question: {question[:60]}")
            continue
        answers_at = flat.find("answers", at)
        if answers_at == -1 or flat.find(a, answers_at) == -1:
            problems.append(f"answer not in an Answers list after its question: {question[:60]}")
    return problems


def test_answers_print_at_the_end_of_the_chapter_not_under_the_question(text_pages, print_html):
    pairs = self_test_pairs(print_html)
    assert len(pairs) > 200
    assert answers_under_questions(" ".join(text_pages), pairs) == []
    # and the check would notice the screen's order, where the answer follows its question
    question, answer = pairs[0]
    assert answers_under_questions(f"{question} {answer} Answers {answer}", pairs[:1])


def test_each_chapter_with_questions_ends_with_numbered_answers(layout_pages, print_html):
    chapters = [s for s in print_html.select("section.print-page[id]:not(.md-section)")
                if s.select("details.question, details.follow-up")]
    answer_pages = [n for n, t in enumerate(layout_pages) if re.search(r"^\s*Answers\s*$", t, re.M)]
    assert len(answer_pages) == len(chapters)
    first = layout_pages[answer_pages[0]]
    assert re.search(r"^\s*1\.\s+\S", first.split("Answers", 1)[1], re.M), "answers are numbered"
    assert "(answer 1 at the end of the chapter)" in " ".join(layout_pages).replace("\n", " ").replace("  ", " ") or \
        re.search(r"\(answer 1 at the end of\s+the chapter\)", " ".join(layout_pages))


def test_screen_only_text_and_tags_are_not_printed(text_pages, print_html):
    text = " ".join(text_pages)
    for screen_only in ("Download the whole guide as a PDF", "Hover an abbreviation", "Pick a tag",
                        "Download this chapter as PDF"):
        assert screen_only not in text, f"screen-only text printed: {screen_only!r}"
    # the tag chips at the top of a chapter are not printed above its title
    video = next(n for n, t in enumerate(text_pages) if "Design video recommendations for a home feed" in t and n > 5)
    assert "recommendation retrieval ranking" not in squash(text_pages[video])


def test_part_titles_share_a_page_with_their_first_chapter(layout_pages, print_html):
    parts = [heading_text(s.find("h1")) for s in print_html.select("section.print-page.md-section")]
    assert len(parts) >= 8
    titles = {squash(heading_text(h)) for h in print_html.select("section.print-page[id] > h1")}
    for number, page in enumerate(layout_pages[3:], start=4):
        body = [l for l in page.splitlines()[1:] if l.strip() and not inspect_pdf.PAGE_FOOTER.match(l)]
        # a divider page: nothing under the running header but a part's or chapter's title
        only_titles = all(squash(re.sub(r"^\s*\d+(\.\d+)*\s+", "", l)) in titles for l in body)
        assert body and not only_titles, f"page {number} holds only a title: {body}"


def test_formulas_are_typeset_not_tex_source(pdf, text_pages):
    assert shutil.which("pdffonts"), "poppler's pdffonts is needed (make test installs it)"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "KaTeX_Main" in fonts and "KaTeX_Math" in fonts, "no KaTeX fonts embedded: formulas were not typeset"
    text = " ".join(text_pages)
    for raw in ("\\(", "\\[", "\\frac", "\\times", "\\sum", "$$"):
        assert raw not in text, f"TeX source {raw!r} printed instead of a formula"


def test_overview_table_starts_under_its_heading(text_pages):
    page = next(p for p in text_pages if "All trade-offs" in p)
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


# --- running heads and bookmarks --------------------------------------------------------


def header_left(page_text: str) -> str:
    """The left part of a page's running header: the first line, up to a run of spaces."""
    first = page_text.splitlines()[0] if page_text.strip() else ""
    if not first.strip() or first.startswith("   "):
        return ""
    return re.split(r"\s{3,}", first.strip())[0]


def test_running_header_names_the_chapter_of_each_page(book, layout_pages, print_html):
    import pdf_headers

    assert "\u00b7" not in layout_pages[0], "the cover has no running header"
    assert all(header_left(text) for text in layout_pages[1:]), "a page after the cover has no chapter in its header"
    starts = {s["title"]: s["first_page"] for s in export_pdf.section_starts(book["pdf"], book["info"]["sections"])}
    checked = 0
    for title in nav_titles(print_html):
        page = starts[title]
        shown = header_left(layout_pages[page])
        # the whole title, spaces included, or its start when it is shortened to fit
        assert shown and (shown == title or (shown.endswith("\u2026") and title.startswith(shown[:-1].rstrip()))), \
            f"page {page + 1} starts '{title}', header says '{shown}'"
        # and it leaves room for the guide's title at the right: a title is cut by its width
        right = re.split(r"\s{3,}", layout_pages[page].splitlines()[0].strip())[-1]
        room = A4_WIDTH_PT - 2 * pdf_headers.MARGIN_X - pdf_headers.GAP - pdf_headers.text_width(right, pdf_headers.FONT_SIZE)
        assert pdf_headers.text_width(shown, pdf_headers.FONT_SIZE) <= room + 0.5, f"page {page + 1}: '{shown}' runs into '{right}'"
        checked += 1
    assert checked >= 50


def test_bookmarks_have_every_chapter_with_its_own_spacing(pdf, print_html):
    reader = PdfReader(str(pdf))

    def flatten(items):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item)
            else:
                yield item.title

    bookmarks = set(flatten(reader.outline))
    missing = [t for t in nav_titles(print_html) if t not in bookmarks]
    assert not missing, f"chapters without a bookmark (or with words run together): {missing}"


def test_pdf_is_well_formed_after_the_update(pdf):
    reader = PdfReader(str(pdf), strict=True)
    assert len(reader.pages) > 100
    for page in reader.pages[:: max(1, len(reader.pages) // 8)]:
        page.extract_text()  # every content stream, the added one included, must parse
    assert reader.outline


def test_pdf_strings_are_escaped_and_long_titles_shortened():
    import pdf_headers

    assert pdf_headers.pdf_string("a (b) \\ c") == b"(a \\(b\\) \\\\ c)"
    assert pdf_headers.pdf_string("caf\u00e9 \u2013 x") == b"(caf\xe9 \x96 x)"
    long = pdf_headers.pdf_string(pdf_headers.shorten("x" * 200))
    assert len(long) == pdf_headers.MAX_CHARS + 2 and long.endswith(b"\x85)")
    assert pdf_headers.text_width(pdf_headers.shorten("W" * 60, 8, 100), 8) <= 100


# --- chapter PDFs -----------------------------------------------------------------------


def chapter_links(site) -> dict[str, str]:
    """Built page -> the chapter PDF its "Download this chapter as PDF" link names."""
    links = {}
    for html in sorted(Path(site["dir"]).rglob("index.html")):
        match = re.search(r'class="guide-chapter-pdf[^"]*">\s*<a href="([^"]+)"', html.read_text(encoding="utf-8"))
        if match:
            links[html.parent.relative_to(site["dir"]).as_posix()] = match.group(1)
    return links


def test_every_page_links_to_its_chapter_pdf_and_it_exists(book, site):
    links = chapter_links(site)
    pages = [p for p in Path(site["dir"]).rglob("index.html") if p.parent.name not in ("print_page", "tags", "404")]
    assert len(links) >= len(pages) - 1 >= 50, "a page without a 'Download this chapter as PDF' link"
    assert "print_page" not in links and "tags" not in links
    for page, href in links.items():
        name = href.rsplit("/", 1)[1]
        assert (book["chapters"] / name).is_file(), f"{page} links to {href}, which was not written"


def test_chapter_pdfs_are_cut_from_the_book_with_their_own_numbers_and_bookmarks(book, published_url):
    book_pages = len(PdfReader(str(book["pdf"])).pages)
    cuts = {p.stem: p for p in book["chapters"].glob("*.pdf")}
    assert {"framework", "case-studies", "trade-offs", "case-studies-news-feed", "framework-evaluation"} <= set(cuts)
    chapter = PdfReader(str(cuts["case-studies-news-feed"]))
    assert 5 < len(chapter.pages) < 60
    assert "personalized news feed" in chapter.metadata["/Title"].lower()
    first = inspect_pdf.page_texts(cuts["case-studies-news-feed"])
    assert published_url + "case-studies/news-feed/" in first[0], "the cover line gives the chapter's address"
    assert re.search(rf"Page 1 of {len(chapter.pages)}", first[0]) and re.search(rf"Page 2 of {len(chapter.pages)}", first[1])
    assert chapter.outline and chapter.outline[0].title.startswith("Design a personalized news feed")
    part = PdfReader(str(cuts["case-studies"]))
    assert 100 < len(part.pages) < book_pages
    titles = [o.title for o in part.outline if not isinstance(o, list)]
    assert "Design a personalized news feed" in titles and "Design video recommendations for a home feed" in titles
    assert book["info"]["chapters"]["pages"] > book_pages, "every chapter plus every part"


def test_links_out_of_a_chapter_go_to_the_published_site(book, published_url):
    chapter = PdfReader(str(book["chapters"] / "case-studies-news-feed.pdf"))
    outside = []
    for page in chapter.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if action is not None and "/URI" in action.get_object():
                outside.append(str(action.get_object()["/URI"]))
    assert any(u.startswith(published_url + "trade-offs/") for u in outside), "links to trade-off pages"


def test_chapter_pdfs_have_no_empty_page(book):
    for name in ("case-studies-video-recommendation", "framework"):
        assert inspect_pdf.empty_pages(book["chapters"] / f"{name}.pdf") == [], name


# --- one page printed from the browser (Ctrl+P) ---------------------------------------


@pytest.fixture(scope="session")
def printed_page(browser, site, tmp_path_factory):
    """A case study with diagrams and questions, printed from the browser as a reader would:
    shadow roots stay closed, the page's own print CSS and script do the work."""
    context = browser.new_context(base_url=site["url"], viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto("case-studies/video-recommendation/")
        page.wait_for_function("document.querySelectorAll('article div.mermaid').length === document.querySelectorAll('article .mermaid').length", timeout=60000)
        page.wait_for_timeout(300)
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what Ctrl+P does first
        page.emulate_media(media="print")
        path = tmp_path_factory.mktemp("ctrl-p") / "page.pdf"
        page.pdf(path=str(path), tagged=True, prefer_css_page_size=True)
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        restored = page.evaluate("document.querySelectorAll('.guide-print-answers').length === 0 && "
                                 "Array.from(document.querySelectorAll('details.question')).every(d => d.children.length > 1)")
    finally:
        context.close()
    return {"pdf": path, "restored": restored}


def test_printing_one_page_from_the_browser_gives_the_same_clean_layout(printed_page, print_html):
    pdf = printed_page["pdf"]
    assert inspect_pdf.empty_pages(pdf) == []
    assert inspect_pdf.figures_across_pages(pdf) == []
    assert inspect_pdf.figure_count(pdf) >= 8
    pages = inspect_pdf.page_texts(pdf)
    headings = [heading_text(h) for h in print_html.select("#case-studies-video-recommendation h2, #case-studies-video-recommendation h3")]
    assert inspect_pdf.headings_at_page_foot(pdf, headings, pages) == []
    text = " ".join(pages)
    assert "Answers" in text and "Download this chapter as PDF" not in text
    assert printed_page["restored"], "after printing, the answers are back under their questions"


# --- formulas flattened for printing ----------------------------------------------------

# Formulas of every kind KaTeX builds with offsets, beside those the pages hold.
HARD_FORMULAS = [
    r"x_i^2 + y_{j,k}^{(t)}", r"\frac{a+b}{c_{d}^{2}}", r"\sqrt{\frac{1}{n}\sum_{i=1}^{n} x_i^2}", r"\sqrt[3]{x}",
    r"\sum_{i=1}^{N} \prod_{j \ne i} p_{ij}", r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", r"\binom{n}{k}",
    r"\overbrace{a+b}^{\text{two}} + \underbrace{c}_{x}", r"A \xrightarrow{\text{train}} B", r"\hat{y} = \widehat{abc}",
    r"\lim_{n \to \infty} \left( 1 + \frac{1}{n} \right)^n", r"\begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}",
    r"\overline{x} \cdot \vec{v} \cdot \tilde{z}", r"\operatorname*{arg\,max}_{\theta} \mathcal{L}(\theta)", r"\cancel{x} \boxed{y}",
]

FORMULA_GEOMETRY = """
() => Array.from(document.querySelectorAll(".katex")).map(f => {
  const box = f.getBoundingClientRect();
  const parts = Array.from(f.querySelectorAll("svg, span:not(:has(*))")).filter(p => p.tagName === "svg" || p.textContent.trim());
  return [box.width, box.height, parts.map(p => { const b = p.getBoundingClientRect(); return [b.left - box.left, b.top - box.top, b.width, b.height]; })];
})
"""

POSITIONED = "() => Array.from(document.querySelectorAll('.katex, .katex *')).filter(e => getComputedStyle(e).position !== 'static').length"


def test_formulas_flattened_for_printing_do_not_move(new_context):
    """export_pdf replaces KaTeX's relative offsets with margins before printing: every glyph
    must stay where it was in print, and most positioned boxes must be gone."""
    context = new_context()
    page = context.new_page()
    worst, formulas = 0.0, 0
    for address in ("case-studies/people-you-may-know/", "building-blocks/privacy-and-fairness/"):
        page.goto(address)
        page.wait_for_function("Array.from(document.querySelectorAll('.arithmatex')).every(f => f.querySelector('.katex'))")
        page.evaluate("""formulas => { const box = document.createElement("div"); document.querySelector("article").append(box);
            formulas.forEach((tex, i) => { const f = document.createElement(i % 2 ? "div" : "span"); box.append(f);
                                           katex.render(tex, f, { displayMode: i % 2 === 1 }); }); }""", HARD_FORMULAS)
        page.evaluate(export_pdf.MATHML_TO_LABEL)
        page.emulate_media(media="print")
        before = page.evaluate(FORMULA_GEOMETRY)
        positioned = page.evaluate(POSITIONED)
        page.emulate_media(media="screen")  # export_pdf flattens before the print styles apply
        after = page.evaluate(export_pdf.FLATTEN_FORMULAS)
        page.emulate_media(media="print")
        moved = page.evaluate(FORMULA_GEOMETRY)
        assert len(before) == len(moved) > 100
        for (w, h, parts), (w2, h2, parts2) in zip(before, moved):
            assert len(parts) == len(parts2)
            worst = max(worst, abs(w - w2), abs(h - h2), *(abs(a - b) for p, q in zip(parts, parts2) for a, b in zip(p, q)))
        formulas += len(before)
        assert after["moved"] > 50 and after["positioned"] == page.evaluate(POSITIONED) < positioned / 4, (positioned, after)
        page.emulate_media(media="screen")
    assert worst <= 0.1, f"a part of a formula moved {worst:.3f} px when flattened ({formulas} formulas)"


# --- diagrams drawn in two renderer processes -------------------------------------------

DIAGRAM_SVGS = "() => Array.from(document.querySelectorAll('.mermaid'), d => d.shadowRoot ? d.shadowRoot.innerHTML : '')"


def comparable(svg: str) -> str:
    """Mermaid numbers sequence-diagram actors across the page (ids inside one shadow root,
    never styled by number) and draws a gantt chart's "today" line at the time of drawing."""
    svg = re.sub(r'(id="(?:actor|root-))\d+"', r'\1N"', svg)
    return re.sub(r'<g class="today">.*?</g>', "", svg)


def test_diagrams_drawn_by_the_helper_page_are_the_ones_the_book_would_draw(browser, site):
    page_path = "case-studies/video-recommendation/"
    helper, helper_page = export_pdf.open_print_page(browser, site["url"], "helper", 60, page_path)
    book, book_page = export_pdf.open_print_page(browser, site["url"], "book", 60, page_path)
    alone = browser.new_context(base_url=site["url"], color_scheme="light")
    try:
        export_pdf.wait_until_drawn(helper_page, 60, "the helper page")
        book_page.evaluate("rendered => window.guideDiagrams.deliver(rendered)", helper_page.evaluate("window.guideDiagrams.rendered"))
        export_pdf.wait_until_drawn(book_page, 60, "the book")
        shares = book_page.evaluate("({ book: window.guideDiagrams.drawn, helper: window.guideDiagrams.received })")
        shared = book_page.evaluate(DIAGRAM_SVGS)
        alone.add_init_script(export_pdf.OPEN_SHADOW_ROOTS)
        page = alone.new_page()
        page.goto(page_path)
        export_pdf.wait_until_drawn(page, 60, "the page alone")
        drawn = page.evaluate(DIAGRAM_SVGS)
    finally:
        for context in (helper, book, alone):
            context.close()
    assert shares["book"] > 0 and shares["helper"] > 0 and shares["book"] + shares["helper"] == len(drawn) >= 8, shares
    assert all(s.startswith("<svg") for s in shared) and "<svg></svg>" not in shared
    differ = [i for i, (a, b) in enumerate(zip(shared, drawn)) if comparable(a) != comparable(b)]
    assert not differ, f"diagrams {differ} differ from those drawn by the page alone"


def test_the_local_server_says_nothing_when_a_page_closes_mid_file(tmp_path, capfd):
    """export_pdf closes its helper page while files may still be on their way; the server
    must not print a traceback for a reader to worry about."""
    (tmp_path / "big.bin").write_bytes(b"x" * 20_000_000)
    with local_site.serve(tmp_path) as base_url:
        port = int(base_url.rstrip("/").rsplit(":", 1)[1])
        for _ in range(3):
            with socket.create_connection(("127.0.0.1", port)) as client:
                client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                client.recv(1000)
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # reset
        time.sleep(0.5)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Error" not in err, err
