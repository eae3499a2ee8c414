"""Cut the printed book into one PDF per chapter and one per part, without printing again.

    python scripts/pdf_chapters.py site/ml-system-design-guide.pdf site/pdf

Every page of the site that is in the book is a chapter; the parts are the top-level sections
of the navigation (Framework, Case studies, ...). A part whose first page is its introduction
(framework/index.md) takes that page's name, so framework/ links to pdf/framework.pdf, the
whole part; the other chapters are named after their page (pdf/case-studies-news-feed.pdf),
the names print-site gives their sections and overrides/partials/chapter-pdf.html links to.

Each cut keeps the book's bookmarks for its pages, and gets its own running header, "Page N of
M" and, on its first page, a cover line: the guide's title, edition and the chapter's published
address. Links to pages outside the cut go to the published site instead.

export_pdf.py calls write_chapters() with the chapter map it reads from the print page; from the
command line the map comes from the book's top-level bookmarks and named destinations.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import dataclasses
import io
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdf_headers  # noqa: E402


@dataclasses.dataclass(frozen=True)
class Cut:
    """One PDF to cut: pages first..last (0-based, inclusive) and the chapters they hold."""

    slug: str
    title: str
    first: int
    last: int | None  # None: to the end of the book
    part: bool
    chapters: tuple  # ((title, first_page), ...) of the chapters inside, book page numbers
    path: str = ""  # the page's address relative to the site's root ("case-studies/news-feed/")


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def plan(sections: list[dict], paths: dict[str, str] | None = None) -> list[Cut]:
    """The chapter and part PDFs for the book's sections (in book order, with first_page).

    ``sections``: dicts with id, title, part (a print-site divider), number ("4.2"),
    first_page; ``paths``: section id -> the page's address relative to the site's root.
    """
    paths = paths or {}
    cuts: list[Cut] = []

    def end_before(index: int) -> int | None:
        """The last page before the next section that starts on a later page."""
        for later in sections[index + 1:]:
            if later["first_page"] > sections[index]["first_page"]:
                return later["first_page"] - 1
        return None

    top_parts = [i for i, s in enumerate(sections) if s["part"] and "." not in s["number"]]
    for n, i in enumerate(top_parts):
        stop = top_parts[n + 1] if n + 1 < len(top_parts) else len(sections)
        members = [sections[j] for j in range(i + 1, stop) if not sections[j]["part"]]
        if not members:
            continue
        lead = members[0]["id"]
        is_intro = all(m["id"].startswith(lead + "-") for m in members[1:])
        slug = lead if is_intro else slugify(sections[i]["title"])
        last = sections[stop]["first_page"] - 1 if stop < len(sections) else None
        cuts.append(Cut(
            slug, sections[i]["title"], sections[i]["first_page"], last, True,
            tuple((m["title"], m["first_page"]) for m in members), paths.get(lead, "") if is_intro else "",
        ))
    part_slugs = {c.slug for c in cuts}
    for index, s in enumerate(sections):
        if s["part"] or s["id"] in part_slugs:
            continue  # a part's introduction is downloaded as the whole part
        cuts.append(Cut(
            s["id"], s["title"], s["first_page"], end_before(index), False,
            ((s["title"], s["first_page"]),), paths.get(s["id"], ""),
        ))
    return cuts


# --- writing ------------------------------------------------------------------------------

_book = None  # (reader, named destination pages) in each worker process


def _open(raw: bytes):
    global _book
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(raw))
    targets = {}
    for name, dest in reader.named_destinations.items():
        try:
            targets[name.lstrip("/")] = (reader.get_destination_page_number(dest), dest.get("/Left"), dest.get("/Top"))
        except Exception:
            continue
    _book = (reader, targets)


def _write_one(cut: Cut, out_dir: str, guide_title: str, edition: str, published: str, paths: dict) -> tuple[str, int]:
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    reader, targets = _book
    last = cut.last if cut.last is not None else len(reader.pages) - 1
    writer = PdfWriter()
    writer.append(reader, pages=(cut.first, last + 1), import_outline=True)  # pages and bookmarks
    count = len(writer.pages)
    font = pdf_headers.add_font_to_writer(writer)
    titles = pdf_headers.chapter_of_each_page(
        [pdf_headers.Chapter(t, p - cut.first) for t, p in cut.chapters], count
    )
    for number, page in enumerate(writer.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        cover_line = ""
        if number == 0:  # the cover line: where the chapter comes from and where it is online
            cover_line = f"From {guide_title} \u00b7 {edition}"
            left, right = published + cut.path, ""
        else:
            left, right = titles[number] or cut.title, f"{guide_title} \u00b7 {re.sub(r' [(]commit [^)]*[)]', '', edition)}"
        content = pdf_headers.page_marks(width, height, left, right, f"Page {number + 1} of {count}", cover_line)
        pdf_headers.add_marks_to_writer_page(writer, page, content, font)
        _copy_links(writer, page, reader.pages[cut.first + number], cut.first, last, targets, published, paths)
    # the chapter and the guide, the guide's name once (the home chapter is titled after it)
    same = guide_title.lower() in cut.title.lower()
    writer.add_metadata({"/Title": cut.title if same else f"{cut.title} \u2013 {guide_title}"})
    path = Path(out_dir) / f"{cut.slug}.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    return cut.slug, count


def _copy_links(writer, page, original, first: int, last: int, targets: dict, published: str, paths: dict) -> None:
    """The original page's links on the cut page (pypdf's append leaves out links to named
    destinations): a jump inside the cut stays a jump, a jump to a heading outside it becomes
    a link to that heading on the published site, links to the web stay as they are."""
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, TextStringObject

    links = ArrayObject()
    for annotation in original.get("/Annots") or []:
        annotation = annotation.get_object()
        if annotation.get("/Subtype") != "/Link":
            continue
        link = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject(FloatObject(float(v)) for v in annotation["/Rect"]),
            NameObject("/Border"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(0)]),
        })
        dest, action = annotation.get("/Dest"), annotation.get("/A")
        if dest is not None:
            name = str(dest).lstrip("/")
            target = targets.get(name)
            if target is not None and first <= target[0] <= last:
                link[NameObject("/Dest")] = ArrayObject([
                    writer.pages[target[0] - first].indirect_reference, NameObject("/XYZ"),
                    FloatObject(float(target[1] or 0)), FloatObject(float(target[2] or 0)), NumberObject(0),
                ])
            else:
                # print-site names a heading "<page id>-<heading id>": the longest page id that fits
                page_id = max((p for p in paths if name == p or name.startswith(p + "-")), key=len, default="")
                anchor = name[len(page_id) + 1:] if page_id and name != page_id else ""
                url = published + paths.get(page_id, "") + (f"#{anchor}" if anchor else "")
                link[NameObject("/A")] = DictionaryObject({
                    NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(url),
                })
        elif action is not None and action.get_object().get("/S") == "/URI":
            link[NameObject("/A")] = DictionaryObject({
                NameObject("/S"): NameObject("/URI"),
                NameObject("/URI"): TextStringObject(str(action.get_object()["/URI"])),
            })
        else:
            continue
        links.append(writer._add_object(link))
    page[NameObject("/Annots")] = links


def write_chapters(raw: bytes, cuts: list[Cut], out_dir: Path, guide_title: str, edition: str,
                   published: str, paths: dict[str, str] | None = None, workers: int | None = None) -> dict:
    """Write every cut to out_dir/<slug>.pdf, in parallel on the machine's cores."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = paths or {}
    workers = workers or min(len(cuts), os.cpu_count() or 1) or 1
    # the largest first, so that one big part does not run alone at the end
    ordered = sorted(cuts, key=lambda c: -((c.last if c.last is not None else 10**6) - c.first))
    pages = 0
    if workers == 1:
        _open(raw)
        results = [_write_one(c, str(out_dir), guide_title, edition, published, paths) for c in ordered]
    else:
        with concurrent.futures.ProcessPoolExecutor(workers, initializer=_open, initargs=(raw,)) as pool:
            results = list(pool.map(_write_one, ordered, *zip(*[(str(out_dir), guide_title, edition, published, paths)] * len(ordered))))
    pages = sum(n for _, n in results)
    return {"files": len(results), "pages": pages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Cut a printed guide into chapter and part PDFs by its outline.")
    parser.add_argument("book", type=Path)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--site-url", default="", help="the published address, for links out of a chapter")
    args = parser.parse_args(argv)
    from pypdf import PdfReader

    raw = args.book.read_bytes()
    reader = PdfReader(io.BytesIO(raw))
    sections = [
        {"id": slugify(c.title), "title": c.title, "part": False, "number": "", "first_page": c.first_page}
        for c in pdf_headers.chapters_from_outline(reader) if c.first_page > 0
    ]
    title = (reader.metadata or {}).get("/Title", "")
    result = write_chapters(raw, plan(sections), args.out_dir, title, "", args.site_url)
    print(f"pdf_chapters: wrote {result['files']} PDFs ({result['pages']} pages) to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
