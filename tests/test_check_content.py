"""scripts/check_content.py: front matter and per-type structure, on pages made for each rule."""

from __future__ import annotations

import re
from pathlib import Path

import check_content
import pytest

ROOT = Path(__file__).resolve().parent.parent


def check(capsys, *paths):
    code = check_content.main([str(p) for p in paths])
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def filler(words: int) -> str:
    sentence = "Candidates who quantify latency budgets earn more credit than those who only name components. "
    count = len(sentence.split())
    return (sentence * (words // count + 1)).strip() + "\n"


TRADE_OFF_TABLE = """
| Criterion | Lambda | Kappa |
|---|---|---|
| Codebases | 2 | 1 |
| Systems to run | 2 | 1 |
| Reprocessing | batch rerun | replay the log |
| Serving stores | 2 | 1 |
"""


def trade_off_page(*, sections=None, words=650, extra_meta="", body_extra="") -> str:
    sections = sections or check_content.TRADE_OFF_SECTIONS
    parts = [
        "---\ntitle: Lambda vs Kappa\ndescription: Two ways to run streaming features.\ntype: trade-off\n"
        f"tags: [streaming]\noptions: [Lambda, Kappa]\ndeciding_question: Can you replay the log?\n{extra_meta}---\n\n# Lambda vs Kappa\n\n"
    ]
    for name in sections:
        parts.append(f"## {name}\n\n")
        if name == "Comparison":
            parts.append(TRADE_OFF_TABLE + "\n")
        if name == "Say it out loud":
            parts.append('!!! say-it "Choosing"\n    "I choose Kappa."\n\n')
        if name == "Follow-up questions":
            parts.append('??? follow-up "Why?"\n    One codebase.\n\n')
        if name == "Further reading":
            parts.append("- Jay Kreps, Questioning the Lambda Architecture, 2014.\n\n")
    parts.append(filler(words))
    parts.append(body_extra)
    return "".join(parts)


def test_a_complete_trade_off_page_passes(capsys, tmp_path):
    page = write(tmp_path, "good.md", trade_off_page())
    code, out, err = check(capsys, page)
    assert code == 0, out + err


@pytest.mark.parametrize(
    "front_matter, line, message",
    [
        ("title: X\ndescription: D\ntype: reference\n", 1, "needs 'tags:'"),
        ("title: X\ntype: reference\ntags: [a]\n", 1, "needs 'description:'"),
        ("title: X\ndescription: D\ntype: blog-post\ntags: [a]\n", 4, "'type' is 'blog-post'; it must be one of"),
        ("title: X\ndescription: D\ntags: [a]\n", 1, "'type' is missing"),
        ("title: X\ndescription: D\ntype: reference\ntags: []\n", 5, "needs 'tags:'"),
        ("title: [unclosed\ndescription: D\n", 3, "not valid YAML"),
    ],
)
def test_front_matter_problems_name_the_line(capsys, tmp_path, front_matter, line, message):
    page = write(tmp_path, "page.md", f"---\n{front_matter}---\n\n# Page\n")
    code, out, err = check(capsys, page)
    assert code == 1
    assert re.search(rf"page\.md:{line}: .*{re.escape(message)}", out), out


def test_missing_front_matter(capsys, tmp_path):
    page = write(tmp_path, "bare.md", "# No front matter\n")
    code, out, err = check(capsys, page)
    assert code == 1
    assert "bare.md:1: the page has no front matter" in out


def test_missing_and_misordered_sections(capsys, tmp_path):
    sections = [s for s in check_content.TRADE_OFF_SECTIONS if s != "When to choose which"]
    sections[0], sections[1] = sections[1], sections[0]  # Comparison before The options
    page = write(tmp_path, "page.md", trade_off_page(sections=sections))
    code, out, err = check(capsys, page)
    assert code == 1
    assert "missing the '## When to choose which' section" in out
    assert re.search(r"page\.md:\d+: '## Comparison' must come after '## The options'", out) or re.search(
        r"'## The options' must come after '## Comparison'", out
    ), out


def test_near_miss_heading_is_explained(capsys, tmp_path):
    text = trade_off_page().replace("## When to choose which", "## When To Choose Which")
    page = write(tmp_path, "page.md", text)
    code, out, err = check(capsys, page)
    assert "the heading must read exactly '## When to choose which'" in out


def test_counts_are_enforced(capsys, tmp_path):
    text = trade_off_page(words=50).replace('!!! say-it "Choosing"\n    "I choose Kappa."\n', "")
    page = write(tmp_path, "page.md", text)
    code, out, err = check(capsys, page)
    assert code == 1
    assert re.search(r"page\.md:4: a trade-off page needs at least 600 words .* this page has \d+", out), out
    assert "at least 1 '!!! say-it' blocks; this page has 0" in out


def test_table_that_compares_too_little_does_not_count(capsys, tmp_path):
    small = "| Criterion | A | B |\n|---|---|---|\n| Cost | 1 | 2 |\n"
    page = write(tmp_path, "page.md", trade_off_page().replace(TRADE_OFF_TABLE, small))
    code, out, err = check(capsys, page)
    assert "needs at least 1 comparison tables" in out


def test_unknown_admonition_and_uncaptioned_diagram(capsys, tmp_path):
    extra = '\n!!! sayit "Typo"\n    Oops.\n\n```mermaid\nflowchart LR\n    A --> B\n```\n\nNo caption here.\n'
    page = write(tmp_path, "page.md", trade_off_page(body_extra=extra))
    code, out, err = check(capsys, page)
    assert "unknown admonition type 'sayit'" in out
    assert "diagram without a caption" in out


def test_trade_off_options_must_be_a_list(capsys, tmp_path):
    text = trade_off_page().replace("options: [Lambda, Kappa]", "options: Lambda")
    page = write(tmp_path, "page.md", text)
    code, out, err = check(capsys, page)
    assert re.search(r"page\.md:6: 'options' must list the two or more options", out), out


def test_case_study_template_fails_on_every_target_it_misses(capsys, tmp_path):
    text = (ROOT / "templates" / "case-study.md").read_text().replace("<medium | hard>", "medium")
    page = write(tmp_path, "case.md", text)
    code, out, err = check(capsys, page)
    assert code == 1
    for what in ("4000 words", "6 Mermaid diagrams", "3 comparison tables", "5 '??? follow-up'", "6 flashcards", "5 entries under '## Further reading'"):
        assert what in out, what
    # the template has the structure right: no section problems, the opening boxes in place
    assert "missing the" not in out
    assert "opens, right under its title" not in out


def test_a_case_study_opens_with_the_prompt_alone_then_the_answer_on_one_screen(capsys, tmp_path):
    template = (ROOT / "templates" / "case-study.md").read_text()
    no_prompt = template.replace('!!! prompt "The prompt"', '!!! note "The prompt"')
    code, out, _ = check(capsys, write(tmp_path, "a.md", no_prompt))
    assert re.search(r"a\.md:\d+: a case study opens, right under its title, with the interviewer's words alone", out), out
    no_summary = template.replace('??? summary "The answer on one screen"', '??? note "The answer"')
    code, out, _ = check(capsys, write(tmp_path, "b.md", no_summary))
    assert "followed by the collapsed answer on one screen" in out, out
    long_summary = template.replace("    <At most 250 words:", "    " + "word " * 260 + "<At most 250 words:")
    code, out, _ = check(capsys, write(tmp_path, "c.md", long_summary))
    assert re.search(r"the answer on one screen has \d+ words; it must fit one screen: at most 250", out), out


def test_a_case_study_over_7000_words_fails(capsys, tmp_path):
    template = (ROOT / "templates" / "case-study.md").read_text()
    text = template.replace("## Clarifying requirements\n", "## Clarifying requirements\n\n" + ("Padding words here. " * 2400) + "\n", 1)
    code, out, _ = check(capsys, write(tmp_path, "long.md", text))
    assert "a case study has at most 7000 words of text" in out, out


def test_a_building_block_needs_its_two_minute_box_and_sections(capsys, tmp_path):
    template = (ROOT / "templates" / "building-block.md").read_text()
    code, out, _ = check(capsys, write(tmp_path, "bb.md", template))
    assert code == 1
    for what in ("2000 words", "3 Mermaid diagrams", "2 comparison tables", "2 '!!! pitfall'", "3 '??? follow-up'", "5 flashcards", "4 entries"):
        assert what in out, what
    assert "missing the" not in out and "two-minute version" not in out
    code, out, _ = check(capsys, write(tmp_path, "bb2.md", template.replace('!!! abstract "The two-minute version"', '!!! note "Summary"')))
    assert "a building block opens with its two-minute version in a box" in out, out


def test_an_unknown_tag_is_rejected_with_the_nearest_one(capsys, tmp_path):
    text = "---\ntitle: T\ndescription: D.\ntype: reference\ntags: [ranking, trade-offs]\n---\n\n# T\n\nText.\n"
    code, out, _ = check(capsys, write(tmp_path, "t.md", text))
    assert code == 1
    assert re.search(r"t\.md:5: unknown tag 'trade-offs' \(did you mean 'trade-off'\?\)", out), out


def test_case_study_needs_latency_budget_and_capacity(capsys, tmp_path):
    text = (ROOT / "templates" / "case-study.md").read_text().replace("### Latency budget", "### Budget").replace("### Capacity estimate", "### Sizing")
    page = write(tmp_path, "case.md", text)
    code, out, err = check(capsys, page)
    assert "'### Latency budget' subsection" in out
    assert "'### Capacity estimate' subsection" in out


def test_missing_path_is_a_usage_error(capsys):
    code, out, err = check(capsys, "no/such/page.md")
    assert code == 2
    assert "no such file or folder" in err


def test_every_page_of_the_guide_follows_the_content_guide(capsys):
    code, out, err = check(capsys)
    assert code == 0, out + err


# --- the checker reads the page as MkDocs renders it ------------------------------------


def test_a_table_inside_an_admonition_is_counted(capsys, tmp_path):
    boxed = "\n".join("    " + line if line else "" for line in TRADE_OFF_TABLE.splitlines())
    text = trade_off_page().replace(TRADE_OFF_TABLE, f'\n!!! note "The numbers"\n{boxed}\n')
    page = write(tmp_path, "page.md", text)
    structure = check_content.analyse(check_content.read_page(page))
    assert [(t.columns, t.rows) for t in structure.tables] == [(3, 4)]
    assert structure.tables[0].heading.text == "Comparison"
    code, out, err = check(capsys, page)
    assert code == 0, out + err


def test_a_heading_with_an_id_is_read_as_its_text(capsys, tmp_path):
    text = trade_off_page().replace("## When to choose which", "## When to choose which { #choosing }")
    page = write(tmp_path, "page.md", text)
    code, out, err = check(capsys, page)
    assert code == 0, out + err
    structure = check_content.analyse(check_content.read_page(page))
    heading = next(h for h in structure.headings if h.text == "When to choose which")
    assert text.splitlines()[heading.line - 1].startswith("## When to choose which { #choosing }")


def test_diagrams_inside_blocks_are_counted_and_need_their_caption(capsys, tmp_path):
    diagram = '    ```mermaid\n    flowchart LR\n        A --> B\n    ```\n'
    extra = (
        '\n!!! note "In a box"\n\n' + diagram + '\n    /// caption\n    Captioned inside the box.\n    ///\n'
        '\n=== "In a tab"\n\n' + diagram + "\n    No caption here.\n"
    )
    page = write(tmp_path, "page.md", trade_off_page(body_extra=extra))
    structure = check_content.analyse(check_content.read_page(page))
    assert len(structure.diagrams) == 2
    code, out, err = check(capsys, page)
    lines = page.read_text().splitlines()
    uncaptioned = [l for l in out.splitlines() if "diagram without a caption" in l]
    assert len(uncaptioned) == 1, out
    line = int(uncaptioned[0].split(":")[1])
    assert lines[line - 1].strip() == "```mermaid" and lines[line - 3].startswith('=== "In a tab"'), uncaptioned


def test_admonitions_are_counted_as_rendered_not_in_code(capsys, tmp_path):
    extra = '\n```markdown\n!!! say-it "Only an example"\n    Not a real block.\n```\n'
    text = trade_off_page(body_extra=extra).replace('!!! say-it "Choosing"\n    "I choose Kappa."\n', "")
    page = write(tmp_path, "page.md", text)
    code, out, err = check(capsys, page)
    assert "at least 1 '!!! say-it' blocks; this page has 0" in out


def test_a_flashcard_without_an_answer_is_reported_at_its_line(tmp_path, capsys):
    page = write(tmp_path, "cards.md", """---
title: Cards
description: Flashcards with and without answers.
type: practice
tags: [practice]
---

# Cards

??? question "What does a Leitner box hold?"
    Cards answered right the same number of times in a row.

??? question "What is left unanswered?"

Some text that is not indented.

- A list item

    ??? question "Nested, with an answer?"
        Yes: nested cards are checked too.

    ??? question "Nested, without one?"
""")
    code, out, _ = check(capsys, page)
    assert code == 1
    lines = [line for line in out.splitlines() if "flashcard without an answer" in line]
    assert [line.split(":")[1] for line in lines] == ["13", "22"], out


