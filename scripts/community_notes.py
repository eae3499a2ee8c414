"""Community notes: one function reads, checks and renders a note, for the build and the checker.

A note is one Markdown file directly in docs/community/notes/, named like
``2026-12-my-handle-topic.md``, with front matter:

    title: A short title
    author: github-handle
    date: 2026-11-20
    applies_to: framework/evaluation.md     # the page it belongs to, relative to docs/
    kind: tip                               # tip | correction | interview-report | new-topic
    type: community-note
    tags: [optional, list]                  # tags the guide's pages already use

Note text comes from strangers, so what a note can put on a page is decided on the HTML that
comes out, not on the Markdown that goes in:

1. the front matter is validated against SCHEMA (jsonschema), the file name is a lowercase slug;
2. the body is rendered by its own small Python-Markdown (paragraphs, emphasis, lists, links,
   images, code, tables, quotes: no attribute lists, no Markdown inside HTML, no snippets, no
   admonitions, diagrams or formulas);
3. the HTML is passed through an allowlist sanitiser (nh3, the binding of Rust's ammonia). A
   note the sanitiser would change is rejected with a ``path:line: message`` saying what to
   remove: nothing is silently altered or dropped;
4. links and images are then rewritten from the note's folder to the page's, on the parsed
   HTML (nh3's attribute filter), external links get ``rel="nofollow noopener noreferrer"``,
   and every metadata field is HTML-escaped where it is shown.

hooks/site_hooks.py appends the result to the page after Markdown has run (``on_page_content``),
so no extension of the guide's own Markdown sees it; scripts/check_content.py calls the same
``check_note_file``. CONTRIBUTING.md ("What a note may contain") explains the subset.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
import html.parser
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import markdown
import nh3

from common import CONFIG_FILE, DOCS_DIR, Problem, display_path, front_matter_line, shown_path, read_page

NOTES_DIR = DOCS_DIR / "community" / "notes"
NOTES_FOLDER = "community/notes"  # relative to docs/: where a note's relative links start
KINDS = {
    # kind: (admonition type that styles it, label shown before the title)
    "tip": ("tip", "Tip"),
    "correction": ("warning", "Correction"),
    "interview-report": ("example", "Interview report"),
    "new-topic": ("note", "New topic"),
}
FILE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
GITHUB_HANDLE = r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$"
EXTERNAL_REL = "nofollow noopener noreferrer"

SCHEMA = {
    "type": "object",
    "required": ["title", "author", "date", "applies_to", "kind", "type"],
    "additionalProperties": False,
    "properties": {
        "title": {"type": "string", "minLength": 3, "maxLength": 120, "pattern": r"^[^\x00-\x1f\x7f]*\S[^\x00-\x1f\x7f]*$"},
        "author": {"type": "string", "pattern": GITHUB_HANDLE},
        "date": {"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "applies_to": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*(?:/[a-z0-9][a-z0-9_-]*)*\.md$"},
        "kind": {"enum": list(KINDS)},
        "type": {"const": "community-note"},
        "tags": {"type": "array", "items": {"type": "string"}, "uniqueItems": True, "maxItems": 8},
    },
}
FIELD_HELP = {
    "title": "'title' must be one line of text, 3 to 120 characters, like: title: Calibrate after negative downsampling",
    "author": "'author' must be your GitHub handle without the @, like 'octocat' (letters, digits and single hyphens, at most 39 characters)",
    "date": "'date' must be a date written YYYY-MM-DD, like 2026-11-20",
    "applies_to": "'applies_to' must be the path of a page relative to docs/, like framework/evaluation.md",
    "kind": f"'kind' must be one of {', '.join(KINDS)}",
    "type": "a note needs 'type: community-note'",
    "tags": "'tags' must be a list of different tags, like tags: [evaluation, interviews]",
}

# --- what the HTML of a note may hold ------------------------------------------------------

ALLOWED_TAGS = {
    "p", "br", "hr", "em", "strong", "code", "pre", "kbd", "sub", "sup", "del", "blockquote",
    "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "code": {"class"}, "ol": {"start"}}
ALIGNED = {"align": {"left", "center", "right"}}  # Markdown tables, with use_align_attribute
TAG_ATTRIBUTE_VALUES = {"th": ALIGNED, "td": ALIGNED}
URL_SCHEMES = {"http", "https", "mailto"}
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp"}  # not SVG: opened on its own, it can run script
CODE_CLASS = re.compile(r"^language-[A-Za-z0-9_+#-]{1,30}$")
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr", "param"}

EVENT_HANDLER = "notes cannot run code: remove the '{attr}' attribute"
TAG_REASONS = {
    "script": "notes cannot run code: remove the <script> element",
    "style": "notes cannot change the page's style: remove the <style> element",
    "iframe": "notes cannot embed other pages: remove the <iframe> and link to the page instead",
}


def _url_problem(tag: str, attr: str, value: str) -> str | None:
    """Why a URL may not appear in a note, or None. value is as the browser reads it."""
    if tag == "img" and attr == "src":
        if re.search(r"[\x00-\x20\x7f\\]", value) or urlsplit(value).scheme or value.startswith("/"):
            return (
                f"images in notes must be files in this repository, written as a relative path like "
                f"../../assets/community/my-chart.png; '{_short(value)}' is not"
            )
        return None
    if tag == "a" and attr == "href":
        if re.search(r"[\x00-\x20\x7f\\]", value):
            return f"the link '{_short(value)}' has spaces, control characters or backslashes in its address: write the address plainly"
        parts = urlsplit(value)
        if parts.scheme:
            if parts.scheme not in URL_SCHEMES:
                return f"links in notes go to https:, http: or mailto: addresses or to pages of the guide; '{_short(value)}' is not one"
            if parts.scheme in ("http", "https") and not parts.netloc:
                return f"the link '{_short(value)}' names no site: write the full address, like https://example.org/page"
            return None
        if value.startswith("/"):
            return (
                f"the link '{_short(value)}' starts with '/': link to another page of the guide with a relative path "
                "to its .md file (like ../../framework/evaluation.md), or to another site with https://"
            )
        return None
    return None


def _short(value: str) -> str:
    value = value.replace("\n", "\\n").replace("\t", "\\t")
    return value if len(value) <= 60 else value[:57] + "..."


def sanitise(fragment: str, *, attribute_filter=None, link_rel: str | None = None) -> str:
    """The allowlist itself: what of fragment may appear on a page."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=TAG_ATTRIBUTE_VALUES,
        attribute_filter=attribute_filter,
        strip_comments=True,
        link_rel=link_rel,
        url_schemes=URL_SCHEMES,
        generic_attribute_prefixes=set(),
    )


