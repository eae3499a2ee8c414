"""Check every page against the content guide: front matter, and the structure of its type.

    python scripts/check_content.py            # every page under docs/
    python scripts/check_content.py PATH ...   # the pages or folders named

Each problem is printed as ``path:line: message``. Exit status: 0 clean, 1 problems found,
2 unusable input (a path that does not exist).

Rules come in two layers. Every page needs front matter with ``title``, ``description``,
``type`` (one of the content guide's types) and ``tags``, uses only known admonition types,
gives every diagram a caption and every flashcard (``??? question``) an answer. Then each page type adds its own rules (RULES below):
required H2 headings in order and the minimum counts the guide asks for. Community notes have
their own rules: each is rendered by community_notes.py exactly as the build renders it, and
rejected if the HTML sanitiser would change anything (see CONTRIBUTING.md, "Community notes").
"""

from __future__ import annotations

import argparse
import difflib
import dataclasses
import re
import sys
from pathlib import Path
from typing import Callable

from markdown_it import MarkdownIt

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rendered_pages  # noqa: E402
import glossary  # noqa: E402
from tags import ALL_TAGS  # noqa: E402
from community_notes import NOTES_DIR, check_note_file  # noqa: E402
from common import (  # noqa: E402
    DOCS_DIR,
    PAGE_TYPES,
    Page,
    Problem,
    UsageError,
    display_path,
    front_matter_line,
    read_page,
    run_check,
)

ADMONITION = re.compile(r"^(?P<indent>\s*)(?P<marker>!!!|\?\?\?\+?)\s+(?P<type>[\w-]+)")
KNOWN_ADMONITIONS = {
    # the guide's own
    "say-it", "follow-up", "pitfall", "prompt", "deep-dive",
    # Material for MkDocs' standard types and their aliases
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important",
    "success", "check", "done", "question", "help", "faq", "warning", "caution", "attention",
    "failure", "fail", "missing", "danger", "error", "bug", "example", "quote", "cite",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.%-]*")
CASE_STUDY_LINK = re.compile(r"\(\.\./case-studies/([a-z0-9-]+)\.md(?:#[^)]*)?\)|\((?!\.\./)([a-z0-9-]+)\.md(?:#[^)]*)?\)")

_markdown = MarkdownIt("commonmark").enable("table")


# --- what a page is made of -----------------------------------------------------


@dataclasses.dataclass
class Heading:
    level: int
    text: str
    line: int


@dataclasses.dataclass
class Table:
    line: int
    columns: int
    rows: int  # body rows
    heading: Heading | None  # the heading the table stands under

    @property
    def compares(self) -> bool:
        """At least two options on at least four criteria, either way round."""
        return (self.columns >= 3 and self.rows >= 4) or (self.columns >= 5 and self.rows >= 2)


@dataclasses.dataclass
class Structure:
    headings: list[Heading]
    tables: list[Table]
    diagrams: list[int]  # lines of mermaid fences
    admonitions: dict[str, list[int]]
    words: int
    list_items_under: dict[str, int]  # H2 text -> top-level list items in that section
    problems: list[Problem]


HEADINGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def _heading_text(element) -> str:
    for link in element.select("a.headerlink"):
        link.extract()
    return element.get_text(" ", strip=True)


def _admonition_type(element) -> str | None:
    classes = [c for c in element.get("class", []) if c != "admonition"]
    return classes[0] if classes else None


