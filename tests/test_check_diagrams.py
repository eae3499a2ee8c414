"""scripts/check_diagrams.py: real Mermaid in a real browser, on valid and invalid fixtures."""

from __future__ import annotations

import re

import check_diagrams
import pytest
from conftest import FIXTURES

VALID = FIXTURES / "diagrams" / "valid"
INVALID = FIXTURES / "diagrams" / "invalid"
NESTED = FIXTURES / "diagrams" / "nested" / "page.md"


def run(capsys, *args):
    code = check_diagrams.main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_valid_diagrams_pass(capsys):
    code, out, err = run(capsys, VALID)
    assert code == 0, out + err
    assert re.search(r"check_diagrams: 5 diagram\(s\) valid", out)


@pytest.fixture(scope="module")
def invalid_report():
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = check_diagrams.main([str(INVALID)])
    return code, out.getvalue(), err.getvalue()


def line_for(report: str, name: str) -> str:
    lines = [line for line in report.splitlines() if f"/{name}:" in line]
    assert len(lines) == 1, f"expected one report for {name}, got: {lines}\n{report}"
    return lines[0]


def test_invalid_run_exits_1(invalid_report):
    code, out, err = invalid_report
    assert code == 1
    assert "9 problem(s)" in err


@pytest.mark.parametrize(
    "name, line, words",
    [
        ("unquoted-parens.mmd", 3, ["error: diagram does not parse", "Parse error on line 3", "got 'PS'"]),
        # Mermaid numbers lines after dropping front matter and comments; we report the file's line
        ("after-comments.mmd", 9, ["does not parse", "got 'PS'"]),
        ("bad-gantt-date.mmd", 4, ["does not render", "Invalid date:2024-13-45"]),
        ("unknown-type.mmd", 1, ["no diagram type detected"]),
        ("pie-missing-colon.mmd", 3, ["does not parse", "Expecting token of type ':'"]),
        ("sequence-missing-actor.mmd", 3, ["does not parse", "Expecting"]),
        ("empty.mmd", 1, ["error: the diagram is empty"]),
        # parses and renders, but its text would be a few pixels high once fitted to the page
        ("too-wide.mmd", 2, ["legibility: diagram too wide to read", "text shrinks to", "flowchart TB"]),
        # an inline fence in a Markdown page: the line counts from the top of the page
        ("page-with-inline.md", 15, ["does not parse", "got 'PS'"]),
    ],
)
def test_each_invalid_diagram_is_reported_at_its_line(invalid_report, name, line, words):
    _, out, _ = invalid_report
    reported = line_for(out, name)
    assert re.match(rf"^tests/fixtures/diagrams/invalid/{re.escape(name)}:{line}: ", reported), reported
    for word in words:
        assert word in reported


def test_valid_inline_fence_in_same_page_is_not_reported(invalid_report):
    _, out, _ = invalid_report
    assert ":7:" not in "".join(l for l in out.splitlines() if "page-with-inline.md" in l)


def test_missing_path_is_a_usage_error(capsys):
    code, out, err = run(capsys, "no/such/diagram.mmd")
    assert code == 2
    assert "no/such/diagram.mmd: no such file or folder" in err


def test_unreadable_file_is_a_usage_error(capsys, tmp_path):
    binary = tmp_path / "binary.mmd"
    binary.write_bytes(b"\xff\xfe\x00flowchart")
    code, out, err = run(capsys, binary)
    assert code == 2
    assert "not UTF-8 text" in err


def test_no_browser_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.setenv("CHROME_PATH", "/nonexistent/chrome")
    code, out, err = run(capsys, VALID / "pie.mmd")
    assert code == 2
    assert "no Chrome or Chromium found" in err