def _check_filter(tag: str, attr: str, value: str) -> str | None:
    if tag == "code" and attr == "class":
        return value if CODE_CLASS.match(value) else None
    if tag == "ol" and attr == "start":
        return value if value.isdigit() and len(value) < 6 else None
    if _url_problem(tag, attr, value):
        return None
    return value


class _Events(html.parser.HTMLParser):
    """A fragment as a list of events, to compare two fragments as a browser would see them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.events.append(("end", tag))

    def handle_endtag(self, tag):
        if tag not in VOID:
            self.events.append(("end", tag))

    def handle_data(self, data):
        if self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + data)
        else:
            self.events.append(("text", data))

    def handle_comment(self, data):
        self.events.append(("comment", data))

    def handle_decl(self, decl):
        self.events.append(("decl", decl))

    def handle_pi(self, data):
        self.events.append(("pi", data))

    unknown_decl = handle_decl


def _events(fragment: str) -> list[tuple]:
    parser = _Events()
    parser.feed(fragment)
    parser.close()
    # white space between block elements is not content
    return [e for e in parser.events if not (e[0] == "text" and not e[1].strip())]


def html_problems(rendered: str) -> list[tuple[str, tuple[str, ...]]]:
    """(message, pieces of source text to find its line by) for everything the sanitiser would change."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for event in _events(rendered):
        kind = event[0]
        if kind == "comment":
            found.append(("notes cannot contain HTML comments: remove the <!-- ... --> part (reviewers read the whole file anyway)", ("<!--",)))
        elif kind in ("decl", "pi"):
            found.append((f"notes cannot contain '<!{event[1][:20]}>' declarations: remove it", ("<!",)))
        elif kind == "start":
            tag, attrs = event[1], event[2]
            if tag not in ALLOWED_TAGS:
                reason = TAG_REASONS.get(tag) or (
                    f"notes cannot use the <{tag}> element: write Markdown (paragraphs, **bold**, lists, "
                    "[links](...), ![images](...), `code`, tables) instead"
                )
                found.append((reason, (f"<{tag}", tag)))
                continue
            for name, value in attrs:
                if name.startswith("on"):
                    found.append((EVENT_HANDLER.format(attr=name), (name,)))
                elif name == "style":
                    found.append(("notes cannot set styles: remove the style attribute", ("style",)))
                elif name not in ALLOWED_ATTRIBUTES.get(tag, set()) and name not in TAG_ATTRIBUTE_VALUES.get(tag, {}):
                    found.append((f"notes cannot set HTML attributes: remove {name}=... from the <{tag}>", (name,)))
                elif name in TAG_ATTRIBUTE_VALUES.get(tag, {}) and value not in TAG_ATTRIBUTE_VALUES[tag][name]:
                    found.append((f"notes cannot set {name}=\"{_short(value)}\" on <{tag}>", (name,)))
                elif _check_filter(tag, name, value) is None:
                    found.append((_url_problem(tag, name, value) or f"notes cannot set {name}=\"{_short(value)}\" on <{tag}>", (value, f"{name}=", "](", "]:", f"<{tag}")))
    if not found and _events(sanitise(rendered, attribute_filter=_check_filter)) != _events(rendered):
        found.append(("the note's HTML is not something a note may contain: write plain Markdown", ("<",)))
    return found


