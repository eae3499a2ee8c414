"""MkDocs hook: the data the practice tools read, written into the site on every build.

- ``assets/flashcards.json``: every flashcard of the built site (scripts/flashcards.py), for the
  quiz page, so the quiz works without ``make flashcards``;
- ``assets/interview-clock.json``: the case studies' prompts and the framework's minute plans
  (scripts/interview_clock.py), for the interview clock;
- ``<!-- flashcard-count -->`` on a page becomes the number of flashcards in the guide.

Both files are read from the built HTML once every page is written, so they hold exactly what
readers see. The print page (the PDF's source) repeats every card and is left out.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import flashcards  # noqa: E402
import interview_clock  # noqa: E402

COUNT_MARKER = "<!-- flashcard-count -->"
_counts: dict[str, int] = {}


def on_pre_build(config):
    _counts.clear()


def on_page_content(html, page, config, files):
    """Count each page's cards; every page's content exists before any page is written."""
    if not page.url.startswith("print_page"):
        _counts[page.file.src_uri] = flashcards.count_in_content(html)
    return html


def on_post_page(output, page, config):
    if COUNT_MARKER in output:
        output = output.replace(COUNT_MARKER, f"{sum(_counts.values()):,}")
    return output


def on_post_build(config):
    site_dir = Path(config["site_dir"])
    # print-site writes the print page in its own on_post_build (plugins run before hooks), not
    # through on_post_page: its copy of the marker is replaced here
    print_page = site_dir / "print_page" / "index.html"
    if print_page.is_file():
        html = print_page.read_text(encoding="utf-8")
        if COUNT_MARKER in html:
            print_page.write_text(html.replace(COUNT_MARKER, f"{sum(_counts.values()):,}"), encoding="utf-8")
    flashcards.write_json(flashcards.collect(site_dir), site_dir)
    interview_clock.write_json(site_dir)
