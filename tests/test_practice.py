"""The practice tools in the real browser: quiz, interview clock, checklists, study marks.

Each test starts from an empty localStorage (a new browser context per test) and checks what a
reader sees, before and after a reload. The clock is driven with Playwright's clock API.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.browser

QUIZ = "practice/flashcards/"
CLOCK = "practice/interview-clock/"


def site_json(site, name: str) -> dict:
    return json.loads((Path(site["dir"]) / "assets" / name).read_text(encoding="utf-8"))


def status_numbers(page) -> tuple[int, int, int]:
    text = page.inner_text("[data-quiz-status]")
    total, due, learnt = map(int, re.match(r"(\d+) cards in this selection: (\d+) due now, (\d+) learnt", text).groups())
    return total, due, learnt


def open_quiz(page, url=QUIZ):
    page.goto(url)
    page.wait_for_selector("[data-quiz-status]")


# --- the quiz ------------------------------------------------------------------------


def test_quiz_reveals_grades_and_remembers_across_a_reload(page, site):
    cards = site_json(site, "flashcards.json")["cards"]
    open_quiz(page)
    assert status_numbers(page) == (len(cards), len(cards), 0)
    # new cards come in the guide's order
    assert page.inner_text("[data-quiz-question]") == cards[0]["question"]
    assert page.locator("[data-quiz-answer]").is_hidden()
    page.keyboard.press(" ")
    assert page.locator("[data-quiz-answer]").is_visible()
    assert page.inner_text("[data-quiz-answer]").strip()
    page.keyboard.press("1")  # knew it: out of the first box, due tomorrow
    assert page.inner_text("[data-quiz-question]") == cards[1]["question"]
    assert status_numbers(page) == (len(cards), len(cards) - 1, 1)
    page.click("[data-quiz-reveal]")
    page.click("[data-quiz-missed]")  # didn't: back to box 1, again in 10 minutes
    assert page.inner_text("[data-quiz-question]") == cards[2]["question"]
    assert status_numbers(page) == (len(cards), len(cards) - 2, 1)

    page.reload()
    page.wait_for_selector("[data-quiz-status]")
    assert status_numbers(page) == (len(cards), len(cards) - 2, 1)
    assert page.inner_text("[data-quiz-question]") == cards[2]["question"]
    state = page.evaluate("JSON.parse(localStorage.getItem('mlsd:quiz'))")
    assert state["cards"][cards[0]["id"]]["box"] == 1
    assert state["cards"][cards[1]["id"]]["box"] == 0


def test_quiz_filters_by_tag_and_by_page_and_keeps_the_choice(page, site):
    cards = site_json(site, "flashcards.json")["cards"]
    open_quiz(page)
    page.select_option("[data-quiz-tag]", "llm")
    llm = [c for c in cards if "llm" in c["tags"]]
    assert status_numbers(page)[0] == len(llm)
    assert page.inner_text("[data-quiz-question]") == llm[0]["question"]
    page.reload()
    page.wait_for_selector("[data-quiz-status]")
    assert page.input_value("[data-quiz-tag]") == "llm"
    assert status_numbers(page)[0] == len(llm)

    page.select_option("[data-quiz-tag]", "")
    page.select_option("[data-quiz-page]", "case-studies/chatbot/")
    chatbot = [c for c in cards if c["url"] == "case-studies/chatbot/"]
    assert status_numbers(page)[0] == len(chatbot)
    assert "Conversational assistant" in page.inner_text(".quiz__where")


def test_quiz_progress_exports_and_imports_as_a_json_file(page, tmp_path):
    open_quiz(page)
    page.keyboard.press(" ")
    page.keyboard.press("1")
    page.evaluate("localStorage.setItem('mlsd:studied', JSON.stringify({'glossary/': '2026-12-01'}))")
    with page.expect_download() as download:
        page.click("[data-quiz-export]")
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format"] == "ml-system-design-guide-progress"
    assert data["data"]["studied"] == {"glossary/": "2026-12-01"}

    page.evaluate("localStorage.clear()")
    page.reload()
    page.wait_for_selector("[data-quiz-status]")
    assert status_numbers(page)[2] == 0
    page.set_input_files("[data-quiz-import]", str(saved))
    page.wait_for_function("() => document.querySelector('.quiz__message').textContent.includes('imported')")
    assert status_numbers(page)[2] == 1
    page.reload()
    page.wait_for_selector("[data-quiz-status]")
    assert status_numbers(page)[2] == 1
    assert page.evaluate("JSON.parse(localStorage.getItem('mlsd:studied'))") == {"glossary/": "2026-12-01"}

    bad = tmp_path / "other.json"
    bad.write_text('{"something": "else"}', encoding="utf-8")
    page.set_input_files("[data-quiz-import]", str(bad))
    page.wait_for_function("() => document.querySelector('.quiz__message').textContent.includes('Could not import')")
    assert status_numbers(page)[2] == 1


def test_quiz_typesets_formulas_and_links_answers_to_their_pages(page, site):
    cards = site_json(site, "flashcards.json")["cards"]
    with_math = next(c for c in cards if "arithmatex" in c["answer"])
    open_quiz(page, QUIZ + "?page=" + with_math["url"])
    for _ in range(50):
        if page.inner_text("[data-quiz-question]") == with_math["question"]:
            break
        page.keyboard.press(" ")
        page.keyboard.press("2")
    assert page.inner_text("[data-quiz-question]") == with_math["question"]
    page.keyboard.press(" ")
    assert page.locator("[data-quiz-answer] .katex").count() >= 1
    where = page.get_attribute(".quiz__where a", "href")
    assert where == site["url"] + with_math["url"]


def test_quiz_page_links_the_deck_and_the_csv(page, site):
    open_quiz(page)
    hrefs = page.eval_on_selector_all("article a.md-button", "els => els.map(a => a.href)")
    assert site["url"] + "ml-system-design-flashcards.apkg" in hrefs
    assert site["url"] + "ml-system-design-flashcards.csv" in hrefs


# --- the interview clock ---------------------------------------------------------


START = 1_800_000_000_000  # a fixed moment (2027-01-15), so that runs are alike


def open_clock(page):
    """The clock page with the browser's time stopped: only advance() moves it."""
    page.clock.install(time=START)
    page.clock.pause_at(START + 1000)
    page.goto(CLOCK)
    page.wait_for_selector("[data-clock-steps] li")


