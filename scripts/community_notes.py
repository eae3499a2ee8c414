"""Community notes: reading them, checking them, and turning them into Markdown for their page.

A note is one Markdown file in docs/community/notes/ with front matter:

    title: A short title
    author: github-handle
    date: 2026-11-20
    applies_to: framework/evaluation.md     # the page it belongs to, relative to docs/
    kind: tip                               # tip | correction | interview-report | new-topic
    type: community-note
    tags: [optional, list]

Note text comes from strangers, so it is treated as untrusted: anything that could run code or
load from another site is rejected, and the build hook renders only notes that pass.
Both scripts/check_content.py and hooks/site_hooks.py use this module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html.parser
import posixpath
import re
from pathlib import Path

from markdown_it import MarkdownIt

from common import DOCS_DIR, Page, Problem, display_path, front_matter_line, read_page

NOTES_DIR = DOCS_DIR / "community" / "notes"
KINDS = {
    "tip": ("tip", "Tip"),
    "correction": ("warning", "Correction"),
    "interview-report": ("example", "Interview report"),
    "new-topic": ("note", "New topic"),
}
FIELDS = {"title", "author", "date", "applies_to", "kind", "type", "tags"}
REQUIRED = ("title", "author", "date", "applies_to", "kind")
GITHUB_HANDLE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "link", "meta", "base", "form",
                  "frame", "frameset", "applet", "svg", "math", "template"}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "data", "poster", "xlink:href", "background"}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.I)
MD_LINK = re.compile(r"(\]\()(\s*<?)([^)\s>]+)")

_markdown = MarkdownIt("commonmark")


@dataclasses.dataclass
class Note:
    path: Path
    slug: str
    title: str
    author: str
    date: str
    applies_to: str
    kind: str
    body: str


class _TagCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))

    handle_startendtag = handle_starttag


def _html_problems(path: str, line: int, fragment: str) -> list[Problem]:
    collector = _TagCollector()
    collector.feed(fragment)
    problems = []
    for tag, attrs in collector.tags:
        if tag in FORBIDDEN_TAGS:
            problems.append(Problem(path, line, f"<{tag}> is not allowed in a community note: notes may not run code, embed other pages or change the page's style"))
        for name, value in attrs:
            if name.startswith("on"):
                problems.append(Problem(path, line, f"the attribute '{name}' on <{tag}> is not allowed: event handlers run code"))
            if name in URL_ATTRIBUTES and value:
                if SCRIPT_URL.match(value):
                    problems.append(Problem(path, line, f"'{value[:40]}' is not allowed in {name}=: javascript: and data: URLs can run code"))
                elif tag in ("img", "source", "video", "audio", "input") and EXTERNAL.match(value):
                    problems.append(Problem(path, line, f"the image '{value}' is loaded from another site: put the image in the repository and link it with a relative path"))
    return problems


def check_body(page: Page) -> list[Problem]:
    """Untrusted-text rules for a note's body."""
    path = display_path(page.path)
    offset = page.body_start - 1
    problems: list[Problem] = []
    if not page.body.strip():
        return [Problem(path, page.body_start, "the note has no text below its front matter")]

    def walk(tokens):
        for token in tokens:
            line = (token.map[0] + 1 + offset) if token.map else None
            yield token, line
            if token.children:
                for child in token.children:
                    yield child, line

    for token, line in walk(_markdown.parse(page.body)):
        line = line or page.body_start
        if token.type in ("html_block", "html_inline"):
            problems += _html_problems(path, line, token.content)
        elif token.type == "image":
            src = token.attrGet("src") or ""
            if EXTERNAL.match(src):
                problems.append(Problem(path, line, f"the image '{src}' is loaded from another site: put the image in the repository and link it with a relative path"))
            elif SCRIPT_URL.match(src):
                problems.append(Problem(path, line, f"'{src[:40]}' is not allowed as an image address"))
        elif token.type == "link_open":
            href = token.attrGet("href") or ""
            if SCRIPT_URL.match(href):
                problems.append(Problem(path, line, f"the link '{href[:40]}' is not allowed: javascript: and data: URLs can run code"))
    # markdown-it percent-encodes some hrefs; catch a javascript: link however it is written
    for number, text in enumerate(page.body.splitlines(), start=page.body_start):
        for match in re.finditer(r"\]\(\s*<?\s*(javascript|vbscript)\s*:", text, re.I):
            problem = Problem(path, number, f"the link '{match.group(1)}:...' is not allowed: javascript: and data: URLs can run code")
            if not any(p.line == number and "not allowed" in p.message for p in problems):
                problems.append(problem)
    return problems


