"""The other words a search for a page's words should find: inflections, spellings, synonyms.

Why this exists instead of lunr's stemmer: Material's search appends a wildcard to every query
term ("imbalanced" is searched as ``imbalanced*``), and lunr runs no pipeline, so no stemmer, on
a wildcard term. With the stemmer in the index pipeline the index holds stems ("imbal") that
the unstemmed query prefix no longer matches, and most searches come back empty. So the index
keeps the words as written, and each search document gets one more field, ``forms``: the other
forms of its words, so that the query prefix finds them:

- inflections: every word of the whole guide with the same English (Snowball) stem, plus the
  regular forms of each word (plural, -ed, -ing) that share its stem: a page that says
  "imbalance" is found by "imbalanced", a page that says "bandit" by "bandits";
- British and American spellings (neighbour/neighbor, optimisation/optimization);
- synonyms and abbreviations from ``includes/search-synonyms.yml`` ("kv cache" and
  "key-value cache"; "ANN" and "approximate nearest neighbour").

The field has a low boost, so a page that uses the reader's own word ranks above one that only
uses another form of it.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from collections import defaultdict
from pathlib import Path

import snowballstemmer
import yaml

WORD = re.compile(r"[a-z][a-z0-9]*(?:'[a-z]+)?")
TAG = re.compile(r"<[^>]+>")
_stemmer = snowballstemmer.stemmer("english")

# spelling pairs, applied in both directions on word endings
SPELLINGS = [
    ("isation", "ization"), ("ise", "ize"), ("ised", "ized"), ("ising", "izing"), ("iser", "izer"),
    ("yse", "yze"), ("ysed", "yzed"), ("ysing", "yzing"), ("elled", "eled"), ("elling", "eling"),
]  # fmt: skip
# -our/-or only for the words that have both spellings (not "vector", "error", "factor")
OUR_WORDS = ("neighbo", "behavio", "colo", "favo", "labo", "flavo", "hono", "humo", "endeavo", "rumo")


def words(text: str) -> list[str]:
    """The lower-case words of an index entry's HTML text."""
    return WORD.findall(html.unescape(TAG.sub(" ", text)).lower())


@functools.lru_cache(maxsize=None)
def stem(word: str) -> str:
    # cached: the index asks for the same few thousand words about 600,000 times
    return _stemmer.stemWord(word)


# lunr's English stop words, which the index drops anyway, plus a few that never carry a topic
STOP_WORDS = frozenset("""
a able about across after all almost also am among an and any are as at be because been but by
can cannot could dear did do does either else ever every for from get got had has have he her
hers him his how however i if in into is it its just least let like likely may me might most
must my neither no nor not of off often on only or other our own rather said say says she
should since so some than that the their them then there these they this tis to too twas us
wants was we were what when where which while who whom why will with would yet you your
each per via one two three than more less very such both many much own same
""".split())  # fmt: skip


