"""Reading the guide on a laptop and a phone: full-screen diagrams, scroll cues, the front
door, contrast in both palettes, and text alternatives for diagrams (issue 12)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}

DIAGRAMS_DRAWN = """
() => { const b = Array.from(document.querySelectorAll("article .mermaid"));
        return b.length > 0 && b.every(x => x.shadowRoot && x.shadowRoot.querySelector("svg")) &&
               document.querySelectorAll("article .diagram-zoom__open").length === b.length; }
"""


@pytest.fixture
def context_at(new_context):
    """Recorded contexts (conftest): a CSP violation, a dialog or an off-site request fails the test."""

    def make(viewport, scheme="light"):
        page = new_context(viewport=viewport, color_scheme=scheme).new_page()
        page.set_default_timeout(15000)
        return page

    return make


def set_palette(page, scheme: str) -> None:
    for _ in range(3):
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme:
            return
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme


def open_diagram(page, index: int = 0) -> None:
    page.locator("article .diagram-zoom__open").nth(index).click()
    page.wait_for_selector("dialog.diagram-zoom[open] svg")


def test_a_diagram_opens_full_screen_and_zooms_with_the_keyboard(context_at):
    page = context_at(DESKTOP)
    page.goto("case-studies/video-recommendation/")
    page.wait_for_function(DIAGRAMS_DRAWN)
    caption = page.locator("article figure figcaption").first.inner_text().strip()
    open_diagram(page, 0)
    box = page.locator("dialog.diagram-zoom .diagram-zoom__stage").bounding_box()
    # full screen: the stage fills the window below the toolbar
    assert box["width"] >= DESKTOP["width"] - 2 and box["height"] >= DESKTOP["height"] * 0.8, box
    svg = page.locator("dialog.diagram-zoom svg").bounding_box()
    assert svg["width"] > 700, "the enlarged diagram should be drawn wider than the text column"
    assert page.locator("dialog.diagram-zoom").get_attribute("aria-label") == caption
    before = page.evaluate("document.querySelector('.diagram-zoom__canvas').style.transform")
    page.keyboard.press("+")
    page.keyboard.press("+")
    page.wait_for_function("(b) => document.querySelector('.diagram-zoom__canvas').style.transform !== b", arg=before)
    after = page.evaluate("document.querySelector('.diagram-zoom__canvas').style.transform")
    scale = float(re.search(r"scale\(([\d.]+)\)", after).group(1))
    assert after != before and scale > 1.2, after
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("0")
    page.wait_for_function("() => document.querySelector('.diagram-zoom__canvas').style.transform.includes('scale(1)')")
    reset = page.evaluate("document.querySelector('.diagram-zoom__canvas').style.transform")
    assert "scale(1)" in reset, reset
    page.keyboard.press("Escape")
    assert not page.evaluate("document.querySelector('dialog.diagram-zoom').open")
    # focus goes back to the diagram's own button, so keyboard readers keep their place
    assert "diagram-zoom__open" in page.evaluate("document.activeElement.className")


def test_clicking_the_diagram_itself_opens_it_and_the_close_button_closes_it(context_at):
    page = context_at(DESKTOP)
    page.goto("framework/")
    page.wait_for_function(DIAGRAMS_DRAWN)
    page.locator("article .mermaid").first.click()
    page.wait_for_selector("dialog.diagram-zoom[open] svg")
    page.get_by_role("button", name="Close").click()
    assert not page.evaluate("document.querySelector('dialog.diagram-zoom').open")


def test_full_screen_diagrams_work_after_instant_navigation_and_in_the_dark_palette(context_at, site):
    page = context_at(DESKTOP)
    page.goto("glossary/")
    page.evaluate("window.__sameDocument = true")
    set_palette(page, "slate")
    page.evaluate(
        """(href) => { const a = document.createElement("a"); a.href = href;
                       document.querySelector("article").appendChild(a); a.click(); }""",
        site["url"] + "case-studies/news-feed/",
    )
    page.wait_for_url(re.compile(r"news-feed/$"))
    page.wait_for_function(DIAGRAMS_DRAWN)
    assert page.evaluate("window.__sameDocument === true"), "that was a full page load"
    open_diagram(page, 1)
    colours = page.evaluate(
        """() => { const d = document.querySelector("dialog.diagram-zoom");
                   const label = d.querySelector("svg .nodeLabel, svg text");
                   return [getComputedStyle(d).backgroundColor, getComputedStyle(label).color || getComputedStyle(label).fill]; }"""
    )
    background, text = ([int(c) for c in re.findall(r"\d+", colour)[:3]] for colour in colours)
    assert sum(background) / 3 < 80, f"dialog background {colours[0]} is not dark"
    assert sum(text) / 3 > 128, f"diagram text {colours[1]} is too dark for the dark palette"


def test_every_diagram_has_its_caption_as_its_accessible_name(context_at):
    page = context_at(DESKTOP)
    for url in ["", "case-studies/ad-click-prediction/", "building-blocks/back-of-the-envelope/"]:
        page.goto(url)
        page.wait_for_function(DIAGRAMS_DRAWN)
        pairs = page.evaluate(
            """() => Array.from(document.querySelectorAll("article .mermaid")).map(d => [
                 d.getAttribute("role"), d.getAttribute("aria-label"),
                 (d.closest("figure")?.querySelector("figcaption")?.textContent || "").replace(/\\s+/g, " ").trim()])"""
        )
        for role, label, caption in pairs:
            assert role == "img" and label and label == caption, (url, role, label, caption)


def wide_things(page):
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(".md-typeset__scrollwrap, .md-typeset figure:has(> .mermaid)"))
             .filter(el => el.offsetParent !== null)
             .map(el => ({ overflows: el.scrollWidth - el.clientWidth > 2,
                           hinted: el.classList.contains("scroll-hint") &&
                                   !!(el.previousElementSibling && el.previousElementSibling.classList.contains("scroll-hint__label")),
                           faded: getComputedStyle(el).maskImage !== "none" || getComputedStyle(el).webkitMaskImage !== "none",
                           figure: el.tagName === "FIGURE" }))"""
    )


