"""The guide's flashcards, read from the built site, and the files made from them.

Every ``??? question "Q"`` block is rendered by pymdownx.details as
``<details class="question"><summary>Q</summary>answer...</details>``; this module reads those
from the built HTML (what readers see), never from the Markdown:

- ``collect(site_dir)``: every card of every page, in navigation order, each with its page
  title, URL, guide part (the navigation tab), section (nearest H2), tags and a stable id;
- ``write_json``: ``assets/flashcards.json`` for the quiz page (written by hooks/practice.py on
  every build);
- ``write_deck`` and ``write_csv``: the Anki deck (genanki) and the CSV (scripts/make_flashcards.py).

A card's id is genanki's ``guid_for(page path, question text)``: it does not change when the
site is rebuilt or the answer is edited, so re-importing the deck updates cards instead of
adding duplicates, and the quiz keeps the reader's progress on them.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

DECK_NAME = "ML System Design Interview Guide"
DECK_FILE = "ml-system-design-flashcards.apkg"
CSV_FILE = "ml-system-design-flashcards.csv"
JSON_FILE = "assets/flashcards.json"
# Fixed forever: Anki recognises the note type by this id (changing it duplicates every card).
MODEL_ID = 1_734_017_017
SKIPPED_PAGES = {"print_page", "404.html"}


@dataclasses.dataclass
class Card:
    id: str
    question: str
    answer: str  # HTML, links and images relative to the card's page
    page: str  # page title
    url: str  # site-relative URL of the page: "case-studies/chatbot/"
    part: str  # the guide's part: the navigation tab ("Case studies")
    section: str  # nearest H2 above the card
    tags: list[str]


def _text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def card_id(url: str, question: str) -> str:
    import genanki

    return genanki.guid_for(url, question)


def _between(html: str, start: str, end: str) -> str:
    i = html.find(start)
    j = html.find(end, i)
    return html[i : j + len(end)] if i != -1 and j != -1 else ""


def cards_in_page(html: str, url: str) -> list[Card]:
    """The cards of one built page (``url`` is site-relative: "" for the home page)."""
    if 'class="question' not in html:
        return []
    # Parse only the article and the navigation tabs: a built page is mostly navigation.
    article = BeautifulSoup(_between(html, "<article", "</article>"), "html.parser").find("article")
    if article is None:
        return []
    details = article.select("details.question")
    if not details:
        return []
    h1 = article.find("h1")
    title = _text(h1).rstrip("¶").strip() if h1 else url
    tabs = BeautifulSoup(_between(html, '<nav class="md-tabs"', "</nav>"), "html.parser")
    tab = tabs.select_one(".md-tabs__item--active .md-tabs__link")
    part = _text(tab) if tab else (url.split("/")[0] or "Home")
    tags = [_text(a) for a in article.select("nav.md-tags .md-tag")]
    cards, seen = [], {}
    for block in details:
        summary = block.find("summary")
        question = _text(summary) if summary else ""
        heading = block.find_previous("h2")
        section = _text(heading).rstrip("¶").strip() if heading else ""
        body = BeautifulSoup(str(block), "html.parser").find("details")
        for element in body.find_all("summary", limit=1) + body.select("a.headerlink"):
            element.decompose()
        answer = body.decode_contents().strip()
        ident = card_id(url, question)
        # the same question twice on one page: the second gets its own, equally stable, id
        seen[ident] = seen.get(ident, 0) + 1
        if seen[ident] > 1:
            ident = card_id(url, f"{question}#{seen[ident]}")
        cards.append(Card(ident, question, answer, title, url, part, section, tags))
    return cards


def count_in_content(html: str) -> int:
    """How many cards a page's rendered content (MkDocs' ``page.content``) holds."""
    if 'class="question' not in html:
        return 0
    return len(BeautifulSoup(html, "html.parser").select("details.question"))


def _nav_order(site_dir: Path) -> list[str]:
    """Site-relative page URLs in navigation order, read from the home page's navigation."""
    home = site_dir / "index.html"
    if not home.is_file():
        return []
    soup = BeautifulSoup(home.read_text(encoding="utf-8"), "html.parser")
    order = []
    for link in soup.select("nav.md-nav--primary a.md-nav__link[href]"):
        href = urlsplit(link["href"]).path
        if href.startswith(("http:", "https:", "/")):
            continue
        url = posixpath.normpath(href).lstrip("./")
        url = "" if url in (".", "") else url.rstrip("/") + "/"
        if url not in order:
            order.append(url)
    return order