def analyse(page: Page) -> Structure:
    """The page's structure as MkDocs renders it (rendered_pages.py), each piece at its line."""
    path = display_path(page.path)
    offset = page.body_start - 1
    rendered = rendered_pages.renderer().render(page.path)
    soup = rendered.soup
    headings: list[Heading] = []
    tables: list[Table] = []
    list_items: dict[str, int] = {}
    problems: list[Problem] = []
    current_h2: str | None = None
    last_line = page.body_start - 1
    for element in soup.find_all([*HEADINGS, "table", "ul", "ol"]):
        if element.name in HEADINGS:
            level = int(element.name[1])
            text = _heading_text(element)
            last_line = rendered.heading_line(level, text, after=last_line)
            heading = Heading(level, text, last_line)
            headings.append(heading)
            if level <= 2:
                current_h2 = text if level == 2 else None
        elif element.name == "table":
            head = element.find("tr")
            columns = len(head.find_all(["th", "td"])) if head else 0
            body = element.find("tbody")
            rows = len(body.find_all("tr")) if body else max(len(element.find_all("tr")) - 1, 0)
            tables.append(Table(_table_line(rendered, element, last_line), columns, rows, headings[-1] if headings else None))
        elif current_h2 is not None and not element.find_parent(["li", "table"]):
            # a top-level list of the section (not one nested in another list)
            list_items[current_h2] = list_items.get(current_h2, 0) + len(element.find_all("li", recursive=False))

    admonitions: dict[str, list[int]] = {}
    for element in soup.select("div.admonition, details"):
        kind = _admonition_type(element)
        if kind:
            line = _admonition_line(rendered, kind, admonitions.get(kind, []))
            admonitions.setdefault(kind, []).append(line)
            if kind == "question":
                # a flashcard's answer is what follows its <summary>: it must say something
                answer = [c for c in element.children if getattr(c, "name", None) != "summary"]
                if not "".join(c.get_text(" ", strip=True) if hasattr(c, "get_text") else str(c).strip() for c in answer):
                    problems.append(Problem(path, line, "flashcard without an answer: indent the answer under the '??? question' line by four spaces"))
    for kind, lines in admonitions.items():
        if kind not in KNOWN_ADMONITIONS:
            problems.append(
                Problem(path, lines[0], f"unknown admonition type '{kind}': use say-it, follow-up, pitfall, prompt, deep-dive, question, note, tip, warning or example")
            )

    # every diagram is followed by a caption: drawn inside a <figure> with a <figcaption>
    captioned: dict[str, list[bool]] = {}
    for block in soup.select(".mermaid"):
        figure = block.find_parent("figure")
        captioned.setdefault(block.get_text().strip("\n"), []).append(bool(figure and figure.find("figcaption")))
    diagrams = []
    for diagram in rendered.diagrams:
        diagrams.append(diagram.page_line)
        flags = captioned.get(diagram.text.strip("\n"), [])
        if flags and not flags.pop(0):
            problems.append(
                Problem(path, diagram.page_line, "diagram without a caption: follow the ```mermaid fence with a '/// caption' block saying what to notice")
            )
    return Structure(headings, tables, diagrams, admonitions, count_words(page), list_items, problems)


def _table_line(rendered, element, after: int) -> int:
    """The line of the table's header row: the first line after `after` that starts a table row
    holding the first header cell's words."""
    first = element.find(["th", "td"])
    words = first.get_text(" ", strip=True).split()[:1] if first else []
    for number, line in enumerate(rendered.lines, start=1):
        stripped = line.strip().lstrip(">").strip()
        if number > after and stripped.startswith("|") and (not words or words[0] in stripped):
            return number
    return after or rendered.body_start


def _admonition_line(rendered, kind: str, seen: list[int]) -> int:
    """The line of the next `!!! kind` / `??? kind` not yet counted."""
    pattern = re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s+" + re.escape(kind) + r"\b")
    for number, line in enumerate(rendered.lines, start=1):
        if number not in seen and pattern.match(line):
            return number
    return rendered.body_start


def count_words(page: Page) -> int:
    """Words of text, outside fenced code and diagrams, snippet, caption and comment lines."""
    fence_lines: set[int] = set()
    for token in _markdown.parse(page.body):
        if token.type == "fence" and token.map:
            fence_lines.update(range(token.map[0], token.map[1]))
    words = 0
    for index, line in enumerate(page.body.splitlines()):
        stripped = line.strip()
        if index in fence_lines or stripped.startswith(("///", "--8<--", "<!--")) or stripped in ("```",):
            continue
        words += len(WORD.findall(line))
    return words


# --- rules ------------------------------------------------------------------------

CASE_STUDY_SECTIONS = [
    "Clarifying requirements",
    "Framing as an ML task",
    "Data preparation",
    "Model development",
    "Evaluation",
    "Deployment and serving",
    "Monitoring and iteration",
    "45-minute timeline",
    "Say it out loud",
    "Follow-up questions",
    "Common mistakes",
    "Flashcards",
    "Further reading",
]
FRAMEWORK_STEP_SECTIONS = [
    "What this step decides",
    "Time budget",
    "Checklist",
    "Techniques and trade-offs",
    "Say it out loud",
    "Common mistakes",
    "Worked examples",
    "Flashcards",
    "Further reading",
]
BUILDING_BLOCK_SECTIONS = [
    "How it works",
    "Choices and trade-offs",
    "How it fails in production",
    "Where it is used",
    "Follow-up questions",
    "Flashcards",
    "Further reading",
]
TWO_MINUTE_TITLE = "The two-minute version"
TRADE_OFF_SECTIONS = [
    "The options",
    "Comparison",
    "When to choose which",
    "Say it out loud",
    "Follow-up questions",
    "Where it shows up",
    "Further reading",
]


