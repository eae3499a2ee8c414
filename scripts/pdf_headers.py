"""Write the current chapter's title into the running header of every page of a printed PDF.

Chromium's header template is the same on every page: it can show the document title and the
page number, never the chapter a page belongs to. After Chromium has printed the guide, this
module reads the PDF outline (one top-level bookmark per chapter, each with the page it starts
on) and adds the chapter title at the left of each page's header, appended to the file as an
incremental update: the pages Chromium wrote are not rewritten, so it takes well under a
second for the whole guide.

The added text is marked as a pagination artifact, so it stays out of the tagged structure
(screen readers and copy-paste see the page, not the header twice).
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject

FONT_NAME = "/GuideRunningHeader"
FONT_SIZE = 8.4  # pt: Chromium draws the header template's 7.5pt text about this large on the page
GREY = 0.4  # the template's #666
MAX_CHARS = 70  # the right half of the header holds the guide's title and edition


def pdf_string(text: str) -> bytes:
    """A PDF literal string in WinAnsi encoding (the standard Helvetica's), escaped."""
    if len(text) > MAX_CHARS:
        text = text[: MAX_CHARS - 1].rstrip() + "\u2026"
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


def chapter_of_each_page(reader: PdfReader) -> list[str | None]:
    """For each page, the title of the last top-level bookmark that starts on or before it."""
    starts = sorted(
        (reader.get_destination_page_number(item), item.title)
        for item in reader.outline
        if not isinstance(item, list)
    )
    chapters: list[str | None] = [None] * len(reader.pages)
    current, index = None, 0
    for number in range(len(reader.pages)):
        while index < len(starts) and starts[index][0] <= number:
            current = starts[index][1].strip()
            index += 1
        chapters[number] = current
    return chapters


def _serialise(obj) -> bytes:
    buffer = io.BytesIO()
    obj.write_to_stream(buffer)
    return buffer.getvalue()


def add_chapter_headers(path: Path, skip_pages: int = 1, x: float = 45.35, y_from_top: float = 22.2) -> int:
    """Stamp each page from ``skip_pages`` on with its chapter title; return how many pages.

    ``x`` is the left margin (16 mm) and ``y_from_top`` the baseline of Chromium's own header
    text, both in points, so the title sits on the same line as the header template's text.
    """
    data = path.read_bytes()
    reader = PdfReader(io.BytesIO(data))
    trailer = reader.trailer
    if trailer.get("/Type") == "/XRef" or "/XRefStm" in trailer:
        raise ValueError(f"{path}: cross-reference streams are not supported")
    chapters = chapter_of_each_page(reader)

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

    stamped = 0
    for number, page in enumerate(reader.pages):
        title = chapters[number]
        if number < skip_pages or not title:
            continue
        height = float(page.mediabox.height)
        content = (
            b"/Artifact << /Type /Pagination /Subtype /Header >> BDC\nq BT "
            + FONT_NAME.encode() + b" %.1f Tf %.2f %.2f %.2f rg %.2f %.2f Td " % (FONT_SIZE, GREY, GREY, GREY, x, height - y_from_top)
            + pdf_string(title)
            + b" Tj ET Q\nEMC"
        )
        text = next_number
        next_number += 1
        write(text, stream(content))

        # the page's own content, wrapped in q ... Q so that any graphics state it leaves behind
        # cannot move or recolour the header, then the header
        old = dict.get(page, "/Contents")
        old_list = old.get_object() if old is not None else ArrayObject()
        contents = ArrayObject([IndirectObject(save, 0, reader)])
        if isinstance(old_list, ArrayObject):
            contents.extend(old_list)
        else:
            contents.append(old)
        contents += [IndirectObject(restore, 0, reader), IndirectObject(text, 0, reader)]

        resources_raw = dict.get(page, "/Resources")
        resources = DictionaryObject(dict.items(resources_raw.get_object())) if resources_raw is not None else DictionaryObject()
        fonts_raw = dict.get(resources, "/Font")
        fonts = DictionaryObject(dict.items(fonts_raw.get_object())) if fonts_raw is not None else DictionaryObject()
        fonts[NameObject(FONT_NAME)] = IndirectObject(font, 0, reader)
        resources[NameObject("/Font")] = fonts

        new_page = DictionaryObject(dict.items(page))
        new_page[NameObject("/Contents")] = contents
        new_page[NameObject("/Resources")] = resources
        write(page.indirect_reference.idnum, _serialise(new_page))
        stamped += 1

    # cross-reference table for the new and replaced objects, in runs of consecutive numbers
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
        NameObject("/Size"): NumberObject(next_number),
        NameObject("/Prev"): NumberObject(_last_startxref(data)),
    })
    for key in ("/Root", "/Info", "/ID"):
        if key in trailer:
            new_trailer[NameObject(key)] = dict.get(trailer, key)
    update.write(b"trailer\n" + _serialise(new_trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % xref_offset)

    path.write_bytes(data + b"\n" + update.getvalue())
    return stamped


def _last_startxref(data: bytes) -> int:
    """The offset of the file's (last) cross-reference section, from its ``startxref`` line."""
    at = data.rfind(b"startxref")
    if at == -1:
        raise ValueError("not a PDF: no startxref")
    return int(data[at + len(b"startxref"):].split()[0])

