"""Search: the served site's own search box must find what candidates type."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).parent / "search_queries.yaml").read_text(encoding="utf-8"))


def test_query_file_is_large_enough():
    assert len(QUERIES) >= 120
    for entry in QUERIES:
        assert entry["query"].strip() and entry["expect"], entry


def page_of(href: str, base: str) -> str:
    path = href.removeprefix(base).split("#", 1)[0].split("?", 1)[0].strip("/")
    return path or "index"


def test_search_finds_each_topic_in_the_top_5(page, site, capsys):
    page.goto("")
    box = page.locator("input.md-search__input")
    box.click()
    results, times, misses = [], [], []
    for entry in QUERIES:
        box.press("Control+A")
        box.press("Backspace")
        page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 0")
        # The whole query at once, then one real key press: Material searches on key events.
        # Typing character by character would send a search per prefix, and the results of an
        # earlier prefix can still be on screen when the box already holds the whole query.
        box.fill(entry["query"])
        started = time.perf_counter()
        box.press("End")
        try:
            page.wait_for_function(
                """(q) => document.querySelector("input.md-search__input").value === q &&
                      (document.querySelectorAll(".md-search-result__item").length > 0 ||
                       /No matching/.test(document.querySelector(".md-search-result__meta").textContent))""",
            arg=entry["query"],
            timeout=60000 if not times else 15000,  # the first query waits for the index to load
            )
        except Exception:
            results.append(None)
            misses.append(f"{entry['query']!r}: no results appeared")
            continue
        times.append(time.perf_counter() - started)
        # One result item per page (its first link); the sections under it are the same page.
        hrefs = page.eval_on_selector_all(
            ".md-search-result__item",
            "items => items.slice(0, 5).map(li => li.querySelector('a.md-search-result__link').href)",
        )
        found = [page_of(h, site["url"]) for h in hrefs]
        expected = {e.strip("/") for e in entry["expect"]}
        expected |= {e.removesuffix("/index") for e in expected if e.endswith("/index")}
        rank = next((i for i, p in enumerate(found) if p in expected), None)
        results.append(rank)
        if rank is None:
            misses.append(f"{entry['query']!r}: got {found}, expected one of {sorted(expected)}")
    recall_1 = sum(r == 0 for r in results) / len(results)
    recall_5 = sum(r is not None for r in results) / len(results)
    with capsys.disabled():
        print(
            f"\nsearch: {len(results)} queries, recall@1 {recall_1:.2f}, recall@5 {recall_5:.2f}, "
            f"median time to results {statistics.median(times) * 1000:.0f} ms"
        )
        if misses:
            print("queries whose expected page is not in the top 5:\n  " + "\n  ".join(misses))
    # Issue 3: a candidate must find every topic on the first screen of results.
    assert not misses, f"{len(misses)} of {len(results)} queries missed the top 5:\n" + "\n".join(misses)
