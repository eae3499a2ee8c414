"""Running heads, page numbers and the contents' page numbers, written onto a printed PDF.

Chromium's header and footer templates are the same on every page: they cannot leave out the
cover, show the chapter a page belongs to, or say on which page a heading landed. So export_pdf.py
prints without them, and this module writes them onto the PDF afterwards:

- the running header: the current chapter's title at the left, the guide's title and edition at
  the right; "Page N of M" in the footer; nothing on the cover;
- the contents' page numbers: each contents entry is a link to its heading, so the page that
  link jumps to is the entry's page number, written right-aligned at the end of the entry's
  dotted leader (print.css keeps the space free);
- the bookmarks' titles, where Chromium joined a wrapped heading's lines without a space.

For the whole book the marks are appended to the file as an incremental update: the pages
Chromium wrote are not rewritten, so it takes about a second for the whole guide. Chapter PDFs
(pdf_chapters.py) get the same marks through ``page_marks`` and ``add_marks_to_writer_page``.
All added text is marked as a pagination artifact, so it stays out of the tagged structure.
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject, TextStringObject

FONT_NAME = "/GuideRunningHeader"
FONT_SIZE = 8.0  # pt
CONTENTS_FONT_SIZE = 9.5  # pt: the contents' entries (print.css), used for an entry over two lines
CONTENTS_LINE_HEIGHT = 1.35  # the entries' line height in print.css
GREY = 0.4
MARGIN_X = 45.35  # 16 mm: the left and right page margins (export_pdf.py, print.css)
HEADER_BASELINE = 30.0  # pt from the top edge, inside the 20 mm top margin
FOOTER_BASELINE = 26.0  # pt from the bottom edge, inside the 18 mm bottom margin
GAP = 12.0  # pt between the left and right parts of the header
MAX_CHARS = 70  # a chapter title longer than this is shortened with an ellipsis

try:  # the standard Helvetica widths (Adobe's AFM), shipped with pypdf
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    _WIDTHS = CORE_FONT_METRICS["Helvetica"].character_widths
except Exception:  # pragma: no cover - a pypdf without them: an average width
    _WIDTHS = {}


@dataclasses.dataclass(frozen=True)
class Chapter:
    """A chapter (one page of the site) or a part's title, and the PDF page it starts on."""

    title: str
    first_page: int  # 0-based


def text_width(text: str, size: float) -> float:
    return sum(_WIDTHS.get(ch, _WIDTHS.get("default", 556)) for ch in text) * size / 1000


