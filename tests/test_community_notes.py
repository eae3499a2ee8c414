"""Community notes: each rejection rule, and a good note rendered on the page it applies to."""

from __future__ import annotations

import re

import community_notes
import pytest
from bs4 import BeautifulSoup
from common import read_page

GOOD = """---
title: A useful tip
author: octocat
date: 2026-11-20
applies_to: framework/evaluation.md
kind: tip
type: community-note
tags: [evaluation]
---

Say which PR-AUC you mean. See [the chapter](../../framework/evaluation.md).
"""


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "framework").mkdir()
    (tmp_path / "framework" / "evaluation.md").write_text("# Evaluation\n")
    (tmp_path / "community" / "notes").mkdir(parents=True)
    return tmp_path


def problems_for(docs, text):
    path = docs / "community" / "notes" / "note.md"
    path.write_text(text, encoding="utf-8")
    page = read_page(path)
    if page.meta_error:
        return [f"{page.meta_error_line}: {page.meta_error}"]
    return [f"{p.line}: {p.message}" for p in community_notes.check_note(page, docs)]


def test_a_good_note_passes(docs):
    assert problems_for(docs, GOOD) == []


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("author: octocat\n", "", r"^1: the note is missing 'author:'"),
        ("title: A useful tip\n", "", r"^1: the note is missing 'title:'"),
        ("kind: tip\n", "kind: rant\n", r"^6: 'kind' must be one of tip, correction, interview-report, new-topic; got 'rant'"),
        ("author: octocat\n", "author: not a handle!\n", r"^3: 'author' must be your GitHub handle"),
        ("author: octocat\n", "author: -bad-\n", r"^3: 'author' must be your GitHub handle"),
        ("date: 2026-11-20\n", "date: 2026-13-45\n", r"^4: 'date' must be a real date written YYYY-MM-DD"),
        ("date: 2026-11-20\n", "date: last tuesday\n", r"^4: 'date' must be a real date written YYYY-MM-DD"),
        ("date: 2026-11-20\n", "date: 20/11/2026\n", r"^4: 'date' must be a real date"),
        ("applies_to: framework/evaluation.md\n", "applies_to: framework/nope.md\n", r"^5: 'applies_to' names 'framework/nope.md', but there is no docs/framework/nope.md"),
        ("applies_to: framework/evaluation.md\n", "applies_to: ../../etc/passwd.md\n", r"^5: 'applies_to' must be a page of the guide"),
        ("applies_to: framework/evaluation.md\n", "applies_to: framework/\n", r"^5: 'applies_to' must be a page of the guide"),
        ("tags: [evaluation]\n", "tags: evaluation\n", r"^8: 'tags' must be a list"),
        ("kind: tip\n", "kind: tip\napply_to: x.md\n", r"^7: unknown field 'apply_to'"),
    ],
)
def test_malformed_fields_are_rejected_with_a_clear_message(docs, old, new, expected):
    found = problems_for(docs, GOOD.replace(old, new))
    assert any(re.search(expected, p) for p in found), found


def test_invalid_yaml_is_reported_with_its_line(docs):
    found = problems_for(docs, GOOD.replace("title: A useful tip", "title: [unclosed"))
    assert found and "not valid YAML" in found[0]


def test_empty_note_is_rejected(docs):
    found = problems_for(docs, GOOD.split("---\n\n")[0] + "---\n")
    assert any("the note has no text" in p for p in found), found


@pytest.mark.parametrize(
    "body, expected",
    [
        ("<script>alert(1)</script>", "<script> is not allowed"),
        ('<iframe src="https://example.com"></iframe>', "<iframe> is not allowed"),
        ('<object data="x.swf"></object>', "<object> is not allowed"),
        ('<embed src="x.swf">', "<embed> is not allowed"),
        ("<style>body { display: none }</style>", "<style> is not allowed"),
        ('Hello <b onclick="steal()">there</b>', "the attribute 'onclick' on <b> is not allowed"),
        ('<img src="x.png" onerror="steal()">', "the attribute 'onerror' on <img> is not allowed"),
        ("[click](javascript:alert(1))", "javascript: and data: URLs can run code"),
        ('<a href="javascript:alert(1)">x</a>', "javascript: and data: URLs can run code"),
        ("![tracker](https://evil.example/pixel.gif)", "is loaded from another site"),
        ('<img src="//evil.example/pixel.gif">', "is loaded from another site"),
    ],
)
def test_unsafe_html_is_rejected_at_its_line(docs, body, expected):
    found = problems_for(docs, GOOD.replace("Say which PR-AUC you mean.", f"Intro line.\n\n{body}"))
    line = GOOD.split("\n").index("Say which PR-AUC you mean. See [the chapter](../../framework/evaluation.md).") + 1 + 2
    assert any(p.startswith(f"{line}: ") and expected in p for p in found), found


def test_safe_markdown_and_relative_images_pass(docs):
    body = "Some **bold**, `code`, a [link](https://example.com) and ![chart](../../assets/favicon.svg)."
    assert problems_for(docs, GOOD.replace("Say which PR-AUC you mean.", body)) == []


def test_check_content_rejects_a_bad_note_in_the_guide(capsys, tmp_path, monkeypatch):
    import check_content

    notes = tmp_path / "notes"
    notes.mkdir()
    bad = notes / "bad.md"
    bad.write_text(GOOD.replace("kind: tip", "kind: rant").replace("type: community-note\n", ""))
    monkeypatch.setattr(check_content, "NOTES_DIR", notes)
    code = check_content.main([str(bad)])
    out = capsys.readouterr().out
    assert code == 1
    assert "'kind' must be one of" in out
    assert "needs 'type: community-note'" in out


def test_links_are_rebased_from_the_note_to_the_page():
    body = "See [a](../../framework/evaluation.md#metrics), [b](https://x.org), [c](#here) and <a href=\"../../index.md\">d</a>."
    rebased = community_notes.rebase_links(body, "community/notes", "trade-offs")
    assert "(../framework/evaluation.md#metrics)" in rebased
    assert "(https://x.org)" in rebased and "(#here)" in rebased
    assert 'href="../index.md"' in rebased


def test_notes_are_rendered_at_the_end_of_their_page_and_listed(site):
    for note_path in sorted(community_notes.NOTES_DIR.glob("*.md")):
        note = read_page(note_path).meta
        target = note["applies_to"].removesuffix(".md")
        target = "" if target == "index" else target.removesuffix("/index") + "/"
        soup = BeautifulSoup((site["dir"] / target / "index.html").read_text(), "html.parser")
        article = soup.select_one("article")
        heading = article.find(id="community-notes")
        assert heading is not None, f"no 'Community notes' section on {target}"
        anchor = article.find(id=f"note-{note_path.stem}")
        assert anchor is not None
        block = anchor.find_next("div", class_="admonition")
        assert note["title"] in block.get_text()
        assert f"@{note['author']}" in block.get_text()
        assert str(note["date"]) in block.get_text()
        # the section comes after everything else the page says
        assert not heading.find_next(["h1", "h2"], string=lambda s: s and s != "Community notes")
    index = BeautifulSoup((site["dir"] / "community" / "index.html").read_text(), "html.parser")
    listed = [a["href"] for a in index.select("article a[href*='#note-']")]
    assert len(listed) == len(list(community_notes.NOTES_DIR.glob("*.md")))