def board(page) -> str:
    return page.inner_text("[data-clock-board]")


def advance(page, minutes: float):
    """Move time on by exactly this much; the clock's 250 ms timer fires on the last step."""
    page.clock.fast_forward(round(minutes * 60_000) - 250)
    page.clock.run_for(250)


def test_clock_shows_each_checkpoint_at_its_minute_and_survives_a_reload(page, site):
    prompts = [p["prompt"] for p in site_json(site, "interview-clock.json")["prompts"]]
    open_clock(page)
    assert page.inner_text("[data-clock-time]") == "45:00"
    page.click("[data-clock-random]")
    prompt = page.inner_text("[data-clock-prompt] p")
    assert prompt in prompts
    page.keyboard.press(" ")
    assert page.get_attribute("[data-interview-clock]", "data-running") == "true"

    advance(page, 10.9)
    assert "Checkpoint A" not in board(page)
    assert "2. Framing" in page.inner_text("[data-clock-now]")
    advance(page, 0.1)
    assert "Checkpoint A (minute 11)" in board(page)
    assert "Checkpoint A" in page.inner_text("[data-clock-checkpoint]")
    assert page.inner_text("[data-clock-time]") == "34:00"
    assert "Checkpoint B" not in board(page)

    page.reload()
    page.wait_for_selector("[data-clock-steps] li")
    assert page.inner_text("[data-clock-prompt] p") == prompt
    assert page.get_attribute("[data-interview-clock]", "data-running") == "true"
    assert "Checkpoint A" in board(page)
    advance(page, 26 - 11 - 0.2)
    assert "Checkpoint B" not in board(page)
    advance(page, 0.2)
    assert "Checkpoint B (minute 26)" in board(page)
    advance(page, 38 - 26)
    assert "Checkpoint C (minute 38)" in board(page)
    assert page.inner_text("[data-clock-time]") == "07:00"

    page.keyboard.press(" ")  # pause
    advance(page, 3)
    assert page.inner_text("[data-clock-time]") == "07:00"
    assert page.get_attribute("[data-interview-clock]", "data-running") == "false"
    page.keyboard.press("r")
    assert page.inner_text("[data-clock-time]") == "45:00"
    assert board(page) == ""