@dataclasses.dataclass(frozen=True)
class Targets:
    words: int = 0
    max_words: int = 0  # 0: no upper bound
    diagrams: int = 0
    comparison_tables: int = 0
    say_it: int = 0
    follow_up: int = 0
    pitfall: int = 0
    flashcards: int = 0
    further_reading: int = 0
    case_study_links: int = 0


@dataclasses.dataclass(frozen=True)
class TypeRule:
    label: str  # "case study"
    sections: list[str]
    targets: Targets
    required_meta: tuple[str, ...] = ()
    extra: Callable[[Page, Structure], list[Problem]] | None = None


def check_sections(page: Page, structure: Structure, rule: TypeRule) -> list[Problem]:
    path = display_path(page.path)
    h2 = [h for h in structure.headings if h.level == 2]
    found = {h.text: h for h in h2}
    problems = []
    expected = " > ".join(rule.sections)
    last_line, last_name = 0, None
    for name in rule.sections:
        heading = found.get(name)
        if heading is None:
            near = [h for h in h2 if h.text.lower() == name.lower()]
            where = near[0].line if near else front_matter_line(page, "type")
            hint = f" (found '## {near[0].text}': the heading must read exactly '## {name}')" if near else ""
            problems.append(Problem(path, where, f"missing the '## {name}' section{hint}; a {rule.label} has these H2 sections in order: {expected}"))
            continue
        if heading.line < last_line:
            problems.append(Problem(path, heading.line, f"'## {name}' must come after '## {last_name}' (order: {expected})"))
        last_line, last_name = heading.line, name
    return problems


def check_targets(page: Page, structure: Structure, rule: TypeRule) -> list[Problem]:
    path = display_path(page.path)
    line = front_matter_line(page, "type")
    t = rule.targets
    counts = {
        "words": (structure.words, t.words, "words of text (code and diagram source not counted)"),
        "diagrams": (len(structure.diagrams), t.diagrams, "Mermaid diagrams"),
        "comparison_tables": (
            sum(table.compares for table in structure.tables),
            t.comparison_tables,
            "comparison tables (a criterion column and 2+ option columns with 4+ criteria rows, or 2+ option rows with 4+ criteria columns)",
        ),
        "say_it": (len(structure.admonitions.get("say-it", [])), t.say_it, "'!!! say-it' blocks"),
        "follow_up": (len(structure.admonitions.get("follow-up", [])), t.follow_up, "'??? follow-up' blocks"),
        "pitfall": (len(structure.admonitions.get("pitfall", [])), t.pitfall, "'!!! pitfall' blocks"),
        "flashcards": (len(structure.admonitions.get("question", [])), t.flashcards, "flashcards ('??? question' blocks)"),
        "further_reading": (structure.list_items_under.get("Further reading", 0), t.further_reading, "entries under '## Further reading'"),
        "case_study_links": (len(case_study_links(page)), t.case_study_links, "links to different case studies"),
    }
    problems = []
    for have, need, what in counts.values():
        if have < need:
            problems.append(Problem(path, line, f"a {rule.label} needs at least {need} {what}; this page has {have}"))
    if t.max_words and structure.words > t.max_words:
        problems.append(Problem(path, line, f"a {rule.label} has at most {t.max_words} words of text; this page has {structure.words}: explain each idea once and link to the page that owns it"))
    return problems


def case_study_links(page: Page) -> set[str]:
    in_case_studies = page.path.parent.name == "case-studies"
    found = set()
    for match in CASE_STUDY_LINK.finditer(page.body):
        if match.group(1):
            found.add(match.group(1))
        elif in_case_studies and match.group(2) != "index":
            found.add(match.group(2))
    return found


PROMPT_BOX = re.compile(r'^!!!\s+prompt\s+"The prompt"\s*$')
SUMMARY_BOX = re.compile(r'^\?\?\?\s+summary\s+"The answer on one screen"\s*$')
SUMMARY_MAX_WORDS = 250