# --- Markdown: what a note is written in ------------------------------------------------------


def new_markdown() -> markdown.Markdown:
    """The notes' own Markdown: CommonMark-like basics and tables, nothing that reads attributes,
    includes files or lets Markdown run inside HTML."""
    from markdown.extensions.tables import TableExtension

    return markdown.Markdown(extensions=["fenced_code", "sane_lists", TableExtension(use_align_attribute=True)], output_format="html")


# Markdown of the guide's own pages that a note does not get: each is rendered as plain text
# by the notes' Markdown, which would confuse the writer, so it is named and rejected.
SOURCE_RULES = [
    (re.compile(r"\{\s*:?\s*(?:[#.][\w-]|[\w-]+\s*=)[^}]*\}"), "notes cannot set HTML attributes: remove `{match}`"),
    (re.compile(r"^\s*-{1,}8<-{1,}"), "notes cannot include other files: remove the `--8<--` line and write the text into the note"),
    (re.compile(r"^\s*(?:!!!|\?\?\?\+?|===)\s"), "notes are shown in a box already: admonitions, collapsible blocks and tabs (`{match}`) are not available in notes"),
    (re.compile(r"^\s*///"), "notes cannot use `///` blocks (captions and the like): write a plain paragraph"),
    (re.compile(r"^\s*(?:`{3,}|~{3,})\s*\{?\s*\.?mermaid", re.I), "notes cannot contain diagrams: describe it in words or send the diagram as a change to the page itself"),
    (re.compile(r"\$\$|\\\(|\\\[|(?<![\w$])\$(?=\S)[^$\n]*?\S\$(?![\w$])"), "notes cannot contain formulas (`$...$`): write it in words or as `code`; for money write USD 5"),
    (re.compile(r"^\s*\*\[[^\]]+\]:"), "notes cannot define abbreviations: add the term to includes/abbreviations.md in a change to the guide"),
    (re.compile(r"^\s*\[\^[^\]]+\]:"), "notes cannot have footnotes: put the source in the text"),
]
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def source_problems(body: str) -> list[tuple[int, str]]:
    """(line index in body, message) for the guide-only Markdown a note uses outside code blocks."""
    found, fence = [], None
    for index, line in enumerate(body.splitlines()):
        opening = FENCE.match(line)
        if fence is None and opening and not SOURCE_RULES[4][0].match(line):
            fence = opening.group(1)[0]
            continue
        if fence is not None:
            if opening and opening.group(1)[0] == fence:
                fence = None
            continue
        text = re.sub(r"`[^`\n]+`", lambda m: " " * len(m.group(0)), line)  # inline code is fine
        for pattern, message in SOURCE_RULES:
            match = pattern.search(text)
            if match:
                found.append((index, message.format(match=_short(line[match.start() : match.end()].strip()))))
    return found