@functools.lru_cache(maxsize=None)
def inflections(word: str) -> frozenset[str]:
    """The plural (or singular) of ``word`` when it shares its stem.

    Only number is generated: a query prefix already finds the longer forms of a word that the
    page uses ("bandit" finds "bandits"), and the other forms the guide uses anywhere come from
    the whole-guide stem groups.
    """
    if len(word) < 3 or not word.isalpha() or word in STOP_WORDS or word.endswith(("ed", "ing", "ly")):
        return frozenset()
    base = stem(word)
    candidates = {word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")}
    if word.endswith("y") and len(word) > 3 and word[-2] not in "aeiou":
        candidates = {word[:-1] + "ies"}
    if word.endswith("s"):
        candidates.add(word[:-1])
    if word.endswith("ies"):
        candidates.add(word[:-3] + "y")
    return frozenset(c for c in candidates if c != word and stem(c) == base)


def spellings(word: str) -> set[str]:
    found = set()
    for root in OUR_WORDS:
        if word.startswith(root + "ur"):
            found.add(root + word[len(root) + 1 :])
        elif word.startswith(root + "r"):
            found.add(root + "u" + word[len(root) :])
    for british, american in SPELLINGS:
        for a, b in ((british, american), (american, british)):
            if word.endswith(a) and len(word) > len(a) + 2:
                found.add(word[: -len(a)] + b)
    return found


def load_synonyms(path: Path) -> list[list[list[str]]]:
    """Groups of phrases that mean the same, each phrase as its list of words."""
    if not path.is_file():
        return []
    groups = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [[words(str(phrase)) for phrase in group if words(str(phrase))] for group in groups]


def _contains(tokens: list[str], phrase: list[str], present: set[str] | None = None) -> bool:
    n = len(phrase)
    if present is not None and not all(word in present for word in phrase):
        return False
    if n == 1:
        return phrase[0] in (present if present is not None else tokens)
    return any(tokens[i : i + n] == phrase for i in range(len(tokens) - n + 1))


def _base_forms(word: str) -> set[str]:
    """Candidate base forms of an inflected word: imbalanced -> imbalance, ranking -> rank(e)."""
    forms = set()
    if word.endswith("ed") and len(word) > 5:
        forms |= {word[:-1], word[:-2]}
    if word.endswith("ing") and len(word) > 6:
        forms |= {word[:-3], word[:-3] + "e"}
    if word.endswith("es") and len(word) > 5:
        forms |= {word[:-1], word[:-2]}
    return forms


class Expander:
    """Built once from every search document of the guide, then asked for each document.

    Forms are added only for words of moderate frequency: a word on more than ``common`` of the
    documents already appears in every form on many pages, and adding its forms everywhere only
    lets broad query prefixes ("log", "min") outscore the page that holds the rare term.
    """

    def __init__(self, texts: list[str], synonyms: list[list[list[str]]], common: float = 0.04):
        self.by_stem: dict[str, set[str]] = defaultdict(set)
        doc_count: dict[str, int] = defaultdict(int)
        for text in texts:
            stems = set()
            for word in set(words(text)):
                if word.isalpha() and len(word) >= 3 and word not in STOP_WORDS:
                    self.by_stem[stem(word)].add(word)
                    stems.add(stem(word))
            for s in stems:
                doc_count[s] += 1
        # The Snowball stemmer keeps "imbalanced" (imbalanc) apart from "imbalance" (imbal):
        # join the groups of a word and of its base form when both occur in the guide.
        vocabulary = {w for group in self.by_stem.values() for w in group}
        for word in sorted(vocabulary):
            for base in _base_forms(word):
                if base in vocabulary and stem(base) != stem(word):
                    a, b = stem(word), stem(base)
                    merged = self.by_stem[a] | self.by_stem[b]
                    self.by_stem[a] = self.by_stem[b] = merged
                    doc_count[a] = doc_count[b] = max(doc_count[a], doc_count[b])
        limit = max(5, int(common * len(texts)))
        self.common = {s for s, n in doc_count.items() if n > limit}
        self.synonyms = synonyms

    def forms(self, text: str) -> str:
        tokens = words(text)
        present = set(tokens)
        extra: set[str] = set()
        for word in present:
            if not word.isalpha() or len(word) < 3 or word in STOP_WORDS or stem(word) in self.common:
                continue
            extra |= self.by_stem.get(stem(word), set())
            extra |= inflections(word)
            extra |= spellings(word)
        for group in self.synonyms:
            if any(_contains(tokens, phrase, present) for phrase in group):
                for phrase in group:
                    extra.update(phrase)
                    for word in phrase:
                        extra |= inflections(word)
        # a form that begins one of the page's own words is found by the query prefix already
        extra -= present
        # (the page's words in order: those that begin with f follow f directly; f itself is not
        # among them, it was taken out above)
        ordered = sorted(present)
        kept = []
        for f in sorted(extra):
            i = bisect.bisect_left(ordered, f)
            if not (i < len(ordered) and ordered[i].startswith(f)):
                kept.append(f)
        return " ".join(kept)
