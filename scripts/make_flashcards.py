"""Build the guide's flashcard deck: an Anki package and a CSV, from the built site.

    python scripts/make_flashcards.py              # build the site into site/, then write the deck
    python scripts/make_flashcards.py --site DIR   # use a site already built in DIR

Writes ``ml-system-design-flashcards.apkg`` (one deck, a subdeck per part of the guide) and
``ml-system-design-flashcards.csv`` into the site folder, next to the pages that link to them.
Every ``??? question`` block of every page is one note; its GUID comes from the page's path and
the question's text, so importing a newer deck updates the cards a reader already has.
Exit status: 0 written, 1 no flashcards found, 2 unusable input (the site does not build).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import flashcards  # noqa: E402
from common import CONFIG_FILE, ROOT, UsageError, display_path, load_config  # noqa: E402


def build_site(site_dir: Path, config_file: Path = CONFIG_FILE):
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    config = load_config(config_file, site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    except MkDocsException as exc:
        raise UsageError(f"the site does not build: {exc}") from None
    finally:
        config.plugins.on_shutdown()
    return config


def make(site_dir: Path, site_url: str) -> tuple[list[flashcards.Card], list[Path]]:
    if not (site_dir / "index.html").is_file():
        raise UsageError(f"{site_dir}: not a built site (no index.html); run 'make build' or leave out --site")
    cards = flashcards.collect(site_dir)
    written = [flashcards.write_deck(cards, site_dir, site_url), flashcards.write_csv(cards, site_dir, site_url)]
    return cards, written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write the flashcard deck (.apkg) and CSV into the built site.")
    parser.add_argument("--site", type=Path, help="a built site (default: build one into site/)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        if args.site:
            site_dir = args.site
            site_url = flashcards.site_url_of(site_dir)
        else:
            site_dir = ROOT / "site"
            site_url = build_site(site_dir).site_url or ""
        cards, written = make(site_dir, site_url)
    except UsageError as exc:
        print(f"make_flashcards: {exc}", file=sys.stderr)
        return 2
    if not cards:
        print(f"make_flashcards: no '??? question' blocks found in {display_path(site_dir)}", file=sys.stderr)
        return 1
    parts = sorted({c.part for c in cards})
    names = ", ".join(display_path(p) for p in written)
    print(f"make_flashcards: {len(cards)} cards from {len({c.url for c in cards})} pages in "
          f"{len(parts)} subdecks -> {names} ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