def _block_after(lines: list[str], start: int) -> tuple[list[str], int]:
    """The indented body of the admonition whose marker is lines[start], and the next index."""
    body, j = [], start + 1
    while j < len(lines) and (not lines[j].strip() or lines[j].startswith("    ")):
        body.append(lines[j])
        j += 1
    while body and not body[-1].strip():
        body.pop()
    return body, j


def case_study_opening(page: Page) -> list[Problem]:
    """The prompt alone in its box right under the title, then the answer on one screen."""
    path = display_path(page.path)
    lines = page.body.splitlines()
    i = 0
    while i < len(lines) and not lines[i].startswith("# "):
        i += 1
    title_line = i + page.body_start if i < len(lines) else page.body_start
    i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not PROMPT_BOX.match(lines[i]):
        return [Problem(path, title_line, 'a case study opens, right under its title, with the interviewer\'s words alone in a box: !!! prompt "The prompt"')]
    prompt, i = _block_after(lines, i)
    if not any(line.strip() for line in prompt):
        return [Problem(path, i + page.body_start - 1, "the prompt box is empty: put the words the interviewer would say in it")]
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or not SUMMARY_BOX.match(lines[i]):
        return [Problem(path, min(i, len(lines) - 1) + page.body_start, 'the prompt box is followed by the collapsed answer on one screen: ??? summary "The answer on one screen"')]
    summary, _ = _block_after(lines, i)
    count = sum(len(WORD.findall(line)) for line in summary if not line.strip().startswith(("--8<--", "```", "///")))
    if count > SUMMARY_MAX_WORDS:
        return [Problem(path, i + page.body_start, f"the answer on one screen has {count} words; it must fit one screen: at most {SUMMARY_MAX_WORDS}")]
    return []


def case_study_extra(page: Page, structure: Structure) -> list[Problem]:
    path = display_path(page.path)
    problems = case_study_opening(page)
    h3 = [h for h in structure.headings if h.level == 3]
    latency = [h for h in h3 if "latency budget" in h.text.lower()]
    if not latency:
        problems.append(Problem(path, front_matter_line(page, "type"), "a case study needs a '### Latency budget' subsection with a table of per-stage budgets"))
    elif not any(t.heading is latency[0] for t in structure.tables):
        problems.append(Problem(path, latency[0].line, "the latency budget needs a table (stage, budget in ms, notes)"))
    if not any("capacity" in h.text.lower() for h in h3):
        problems.append(Problem(path, front_matter_line(page, "type"), "a case study needs a '### Capacity estimate' subsection with its arithmetic shown"))
    difficulty = page.meta.get("difficulty")
    if difficulty is not None and str(difficulty).lower() not in ("easy", "medium", "hard"):
        problems.append(Problem(path, front_matter_line(page, "difficulty"), f"difficulty must be easy, medium or hard, not '{difficulty}'"))
    return problems


def building_block_extra(page: Page, structure: Structure) -> list[Problem]:
    """The two-minute version sits in a box above the first section."""
    path = display_path(page.path)
    first_h2 = next((h.line for h in structure.headings if h.level == 2), None)
    pattern = re.compile(r'^!!!\s+abstract\s+"' + re.escape(TWO_MINUTE_TITLE) + '"')
    for index, line in enumerate(page.body.splitlines()):
        number = index + page.body_start
        if first_h2 is not None and number >= first_h2:
            break
        if pattern.match(line):
            return []
    where = first_h2 or front_matter_line(page, "type")
    return [Problem(path, where, f'a building block opens with its two-minute version in a box above the first section: !!! abstract "{TWO_MINUTE_TITLE}"')]


def trade_off_extra(page: Page, structure: Structure) -> list[Problem]:
    path = display_path(page.path)
    options = page.meta.get("options")
    if not isinstance(options, list) or len(options) < 2 or not all(isinstance(o, str) and o.strip() for o in options):
        return [Problem(path, front_matter_line(page, "options"), "'options' must list the two or more options compared, e.g. options: [Lambda, Kappa]")]
    return []