# --- reading and rendering ------------------------------------------------------------------


@dataclasses.dataclass
class Note:
    path: Path
    slug: str
    title: str
    author: str
    date: str
    applies_to: str
    kind: str
    tags: list[str]
    body: str
    body_start: int  # line of the file where the body starts

    @property
    def anchor(self) -> str:
        return f"note-{self.slug}"


@dataclasses.dataclass
class RenderedNote:
    note: Note
    html: str  # the whole block, ready to append to its page


class Site:
    """What a note is checked against: the built pages and files, and the guide's tags."""

    def __init__(self, files, docs_dir: Path, tags: set[str], root: Path | None = None):
        self.files = files  # mkdocs.structure.files.Files
        self.docs_dir = docs_dir
        self.tags = tags
        self.root = (root or docs_dir.parent).resolve()  # the project: paths are shown from here

    def shown(self, path: Path) -> str:
        """path as problems name it: relative to the project whose site is built."""
        return shown_path(path, self.root)

    @classmethod
    def from_files(cls, files, docs_dir: Path) -> "Site":
        tags: set[str] = set()
        for file in files.documentation_pages():
            if not file.abs_src_path or not Path(file.abs_src_path).is_file():
                continue  # a page made by a plugin (the print page)
            meta = read_page(Path(file.abs_src_path)).meta
            if isinstance(meta.get("tags"), list):
                tags |= {t for t in meta["tags"] if isinstance(t, str)}
        return cls(files, docs_dir, tags)

    def file(self, src: str):
        """The file of the site at src (relative to docs/), if it is built."""
        file = self.files.get_file_from_path(src)
        return file if file is not None and not file.inclusion.is_excluded() else None

    def page(self, src: str):
        file = self.file(src)
        return file if file is not None and file.is_documentation_page() else None


@functools.lru_cache(maxsize=4)
def _site_for_config(config_file: str) -> Site:
    from mkdocs.structure.files import get_files

    from common import load_config

    config = load_config(Path(config_file))
    return Site.from_files(get_files(config), Path(config["docs_dir"]))


def guide_site(config_file: Path = CONFIG_FILE) -> Site:
    """The guide's pages and files as the build sees them (mkdocs.yml's exclude_docs applied)."""
    return _site_for_config(str(Path(config_file).resolve()))


def _line_of(text: str, needles: tuple[str, ...], body_start: int) -> int:
    """The first body line holding one of the needles (tried in order), else the first text line."""
    lines = text.splitlines()
    for needle in needles:
        lowered = needle.lower()
        for number, line in enumerate(lines, start=1):
            if needle and number >= body_start and lowered in line.lower():
                return number
    return next((n for n, line in enumerate(lines, start=1) if n >= body_start and line.strip()), body_start)