def test_clock_runs_the_60_minute_plan_and_a_typed_prompt(page, site):
    plan = site_json(site, "interview-clock.json")["plans"]["60"]
    first = next(row for row in plan if row["checkpoint"])
    open_clock(page)
    page.select_option("[data-clock-length]", "60")
    page.fill("[data-clock-prompt-input]", "Design a podcast recommender.")
    assert page.inner_text("[data-clock-time]") == "60:00"
    page.click("[data-clock-start]")
    advance(page, first["end"] - 0.1)
    assert "Checkpoint A" not in board(page)
    advance(page, 0.1)
    assert f"Checkpoint A (minute {first['end']})" in board(page)
    advance(page, 60)
    assert page.inner_text("[data-clock-time]") == "00:00"
    assert page.inner_text("[data-clock-now]").startswith("Time.")
    page.reload()
    page.wait_for_selector("[data-clock-steps] li")
    assert page.input_value("[data-clock-length]") == "60"
    assert page.inner_text("[data-clock-prompt] p") == "Design a podcast recommender."


def test_clock_fits_a_phone_screen(browser, site):
    context = browser.new_context(base_url=site["url"], viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(CLOCK)
        page.wait_for_selector("[data-clock-steps] li")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for selector in ("[data-clock-time]", "[data-clock-start]", "[data-clock-random]"):
            box = page.locator(selector).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, selector
        page.tap("[data-clock-start]")
        assert page.get_attribute("[data-interview-clock]", "data-running") == "true"
    finally:
        context.close()


# --- checklists and study marks ----------------------------------------------------


def practice_page_with_a_checklist(site) -> str:
    for html in sorted((Path(site["dir"]) / "practice").rglob("index.html")):
        if "task-list-item" in html.read_text(encoding="utf-8"):
            rel = html.parent.relative_to(site["dir"]).as_posix()
            return rel + "/"
    pytest.fail("no practice page has a task list")


def tick(page, item):
    """Click the drawn box, as a reader does: Material draws it left of the hidden input's label."""
    item.scroll_into_view_if_needed()
    label = item.locator("label").bounding_box()
    page.mouse.click(label["x"] - 14, label["y"] + 12)


def test_checklist_ticks_are_real_and_survive_a_reload(page, site):
    url = practice_page_with_a_checklist(site)
    page.goto(url)
    boxes = page.locator("article li.task-list-item input[type=checkbox]")
    assert boxes.count() >= 2
    assert not boxes.nth(0).is_disabled()
    tick(page, page.locator("article li.task-list-item").nth(1))
    assert boxes.nth(1).is_checked()
    page.reload()
    boxes = page.locator("article li.task-list-item input[type=checkbox]")
    page.wait_for_function("() => document.querySelector('.checklist-reset') !== null")
    assert boxes.nth(1).is_checked() and not boxes.nth(0).is_checked()
    page.locator(".checklist-reset").first.click()
    page.reload()
    page.wait_for_function("() => document.querySelector('.checklist-reset') !== null")
    assert not page.locator("article li.task-list-item input[type=checkbox]").nth(1).is_checked()


def test_study_marks_show_on_the_practice_index_with_learnt_cards(page, site):
    cards = site_json(site, "flashcards.json")["cards"]
    page.goto("case-studies/chatbot/")
    button = page.locator(".study-mark__button")
    assert button.inner_text() == "Mark as studied"
    button.click()
    assert "Studied on" in page.inner_text(".study-mark__status")
    page.reload()
    assert page.locator(".study-mark__button").inner_text() == "Mark as not studied"
    page.evaluate(
        "(id) => localStorage.setItem('mlsd:quiz', JSON.stringify({cards: {[id]: {box: 2, due: Date.now() + 1e9}}}))",
        cards[0]["id"],
    )

    page.goto("practice/")
    page.wait_for_selector(".progress-summary__cards strong")
    summary = page.inner_text("[data-progress-summary]")
    assert re.search(r"Pages studied: 1 of \d+", summary)
    assert page.locator(".progress-summary__list a").inner_text() == "Conversational assistant"
    assert f"Flashcards learnt: 1 of {len(cards)}; {len(cards) - 1} due now" in summary

    page.goto("case-studies/chatbot/")
    page.click(".study-mark__button")
    page.goto("practice/")
    page.wait_for_selector(".progress-summary__cards strong")
    assert "Pages studied: 0 of" in page.inner_text("[data-progress-summary]")


def test_practice_markup_has_no_inline_script_style_or_handler(site):
    """What the Content-Security-Policy branch forbids, in the pages these tools add."""
    for url in (QUIZ, CLOCK, "practice/"):
        soup = BeautifulSoup((Path(site["dir"]) / url / "index.html").read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article")
        assert not article.find_all("script"), url
        for element in article.find_all(True):
            assert "style" not in element.attrs, (url, element.name)
            assert not [a for a in element.attrs if a.startswith("on")], (url, element.name)
