"""MkDocs hooks: pages that are generated from the others at build time.

- ``<!-- section-index -->`` in a section's index.md becomes a table of the pages in that
  section, in navigation order, from their front matter. Case studies and trade-offs get the
  columns their index needs (domain, task, hard part, difficulty; options, deciding question).
- ``<!-- glossary -->`` in glossary.md becomes a definition list made from
  includes/abbreviations.md, the same file that gives every page its hover definitions.
- Every page gets its Content-Security-Policy (scripts/content_security.py).
- Community notes (scripts/community_notes.py) are read, checked and rendered once, when the
  files are known; each is appended to the HTML of its page after Markdown has run, so none of
  the guide's Markdown extensions can reinterpret it, and ``<!-- community-notes -->`` on the
  community page becomes the list of all notes. A note that cannot be published is an error:
  the (strict) build fails, naming the file and line.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import logging
import sys

import yaml
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import community_notes  # noqa: E402
import glossary  # noqa: E402
import content_security  # noqa: E402
from common import edition_date  # noqa: E402

log = logging.getLogger("mkdocs.hooks.site_hooks")

SECTION_MARKER = "<!-- section-index -->"
NOTES_MARKER = "<!-- community-notes -->"
GLOSSARY_MARKER = "<!-- glossary -->"
SCOPE_MARKER = "<!-- guide-scope -->"
ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:\s*(?P<definition>.+)$")

NOTES_HERE = "<!-- community-notes-of-this-page -->"

_nav_pages: list = []
_notes: list = []  # community_notes.RenderedNote
_site: list = []  # the community_notes.Site of this build


def on_files(files, config):
    """Render every community note once; each one that cannot be published is an error."""
    site = community_notes.Site.from_files(files, Path(config["docs_dir"]))
    notes, problems = community_notes.load_notes(site)
    for problem in problems:
        log.error(f"community note not published: {problem}")
    _notes[:] = notes
    _site[:] = [site]
    return files


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
    config.extra["content_security_policy"] = content_security.POLICY
    return config


def on_post_page(output, page, config):
    """The page's Content-Security-Policy gets the hashes of the theme's inline scripts."""
    return content_security.apply(output)


def on_post_template(output_content, template_name, config):
    """The same for the pages made from templates alone (404.html)."""
    return content_security.apply(output_content) if template_name.endswith(".html") else output_content


# After the print-site plugin has written its page, which skips on_post_page.
@event_priority(-100)
def on_post_build(config):
    print_page = Path(config["site_dir"]) / "print_page" / "index.html"
    if print_page.is_file():
        print_page.write_text(content_security.apply(print_page.read_text(encoding="utf-8")), encoding="utf-8")


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
    """The glossary page's entries, from includes/glossary.yml (scripts/glossary.py)."""
    entries, problems = glossary.load()
    for problem in problems:
        log.error(f"glossary: {problem}")
    return glossary.page_markdown(entries)


def _notes_of(page) -> list:
    return [r for r in _notes if r.note.applies_to == page.file.src_uri]


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
    if _notes_of(page):
        # The heading and its introduction are ours (trusted); the notes come after Markdown.
        how_to = posixpath.relpath("community/index.md", posixpath.dirname(page.file.src_uri) or ".")
        markdown = (
            markdown.rstrip("\n")
            + "\n\n## Community notes\n\n"
            + f"Notes from readers, reviewed through pull requests ([add one]({how_to})).\n\n"
            + NOTES_HERE + "\n"
        )
    if SECTION_MARKER in markdown:
        markdown = markdown.replace(SECTION_MARKER, section_table(page, files))
    if GLOSSARY_MARKER in markdown:
        markdown = markdown.replace(GLOSSARY_MARKER, glossary_list(config))
    return markdown


def _title_of(file) -> str:
    return _front_matter(file.abs_src_path).get("title") or (file.page.title if file.page else file.src_uri)


# Before the search and print-site plugins read the page, so notes are found and printed.
@event_priority(50)
def on_page_content(html_text, page, config, files):
    """Append the page's community notes; keep Mermaid source out of the search index."""
    html_text = html_text.replace('<pre class="mermaid">', '<pre class="mermaid" data-search-exclude>')
    mine = _notes_of(page)
    if mine:
        html_text = html_text.replace(NOTES_HERE, community_notes.section_for_page(mine), 1)
    if NOTES_MARKER in html_text and _site:
        listing = community_notes.index_html(_notes, _site[0], page.file, _title_of)
        html_text = html_text.replace(NOTES_MARKER, listing, 1)
    return html_text