def read_note(path: Path, site: Site) -> tuple[Note | None, list[Problem]]:
    """A note's front matter and file name checked; the Note, or None and why."""
    shown = site.shown(path)
    problems: list[Problem] = []
    if not FILE_NAME.match(path.name):
        problems.append(Problem(shown, 1, f"the file name '{path.name}' must be lowercase letters, digits and hyphens ending in .md, like 2026-12-my-handle-calibration.md"))
    notes_dir = (site.docs_dir / NOTES_FOLDER).resolve()
    if path.resolve().parent != notes_dir:
        problems.append(Problem(shown, 1, "a community note must be directly in docs/community/notes/ (not in a sub-folder, not elsewhere in docs/)"))
    page = read_page(path)
    if page.meta_error:
        return None, problems + [Problem(shown, page.meta_error_line, page.meta_error)]
    meta = page.meta
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for error in sorted(validator.iter_errors(meta), key=lambda e: list(e.path)):
        if error.validator == "required":
            for key in SCHEMA["required"]:
                if key not in meta:
                    problems.append(Problem(shown, 1, f"the note is missing '{key}:' in its front matter: {FIELD_HELP[key]} (CONTRIBUTING.md, 'Community notes', has an example)"))
            continue
        if error.validator == "additionalProperties":
            for key in sorted(set(meta) - set(SCHEMA["properties"])):
                problems.append(Problem(shown, front_matter_line(page, str(key)), f"unknown field '{_short(str(key))}': a note's fields are {', '.join(SCHEMA['properties'])}"))
            continue
        key = str(error.path[0]) if error.path else ""
        got = meta.get(key)
        problems.append(Problem(shown, front_matter_line(page, key), f"{FIELD_HELP.get(key, error.message)}; got '{_short(str(got))}'"))
    if problems:
        return None, sorted(set(problems))
    try:
        dt.date.fromisoformat(meta["date"])
    except ValueError:
        problems.append(Problem(shown, front_matter_line(page, "date"), f"'date' must be a real date written YYYY-MM-DD, like 2026-11-20; got '{meta['date']}'"))
    line = front_matter_line(page, "applies_to")
    target = meta["applies_to"]
    if target.startswith(NOTES_FOLDER + "/"):
        problems.append(Problem(shown, line, "'applies_to' must name a page of the guide, not another note"))
    elif site.page(target) is None:
        problems.append(Problem(shown, line, f"'applies_to' names '{target}', but the guide has no page docs/{target}: write the page's path relative to docs/, like framework/evaluation.md"))
    for tag in meta.get("tags", []):
        if tag not in site.tags:
            problems.append(Problem(shown, front_matter_line(page, "tags"), f"the tag '{_short(tag)}' is not used by any page of the guide: use the tags of the page the note applies to, or leave 'tags' out"))
    if not page.body.strip():
        problems.append(Problem(shown, page.body_start, "the note has no text below its front matter"))
    if problems:
        return None, problems
    note = Note(
        path=path, slug=path.stem, title=meta["title"].strip(), author=meta["author"], date=meta["date"],
        applies_to=target, kind=meta["kind"], tags=list(meta.get("tags", [])), body=page.body, body_start=page.body_start,
    )  # fmt: skip
    return note, []


def render_note(note: Note, site: Site) -> tuple[RenderedNote | None, list[Problem]]:
    """The note's HTML for its page, or None and every reason it cannot be published."""
    shown = site.shown(note.path)
    text = note.path.read_text(encoding="utf-8")
    problems = [Problem(shown, note.body_start + index, message) for index, message in source_problems(note.body)]
    rendered = new_markdown().convert(note.body)
    for message, needles in html_problems(rendered):
        problems.append(Problem(shown, _line_of(text, needles, note.body_start), message))
    if problems:
        return None, sorted(set(problems))

    page_file = site.page(note.applies_to)
    bad_links: list[tuple[str, str]] = []

    def rebase(tag: str, attr: str, value: str) -> str | None:
        value = _check_filter(tag, attr, value)
        if value is None or attr not in ("href", "src") or urlsplit(value).scheme:
            return value
        parts = urlsplit(value)
        if not parts.path:  # "#anchor": an id on the page the note is shown on
            return value
        target = posixpath.normpath(posixpath.join(NOTES_FOLDER, parts.path))
        file = site.file(target)
        if tag == "img":
            if file is None or file.is_documentation_page() or posixpath.splitext(target)[1].lower() not in IMAGE_SUFFIXES:
                what = "there is no such file" if file is None else "that is not a PNG, JPEG, GIF or WebP picture"
                bad_links.append((f"images in notes must be files in this repository (PNG, JPEG, GIF or WebP): docs/{target}: {what}", (parts.path,)))
                return None
        elif file is None or not file.is_documentation_page():
            # only pages: a file opened on its own (an SVG, an HTML file) would not carry the
            # pages' Content-Security-Policy
            hint = " (link to the page's .md file)" if not target.endswith(".md") else ""
            bad_links.append((f"the link '{_short(value)}' points to docs/{target}, which is not a page of the guide{hint}: links in notes go to pages of the guide or to other sites", (parts.path, "](", "]:", f"{attr}=")))
            return None
        url = file.url_relative_to(page_file)
        return url + (f"#{parts.fragment}" if parts.fragment else "")

    body = sanitise(rendered, attribute_filter=rebase, link_rel=EXTERNAL_REL)
    for message, needles in bad_links:
        problems.append(Problem(shown, _line_of(text, needles, note.body_start), message))
    if problems:
        return None, sorted(set(problems))
    admonition, label = KINDS[note.kind]
    e = functools.partial(html.escape, quote=True)
    block = (
        f'<div class="admonition {admonition} community-note" id="{e(note.anchor)}">\n'
        f'<p class="admonition-title">{e(label)}: {e(note.title)}</p>\n'
        f'<p class="community-note__byline"><em>by <a href="https://github.com/{e(note.author)}" rel="{EXTERNAL_REL}">'
        f"@{e(note.author)}</a> on {e(note.date)}</em></p>\n"
        f"{body}\n</div>"
    )
    return RenderedNote(note, block), []