def test_orphan_and_missing_include_are_reported(capsys, monkeypatch, tmp_path):
    diagrams = tmp_path / "diagrams"
    docs = tmp_path / "docs"
    (diagrams / "page").mkdir(parents=True)
    docs.mkdir()
    (diagrams / "page" / "used.mmd").write_text("flowchart LR\n    A --> B\n")
    (diagrams / "page" / "orphan.mmd").write_text("flowchart LR\n    A --> B\n")
    (docs / "page.md").write_text(
        "# Page\n\n```mermaid\n--8<-- \"page/used.mmd\"\n```\n\n```mermaid\n--8<-- \"page/missing.mmd\"\n```\n"
    )
    monkeypatch.setattr(check_diagrams, "DIAGRAMS_DIR", diagrams)
    monkeypatch.setattr(check_diagrams, "DOCS_DIR", docs)
    code, out, err = run(capsys)
    assert code == 1
    assert re.search(r"orphan\.mmd:1: error: no page includes this diagram", out), out
    assert re.search(r"page\.md:8: error: included diagram 'page/missing\.mmd' does not exist", out), out
    assert "used.mmd" not in out


def test_diagrams_inside_admonitions_collapsible_blocks_and_tabs_are_checked(capsys):
    code, out, err = run(capsys, NESTED)
    assert code == 1
    page = "tests/fixtures/diagrams/nested/page.md"
    assert [line.split(": diagram")[0] for line in out.strip().splitlines()] == [
        f"{page}:10: error", f"{page}:17: error", f"{page}:25: error"
    ], out
    assert "3 problem(s) in 4 diagram(s)" in err


def test_no_legibility_skips_only_the_legibility_pass(capsys):
    code, out, err = run(capsys, "--no-legibility", INVALID / "too-wide.mmd", VALID / "pie.mmd")
    assert code == 0, out + err
    code, out, err = run(capsys, "--no-legibility", INVALID / "too-wide.mmd", INVALID / "empty.mmd")
    assert code == 1 and "empty.mmd:1: error: the diagram is empty" in out and "legibility" not in out


def test_a_diagram_that_hangs_mermaid_is_reported_and_the_others_still_checked(capsys, monkeypatch, tmp_path):
    # Make Mermaid loop forever (synchronously, the worst case) on one diagram.
    hang = "if (text.includes('%% hang')) { while (true) {} }"
    monkeypatch.setattr(check_diagrams, "CHECK_ALL_JS", check_diagrams.CHECK_ALL_JS.replace("const result = { ok: true };", "const result = { ok: true }; " + hang))
    (tmp_path / "a-hangs.mmd").write_text("%% hang\nflowchart LR\n    A --> B\n")
    (tmp_path / "b-bad.mmd").write_text("flowchart LR\n    B[bad (label)] --> C\n")
    (tmp_path / "c-good.mmd").write_text("flowchart LR\n    A --> B\n")
    code, out, err = run(capsys, "--timeout", "2", tmp_path)
    assert code == 1
    lines = out.strip().splitlines()
    assert re.search(r"a-hangs\.mmd:2: error: Mermaid did not finish this diagram within 2 s", lines[0]), out
    assert re.search(r"b-bad\.mmd:2: error: diagram does not parse", lines[1]), out
    assert len(lines) == 2 and "2 problem(s) in 3 diagram(s)" in err


def test_the_guides_own_diagrams_are_valid(capsys):
    code, out, err = run(capsys)
    assert code == 0, out + err


def test_legibility_rule_names_the_limit_and_a_fix_for_the_diagram_kind():
    from pathlib import Path

    def problem(text, size):
        diagram = check_diagrams.Diagram(Path("d.mmd"), 1, text)
        return check_diagrams.legibility_problem(diagram, size)

    assert problem("flowchart LR\n A --> B", (600, 300)) is None  # fits at full size
    assert problem("flowchart LR\n A --> B", (1200, 300)) is None  # 56%: small but readable
    wide = problem("flowchart LR\n A --> B", (2000, 300))
    assert "too wide" in wide.message and "33%" in wide.message and "flowchart TB" in wide.message
    tall = problem("%% comment\nflowchart TD\n A --> B", (400, 2000))
    assert "too tall" in tall.message and "flowchart LR" in tall.message
    assert tall.line == 2  # the line that names the diagram type, after the comment
    sequence = problem("sequenceDiagram\n A->>B: hi", (1500, 500))
    assert "too wide" in sequence.message and "messages" in sequence.message
