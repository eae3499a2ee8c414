"""The built site in a real Chromium: diagrams, dark mode, formulas, tooltips, the policy.

Every test runs in a context from conftest's ``new_context``, which fails it for any request
that leaves the site, any Content-Security-Policy violation, dialog or console error: so each
feature below is also proven to work under the policy.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ALL_DIAGRAMS_DRAWN = """
() => {
  const blocks = Array.from(document.querySelectorAll("article .mermaid"));
  if (blocks.length === 0) return false;
  return blocks.every(b => b.shadowRoot && b.shadowRoot.querySelector("svg") &&
                           !b.shadowRoot.textContent.includes("Syntax error"));
}
"""


DIAGRAM_WIDTHS = """
() => Array.from(document.querySelectorAll("article .mermaid")).map(block => {
  const svg = block.shadowRoot.querySelector("svg");
  return { natural: svg.viewBox.baseVal.width, drawn: svg.getBoundingClientRect().width,
           column: document.querySelector("article").getBoundingClientRect().width };
})
"""


def pages_with(site, needle: str) -> list[str]:
    """Site-relative URLs of the built pages whose HTML contains needle."""
    urls = []
    for html in sorted(Path(site["dir"]).rglob("index.html")):
        if html.parent.name == "print_page":
            continue  # the whole guide on one page, for the PDF: tested in test_pdf.py
        if needle in html.read_text(encoding="utf-8"):
            rel = html.parent.relative_to(site["dir"]).as_posix()
            urls.append("" if rel == "." else rel + "/")
    return urls


def diagram_count(page) -> int:
    return page.locator("article .mermaid").count()


def test_every_diagram_renders_as_svg_on_direct_load_at_the_column_width(page, site):
    urls = pages_with(site, 'class="mermaid"')
    assert urls, "the guide should have pages with diagrams"
    page.set_viewport_size({"width": 1280, "height": 900})
    for url in urls:
        page.goto(url)
        page.wait_for_function(ALL_DIAGRAMS_DRAWN)
        expected = (Path(site["dir"]) / url / "index.html").read_text(encoding="utf-8").count('class="mermaid"')
        assert diagram_count(page) == expected, url
        # A captioned diagram once shrank to the width of its caption: each diagram must be drawn
        # at its natural width or, if that is wider, at the full width of the text column.
        for number, d in enumerate(page.evaluate(DIAGRAM_WIDTHS), start=1):
            wanted = min(d["natural"], d["column"])
            assert d["drawn"] >= wanted * 0.95, (
                f"{url} diagram {number}: drawn {d['drawn']:.0f} px wide, expected about {wanted:.0f} px"
            )


def navigate_instantly(page, url: str) -> None:
    """Follow a link the way a reader does; Material's instant navigation intercepts it."""
    page.evaluate(
        """(href) => { const a = document.createElement("a"); a.href = href;
                       document.querySelector("article").appendChild(a); a.click(); }""",
        url,
    )
    page.wait_for_url(re.compile(re.escape(url) + "$"))


def test_diagrams_render_after_instant_navigation(page, site):
    urls = pages_with(site, 'class="mermaid"')
    page.goto("glossary/")
    assert diagram_count(page) == 0
    page.evaluate("window.__sameDocument = true")
    for url in urls:
        navigate_instantly(page, site["url"] + url)
        page.wait_for_function(ALL_DIAGRAMS_DRAWN)
        # the page was swapped in place, not reloaded: instant navigation really happened
        assert page.evaluate("window.__sameDocument === true"), f"{url} was a full page load"
        navigate_instantly(page, site["url"] + "glossary/")


def test_dark_mode_toggle_keeps_diagrams_drawn(page, site):
    page.goto("")
    page.wait_for_function(ALL_DIAGRAMS_DRAWN)
    for _ in range(3):
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate":
            break
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.wait_for_function(ALL_DIAGRAMS_DRAWN)
    # the diagram follows the palette: its text is light on the dark background
    fill = page.evaluate(
        """() => { const svg = document.querySelector("article .mermaid").shadowRoot.querySelector("svg");
                   const label = svg.querySelector(".nodeLabel, text");
                   return getComputedStyle(label).color || getComputedStyle(label).fill; }"""
    )
    channels = [int(c) for c in re.findall(r"\d+", fill)[:3]]
    assert sum(channels) / 3 > 128, f"diagram text colour {fill} is too dark for the dark palette"


