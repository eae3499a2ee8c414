"""The trade-offs overview table, filtered by tag in a real Chromium."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from common import ROOT, read_page

pytestmark = pytest.mark.browser

SECTION_TAG = "trade-off"  # every trade-off page carries it, so it is not offered as a filter


def trade_off_pages() -> dict[str, list[str]]:
    """Title of each trade-off page -> its tags other than the section tag, from front matter."""
    pages = {}
    for path in sorted((ROOT / "docs" / "trade-offs").glob("*.md")):
        if path.name == "index.md":
            continue
        meta = read_page(path).meta
        pages[meta["title"]] = [t for t in meta.get("tags", []) if t != SECTION_TAG]
    return pages


def visible_titles(page) -> set[str]:
    return set(
        page.locator("article table tbody tr:visible td:first-child a").all_inner_texts()
    )


def current_tag(page) -> str | None:
    return parse_qs(urlsplit(page.url).query).get("tag", [None])[0]


def test_every_tag_button_shows_exactly_the_pages_with_that_tag(page):
    pages = trade_off_pages()
    counts = Counter(tag for tags in pages.values() for tag in tags)
    page.goto("trade-offs/")
    buttons = page.locator(".tag-filter__button")
    buttons.first.wait_for()
    labels = buttons.all_inner_texts()
    assert labels[0] == f"All ({len(pages)})"
    # one button per tag, most used first, with the count in the label
    assert labels[1:] == [
        f"{tag} ({n})" for tag, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    assert visible_titles(page) == set(pages)
    for tag, n in counts.items():
        page.locator(f'.tag-filter__button[data-tag="{tag}"]').click()
        expected = {title for title, tags in pages.items() if tag in tags}
        assert visible_titles(page) == expected, tag
        assert page.locator(".tag-filter__status").inner_text() == (
            f"Showing {n} of {len(pages)} trade-offs tagged \u201c{tag}\u201d."
        )
        assert page.locator('.tag-filter__button[aria-pressed="true"]').get_attribute("data-tag") == tag
        assert current_tag(page) == tag
    page.locator('.tag-filter__button[data-tag=""]').click()
    assert visible_titles(page) == set(pages)
    assert current_tag(page) is None


def test_clicking_the_pressed_tag_again_clears_the_filter(page):
    page.goto("trade-offs/")
    serving = page.locator('.tag-filter__button[data-tag="serving"]')
    serving.click()
    assert current_tag(page) == "serving"
    serving.click()
    assert current_tag(page) is None
    assert visible_titles(page) == set(trade_off_pages())


def test_a_chip_in_the_table_filters_by_its_tag_and_works_from_the_keyboard(page):
    pages = trade_off_pages()
    page.goto("trade-offs/")
    page.locator('.tag-filter__button').first.wait_for()
    chip = page.locator('article table .tag-chip[data-tag="llm"]').first
    chip.focus()
    page.keyboard.press("Enter")
    assert visible_titles(page) == {t for t, tags in pages.items() if "llm" in tags}
    assert current_tag(page) == "llm"


def test_a_filtered_link_opens_filtered_and_an_unknown_tag_says_so(page):
    pages = trade_off_pages()
    page.goto("trade-offs/?tag=evaluation")
    page.locator('.tag-filter__button[aria-pressed="true"]').wait_for()
    assert visible_titles(page) == {t for t, tags in pages.items() if "evaluation" in tags}

    page.goto("trade-offs/?tag=no-such-tag")
    page.locator('.tag-filter__button[aria-pressed="true"]').wait_for()
    assert visible_titles(page) == set(pages)
    assert "No page is tagged \u201cno-such-tag\u201d" in page.locator(".tag-filter__status").inner_text()
    assert current_tag(page) is None  # the bad tag is dropped from the address


def test_the_filter_works_after_instant_navigation(page, site):
    page.goto("glossary/")
    page.evaluate("window.__sameDocument = true")
    page.evaluate(
        """(href) => { const a = document.createElement("a"); a.href = href;
                       document.querySelector("article").appendChild(a); a.click(); }""",
        site["url"] + "trade-offs/",
    )
    page.wait_for_url(re.compile(r"trade-offs/$"))
    page.locator('.tag-filter__button[data-tag="streaming"]').click()
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded, not swapped"
    expected = {t for t, tags in trade_off_pages().items() if "streaming" in tags}
    assert visible_titles(page) == expected


def test_without_javascript_the_whole_table_shows_and_the_empty_bar_stays_hidden(browser, site):
    context = browser.new_context(base_url=site["url"], java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("trade-offs/")
        assert page.locator(".tag-filter").is_hidden()
        assert visible_titles(page) == set(trade_off_pages())
    finally:
        context.close()
