"""scripts/flashcards.py and make_flashcards.py: the deck, the CSV and the quiz's JSON.

The deck is read back the way Anki reads it (the SQLite collection inside the .apkg); the
cards it must hold are counted independently, straight from the built pages.
"""

from __future__ import annotations

import collections
import csv
import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

import flashcards
import make_flashcards
import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES

FIXTURE_SITE = FIXTURES / "flashcard-site"


def read_deck(apkg: Path, tmp_path: Path) -> tuple[list[dict], set[str]]:
    """The notes (guid, fields, tags) and the deck names of an Anki package."""
    with zipfile.ZipFile(apkg) as archive:
        archive.extract("collection.anki2", tmp_path)
    db = sqlite3.connect(tmp_path / "collection.anki2")
    try:
        notes = [
            {"guid": guid, "fields": flds.split("\x1f"), "tags": tags.split()}
            for guid, flds, tags in db.execute("select guid, flds, tags from notes")
        ]
        decks = {d["name"] for d in json.loads(db.execute("select decks from col").fetchone()[0]).values()}
    finally:
        db.close()
    return notes, decks


def cards_on_built_pages(site_dir: Path) -> collections.Counter:
    """(page URL, question) of every <details class="question"> of every page, print page aside."""
    found = collections.Counter()
    for html in Path(site_dir).rglob("index.html"):
        rel = html.parent.relative_to(site_dir).as_posix()
        if rel.split("/")[0] == "print_page":
            continue
        text = html.read_text(encoding="utf-8")
        start, end = text.find("<article"), text.find("</article>")
        # the article alone: a built page is mostly navigation, slow to parse
        article = BeautifulSoup(text[start:end + 10], "html.parser").find("article") if start != -1 else None
        for block in article.select("details.question") if article else []:
            question = " ".join(block.find("summary").get_text(" ", strip=True).split())
            found[("" if rel == "." else rel + "/", question)] += 1
    return found


@pytest.fixture(scope="module")
def deck(site, tmp_path_factory):
    """make_flashcards run on the session's built site: its notes, deck names and output."""
    assert make_flashcards.main(["--site", str(site["dir"])]) == 0
    notes, decks = read_deck(Path(site["dir"]) / flashcards.DECK_FILE, tmp_path_factory.mktemp("deck"))
    return {"notes": notes, "decks": decks}


def note_place(note, site_url) -> tuple[str, str]:
    page_link = BeautifulSoup(note["fields"][2], "html.parser").find("a")["href"]
    return page_link[len(site_url):], note["fields"][0]


def test_the_deck_holds_every_flashcard_of_the_built_site_exactly_once(deck, site):
    expected = cards_on_built_pages(site["dir"])
    assert sum(expected.values()) >= 300, "the guide should hold 300 or more flashcards"
    got = collections.Counter(note_place(n, site["url"]) for n in deck["notes"])
    assert got == expected
    assert len({n["guid"] for n in deck["notes"]}) == len(deck["notes"]), "two notes share a GUID"
    assert all(n["fields"][1].strip() for n in deck["notes"]), "a note has no answer"


def test_the_deck_has_a_subdeck_per_part_and_the_pages_tags(deck):
    names = deck["decks"]
    for part in ("Framework", "Case studies", "Trade-offs", "Building blocks"):
        assert f"{flashcards.DECK_NAME}::{part}" in names
    tagged = [n for n in deck["notes"] if "case-studies::chatbot" in n["tags"]]
    assert tagged and all("llm" in n["tags"] for n in tagged)


def test_the_csv_and_the_quiz_json_hold_the_same_cards_as_the_deck(deck, site):
    guids = sorted(n["guid"] for n in deck["notes"])
    with (Path(site["dir"]) / flashcards.CSV_FILE).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert sorted(r["id"] for r in rows) == guids
    data = json.loads((Path(site["dir"]) / flashcards.JSON_FILE).read_text(encoding="utf-8"))
    assert data["count"] == len(data["cards"]) == len(guids)
    assert sorted(c["id"] for c in data["cards"]) == guids
    card = next(c for c in data["cards"] if c["url"] == "framework/clarifying-requirements/")
    assert card["page"] == "Step 1: Clarifying requirements" and card["part"] == "Framework"
    assert card["section"] and card["tags"]


def test_the_flashcards_page_states_the_number_of_cards(deck, site):
    html = (Path(site["dir"]) / "practice/flashcards/index.html").read_text(encoding="utf-8")
    count = BeautifulSoup(html, "html.parser").select_one(".flashcard-count").get_text(strip=True)
    assert int(count.replace(",", "")) == len(deck["notes"])
    # and so does its chapter in the print page, which print-site writes after every other page
    printed = (Path(site["dir"]) / "print_page/index.html").read_text(encoding="utf-8")
    counts = [c.get_text(strip=True) for c in BeautifulSoup(printed, "html.parser").select(".flashcard-count")]
    assert counts and all(c == count for c in counts), counts


def build_fixture(source: Path, target: Path) -> Path:
    site_dir = target / "site"
    config = make_flashcards.load_config(source / "mkdocs.yml", site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        from mkdocs.commands.build import build

        build(config)
    finally:
        config.plugins.on_shutdown()
    assert make_flashcards.main(["--site", str(site_dir)]) == 0
    return site_dir


def test_note_guids_survive_a_rebuild_and_an_edited_answer(tmp_path):
    source = tmp_path / "src"
    shutil.copytree(FIXTURE_SITE, source)
    # the fixture's hook path is relative to the fixture's own folder
    config = (source / "mkdocs.yml").read_text(encoding="utf-8")
    (source / "mkdocs.yml").write_text(config.replace("../../../hooks/", str(Path(__file__).parent.parent / "hooks") + "/"))
    first = build_fixture(source, tmp_path / "one")
    notes_1, _ = read_deck(first / flashcards.DECK_FILE, tmp_path / "one")
    page = source / "docs/part/cards.md"
    page.write_text(page.read_text().replace("answered right the same number", "answered right the same count"))
    second = build_fixture(source, tmp_path / "two")
    notes_2, decks = read_deck(second / flashcards.DECK_FILE, tmp_path / "two")

    assert len(notes_1) == 3, "the fixture has three cards, two with the same question"
    by_question_1 = {n["guid"]: n["fields"] for n in notes_1}
    by_question_2 = {n["guid"]: n["fields"] for n in notes_2}
    assert set(by_question_1) == set(by_question_2), "a rebuild changed the note GUIDs"
    edited = [g for g in by_question_1 if by_question_1[g][1] != by_question_2[g][1]]
    assert len(edited) == 1 and "same count" in by_question_2[edited[0]][1]
    assert f"{flashcards.DECK_NAME}::Part one" in decks
    # the answer's relative link points at the page on the published site
    link = BeautifulSoup(by_question_2[edited[0]][1], "html.parser").find("a")["href"]
    assert link == "http://127.0.0.1:8000/"


def test_make_flashcards_says_when_a_folder_is_not_a_built_site(tmp_path, capsys):
    assert make_flashcards.main(["--site", str(tmp_path)]) == 2
    assert "not a built site" in capsys.readouterr().err
