"""The glossary: one source, includes/glossary.yml, for the glossary page and the hover definitions.

    python scripts/glossary.py           # check the glossary; exit 1 on problems
    python scripts/glossary.py --write   # also regenerate includes/abbreviations.md from it

Each entry has a ``term``, a one- or two-sentence ``definition``, ``see`` (the page, relative to
docs/, that treats the term, optionally with an anchor) and ``hover`` (true: the term shows its
definition wherever it appears on any page, through Python-Markdown's abbr extension; false: an
ordinary word that would be tagged everywhere, shown on the glossary page only).
``includes/abbreviations.md`` is generated from the entries with ``hover: true``; the glossary
page (``<!-- glossary -->`` in docs/glossary.md, filled in by hooks/site_hooks.py) lists them all.
"""

from __future__ import annotations

import argparse
import dataclasses
import html
import re
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DOCS_DIR, ROOT, Problem, display_path, run_check  # noqa: E402

GLOSSARY_FILE = ROOT / "includes" / "glossary.yml"
ABBREVIATIONS_FILE = ROOT / "includes" / "abbreviations.md"
FIELDS = {"term", "definition", "see", "hover"}


@dataclasses.dataclass(frozen=True)
class Entry:
    term: str
    definition: str
    see: str
    hover: bool
    line: int

    @property
    def anchor(self) -> str:
        return re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the line of each mapping, for path:line messages."""


def _construct_mapping(loader, node, deep=False):
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load(path: Path = GLOSSARY_FILE) -> tuple[list[Entry], list[Problem]]:
    where = display_path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except FileNotFoundError:
        return [], [Problem(where, 1, "the glossary file is missing")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [Problem(where, (mark.line + 1) if mark else 1, f"not valid YAML: {getattr(exc, 'problem', exc)}")]
    if not isinstance(raw, list):
        return [], [Problem(where, 1, "the glossary must be a list of entries (- term: ...)")]
    entries, problems = [], []
    for item in raw:
        if not isinstance(item, dict):
            problems.append(Problem(where, 1, "each entry must be a mapping with term, definition, see and hover"))
            continue
        line = item.pop("__line__", 1)
        unknown = sorted(set(item) - FIELDS)
        if unknown:
            problems.append(Problem(where, line, f"unknown field(s) {', '.join(unknown)}: an entry has {', '.join(sorted(FIELDS))}"))
        term, definition, see = item.get("term"), item.get("definition"), item.get("see")
        if not isinstance(term, str) or not term.strip():
            problems.append(Problem(where, line, "an entry needs a 'term'"))
            continue
        if not isinstance(definition, str) or not definition.strip():
            problems.append(Problem(where, line, f"'{term}' needs a 'definition' (one or two sentences)"))
            continue
        if not isinstance(see, str) or not see.strip():
            problems.append(Problem(where, line, f"'{term}' needs 'see': the page that treats it, like building-blocks/labels.md"))
            continue
        hover = item.get("hover", False)
        if not isinstance(hover, bool):
            problems.append(Problem(where, line, f"'{term}': 'hover' must be true or false"))
            hover = False
        entries.append(Entry(term.strip(), " ".join(definition.split()), see.strip(), hover, line))
    return entries, problems


def check(entries: list[Entry], path: Path = GLOSSARY_FILE, docs_dir: Path = DOCS_DIR) -> list[Problem]:
    """Sorted, unique, every 'see' a page that exists (anchors are checked on the built site)."""
    where = display_path(path)
    problems = []
    seen: dict[str, int] = {}
    for before, after in zip(entries, entries[1:]):
        if after.term.lower() < before.term.lower():
            problems.append(Problem(where, after.line, f"'{after.term}' is out of order: entries are sorted by term, and it belongs before '{before.term}'"))
    for entry in entries:
        key = entry.term.lower()
        if key in seen:
            problems.append(Problem(where, entry.line, f"'{entry.term}' is defined twice (first at line {seen[key]})"))
        seen.setdefault(key, entry.line)
        page = entry.see.split("#", 1)[0]
        if not page.endswith(".md") or not (docs_dir / page).is_file():
            problems.append(Problem(where, entry.line, f"'{entry.term}': 'see: {entry.see}' is not a page of the guide (a path relative to docs/, like building-blocks/labels.md)"))
        if len(re.findall(r"[.!?](\s|$)", entry.definition)) > 3:
            problems.append(Problem(where, entry.line, f"'{entry.term}': keep the definition to one or two sentences"))
    return problems


def abbreviations_text(entries: list[Entry]) -> str:
    # One definition per block (a blank line between them): Python-Markdown's abbr processor
    # takes one line of a block at a time and hands the rest back, so every other block
    # processor tests the remaining lines again; with 200+ definitions in one block that was a
    # third of the site build (appended to every page).
    lines = [f"*[{e.term}]: {e.definition}" for e in entries if e.hover]
    return "\n\n".join(lines) + "\n"


def page_markdown(entries: list[Entry], from_page: str = "glossary.md") -> str:
    """The definition list on the glossary page: the term, its definition and where it is treated."""
    import posixpath

    blocks = []
    base = posixpath.dirname(from_page)
    for entry in entries:
        page, _, anchor = entry.see.partition("#")
        link = posixpath.relpath(page, base or ".") + (f"#{anchor}" if anchor else "")
        blocks.append(
            f'<span id="{entry.anchor}"></span>{html.escape(entry.term)}\n'
            f":   {html.escape(entry.definition, quote=False)} [See the page]({link}).\n"
        )
    return "\n".join(blocks)


def problems(write: bool = False) -> tuple[list[Problem], int]:
    entries, found = load()
    found += check(entries)
    expected = abbreviations_text(entries)
    if write and not found:
        ABBREVIATIONS_FILE.write_text(expected, encoding="utf-8")
    elif ABBREVIATIONS_FILE.read_text(encoding="utf-8") != expected:
        found.append(Problem(display_path(ABBREVIATIONS_FILE), 1, "out of date with includes/glossary.yml: run 'python scripts/glossary.py --write'"))
    return found, len(entries)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check the glossary; --write regenerates the hover definitions.")
    parser.add_argument("--write", action="store_true", help="regenerate includes/abbreviations.md")
    args = parser.parse_args(argv)
    return run_check(
        "glossary", lambda: problems(args.write),
        passed=lambda n: f"{n} term(s), sorted, unique, each linked to its page",
        failed=lambda count, n: f"{count} problem(s) in {n} term(s)",
    )


if __name__ == "__main__":
    sys.exit(main())