def check_note(page: Page, docs_dir: Path = DOCS_DIR) -> list[Problem]:
    """Every rule for a note, with messages a first-time contributor can act on."""
    path = display_path(page.path)
    meta = page.meta
    problems: list[Problem] = []
    example = "see CONTRIBUTING.md, 'Community notes', for an example"
    for key in sorted(set(meta) - FIELDS - {"description"}):
        problems.append(Problem(path, front_matter_line(page, key), f"unknown field '{key}': a note's fields are {', '.join(sorted(FIELDS))}"))
    for key in REQUIRED:
        if meta.get(key) in (None, ""):
            problems.append(Problem(path, 1, f"the note is missing '{key}:' in its front matter ({example})"))

    title = meta.get("title")
    if title is not None and not isinstance(title, str):
        problems.append(Problem(path, front_matter_line(page, "title"), "'title' must be text"))

    author = meta.get("author")
    if author not in (None, ""):
        if not isinstance(author, str) or not GITHUB_HANDLE.match(author.lstrip("@")):
            problems.append(Problem(path, front_matter_line(page, "author"), f"'author' must be your GitHub handle, like 'octocat' (letters, digits and single hyphens, at most 39 characters); got '{author}'"))

    date = meta.get("date")
    if date not in (None, ""):
        if isinstance(date, dt.datetime) or not isinstance(date, (dt.date, str)):
            problems.append(Problem(path, front_matter_line(page, "date"), f"'date' must be a date written YYYY-MM-DD, like 2026-11-20; got '{date}'"))
        elif isinstance(date, str):
            try:
                dt.date.fromisoformat(date.strip())
            except ValueError:
                problems.append(Problem(path, front_matter_line(page, "date"), f"'date' must be a real date written YYYY-MM-DD, like 2026-11-20; got '{date}'"))

    kind = meta.get("kind")
    if kind not in (None, "") and kind not in KINDS:
        problems.append(Problem(path, front_matter_line(page, "kind"), f"'kind' must be one of {', '.join(KINDS)}; got '{kind}'"))

    applies_to = meta.get("applies_to")
    if applies_to not in (None, ""):
        line = front_matter_line(page, "applies_to")
        if not isinstance(applies_to, str):
            problems.append(Problem(path, line, "'applies_to' must be the path of a page, like framework/evaluation.md"))
        else:
            target = normalise_target(applies_to)
            resolved = (docs_dir / target).resolve()
            if not resolved.is_relative_to(docs_dir.resolve()) or not target.endswith(".md"):
                problems.append(Problem(path, line, f"'applies_to' must be a page of the guide, relative to docs/, like framework/evaluation.md; got '{applies_to}'"))
            elif target.startswith("community/notes/"):
                problems.append(Problem(path, line, "'applies_to' must name a guide page, not another note"))
            elif not resolved.is_file():
                problems.append(Problem(path, line, f"'applies_to' names '{applies_to}', but there is no docs/{target}: write the page's path relative to docs/, like framework/evaluation.md"))

    tags = meta.get("tags")
    if tags is not None and (not isinstance(tags, list) or not all(isinstance(t, str) for t in tags)):
        problems.append(Problem(path, front_matter_line(page, "tags"), "'tags' must be a list, like tags: [ranking, interviews]"))

    return problems + check_body(page)


def normalise_target(applies_to: str) -> str:
    target = applies_to.strip().replace("\\", "/")
    target = target.removeprefix("docs/").lstrip("./") if target.startswith(("docs/", "./")) else target
    return posixpath.normpath(target)


# --- rendering -----------------------------------------------------------------------


def load_notes(docs_dir: Path = DOCS_DIR) -> tuple[list[Note], list[Problem]]:
    """The notes that pass every check, and the problems of those that do not."""
    notes, problems = [], []
    notes_dir = docs_dir / "community" / "notes"
    for path in sorted(notes_dir.glob("*.md")) if notes_dir.is_dir() else []:
        page = read_page(path)
        found = [Problem(display_path(path), page.meta_error_line, page.meta_error)] if page.meta_error else check_note(page, docs_dir)
        if page.meta.get("type") != "community-note" and not page.meta_error:
            found.append(Problem(display_path(path), front_matter_line(page, "type"), "a note needs 'type: community-note'"))
        if found:
            problems += found
            continue
        meta = page.meta
        notes.append(
            Note(
                path=path,
                slug=path.stem,
                title=meta["title"].strip(),
                author=str(meta["author"]).lstrip("@"),
                date=str(meta["date"]),
                applies_to=normalise_target(meta["applies_to"]),
                kind=meta["kind"],
                body=page.body.strip("\n"),
            )
        )
    return notes, problems


def rebase_links(body: str, note_dir: str, page_dir: str) -> str:
    """Relative links in a note are written from the note's folder; make them work from the page's."""

    def rewrite(target: str) -> str:
        if not target or target.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
            return target
        path, hashmark, fragment = target.partition("#")
        moved = posixpath.relpath(posixpath.normpath(posixpath.join(note_dir, path)), page_dir or ".")
        return moved + hashmark + fragment

    body = MD_LINK.sub(lambda m: m.group(1) + m.group(2) + rewrite(m.group(3)), body)
    return re.sub(r'(\s(?:href|src)=")([^"]*)(")', lambda m: m.group(1) + rewrite(m.group(2)) + m.group(3), body)


def render_for_page(notes: list[Note], page_src: str) -> str:
    """The 'Community notes' section appended to a page."""
    page_dir = posixpath.dirname(page_src)
    how_to = posixpath.relpath("community/index.md", page_dir or ".")
    blocks = ["", "## Community notes", "",
              f"Notes from readers, reviewed through pull requests ([add one]({how_to})).", ""]  # fmt: skip
    for note in sorted(notes, key=lambda n: (n.date, n.slug)):
        admonition, label = KINDS[note.kind]
        body = rebase_links(note.body, "community/notes", page_dir)
        indented = "\n".join(("    " + line) if line.strip() else "" for line in body.splitlines())
        title = note.title.replace('"', "'")
        blocks += [
            f'<span id="note-{note.slug}"></span>',
            "",
            f'!!! {admonition} "{label}: {title}"',
            f"    *by [@{note.author}](https://github.com/{note.author}) on {note.date}*",
            "",
            indented,
            "",
        ]
    return "\n".join(blocks)