def built_pages(site_dir: Path) -> list[tuple[str, Path]]:
    """(site-relative URL, file) of every built page but the print page and the 404 page."""
    pages = {}
    for path in site_dir.rglob("index.html"):
        rel = path.parent.relative_to(site_dir).as_posix()
        if rel.split("/")[0] in SKIPPED_PAGES or rel.startswith(("assets", "search")):
            continue
        pages["" if rel == "." else rel + "/"] = path
    order = {url: i for i, url in enumerate(_nav_order(site_dir))}
    return sorted(pages.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def site_url_of(site_dir: Path) -> str:
    """The address the site was built for: its home page's entry in sitemap.xml ("" if none)."""
    import xml.etree.ElementTree as ET

    sitemap = Path(site_dir) / "sitemap.xml"
    if not sitemap.is_file():
        return ""
    locs = [el.text.strip() for el in ET.parse(sitemap).iter() if el.tag.endswith("loc") and el.text]
    return min(locs, key=len) if locs else ""


def collect(site_dir: Path) -> list[Card]:
    cards: list[Card] = []
    for url, path in built_pages(Path(site_dir)):
        cards += cards_in_page(path.read_text(encoding="utf-8"), url)
    return cards


# --- the files ----------------------------------------------------------------------


def write_json(cards: list[Card], site_dir: Path) -> Path:
    target = Path(site_dir) / JSON_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {"count": len(cards), "cards": [dataclasses.asdict(card) for card in cards]}
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return target


def absolute_links(html: str, page_url: str) -> str:
    """Links and images of an answer made absolute, so they work from inside Anki."""
    soup = BeautifulSoup(html, "html.parser")
    for tag, attribute in (("a", "href"), ("img", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if value and not urlsplit(value).scheme and not value.startswith("#"):
                element[attribute] = urljoin(page_url, value)
            elif value and value.startswith("#"):
                element[attribute] = page_url + value
    return str(soup)


def anki_tag(text: str) -> str:
    return re.sub(r"\s+", "-", text.strip())


def _stable_id(name: str) -> int:
    return int(hashlib.sha1(name.encode("utf-8")).hexdigest()[:8], 16)


def note_model():
    import genanki

    return genanki.Model(
        MODEL_ID,
        "ML System Design Guide card",
        fields=[{"name": "Question"}, {"name": "Answer"}, {"name": "Page"}, {"name": "Section"}],
        templates=[
            {
                "name": "Card 1",
                "qfmt": '<div class="question">{{Question}}</div>',
                "afmt": '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
                '<p class="source">{{Page}} · {{Section}}</p>',
            }
        ],
        css=".card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; }"
        " .question { font-weight: 600; } .source { color: #777; font-size: 14px; }",
    )


def write_deck(cards: list[Card], site_dir: Path, site_url: str) -> Path:
    """One deck, a subdeck per part of the guide; note GUIDs are the cards' stable ids."""
    import genanki

    model = note_model()
    decks: dict[str, genanki.Deck] = {}
    for card in cards:
        name = f"{DECK_NAME}::{card.part}"
        deck = decks.get(name) or decks.setdefault(name, genanki.Deck(_stable_id(name), name))
        page_url = urljoin(site_url, card.url)
        page_link = f'<a href="{page_url}">{card.page}</a>'
        tags = [anki_tag(t) for t in card.tags] + [anki_tag(card.url.strip("/").replace("/", "::") or "home")]
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[card.question, absolute_links(card.answer, page_url), page_link, card.section],
                tags=sorted(set(filter(None, tags))),
                guid=card.id,
            )
        )
    target = Path(site_dir) / DECK_FILE
    genanki.Package(list(decks.values())).write_to_file(str(target))
    return target


def write_csv(cards: list[Card], site_dir: Path, site_url: str) -> Path:
    target = Path(site_dir) / CSV_FILE
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "question", "answer_html", "page", "url", "part", "section", "tags"])
        for card in cards:
            page_url = urljoin(site_url, card.url)
            writer.writerow([card.id, card.question, absolute_links(card.answer, page_url), card.page,
                             page_url, card.part, card.section, " ".join(card.tags)])
    return target
