"""Look at a printed PDF as a reader would, and say what is wrong with it.

    python scripts/inspect_pdf.py site/ml-system-design-guide.pdf [site/pdf/*.pdf]

Checks (each is a function the tests call on the real PDF and on PDFs made to fail):

- empty_pages: a page with no ink between the running header and the footer (pages rendered at
  low resolution with poppler's pdftoppm);
- figures_across_pages: a figure whose drawing (located by its labels) and caption are not all
  on one page, from the tagged structure Chromium writes;
- contents_problems: a contents line without a page number, or whose number is not the page the
  heading is printed on (from the text, independently of the links that numbered it);
- headings_at_page_foot: a heading that is the last line of a page's body;
- local_addresses: 127.0.0.1, localhost and the like anywhere: text, links, metadata, bookmarks;
- title_problems: the document title missing or the guide's name twice in it.

Exit status: 0 nothing found, 1 problems found, 2 unusable input.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

MM = 72 / 25.4  # points per millimetre
TOP_MARGIN_MM, BOTTOM_MARGIN_MM = 20, 18  # export_pdf.py's page margins: header and footer live there
LOCAL = re.compile(r"(127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0)(:\d+)?", re.I)
PAGE_FOOTER = re.compile(r"^\s*Page \d+ of \d+\s*$")


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        raise RuntimeError(f"poppler's {tool} is needed (Debian: apt-get install poppler-utils)")
    return path


# --- ink --------------------------------------------------------------------------------


def _read_pgm(data: bytes) -> tuple[int, int, bytes]:
    """Width, height and pixels of a binary greyscale PGM (P5) image, as pdftoppm writes it."""
    fields, at = [], 0
    while len(fields) < 4:
        while data[at:at + 1].isspace():
            at += 1
        if data[at:at + 1] == b"#":
            at = data.index(b"\n", at)
            continue
        end = at
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[at:end])
        at = end
    if fields[0] != b"P5":
        raise ValueError("not a binary PGM image")
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[at + 1: at + 1 + width * height]


def page_images(pdf: Path, dpi: int = 20, first: int | None = None, last: int | None = None) -> list[tuple[int, int, bytes]]:
    """Every page (or pages first..last, 1-based) rendered in grey at ``dpi``."""
    tool = _need("pdftoppm")
    with tempfile.TemporaryDirectory() as tmp:
        command = [tool, "-gray", "-r", str(dpi)]
        if first:
            command += ["-f", str(first)]
        if last:
            command += ["-l", str(last)]
        subprocess.run(command + [str(pdf), f"{tmp}/p"], check=True, capture_output=True)
        return [_read_pgm(p.read_bytes()) for p in sorted(Path(tmp).glob("p-*.pgm"))]


def body_ink(image: tuple[int, int, bytes], dpi: int = 20, threshold: int = 200) -> int:
    """Dark pixels between the header (top margin) and the footer (bottom margin)."""
    width, height, pixels = image
    top = int(TOP_MARGIN_MM / 25.4 * dpi) + 1
    bottom = height - int(BOTTOM_MARGIN_MM / 25.4 * dpi) - 1
    body = pixels[top * width: bottom * width]
    return sum(1 for value in body if value < threshold)


def empty_pages(pdf: Path, dpi: int = 20) -> list[int]:
    """Pages (1-based) with no ink between header and footer: blank but for the running heads."""
    return [n for n, image in enumerate(page_images(pdf, dpi), start=1) if body_ink(image, dpi) < 3]


# --- figures ----------------------------------------------------------------------------


def figure_pages(pdf: Path) -> list[tuple[list[int], list[int]]]:
    """For each figure in order: the pages its drawing is on and the pages its caption is on.

    Chromium's tagged PDF has one /Figure structure element per <figure>; the text inside it
    (a diagram's labels, also inside a shadow root, and the caption, a /Caption element) is
    marked content that says which page it was drawn on. Lines and boxes are not tagged, so a
    drawing is located by its labels: every Mermaid diagram has some.
    """
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is None:
        raise ValueError(f"{pdf}: not a tagged PDF, so figures cannot be found")
    page_of = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages, start=1)}

    def pages_under(node, skip_captions: bool) -> set[int]:
        found, stack = set(), [node]
        while stack:
            item = stack.pop()
            item = item.get_object() if hasattr(item, "get_object") else item
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if skip_captions and item.get("/S") == "/Caption":
                    continue
                page = item.raw_get("/Pg") if "/Pg" in item else None
                if page is not None:
                    found.add(page_of.get(getattr(page, "idnum", None), -1))
                kids = item.raw_get("/K") if "/K" in item else None
                if kids is not None:
                    stack.append(kids)
        return found

    figures, stack = [], [root.get_object().get("/K")]
    while stack:
        item = stack.pop()
        item = item.get_object() if hasattr(item, "get_object") else item
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            if item.get("/S") == "/Figure":  # the outermost one: a <figure>, or a lone image
                everything = pages_under(item, skip_captions=False)
                drawing = pages_under(item, skip_captions=True)
                figures.append((sorted(drawing), sorted(everything - drawing | _caption_pages(item, pages_under))))
                continue
            kids = item.get("/K")
            if kids is not None:
                stack.append(kids)
    return figures


def _caption_pages(figure, pages_under) -> set[int]:
    found = set()
    kids = figure.get("/K")
    kids = kids.get_object() if hasattr(kids, "get_object") else kids
    for kid in kids if isinstance(kids, list) else [kids]:
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and kid.get("/S") == "/Caption":
            found |= pages_under(kid, skip_captions=False)
    return found


def figure_count(pdf: Path, figures: list | None = None) -> int:
    return len(figures if figures is not None else figure_pages(pdf))


def figures_across_pages(pdf: Path, figures: list | None = None) -> list[tuple[int, list[int]]]:
    """(figure number, its pages) for every figure whose drawing and caption are not on one page.

    ``figures``: figure_pages(pdf), if already known."""
    across = []
    for n, (drawing, caption) in enumerate(figures if figures is not None else figure_pages(pdf), start=1):
        pages = sorted(set(drawing) | set(caption))
        if len(pages) > 1:
            across.append((n, pages))
    return across


def figures_without_labels(pdf: Path, figures: list | None = None) -> list[int]:
    """Figures whose drawing has no tagged text, so that figures_across_pages cannot place it."""
    figures = figures if figures is not None else figure_pages(pdf)
    return [n for n, (drawing, _) in enumerate(figures, start=1) if not drawing]


# --- text -------------------------------------------------------------------------------


def page_texts(pdf: Path, layout: bool = True) -> list[str]:
    tool = _need("pdftotext")
    text = subprocess.run([tool] + (["-layout"] if layout else []) + [str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


CONTENTS_LINE = re.compile(r"^\s*(?P<number>\d+(?:\.\d+)*)\s+(?P<title>.+?)\s*[.\u2026 ]*\s(?P<page>\d+)\s*$")


def contents_entries(pages: list[str], contents_pages: range) -> list[tuple[str, str, int | None]]:
    """(number, title, printed page or None) for each numbered line of the contents."""
    entries = []
    for n in contents_pages:
        lines = pages[n].splitlines()
        for i, line in enumerate(lines):
            if PAGE_FOOTER.match(line) or not line.strip() or i == 0:
                continue
            match = CONTENTS_LINE.match(line)
            if match:
                entries.append((match["number"], match["title"], int(match["page"])))
            elif re.match(r"^\s*\d+(\.\d+)*\s+\S", line):
                entries.append((line.split()[0], " ".join(line.split()[1:]), None))
    return entries


def contents_range(pages: list[str]) -> range | None:
    """The pages (0-based) of the contents: from its title to the last page that lists entries."""
    titled = [n for n, text in enumerate(pages[:12]) if re.search(r"^\s*Contents\s*$", text, re.M)]
    if not titled:
        return None
    end = titled[0] + 1
    while end < len(pages) and len(contents_entries(pages, range(end, end + 1))) >= 5 \
            and not re.search(r"^\s*1\s+\S", "\n".join(pages[end].splitlines()[1:6]), re.M):
        end += 1
    return range(titled[0], end)


def contents_problems(pdf: Path, pages: list[str] | None = None) -> list[str]:
    """Contents lines without a page number, or whose heading is not on the page they name."""
    pages = pages if pages is not None else page_texts(pdf)
    found = contents_range(pages)
    if found is None:
        return ["no contents page found"]
    start, end = found.start, found.stop
    entries = contents_entries(pages, found)
    if len(entries) < 5:
        return [f"the contents on page {start + 1} list {len(entries)} numbered entries"]
    problems = []
    for number, title, page in entries:
        if page is None:
            problems.append(f"contents: '{number} {title}' has no page number")
            continue
        if not 1 <= page <= len(pages):
            problems.append(f"contents: '{number} {title}' points at page {page} of {len(pages)}")
            continue
        # every entry is a chapter or a part, which starts at the top of a page: its numbered
        # heading is among the first lines of the page's body (the contents may use the
        # page's shorter navigation title, so the number is what identifies it)
        if not _starts_page(pages[page - 1], number):
            where = [n + 1 for n, text in enumerate(pages) if n not in range(start, end) and _starts_page(text, number)]
            problems.append(f"contents: '{number} {title}' says page {page}, printed on {where or 'no page'}")
    return problems


def _starts_page(text: str, number: str, lines: int = 5) -> bool:
    body = [line for line in text.splitlines()[1:] if line.strip()][:lines]
    return any(re.match(r"^\s*" + re.escape(number) + r"\s+\S", line) for line in body)


def headings_at_page_foot(pdf: Path, headings: list[str], pages: list[str] | None = None) -> list[tuple[int, str]]:
    """(page, heading) where a heading (one of ``headings``) is the last line of a page's body."""
    pages = pages if pages is not None else page_texts(pdf)
    known = {re.sub(r"\s+", " ", h).strip() for h in headings}
    found = []
    for n, text in enumerate(pages, start=1):
        lines = [line for line in text.splitlines() if line.strip() and not PAGE_FOOTER.match(line)]
        if len(lines) < 3:
            continue
        last = lines[-1].strip()
        # numbered (print-site numbers chapters) or not (sections inside a chapter)
        match = re.match(r"^(\d+(\.\d+)*\s+)?(?P<title>.+)$", last)
        if match and re.sub(r"\s+", " ", match["title"]) in known:
            found.append((n, last))
    return found


def local_addresses(pdf: Path, pages: list[str] | None = None, text: bool = True) -> list[str]:
    """Every local address in the PDF: page text (unless ``text`` is false), link targets,
    metadata and bookmarks."""
    from pypdf import PdfReader

    found = []
    pages = pages if pages is not None else page_texts(pdf, layout=False) if text else []
    for n, text in enumerate(pages, start=1):
        for match in LOCAL.finditer(text):
            found.append(f"page {n}: text {match.group(0)}")
    reader = PdfReader(str(pdf))
    for n, page in enumerate(reader.pages, start=1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if LOCAL.search(uri):
                found.append(f"page {n}: link {uri}")
    for key, value in (reader.metadata or {}).items():
        if LOCAL.search(str(value)):
            found.append(f"metadata {key}: {value}")

    def walk(items):
        for item in items:
            if isinstance(item, list):
                yield from walk(item)
            else:
                yield item.title

    for title in walk(reader.outline):
        if LOCAL.search(title):
            found.append(f"bookmark {title}")
    return found


def title_problems(pdf: Path, guide_title: str) -> list[str]:
    from pypdf import PdfReader

    title = str((PdfReader(str(pdf)).metadata or {}).get("/Title", ""))
    if guide_title.lower() not in title.lower():
        return [f"document title {title!r} does not name the guide"]
    if title.lower().count(guide_title.lower()) > 1:
        return [f"document title {title!r} names the guide twice"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Report what a reader would see wrong in printed PDFs.")
    parser.add_argument("pdfs", nargs="+", type=Path)
    parser.add_argument("--title", default="ML System Design Interview Guide", help="the guide's name")
    args = parser.parse_args(argv)
    problems = 0
    for pdf in args.pdfs:
        if not pdf.is_file():
            print(f"inspect_pdf: {pdf}: no such file", file=sys.stderr)
            return 2
        pages = page_texts(pdf)
        report = [f"page {n}: no ink between header and footer" for n in empty_pages(pdf)]
        try:
            report += [f"figure {n} is on pages {p}" for n, p in figures_across_pages(pdf)]
        except ValueError:
            # chapter PDFs are cut without the tagged structure; their pages are the book's,
            # whose figures are checked there
            print(f"{pdf}: not tagged, figures not checked (check the whole book)", file=sys.stderr)
        report += local_addresses(pdf)
        report += title_problems(pdf, args.title)
        if any(re.search(r"^\s*Contents\s*$", t, re.M) for t in pages[:12]):
            report += contents_problems(pdf, pages)
        for line in report:
            print(f"{pdf}: {line}")
        problems += len(report)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