def shorten(text: str, size: float = FONT_SIZE, width: float | None = None) -> str:
    """The text cut with an ellipsis to a width in pt if given, else to MAX_CHARS characters."""
    if width is None and len(text) > MAX_CHARS:
        text = text[: MAX_CHARS - 1].rstrip() + "\u2026"
    while width is not None and len(text) > 1 and text_width(text, size) > width:
        text = text[:-2].rstrip() + "\u2026"
    return text


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi encoding (the standard Helvetica's), escaped."""
    raw = text.encode("cp1252", errors="replace")
    out = bytearray(b"(")
    for byte in raw:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif byte < 32 or byte == 127:
            out += b"\\%03o" % byte
        else:
            out.append(byte)
    return bytes(out + b")")


def _text(x: float, y: float, text: str, size: float, subtype: bytes) -> bytes:
    return (
        b"/Artifact << /Type /Pagination /Subtype /" + subtype + b" >> BDC\nq BT "
        + FONT_NAME.encode() + b" %.1f Tf %.2f %.2f %.2f rg %.2f %.2f Td " % (size, GREY, GREY, GREY, x, y)
        + pdf_string(text) + b" Tj ET Q\nEMC\n"
    )


def page_marks(width: float, height: float, left: str, right: str, footer: str, second_line: str = "") -> bytes:
    """Content-stream operators for one page's header (left and right, and an optional second
    line at the left, for a chapter PDF's cover line) and footer (right)."""
    out = b""
    right = shorten(right, FONT_SIZE, width / 2 - MARGIN_X)
    right_width = text_width(right, FONT_SIZE)
    if right:
        out += _text(width - MARGIN_X - right_width, height - HEADER_BASELINE, right, FONT_SIZE, b"Header")
    if left:
        room = width - 2 * MARGIN_X - right_width - GAP
        out += _text(MARGIN_X, height - HEADER_BASELINE, shorten(left, FONT_SIZE, room), FONT_SIZE, b"Header")
    if second_line:
        line = shorten(second_line, FONT_SIZE, width - 2 * MARGIN_X) if len(second_line) <= 200 else second_line[:200]
        out += _text(MARGIN_X, height - HEADER_BASELINE + 1.4 * FONT_SIZE, line, FONT_SIZE, b"Header")
    if footer:
        out += _text(width - MARGIN_X - text_width(footer, FONT_SIZE), FOOTER_BASELINE, footer, FONT_SIZE, b"Footer")
    return out


def number_mark(width: float, rect, number: int) -> bytes:
    """A contents entry's page number, right-aligned on the baseline of the entry's last line.

    print.css sets the entries' line height to CONTENTS_LINE_HEIGHT, so a one-line entry's link
    box is that many times its font size tall, and its baseline sits at a known height in it.
    """
    label = str(number)
    box = float(rect[3]) - float(rect[1])
    size = box / CONTENTS_LINE_HEIGHT if box < 2 * CONTENTS_LINE_HEIGHT * 8 else CONTENTS_FONT_SIZE
    baseline = float(rect[1]) + ((CONTENTS_LINE_HEIGHT - 1) / 2 + 0.21) * size
    x = width - MARGIN_X - text_width(label, size)
    out = b"/Artifact BMC\nq BT " + FONT_NAME.encode() + b" %.2f Tf 0.15 0.15 0.15 rg %.2f %.2f Td " % (size, x, baseline)
    return out + pdf_string(label) + b" Tj ET Q\nEMC\n"


def chapter_of_each_page(chapters: list[Chapter], page_count: int) -> list[str | None]:
    """For each page, the title of the last chapter that starts on or before it."""
    starts = sorted((c.first_page, i, c.title) for i, c in enumerate(chapters))
    result: list[str | None] = [None] * page_count
    current, index = None, 0
    for number in range(page_count):
        while index < len(starts) and starts[index][0] <= number:
            current = starts[index][2]
            index += 1
        result[number] = current
    return result


def chapters_from_outline(reader: PdfReader) -> list[Chapter]:
    """Top-level bookmarks as chapters (for a PDF printed without a chapter list)."""
    return [
        Chapter(item.title.strip(), reader.get_destination_page_number(item))
        for item in reader.outline
        if not isinstance(item, list)
    ]


def link_target_page(reader: PdfReader, annotation, named: dict[str, int]) -> int | None:
    """The page (0-based) an internal link annotation jumps to, or None."""
    dest = annotation.get("/Dest")
    action = annotation.get("/A")
    if dest is None and action is not None:
        action = action.get_object()
        if action.get("/S") == "/GoTo":
            dest = action.get("/D")
    if dest is None:
        return None
    dest = dest.get_object() if hasattr(dest, "get_object") else dest
    if isinstance(dest, (str, bytes)):
        return named.get(str(dest).lstrip("/"))
    if isinstance(dest, ArrayObject) and dest:
        try:
            return reader.get_page_number(dest[0].get_object())
        except Exception:
            return None
    return None


def named_destination_pages(reader: PdfReader) -> dict[str, int]:
    pages = {}
    for name, dest in reader.named_destinations.items():
        try:
            pages[name.lstrip("/")] = reader.get_destination_page_number(dest)
        except Exception:
            continue
    return pages


def contents_entries(reader: PdfReader, pages: range, named: dict[str, int]) -> dict[int, list[tuple[list, int]]]:
    """For each contents page: (link rectangle, target page) of each entry, one per entry."""
    entries: dict[int, list[tuple[list, int]]] = {}
    for number in pages:
        found = []
        for annotation in reader.pages[number].get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            target = link_target_page(reader, annotation, named)
            if target is None:
                continue
            rect = [float(v) for v in annotation["/Rect"]]
            # an entry that wraps may have one box per line: keep the lowest (its last line)
            if found and found[-1][1] == target and abs(found[-1][0][1] - rect[3]) < 4:
                found[-1] = (rect, target)
            elif not any(abs(r[1] - rect[1]) < 1 and t == target for r, t in found):
                found.append((rect, target))
        entries[number] = found
    return entries


def _serialise(obj) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def stamp_book(
    path: Path,
    chapters: list[Chapter] | None = None,
    right: str = "",
    headings: list[str] = (),
    skip_pages: int = 1,
    contents: range | None = None,
) -> dict:
    """Write running heads, page numbers and contents numbers onto the printed book at ``path``.

    ``chapters``: where each chapter starts (default: the top-level bookmarks); ``right``: the
    header's right part; ``headings``: the true text of the headings, to repair bookmarks whose
    wrapped lines Chromium joined without a space; ``skip_pages``: pages without marks (the
    cover); ``contents``: the pages of the contents (default: from ``skip_pages`` to the first
    chapter). Returns counts of what was written.
    """
    data = path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    trailer = reader.trailer
    if trailer.get("/Type") == "/XRef" or "/XRefStm" in trailer:
        raise ValueError(f"{path}: cross-reference streams are not supported")
    if chapters is None:
        chapters = chapters_from_outline(reader)
    if not chapters:
        raise ValueError(f"{path}: no chapters (an empty outline?)")
    total = len(reader.pages)
    titles = chapter_of_each_page(chapters, total)
    if contents is None:
        first_chapter = min(c.first_page for c in chapters if c.first_page >= skip_pages)
        contents = range(skip_pages, first_chapter)
    named = named_destination_pages(reader)
    entries = contents_entries(reader, contents, named)

    update = io.BytesIO()
    offsets: dict[int, int] = {}
    next_number = int(trailer["/Size"])

    def write(number: int, body: bytes) -> None:
        offsets[number] = len(data) + 1 + update.tell()  # +1: the newline written before the update
        update.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")

    def stream(content: bytes) -> bytes:
        return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"

    font = next_number
    save, restore = next_number + 1, next_number + 2
    next_number += 3
    write(font, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    write(save, stream(b"q"))
    write(restore, stream(b"Q"))

    stamped = numbers = 0
    for number, page in enumerate(reader.pages):
        if number < skip_pages:
            continue
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        content = page_marks(width, height, titles[number] or "", right, f"Page {number + 1} of {total}")
        for rect, target in entries.get(number, []):
            content += number_mark(width, rect, target + 1)
            numbers += 1
        text = next_number
        next_number += 1
        write(text, stream(content))

        # the page's own content, wrapped in q ... Q so that any graphics state it leaves behind
        # cannot move or recolour the marks, then the marks
        old = dict.get(page, "/Contents")
        old_list = old.get_object() if old is not None else ArrayObject()
        new_contents = ArrayObject([IndirectObject(save, 0, reader)])
        if isinstance(old_list, ArrayObject):
            new_contents.extend(old_list)
        else:
            new_contents.append(old)
        new_contents += [IndirectObject(restore, 0, reader), IndirectObject(text, 0, reader)]

        resources_raw = dict.get(page, "/Resources")
        resources = DictionaryObject(dict.items(resources_raw.get_object())) if resources_raw is not None else DictionaryObject()
        fonts_raw = dict.get(resources, "/Font")
        fonts = DictionaryObject(dict.items(fonts_raw.get_object())) if fonts_raw is not None else DictionaryObject()
        fonts[NameObject(FONT_NAME)] = IndirectObject(font, 0, reader)
        resources[NameObject("/Font")] = fonts

        new_page = DictionaryObject(dict.items(page))
        new_page[NameObject("/Contents")] = new_contents
        new_page[NameObject("/Resources")] = resources
        write(page.indirect_reference.idnum, _serialise(new_page))
        stamped += 1

    # bookmarks: the heading's own text where Chromium lost the space at a line break
    true_titles = {_squash(h): h for h in headings}
    repaired = 0
    for ref in _outline_item_refs(reader):
        item = ref.get_object()
        title = str(item.get("/Title", ""))
        true = true_titles.get(_squash(title))
        if true and true != title.strip():
            fixed = DictionaryObject(dict.items(item))
            fixed[NameObject("/Title")] = TextStringObject(true)
            write(ref.idnum, _serialise(fixed))
            repaired += 1

    _finish_update(data, update, offsets, next_number, trailer)
    path.write_bytes(data + b"\n" + update.getvalue())
    return {"pages": stamped, "contents_numbers": numbers, "bookmarks_repaired": repaired}


def _outline_item_refs(reader: PdfReader):
    """Every bookmark's indirect reference, depth first."""
    root = reader.trailer["/Root"].get_object()
    outlines = root.get("/Outlines")
    if outlines is None:
        return
    stack = [outlines.get_object().get("/First")]
    seen = set()
    while stack:
        ref = stack.pop()
        while ref is not None and ref.idnum not in seen:
            seen.add(ref.idnum)
            item = ref.get_object()
            yield ref
            if item.get("/First") is not None:
                stack.append(item.get("/First"))
            ref = item.get("/Next")


def _finish_update(data: bytes, update: io.BytesIO, offsets: dict[int, int], size: int, trailer) -> None:
    """The cross-reference section and trailer of an incremental update."""
    xref_offset = len(data) + 1 + update.tell()
    # (object 0, the head of the free list, is listed as usual writers do; some readers expect it)
    update.write(b"xref\n0 1\n0000000000 65535 f \n")
    numbers = sorted(offsets)
    run_start = 0
    for i in range(1, len(numbers) + 1):
        if i == len(numbers) or numbers[i] != numbers[i - 1] + 1:
            run = numbers[run_start:i]
            update.write(b"%d %d\n" % (run[0], len(run)))
            for n in run:
                update.write(b"%010d 00000 n \n" % offsets[n])
            run_start = i
    new_trailer = DictionaryObject({
        NameObject("/Size"): NumberObject(size),
        NameObject("/Prev"): NumberObject(_last_startxref(data)),
    })
    for key in ("/Root", "/Info", "/ID"):
        if key in trailer:
            new_trailer[NameObject(key)] = dict.get(trailer, key)
    update.write(b"trailer\n" + _serialise(new_trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % xref_offset)


def _last_startxref(data: bytes) -> int:
    """The offset of the file's (last) cross-reference section, from its ``startxref`` line."""
    at = data.rfind(b"startxref")
    if at == -1:
        raise ValueError("not a PDF: no startxref")
    return int(data[at + len(b"startxref"):].split()[0])


def add_marks_to_writer_page(writer, page, content: bytes, font_ref) -> None:
    """Append marks to a page of a pypdf PdfWriter (chapter PDFs), the page's own content first."""
    from pypdf.generic import DecodedStreamObject

    def add(content_bytes: bytes):
        obj = DecodedStreamObject()
        obj.set_data(content_bytes)
        return writer._add_object(obj)

    old = page.get("/Contents")
    old = old.get_object() if old is not None else ArrayObject()
    contents = ArrayObject([add(b"q")])
    if isinstance(old, ArrayObject):
        contents.extend(old)
    else:
        contents.append(page.raw_get("/Contents"))
    contents += [add(b"Q"), add(content)]
    page[NameObject("/Contents")] = contents
    resources = page.get("/Resources")
    resources = DictionaryObject(dict.items(resources.get_object())) if resources is not None else DictionaryObject()
    fonts = resources.get("/Font")
    fonts = DictionaryObject(dict.items(fonts.get_object())) if fonts is not None else DictionaryObject()
    fonts[NameObject(FONT_NAME)] = font_ref
    resources[NameObject("/Font")] = fonts
    page[NameObject("/Resources")] = resources


def add_font_to_writer(writer):
    return writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    }))