def check_note_file(path: Path, site: Site | None = None) -> list[Problem]:
    """Every problem of one note file, exactly as the build would find it."""
    site = site or guide_site()
    note, problems = read_note(path, site)
    if note is None:
        return problems
    return render_note(note, site)[1]


def load_notes(site: Site) -> tuple[list[RenderedNote], list[Problem]]:
    """Every note rendered, and the problems of those that cannot be. Any file in the notes
    folder that is not a note is a problem too: nothing there is silently left out."""
    notes, problems = [], []
    notes_dir = site.docs_dir / NOTES_FOLDER
    if not notes_dir.is_dir():
        return [], []
    for path in sorted(p for p in notes_dir.rglob("*") if p.is_file()):
        if path.suffix.lower() != ".md" or path.parent != notes_dir:
            problems.append(Problem(site.shown(path), 1, "only notes go in docs/community/notes/: one .md file per note, directly in that folder (this file is not built)"))
            continue
        note, found = read_note(path, site)
        if note is not None:
            rendered, found = render_note(note, site)
            if rendered is not None:
                notes.append(rendered)
        problems += found
    return notes, problems


# --- where notes are shown ---------------------------------------------------------------------


def section_for_page(notes: list[RenderedNote]) -> str:
    """The notes of one page, oldest first, as HTML."""
    ordered = sorted(notes, key=lambda r: (r.note.date, r.note.slug))
    return "\n".join(r.html for r in ordered)


def index_html(notes: list[RenderedNote], site: Site, index_file, title_of) -> str:
    """Every note, grouped by the page it belongs to, then by kind, as HTML for the community page.
    ``title_of(file)`` gives a guide page's title."""
    if not notes:
        return "<p><em>No notes yet: yours can be the first.</em></p>"
    e = functools.partial(html.escape, quote=True)
    by_page: dict[str, list[Note]] = {}
    for rendered in notes:
        by_page.setdefault(rendered.note.applies_to, []).append(rendered.note)
    parts = []
    for target in sorted(by_page):
        file = site.page(target)
        url = file.url_relative_to(index_file)
        slug = re.sub(r"[^a-z0-9]+", "-", target.removesuffix(".md")).strip("-")
        parts.append(f'<h3 id="notes-on-{e(slug)}"><a href="{e(url)}">{e(title_of(file))}</a></h3>')
        for kind, (_, label) in KINDS.items():
            mine = sorted((n for n in by_page[target] if n.kind == kind), key=lambda n: (n.date, n.slug))
            if mine:
                items = "".join(
                    f'<li><a href="{e(url)}#{e(n.anchor)}">{e(n.title)}</a> by @{e(n.author)}, {e(n.date)}</li>' for n in mine
                )
                parts.append(f"<p><strong>{e(label)}</strong></p>\n<ul>{items}</ul>")
    return "\n".join(parts)