def test_formulas_are_typeset(page):
    page.goto("")
    page.wait_for_selector(".katex")
    assert page.locator(".katex-display").count() >= 1
    assert page.locator(".katex-error").count() == 0
    assert "\\frac" not in page.locator("article").inner_text()


def test_glossary_term_shows_its_definition_on_hover(page):
    page.goto("")
    term = page.locator("article abbr", has_text="nDCG").first
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for()
    assert "discounted cumulative gain" in tooltip.inner_text()


def test_custom_admonitions_have_their_own_colours(page):
    page.goto("")
    colours = {
        kind: page.evaluate(f"getComputedStyle(document.querySelector('.{kind}')).borderLeftColor")
        for kind in ("say-it", "follow-up", "pitfall")
    }
    assert len(set(colours.values())) == 3, colours
    icon = page.evaluate("getComputedStyle(document.querySelector('.say-it > .admonition-title'), '::before').maskImage")
    assert "svg" in icon


def test_the_policy_is_enforced_inline_handlers_and_other_hosts_are_blocked(page, site):
    """The Content-Security-Policy really applies: what a note could try is blocked and reported."""
    page.goto("framework/evaluation/")
    page.evaluate(
        """() => {
          window.ran = false;
          document.querySelector("article").insertAdjacentHTML("beforeend",
            '<img src="../../assets/favicon.svg" onload="window.ran = true">' +
            '<img src="https://evil.example/pixel.gif">');
        }"""
    )
    page.wait_for_function("() => document.querySelectorAll('article img').length >= 2")
    page.wait_for_timeout(500)
    assert page.evaluate("window.ran") is False
    record = page.context.record
    blocked = {(v["directive"], v["blocked"]) for v in record.csp_violations}
    assert any(d.startswith("script-src") for d, _ in blocked), blocked
    assert ("img-src", "https://evil.example/pixel.gif") in blocked, blocked
    # Chromium reports the attempt as a request; the policy stopped it before it left
    assert page.evaluate("document.querySelector('article img[src^=\"https\"]').naturalWidth") == 0
    assert record.off_site(site["url"]) == ["https://evil.example/pixel.gif"]
    # expected here; every other test must have none
    record.csp_violations.clear()
    record.console_errors.clear()
    record.requests[:] = [url for url in record.requests if "evil.example" not in url]


def test_every_page_carries_the_policy_with_its_theme_scripts_hashed(site):
    import content_security

    pages = sorted(Path(site["dir"]).rglob("*.html"))
    assert len(pages) > 50
    for html in pages:
        text = html.read_text(encoding="utf-8")
        assert '<meta http-equiv="Content-Security-Policy"' in text, html
        assert content_security.HASHES_PLACEHOLDER not in text, html
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', text).group(1)
        assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        for script, in_article in content_security.inline_scripts(text):
            assert not in_article, f"{html}: an inline script inside the article"
            assert content_security.script_hash(script) in policy, html
        # the policy comes before any script
        assert text.index("Content-Security-Policy") < text.index("<script"), html


def test_on_a_phone_diagrams_stay_readable_and_scroll_inside_their_figure(new_context):
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    for url in ["case-studies/news-feed/", "trade-offs/retraining-cadence/", "framework/evaluation/"]:
        page.goto(url)
        page.wait_for_function(ALL_DIAGRAMS_DRAWN)
        # the page itself does not scroll sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        for number, d in enumerate(page.evaluate(DIAGRAM_WIDTHS), start=1):
            # drawn at its natural width, or at least 600 px: never squeezed into 350 px
            assert d["drawn"] >= min(d["natural"], 600) - 1, f"{url} diagram {number}: {d}"
