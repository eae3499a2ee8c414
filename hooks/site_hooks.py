"""MkDocs hooks: pages that are generated from the others at build time.

- ``<!-- section-index -->`` in a section's index.md becomes a table of the pages in that
  section, in navigation order, from their front matter. Case studies and trade-offs get the
  columns their index needs (domain, task, hard part, difficulty; options, deciding question).
- ``<!-- glossary -->`` in glossary.md becomes a definition list made from
  includes/abbreviations.md, the same file that gives every page its hover definitions.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import logging
import sys

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import community_notes  # noqa: E402
from common import edition_date  # noqa: E402

log = logging.getLogger("mkdocs.hooks.site_hooks")

SECTION_MARKER = "<!-- section-index -->"
NOTES_MARKER = "<!-- community-notes -->"
GLOSSARY_MARKER = "<!-- glossary -->"
SCOPE_MARKER = "<!-- guide-scope -->"
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+)$")

_nav_pages: list = []
_notes: list = []


def on_pre_build(config):
    """Read the community notes once; a note that breaks a rule is reported and left out."""
    notes, problems = community_notes.load_notes(Path(config["docs_dir"]))
    for problem in problems:
        log.warning(f"community note left out: {problem}")
    _notes[:] = notes


def on_config(config):
    """The edition printed on the PDF cover: the build date and, in a git checkout, the commit."""
    import subprocess

    config.extra["build_date"] = edition_date()
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=Path(config["config_file_path"]).parent,
            capture_output=True, text=True, timeout=5,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    config.extra["build_commit"] = commit
    return config


def on_nav(nav, config, files):
    _nav_pages[:] = [page for page in nav.pages]
    return nav


def _front_matter(path: str) -> dict:
    text = Path(path).read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end == -1:
        return {}
    try:
        meta = yaml.safe_load(text[3:end]) or {}
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return str(value).replace("|", "\\|").replace("\n", " ").strip()


COLUMNS = {
    "case-studies": [("Domain", "domain"), ("ML task", "ml_task"), ("The hard part", "hard_part"), ("Difficulty", "difficulty")],
    "trade-offs": [("Options", "options"), ("The deciding question", "deciding_question"), ("Tags", "tags")],
}

# Sections whose index table can be narrowed by tag (assets/javascripts/tag-filter.js),
# with the noun its status line uses.
FILTERABLE = {"trade-offs": "trade-offs"}
# Tags every page in a section carries say nothing about one page, so they are not chips.
SECTION_TAGS = {"trade-offs": {"trade-off"}}


def _tag_chips(tags, hidden=frozenset()) -> str:
    """Tags as chips; the filter script reads ``data-tag`` to know which rows carry which tag."""
    if not isinstance(tags, (list, tuple)):
        return ""
    chips = []
    for tag in tags:
        tag = str(tag).strip()
        if tag and tag not in hidden:
            safe = html.escape(tag, quote=True)
            chips.append(f'<span class="tag-chip" data-tag="{safe}">{safe}</span>')
    return " ".join(chips)


def section_table(index_page, files) -> str:
    folder = posixpath.dirname(index_page.file.src_uri)
    members = []
    for page in _nav_pages:
        uri = page.file.src_uri
        if uri == index_page.file.src_uri or not uri.startswith(folder + "/"):
            continue
        members.append(page)
    # pages in the folder that are not in the navigation still get listed, after the others
    listed = {p.file.src_uri for p in members}
    for file in files.documentation_pages():
        uri = file.src_uri
        if uri.startswith(folder + "/") and uri not in listed and uri != index_page.file.src_uri:
            if posixpath.dirname(uri) == folder and not uri.endswith("index.md"):
                members.append(file.page) if file.page else None
    if not members:
        return "*This section has no pages yet.*"
    section = folder.split("/")[-1]
    extra = COLUMNS.get(section, [("What it covers", "description")])
    header = "| Page | " + " | ".join(name for name, _ in extra) + " |"
    rule = "|---" * (len(extra) + 1) + "|"
    rows = [header, rule]
    for page in members:
        meta = _front_matter(page.file.abs_src_path)
        title = meta.get("title") or page.title or page.file.name
        link = posixpath.relpath(page.file.src_uri, folder)
        cells = [f"[{_cell(title)}]({link})"]
        for _, key in extra:
            if key == "tags":
                cells.append(_tag_chips(meta.get("tags"), SECTION_TAGS.get(section, set())))
            else:
                cells.append(_cell(meta.get(key)))
        rows.append("| " + " | ".join(cells) + " |")
    # The wrapper lets print.css allow page breaks inside these long overview tables.
    table = '<div class="section-index" data-search-exclude markdown>\n\n' + "\n".join(rows) + "\n\n</div>"
    if section in FILTERABLE:
        # The script turns this into tag buttons; without JavaScript (and in the PDF) the
        # placeholder stays empty and hidden, and the full table is shown.
        table = (
            f'<div class="tag-filter" data-tag-filter data-noun="{FILTERABLE[section]}" hidden></div>\n\n'
            + table
        )
    return table


def glossary_list(config) -> str:
    source = Path(config["config_file_path"]).parent / "includes" / "abbreviations.md"
    entries = []
    for line in source.read_text(encoding="utf-8").splitlines():
        match = ABBREVIATION.match(line.strip())
        if match:
            entries.append((match["term"], match["definition"]))
    entries.sort(key=lambda e: e[0].lower())
    blocks = []
    for term, definition in entries:
        anchor = re.sub(r"[^a-z0-9]+", "-", term.lower()).strip("-")
        blocks.append(f'<span id="{anchor}"></span>{html.escape(term)}\n:   {definition}\n')
    return "\n".join(blocks)


def notes_index(files) -> str:
    """Every note, grouped by the page it belongs to, then by kind."""
    if not _notes:
        return "*No notes yet: yours can be the first.*"
    lines = []
    by_page: dict[str, list] = {}
    for note in _notes:
        by_page.setdefault(note.applies_to, []).append(note)
    for target in sorted(by_page):
        file = files.get_file_from_path(target)
        title = _front_matter(file.abs_src_path).get("title", target) if file else target
        link = posixpath.relpath(target, "community")
        lines += [f"### [{title}]({link})", ""]
        for kind, (_, label) in community_notes.KINDS.items():
            notes = sorted((n for n in by_page[target] if n.kind == kind), key=lambda n: n.date)
            if notes:
                lines.append(f"**{label}**")
                lines.append("")
                for n in notes:
                    lines.append(f"- [{n.title}]({link}#note-{n.slug}) by @{n.author}, {n.date}")
                lines.append("")
    return "\n".join(lines)


def guide_scope() -> str:
    """One line saying what the guide holds today, counted from the navigation."""
    counts: dict[str, int] = {}
    for page in _nav_pages:
        kind = _front_matter(page.file.abs_src_path).get("type")
        counts[kind] = counts.get(kind, 0) + 1

    def n(kind, one, many):
        k = counts.get(kind, 0)
        return f"{k} {one if k == 1 else many}"

    return (
        f"What is here today: the 7-step framework in {n('framework-step', 'chapter', 'chapters')}, "
        f"{n('case-study', 'case study', 'case studies')}, {n('trade-off', 'trade-off page', 'trade-off pages')}, "
        f"{n('building-block', 'building block', 'building blocks')} and practice pages.\n{{: .guide-scope }}"
    )


def on_page_markdown(markdown, page, config, files):
    if SCOPE_MARKER in markdown:
        markdown = markdown.replace(SCOPE_MARKER, guide_scope())
    if NOTES_MARKER in markdown:
        markdown = markdown.replace(NOTES_MARKER, notes_index(files))
    mine = [n for n in _notes if n.applies_to == page.file.src_uri]
    if mine:
        markdown = markdown.rstrip("\n") + "\n" + community_notes.render_for_page(mine, page.file.src_uri) + "\n"
    if SECTION_MARKER in markdown:
        markdown = markdown.replace(SECTION_MARKER, section_table(page, files))
    if GLOSSARY_MARKER in markdown:
        markdown = markdown.replace(GLOSSARY_MARKER, glossary_list(config))
    return markdown


def on_page_content(html_text, page, config, files):
    """Keep Mermaid source out of the search index: it is markup, not prose."""
    return html_text.replace('<pre class="mermaid">', '<pre class="mermaid" data-search-exclude>')
