"""Validate Mermaid diagrams with the real Mermaid, in a headless Chromium.

    python scripts/check_diagrams.py              # every .mmd under diagrams/ and every inline
                                                  # mermaid fence under docs/
    python scripts/check_diagrams.py PATH ...     # the .mmd/.md files or folders named

Each diagram is parsed and then rendered by the Mermaid the site serves
(docs/assets/vendor/mermaid/mermaid.min.js), because some errors only show at render time
(an impossible gantt date, for example). A bad diagram is reported as ``path:line: message``
with Mermaid's own message, the line pointing into the file that holds the diagram.
A .mmd file under diagrams/ that no page includes is reported too.

Exit status: 0 all good, 1 at least one problem, 2 unusable input (missing path, unreadable
file, no browser).
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import rendered_pages  # noqa: E402
from common import (  # noqa: E402
    DIAGRAMS_DIR,
    DOCS_DIR,
    MERMAID_JS,
    Problem,
    UsageError,
    display_path,
    run_check,
)
from local_site import launch_browser  # noqa: E402

SNIPPET_LINE = re.compile(r"""^\s*-{1,}8<-{1,}\s+(?P<q>["']?)(?P<path>[^"']+?)(?P=q)\s*$""")
FRONT_MATTER = re.compile(r"^-{3}\s*[\n\r](.*?[\n\r])-{3}\s*[\n\r]+", re.S)
DIRECTIVE = re.compile(r"%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?", re.S)
COMMENT = re.compile(r"^\s*%%(?!{)[^\n]+\n?", re.M)
LINE_IN_MESSAGE = re.compile(r"\bline (\d+)")


@dataclasses.dataclass
class Diagram:
    path: Path  # the file that holds the diagram source
    first_line: int  # line of that file where the diagram's first line is
    text: str


# --- finding diagrams ---------------------------------------------------------


def snippet_target(line: str) -> str | None:
    match = SNIPPET_LINE.match(line)
    return match["path"].strip() if match else None


def resolve_snippet(target: str) -> Path | None:
    """Resolve an include the way mkdocs.yml's snippets base_path does."""
    for base in (DIAGRAMS_DIR, DIAGRAMS_DIR.parent):
        candidate = (base / target).resolve()
        if candidate.is_file():
            return candidate
    return None


def diagrams_in_markdown(md_path: Path) -> tuple[list[Diagram], list[Path], list[Problem]]:
    """Inline diagrams of a page, the .mmd files it includes, and broken includes.

    The page is rendered by the site's own Markdown (rendered_pages.py), so a diagram inside an
    admonition, a collapsible block or a content tab is found exactly when the reader sees one.
    """
    text = read_text(md_path)
    page = rendered_pages.renderer().render(md_path, text)
    inline, included, problems = [], [], []
    for drawn in page.diagrams:
        if drawn.path.resolve() == md_path.resolve():
            inline.append(Diagram(md_path, drawn.first_line, drawn.text))
        else:
            included.append(drawn.path)
    for fence in rendered_pages.mermaid_fences(text.splitlines()):
        for line, target in fence.includes:
            if resolve_snippet(target) is None:
                problems.append(Problem(display_path(md_path), line, f"error: included diagram '{target}' does not exist"))
    return inline, included, problems


def read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UsageError(f"{display_path(path)}: cannot read the file: it is not UTF-8 text") from None
    except OSError as exc:
        raise UsageError(f"{display_path(path)}: cannot read the file: {exc.strerror}") from None


def included_by_pages() -> set[Path]:
    included: set[Path] = set()
    for md in DOCS_DIR.rglob("*.md"):
        for line in read_text(md).splitlines():
            target = snippet_target(line)
            if target:
                resolved = resolve_snippet(target)
                if resolved:
                    included.add(resolved)
    return included


def collect(paths: list[str]) -> tuple[list[Diagram], list[Problem]]:
    mmd_files: list[Path] = []
    md_files: list[Path] = []
    if not paths:
        mmd_files = sorted(DIAGRAMS_DIR.rglob("*.mmd"))
        md_files = sorted(DOCS_DIR.rglob("*.md"))
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise UsageError(f"{raw}: no such file or folder")
        if path.is_dir():
            mmd_files += sorted(path.rglob("*.mmd"))
            md_files += sorted(path.rglob("*.md"))
        elif path.suffix == ".md":
            md_files.append(path)
        else:
            mmd_files.append(path)

    diagrams: list[Diagram] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for md in md_files:
        inline, included, broken = diagrams_in_markdown(md)
        diagrams += inline
        problems += broken
        if paths:  # a page named on the command line brings its included diagrams along
            mmd_files += included
    for mmd in mmd_files:
        resolved = mmd.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        diagrams.append(Diagram(mmd, 1, read_text(mmd)))

    orphan_candidates = [p for p in seen if p.is_relative_to(DIAGRAMS_DIR.resolve())]
    if orphan_candidates:
        used = included_by_pages()
        for orphan in sorted(set(orphan_candidates) - used):
            problems.append(
                Problem(
                    display_path(orphan),
                    1,
                    "error: no page includes this diagram: include it in a page "
                    "(```mermaid fence with --8<-- \"path\") or delete it",
                )
            )
    return diagrams, problems


# --- mapping Mermaid's line numbers back to the file --------------------------


def surviving_lines(text: str) -> list[int]:
    """1-based source lines left after Mermaid's own preprocessing, in order.

    Mermaid numbers lines after removing front matter, directives (their newlines stay),
    comment lines (with any blank lines before them) and leading white space, so line N of
    its message is entry N-1 of this list.
    """
    text = text.replace("\r\n", "\n")
    line_of, line = [], 1
    for char in text:
        line_of.append(line)
        line += char == "\n"
    keep = [True] * len(text)

    front_matter = FRONT_MATTER.match(text)
    if front_matter:
        keep[: front_matter.end()] = [False] * front_matter.end()
    for match in DIRECTIVE.finditer(text):
        for i in range(match.start(), match.end()):
            keep[i] = keep[i] and text[i] == "\n"

    kept = [i for i, k in enumerate(keep) if k]
    kept_text = "".join(text[i] for i in kept)
    for match in COMMENT.finditer(kept_text):
        for j in range(match.start(), match.end()):
            keep[kept[j]] = False

    kept = [i for i, k in enumerate(keep) if k]
    while kept and text[kept[0]].isspace():  # trimStart
        kept.pop(0)
    lines: list[int] = []
    for i in kept:
        if not lines or line_of[i] != lines[-1]:
            lines.append(line_of[i])
    return lines


def source_line(diagram: Diagram, message: str, hash_line: int | None) -> int:
    """The line of diagram.path that an error message points to."""
    reported = hash_line
    if reported is None:
        match = LINE_IN_MESSAGE.search(message)
        reported = int(match.group(1)) if match else None
    lines = surviving_lines(diagram.text)
    if reported is not None and lines:
        index = min(max(reported, 1), len(lines)) - 1
        return diagram.first_line + lines[index] - 1
    # no line in the message (render-time errors): find the offending value in the text
    tail = message.rsplit(":", 1)[-1].strip()
    if tail:
        for number, text_line in enumerate(diagram.text.splitlines(), start=1):
            if tail in text_line:
                return diagram.first_line + number - 1
    first = lines[0] if lines else 1
    return diagram.first_line + first - 1


def tidy(message: str) -> str:
    """Mermaid's message on one line: the reason, without the ASCII pointer."""
    parts = [p.strip() for p in message.strip().splitlines() if p.strip()]
    if len(parts) >= 3 and parts[0].startswith("Parse error on line") and set(parts[2]) <= {"-", "^"}:
        parts = [parts[0].rstrip(":") + ":", *parts[3:], f"(near '{parts[1].lstrip('.')[-40:]}')"]
    text = " ".join(parts)
    if text.startswith("No diagram type detected"):
        text = "no diagram type detected: the first line must name a Mermaid diagram type (flowchart, sequenceDiagram, ...)"
    return text


# --- the browser --------------------------------------------------------------

# Checks diagrams one after the other and appends each result to window.__results, so that
# Python can give every diagram its own time limit (a diagram that hangs Mermaid, even in a
# synchronous loop, cannot stall the whole run).
CHECK_ALL_JS = r"""
(texts) => {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  window.__results = [];
  const checkOne = async (text, i) => {
    const result = { ok: true };
    try {
      await mermaid.parse(text);
    } catch (error) {
      result.ok = false;
      result.stage = "parse";
      result.message = String((error && error.message) || error);
      const loc = error && error.hash && error.hash.loc;
      result.line = loc && loc.first_line ? loc.first_line : null;
    }
    if (result.ok) {
      try {
        const { svg } = await mermaid.render("check-diagram-" + i, text);
        // the size Mermaid draws the diagram at, before the page scales it to fit
        const box = svg.match(/viewBox="[-\d.e]+ [-\d.e]+ ([\d.e]+) ([\d.e]+)"/);
        if (box) result.size = [Number(box[1]), Number(box[2])];
      } catch (error) {
        result.ok = false;
        result.stage = "render";
        result.message = String((error && error.message) || error);
        result.line = null;
      }
    }
    for (const id of ["check-diagram-" + i, "dcheck-diagram-" + i]) {
      const node = document.getElementById(id);
      if (node) node.remove();
    }
    return result;
  };
  // started from a timer, so this call returns at once even if a diagram never finishes
  setTimeout(async () => {
    for (const [i, text] of texts.entries()) {
      window.__results.push(await checkOne(text, i));
      // Mermaid's promises settle as microtasks: yield to the task queue so the watcher in
      // Python sees each result as it comes, not only when the last diagram is done
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }, 0);
}
"""
DEFAULT_TIMEOUT_S = 10.0


# Every diagram must stay legible where it is drawn smallest: in the PDF. Its text column is
# 178 mm wide (673 CSS px), and docs/assets/stylesheets/print.css caps a diagram's height at
# 220 mm (831 px) so that its caption fits on the same page; the site's content column on a
# laptop is about as wide. Mermaid draws text at 16 px and scales the whole drawing down to
# fit, so a diagram drawn wider or taller than that has smaller text. Below 55% (about 9 px,
# 6.6 pt on paper) it is not readable.
COLUMN_WIDTH_PX = 673
MAX_HEIGHT_PX = 831
MIN_SCALE = 0.55


def diagram_kind(text: str) -> tuple[str, int]:
    """The diagram type keyword (flowchart, sequenceDiagram, ...) and its line index in text,
    skipping front matter and comments."""
    in_front_matter = False
    for index, line in enumerate(text.splitlines()):
        stripped = line.strip()
        if stripped == "---":
            in_front_matter = not in_front_matter
            continue
        if in_front_matter or not stripped or stripped.startswith("%%"):
            continue
        return stripped.split()[0], index
    return "", 0


def legibility_problem(diagram: Diagram, size) -> Problem | None:
    if not size or not size[0] or not size[1]:
        return None
    width, height = size
    scale = min(1.0, COLUMN_WIDTH_PX / width, MAX_HEIGHT_PX / height)
    if scale >= MIN_SCALE:
        return None
    too_wide = COLUMN_WIDTH_PX / width <= MAX_HEIGHT_PX / height
    kind, index = diagram_kind(diagram.text)
    if kind == "sequenceDiagram":
        fix = "shorten the messages or break them with <br/>, use fewer participants, or split it"
    elif kind in ("flowchart", "graph"):
        fix = (
            "draw it top to bottom ('flowchart TB'), shorten labels or break them with <br/>, or split it"
            if too_wide else "draw it left to right ('flowchart LR'), merge steps, or split it"
        )
    else:
        fix = "shorten its labels or split it"
    limit = "wide" if too_wide else "tall"
    return Problem(
        display_path(diagram.path),
        diagram.first_line + index,
        f"legibility: diagram too {limit} to read: Mermaid draws it {width:.0f} x {height:.0f} px, so to fit the "
        f"page ({COLUMN_WIDTH_PX} x {MAX_HEIGHT_PX} px) its text shrinks to {int(scale * 100)}% "
        f"(about {16 * scale:.0f} px; the minimum is {MIN_SCALE:.0%}): {fix}",
    )


def _new_page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    # a body as wide as the PDF text column: diagrams that size themselves to their container
    # (gantt charts) are drawn the way the page will draw them
    page.set_content(f"<!doctype html><html><body style=\"margin:0;width:{COLUMN_WIDTH_PX}px\"></body></html>")
    page.add_script_tag(path=str(MERMAID_JS))
    return page


def run_in_browser(texts: list[str], timeout_s: float) -> list[dict]:
    """Mermaid's verdict on each text, in order; a text it does not finish within timeout_s
    seconds gets {"ok": False, "stage": "timeout"} and the rest go on in a fresh page."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    results: list[dict] = []
    with launch_browser() as browser:
        while len(results) < len(texts):
            page = _new_page(browser)
            start = len(results)
            page.evaluate(CHECK_ALL_JS, texts[start:])
            try:
                for index in range(len(texts) - start):
                    handle = page.wait_for_function(f"() => window.__results[{index}]", timeout=timeout_s * 1000, polling=100)
                    results.append(handle.json_value())
            except PlaywrightTimeout:
                results.append({"ok": False, "stage": "timeout", "message": "", "line": None})
            finally:
                page.close()
    return results


def validate(diagrams: list[Diagram], legibility: bool = True, timeout_s: float = DEFAULT_TIMEOUT_S) -> list[Problem]:
    if not MERMAID_JS.is_file():
        raise UsageError(f"{display_path(MERMAID_JS)} is missing: run 'make vendor' to fetch Mermaid")
    problems = []
    results = run_in_browser([d.text for d in diagrams], timeout_s)
    for diagram, result in zip(diagrams, results):
        where = display_path(diagram.path)
        if result["ok"]:
            problem = legibility_problem(diagram, result.get("size")) if legibility else None
            if problem:
                problems.append(problem)
            continue
        if not diagram.text.strip():
            problems.append(Problem(where, diagram.first_line, "error: the diagram is empty"))
            continue
        if result["stage"] == "timeout":
            kind, index = diagram_kind(diagram.text)
            problems.append(Problem(where, diagram.first_line + index, f"error: Mermaid did not finish this diagram within {timeout_s:g} s: simplify it or split it (--timeout sets the limit)"))
            continue
        line = source_line(diagram, result["message"], result["line"])
        stage = "does not render" if result["stage"] == "render" else "does not parse"
        problems.append(Problem(where, line, f"error: diagram {stage}: {tidy(result['message'])}"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Validate Mermaid diagrams with the real Mermaid in headless Chromium.",
    )
    parser.add_argument("paths", nargs="*", help=".mmd or .md files, or folders (default: diagrams/ and docs/)")
    parser.add_argument("--no-legibility", action="store_true", help="skip the legibility pass (for diagrams that are not the guide's own)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, help=f"seconds Mermaid may take over one diagram (default: {DEFAULT_TIMEOUT_S:g})")
    args = parser.parse_args(argv)

    def check():
        diagrams, problems = collect(args.paths)
        if diagrams:
            problems += validate(diagrams, legibility=not args.no_legibility, timeout_s=args.timeout)
        return problems, len(diagrams)

    return run_check(
        "check_diagrams", check,
        passed=lambda n: f"{n} diagram(s) valid",
        failed=lambda count, n: f"{count} problem(s) in {n} diagram(s)",
    )

if __name__ == "__main__":
    sys.exit(main())
