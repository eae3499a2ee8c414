"""What several of the project's scripts need, kept in one place.

- where the project is and how to load its MkDocs configuration,
- reading a page's front matter,
- reporting problems as ``path:line: message`` and running a checker's command line.

Building, serving and the browser live in local_site.py.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
from pathlib import Path
import time
from typing import Callable, Iterable, Iterator

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "mkdocs.yml"
DOCS_DIR = ROOT / "docs"
DIAGRAMS_DIR = ROOT / "diagrams"
VENDOR_DIR = DOCS_DIR / "assets" / "vendor"
MERMAID_JS = VENDOR_DIR / "mermaid" / "mermaid.min.js"

PAGE_TYPES = (
    "framework-step",
    "case-study",
    "trade-off",
    "building-block",
    "practice",
    "reference",
    "community-note",
)


class UsageError(Exception):
    """Input a script cannot work with (missing path, no browser...): exit code 2."""


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    verbatim: bool = False  # a message from a tool we could not place: printed as it is

    def __str__(self) -> str:
        return self.message if self.verbatim else f"{self.path}:{self.line}: {self.message}"


def display_path(path: Path | str) -> str:
    """A path as the user should see it: relative to the project when inside it."""
    p = Path(path).resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        try:
            return p.relative_to(Path.cwd()).as_posix()
        except ValueError:
            return p.as_posix()


def shown_path(path: Path | str, project: Path) -> str:
    """display_path, or relative to project (a site being built elsewhere) when outside both."""
    resolved = Path(path).resolve()
    for base in (ROOT, Path.cwd().resolve(), Path(project).resolve()):
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
    return resolved.as_posix()


def report(problems: Iterable[Problem], stream=None) -> int:
    """Print problems sorted by place; return how many there were."""
    stream = stream or sys.stdout
    problems = sorted(set(problems))
    for problem in problems:
        print(problem, file=stream)
    return len(problems)


def run_check(
    name: str,
    check: Callable[[], tuple[list[Problem], int]],
    passed: Callable[[int], str],
    failed: Callable[[int, int], str],
) -> int:
    """What every checker does after parsing its arguments, as its exit status.

    ``check()`` returns the problems and how many items it looked at; it raises UsageError for
    input it cannot use. Problems are printed as ``path:line: message``, then one summary line:
    ``passed(items)`` or ``failed(problems, items)``, with the time taken. Exit status: 0 no
    problems, 1 problems found, 2 unusable input.
    """
    started = time.monotonic()
    try:
        problems, items = check()
    except UsageError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 2
    count = report(problems)
    elapsed = f"({time.monotonic() - started:.1f} s)"
    if count:
        print(f"{name}: {failed(count, items)} {elapsed}", file=sys.stderr)
        return 1
    print(f"{name}: {passed(items)} {elapsed}")
    return 0


# --- pages and front matter -------------------------------------------------


@dataclasses.dataclass
class Page:
    path: Path
    meta: dict
    body: str
    body_start: int  # 1-based line number of the first body line
    meta_error: str | None = None
    meta_error_line: int = 1

    @property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, 1-based line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    return "".join(lines[1:]), "", len(lines) + 1


class FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so an impossible date is our error, not a crash."""


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_page(path: Path) -> Page:
    """Read a Markdown page; a front matter error is recorded, never raised."""
    text = path.read_text(encoding="utf-8")
    raw, body, body_start = split_front_matter(text)
    if raw is None:
        return Page(path, {}, body, body_start, "the page has no front matter (a block between '---' lines at the top)")
    try:
        meta = yaml.load(raw, Loader=FrontMatterLoader) or {}
    except yaml.YAMLError as exc:
        line = 1
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            line = mark.line + 2  # +1 for 1-based, +1 for the opening '---'
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return Page(path, {}, body, body_start, f"the front matter is not valid YAML: {reason}", line)
    if not isinstance(meta, dict):
        return Page(path, {}, body, body_start, "the front matter must be 'key: value' lines")
    return Page(path, meta, body, body_start)


def front_matter_line(page: Page, key: str) -> int:
    """The line of ``key:`` in the front matter, or 1."""
    for number, line in enumerate(page.text.splitlines()[: page.body_start], start=1):
        if line.startswith(f"{key}:"):
            return number
    return 1


def iter_markdown(docs_dir: Path = DOCS_DIR) -> Iterator[Path]:
    yield from sorted(docs_dir.rglob("*.md"))


def edition_date() -> str:
    """The date printed on the PDF: $SOURCE_DATE_EPOCH for reproducible builds, else today."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()
    return day.isoformat()


# --- MkDocs configuration ---------------------------------------------------


def load_config(config_file: Path = CONFIG_FILE, **overrides):
    """Load mkdocs.yml the way ``mkdocs build`` does."""
    from mkdocs.config import load_config as _load

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    return _load(config_file=str(config_file), **overrides)
