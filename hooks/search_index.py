"""MkDocs hook: make Material's search index read the way a candidate searches.

Material writes ``search/search_index.json`` in its ``on_post_build``; hooks run after the
plugins, so this hook rewrites the file it wrote:

- housekeeping tags (``start-here``, ``reference``, ...) are dropped from the index, so that a
  page is not pulled to the top because a query word happens to be a housekeeping tag;
- each glossary entry becomes its own search result, linking to its anchor on the glossary page;
- formulas read as text ("F1 = 2 · P · R / (P + R)") instead of raw TeX in the result snippets;
- a page's ``description`` (front matter) is added to the page's own entry, so a page that names
  the topic in its one-line summary is found by it;
- "vs" is written "versus" in the index, so that the "vs" of a query such as "prefill vs decode"
  does not match the title of every trade-off page (lunr's stop words do not include it);
- each entry gets a ``forms`` field holding the other forms of its words (inflections, British
  and American spellings, synonyms): see ``scripts/search_terms.py`` for why this replaces
  lunr's stemmer.

The tag vocabulary (topic and housekeeping tags) lives in ``scripts/tags.py``.
"""

from __future__ import annotations

import html
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from search_terms import Expander, load_synonyms  # noqa: E402
from tags import HOUSEKEEPING_TAGS  # noqa: E402
from tex_text import tex_to_text  # noqa: E402

SYNONYMS = Path(__file__).resolve().parent.parent / "includes" / "search-synonyms.yml"

VS = re.compile(r"\bvs\.?(?=\s)", re.I)
_descriptions: dict[str, str] = {}

MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\$\$(.+?)\$\$", re.S)


class _Glossary(HTMLParser):
    """(anchor, term, definition) for each <dt>/<dd> pair of the glossary's definition list."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.entries: list[list[str]] = []
        self._in: str | None = None
        self._article = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._article = True
        if not self._article:
            return
        if tag == "dt":
            self.entries.append(["", "", ""])
            self._in = "dt"
        elif tag == "dd" and self.entries:
            self._in = "dd"
        elif tag == "span" and self._in == "dt" and attrs.get("id"):
            self.entries[-1][0] = attrs["id"]

    def handle_endtag(self, tag):
        if tag in ("dt", "dd"):
            self._in = None
        if tag == "article":
            self._article = False

    def handle_data(self, data):
        if self._in == "dt":
            self.entries[-1][1] += data
        elif self._in == "dd":
            self.entries[-1][2] += data


def readable_math(text: str) -> str:
    """Replace each formula in an index entry's text by a plain-text reading of it."""

    def one(match: re.Match) -> str:
        tex = next(group for group in match.groups() if group is not None)
        return html.escape(tex_to_text(html.unescape(tex)), quote=False)

    return MATH.sub(one, text)


def glossary_entries(site_dir: Path, location: str) -> list[dict]:
    page = site_dir / location / "index.html"
    if not page.is_file():
        return []
    parser = _Glossary()
    parser.feed(page.read_text(encoding="utf-8"))
    entries = []
    for anchor, term, definition in parser.entries:
        term, definition = " ".join(term.split()), " ".join(definition.split())
        if anchor and term:
            entries.append({"location": f"{location}#{anchor}", "title": html.escape(term, quote=False),
                            "text": html.escape(definition, quote=False)})
    return entries


def rewrite_index(index: dict, site_dir: Path, glossary_location: str = "glossary/",
                  descriptions: dict[str, str] | None = None) -> dict:
    descriptions = descriptions or {}
    docs = []
    for doc in index["docs"]:
        for field in ("title", "text"):
            if field in doc:
                doc[field] = VS.sub("versus", doc[field])
        description = descriptions.get(doc["location"])
        if description:
            doc["text"] = f"<p>{html.escape(description, quote=False)}</p> " + doc.get("text", "")
        if "tags" in doc:
            doc["tags"] = [t for t in doc["tags"] if t not in HOUSEKEEPING_TAGS]
            if not doc["tags"]:
                del doc["tags"]
        if "text" in doc:
            doc["text"] = readable_math(doc["text"])
        if "title" in doc:
            doc["title"] = readable_math(doc["title"])
        if doc["location"] == glossary_location:
            # the page itself keeps its introduction; the terms follow as their own results
            doc["text"] = doc["text"].split("</p>", 1)[0] + "</p>" if "</p>" in doc["text"] else doc["text"]
            docs.append(doc)
            docs.extend(glossary_entries(site_dir, glossary_location))
            continue
        docs.append(doc)
    expander = Expander([d.get("title", "") + " " + d.get("text", "") for d in docs], load_synonyms(SYNONYMS))
    for doc in docs:
        forms = expander.forms(doc.get("title", "") + " " + doc.get("text", ""))
        if forms:
            doc["forms"] = forms
    index["docs"] = docs
    return index


def on_page_markdown(markdown, page, config, files):
    description = page.meta.get("description")
    if isinstance(description, str) and description.strip():
        _descriptions[page.url] = " ".join(description.split())
    return markdown


def on_post_build(config):
    path = Path(config["site_dir"]) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    rewrite_index(index, Path(config["site_dir"]), descriptions=_descriptions)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