RULES: dict[str, TypeRule] = {
    "case-study": TypeRule(
        "case study",
        CASE_STUDY_SECTIONS,
        Targets(words=4000, max_words=7000, diagrams=6, comparison_tables=3, say_it=3, follow_up=5, pitfall=2, flashcards=6, further_reading=5),
        required_meta=("domain", "ml_task", "hard_part", "difficulty"),
        extra=case_study_extra,
    ),
    "framework-step": TypeRule(
        "framework step",
        FRAMEWORK_STEP_SECTIONS,
        Targets(words=2000, diagrams=3, comparison_tables=2, say_it=3, pitfall=3, flashcards=6, further_reading=2, case_study_links=2),
    ),
    "building-block": TypeRule(
        "building block",
        BUILDING_BLOCK_SECTIONS,
        Targets(words=2000, max_words=4000, diagrams=3, comparison_tables=2, pitfall=2, follow_up=3, flashcards=5, further_reading=4),
        extra=building_block_extra,
    ),
    "trade-off": TypeRule(
        "trade-off page",
        TRADE_OFF_SECTIONS,
        Targets(words=600, comparison_tables=1, say_it=1, follow_up=1, further_reading=1),
        required_meta=("options", "deciding_question"),
        extra=trade_off_extra,
    ),
}


# --- the checks -------------------------------------------------------------------


def check_front_matter(page: Page) -> list[Problem]:
    path = display_path(page.path)
    if page.meta_error:
        return [Problem(path, page.meta_error_line, page.meta_error)]
    problems = []
    for key in ("title", "description"):
        value = page.meta.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(path, front_matter_line(page, key), f"front matter needs '{key}:' with a non-empty text"))
    page_type = page.meta.get("type")
    if page_type not in PAGE_TYPES:
        shown = "missing" if page_type is None else f"'{page_type}'"
        problems.append(Problem(path, front_matter_line(page, "type"), f"front matter 'type' is {shown}; it must be one of: {', '.join(PAGE_TYPES)}"))
    tags = page.meta.get("tags")
    if not isinstance(tags, list) or not tags or not all(isinstance(t, str) and t.strip() for t in tags):
        problems.append(Problem(path, front_matter_line(page, "tags"), "front matter needs 'tags:' with a list of one or more topics, e.g. tags: [ranking, retrieval]"))
    else:
        unknown = [t for t in tags if t not in ALL_TAGS]
        for tag in unknown:
            near = difflib.get_close_matches(tag, sorted(ALL_TAGS), n=1)
            hint = f" (did you mean '{near[0]}'?)" if near else ""
            problems.append(Problem(path, front_matter_line(page, "tags"), f"unknown tag '{tag}'{hint}: tags come from the guide's vocabulary in scripts/tags.py (listed in CONTRIBUTING); add a new topic there if none fits"))
    rule = RULES.get(page_type)
    if rule:
        for key in rule.required_meta:
            value = page.meta.get(key)
            if value is None or (isinstance(value, str) and not value.strip()):
                problems.append(Problem(path, front_matter_line(page, "type"), f"a {rule.label} needs '{key}:' in its front matter"))
    return problems


def is_note(path: Path, page: Page) -> bool:
    return page.meta.get("type") == "community-note" or path.resolve().parent == NOTES_DIR.resolve()


def check_page(path: Path) -> list[Problem]:
    page = read_page(path)
    if is_note(path, page):
        return check_note_file(path)  # exactly the checks and rendering of the build
    if page.meta_error:
        return [Problem(display_path(path), page.meta_error_line, page.meta_error)]
    problems = check_front_matter(page)
    structure = analyse(page)
    problems += structure.problems
    rule = RULES.get(page.meta.get("type"))
    if rule:
        problems += check_sections(page, structure, rule)
        problems += check_targets(page, structure, rule)
        if rule.extra:
            problems += rule.extra(page, structure)
    return problems


def pages_to_check(paths: list[str]) -> list[Path]:
    if not paths:
        return sorted(DOCS_DIR.rglob("*.md"))
    found = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{raw}: no such file or folder")
        found += sorted(path.rglob("*.md")) if path.is_dir() else [path]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check pages against the content guide.")
    parser.add_argument("paths", nargs="*", help="pages or folders (default: every page under docs/)")
    args = parser.parse_args(argv)

    def check():
        pages = pages_to_check(args.paths)
        found = [problem for page in pages for problem in check_page(page)]
        if not args.paths:
            # the glossary: sorted, unique, each entry linked to a page that exists (scripts/glossary.py)
            found += glossary.problems()[0]
        return found, len(pages)

    return run_check(
        "check_content", check,
        passed=lambda n: f"{n} page(s) follow the content guide",
        failed=lambda count, n: f"{count} problem(s) in {n} page(s)",
    )

if __name__ == "__main__":
    sys.exit(main())