@pytest.mark.parametrize("url", ["", "trade-offs/", "case-studies/video-recommendation/", "building-blocks/back-of-the-envelope/"])
def test_on_a_phone_everything_that_scrolls_sideways_says_so(context_at, url):
    page = context_at(PHONE)
    page.goto(url)
    if page.locator("article .mermaid").count():
        page.wait_for_function(DIAGRAMS_DRAWN)
    page.wait_for_timeout(300)  # the hints follow resize observers
    found = wide_things(page)
    assert any(t["overflows"] for t in found), f"{url}: expected something wider than a phone"
    for thing in found:
        if thing["overflows"]:
            assert thing["hinted"] and thing["faded"], f"{url}: a wide {'diagram' if thing['figure'] else 'table'} scrolls with no cue: {thing}"
        else:
            assert not thing["hinted"], f"{url}: a cue on something that fits: {thing}"
    # the page itself never scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_scroll_cue_follows_the_scroll_position(context_at):
    page = context_at(PHONE)
    page.goto("trade-offs/")
    page.wait_for_timeout(300)
    wrap = page.locator(".md-typeset__scrollwrap").first
    assert "scroll-hint--right" in wrap.get_attribute("class")
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; el.dispatchEvent(new Event('scroll')); }")
    page.wait_for_timeout(100)
    classes = wrap.get_attribute("class")
    assert "scroll-hint--left" in classes and "scroll-hint--right" not in classes, classes


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["laptop", "phone"])
def test_the_front_door_shows_three_places_to_start_above_the_fold(context_at, viewport):
    page = context_at(viewport)
    page.goto("")
    links = page.locator("article .front-door a")
    assert links.count() == 3
    names = [links.nth(i).inner_text().strip() for i in range(3)]
    assert names == ["The 1-week plan", "Start with the framework", "Choose by what worries you"], names
    for i in range(3):
        box = links.nth(i).bounding_box()
        assert box and box["y"] + box["height"] <= viewport["height"], f"'{names[i]}' is below the fold: {box}"
    for i in range(3):
        href = links.nth(i).evaluate("a => a.href")  # resolved against the page
        response = page.request.get(href.split("#")[0])
        assert response.ok, href
    scope = page.locator("article .guide-scope").inner_text()
    assert re.search(r"\d+ case studies", scope) and re.search(r"\d+ building blocks", scope), scope


CONTRAST = """
(selectors) => {
  function rgba(s) { const m = s.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; }
  function lum([r, g, b]) {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  }
  function background(el) {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
    }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    return out;
  }
  const results = [];
  for (const [name, selector, prop] of selectors) {
    for (const el of Array.from(document.querySelectorAll(selector)).slice(0, 5)) {
      if (!el.offsetParent && getComputedStyle(el).position !== "fixed") continue;
      const fg = rgba(getComputedStyle(el)[prop || "color"]);
      const bg = background(el);
      const blended = [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
      const [a, b] = [lum(blended), lum(bg)].sort((x, y) => y - x);
      results.push({ name, ratio: (a + 0.05) / (b + 0.05) });
    }
  }
  return results;
}
"""

TEXT = [
    ("body text", "article p", "color"),
    ("link", "article p a", "color"),
    ("button", "article .md-button", "color"),
    ("table text", "article td", "color"),
    ("caption", "article figcaption", "color"),
    ("front-door card", "article .front-door li", "color"),
]
ICONS = [
    ("header PDF button", ".md-header .guide-pdf-link", "color"),
    ("header search button", ".md-header label[for=__search]", "color"),
    ("diagram enlarge button", "article .diagram-zoom__open", "color"),
]


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_text_links_and_buttons_meet_wcag_aa_contrast_in_both_palettes(context_at, scheme):
    page = context_at(DESKTOP)
    failures = []
    for url in ["", "case-studies/video-recommendation/"]:
        page.goto(url)
        set_palette(page, scheme)
        page.wait_for_function(DIAGRAMS_DRAWN)
        for item in page.evaluate(CONTRAST, TEXT):
            if item["ratio"] < 4.5:
                failures.append(f"{url or 'home'}: {item['name']} {item['ratio']:.2f}:1 (text needs 4.5:1)")
        for item in page.evaluate(CONTRAST, ICONS):
            if item["ratio"] < 3:
                failures.append(f"{url or 'home'}: {item['name']} {item['ratio']:.2f}:1 (controls need 3:1)")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_one_page_sheet_prints_on_one_page(context_at, paper, tmp_path):
    from pypdf import PdfReader

    page = context_at(DESKTOP)
    page.goto("practice/one-page-sheet/")
    page.emulate_media(media="print")
    out = tmp_path / f"sheet-{paper}.pdf"
    page.pdf(path=str(out), format=paper, print_background=True)
    reader = PdfReader(str(out))
    assert len(reader.pages) == 1, f"the one-page sheet prints on {len(reader.pages)} {paper} pages"
    text = reader.pages[0].extract_text().lower()
    for must in ("checkpoint", "86,400", "150,000"):
        assert must in text, f"'{must}' missing from the printed sheet"
