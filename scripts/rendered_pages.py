"""Pages as MkDocs renders them, for the checkers: the site's own Markdown, mapped back to lines.

check_content.py and check_diagrams.py must see the document the reader gets: a diagram inside
an admonition, a collapsible block or a content tab is a diagram; a table inside an admonition
is a table; ``## Title { #id }`` is a heading called "Title". So each page is rendered with the
Python-Markdown extensions and settings of mkdocs.yml (the same as ``mkdocs build``), and the
structure is read from the HTML that comes out. Markdown keeps no line numbers, so each piece is
traced back to its source line by its text:

- a Mermaid diagram is recorded by the superfences custom fence itself, with the source
  Mermaid receives; it is matched to the ```mermaid fence (at any indentation) whose content it
  is, or to the .mmd file a ``--8<--`` line in that fence includes;
- a heading is matched to the next Markdown heading line of its level with the same words.

Two things differ from the build, on purpose: missing snippet includes leave an empty fence
instead of stopping the render (check_diagrams.py reports them at their line), and the build
hooks (section tables, community notes) do not run: they add no diagrams or headings a writer
could fix in the page.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

import markdown
from bs4 import BeautifulSoup

from common import CONFIG_FILE, load_config, split_front_matter

FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*\{?\s*\.?mermaid\b")
SNIPPET_LINE = re.compile(r"""^\s*-{1,}8<-{1,}\s+(?P<q>["']?)(?P<path>[^"']+?)(?P=q)\s*$""")
HEADING_LINE = re.compile(r"^\s*(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*$")
ATTR_LIST = re.compile(r"\s*\{:?[^}]*\}\s*$")


@dataclasses.dataclass
class Diagram:
    path: Path  # the file that holds the diagram source (the page, or an included .mmd)
    first_line: int  # line of that file where the diagram's first line is
    text: str
    page: Path  # the page it is drawn on
    page_line: int  # line of the page where its fence opens


@dataclasses.dataclass
class SourceFence:
    open_line: int  # 1-based line of the opening ``` in the page
    content: str  # dedented content
    includes: list[tuple[int, str]]  # (line, target) of --8<-- lines inside it


@dataclasses.dataclass
class RenderedPage:
    path: Path
    html: str
    soup: BeautifulSoup
    diagrams: list[Diagram]
    body_start: int
    lines: list[str]  # the whole file, for mapping back

    def heading_line(self, level: int, text: str, after: int = 0) -> int:
        """The line of the Markdown heading of this level whose words are text's, after a line."""
        wanted = _words(text)
        fallback = None
        for number, line in enumerate(self.lines, start=1):
            if number <= after:
                continue
            match = HEADING_LINE.match(line)
            if match and len(match["hashes"]) == level:
                if _words(ATTR_LIST.sub("", match["text"])) == wanted:
                    return number
                fallback = fallback or number
        return fallback or after or self.body_start


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def mermaid_fences(lines: list[str]) -> list[SourceFence]:
    """Every ```mermaid fence of a page, at any indentation, in order."""
    fences, i = [], 0
    while i < len(lines):
        match = FENCE_OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence = len(match["indent"]), match["fence"]
        body, includes, j = [], [], i + 1
        while j < len(lines):
            stripped = lines[j].strip()
            if stripped.startswith(fence[0] * len(fence)) and set(stripped) <= {fence[0]}:
                break
            body.append(lines[j][indent:] if lines[j][:indent].strip() == "" else lines[j].lstrip())
            snippet = SNIPPET_LINE.match(lines[j])
            if snippet:
                includes.append((j + 1, snippet["path"].strip()))
            j += 1
        fences.append(SourceFence(i + 1, "\n".join(body), includes))
        i = j + 1
    return fences


def _same(a: str, b: str) -> bool:
    norm = lambda s: "\n".join(line.rstrip() for line in s.strip("\n").splitlines())  # noqa: E731
    return norm(a) == norm(b)


class Renderer:
    """Renders pages with mkdocs.yml's Markdown extensions and settings."""

    def __init__(self, config_file: Path = CONFIG_FILE):
        config = load_config(config_file)
        self.snippet_bases = [Path(p) for p in config["mdx_configs"].get("pymdownx.snippets", {}).get("base_path", [])]
        self._recorded: list[str] = []
        configs = {name: dict(settings) for name, settings in config["mdx_configs"].items()}
        configs.setdefault("pymdownx.snippets", {})["check_paths"] = False
        superfences = configs.setdefault("pymdownx.superfences", {})
        superfences["custom_fences"] = [
            dict(fence, format=self._recording(fence["format"])) if fence.get("name") == "mermaid" else fence
            for fence in superfences.get("custom_fences", [])
        ]
        self.markdown = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=configs)

    def _recording(self, original):
        @functools.wraps(original)
        def record(source, *args, **kwargs):
            self._recorded.append(source)
            return original(source, *args, **kwargs)

        return record

    def resolve_snippet(self, target: str) -> Path | None:
        """An include resolved the way mkdocs.yml's snippets base_path does."""
        for base in self.snippet_bases:
            candidate = (base / target).resolve()
            if candidate.is_file():
                return candidate
        return None

    def render(self, path: Path, text: str | None = None) -> RenderedPage:
        text = path.read_text(encoding="utf-8") if text is None else text
        _, body, body_start = split_front_matter(text)
        self._recorded = []
        self.markdown.reset()
        html = self.markdown.convert(body)
        lines = text.splitlines()
        diagrams = self._place(path, lines, list(self._recorded))
        return RenderedPage(path, html, BeautifulSoup(html, "html.parser"), diagrams, body_start, lines)

    def _place(self, path: Path, lines: list[str], recorded: list[str]) -> list[Diagram]:
        """Each recorded diagram source, traced back to its fence (and included file)."""
        fences = mermaid_fences(lines)
        used: set[int] = set()
        placed = []
        # Superfences draws top-level fences first and fences inside blocks later, so a source
        # is matched to the first unused fence that holds it, wherever it is.
        for source in recorded:
            for k, fence in enumerate(fences):
                if k in used:
                    continue
                included = [(line, self.resolve_snippet(target)) for line, target in fence.includes]
                if len(included) == 1 and included[0][1] and _same(included[0][1].read_text(encoding="utf-8"), source):
                    placed.append(Diagram(included[0][1], 1, source, path, fence.open_line))
                    used.add(k)
                    break
                if _same(fence.content, source):
                    placed.append(Diagram(path, fence.open_line + 1, source, path, fence.open_line))
                    used.add(k)
                    break
            else:
                # not traceable (written in a way the line scan does not know): the page's top
                placed.append(Diagram(path, 1, source, path, 1))
        return sorted(placed, key=lambda d: d.page_line)


@functools.lru_cache(maxsize=2)
def renderer(config_file: Path = CONFIG_FILE) -> Renderer:
    return Renderer(config_file)
