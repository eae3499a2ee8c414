"""The search index as a candidate's query meets it: forms, formulas as text, glossary entries,
housekeeping tags; and the tag vocabulary and glossary sources it relies on."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import glossary  # noqa: E402
import search_index  # noqa: E402
import search_terms  # noqa: E402
import tags  # noqa: E402
from tex_text import tex_to_text  # noqa: E402


@pytest.mark.parametrize(
    "tex, text",
    [
        (r"F_1 = 2 \cdot \frac{P \cdot R}{P + R}", "F_1 = 2 · (P · R)/(P + R)"),
        (r"q = \frac{p}{p + (1-p)/w}", "q = p/(p + (1-p)/w)"),
        (r"\text{QPS}_{\text{peak}} = 2.5 \times \text{QPS}_{\text{avg}}", "QPS_peak = 2.5 × QPS_avg"),
        (r"\mathrm{DCG@}k = \sum_{i=1}^{k} \frac{2^{rel_i}-1}{\log_2(i+1)}", "DCG@k = Σ_(i=1)^k (2^rel_i-1)/(log_2(i+1))"),
        (r"\hat{y} = \sigma(w^\top x)", "y^ = σ(wᵀ x)"),
        (r"8 \times 10^9 / 86{,}400", "8 × 10^9 / 86,400"),
        (r"\sqrt{n} \le \epsilon", "√n ≤ ε"),
    ],
)
def test_formulas_read_as_text(tex, text):
    assert tex_to_text(tex) == text


def test_forms_carry_inflections_spellings_and_synonyms():
    texts = ["Class imbalance hurts recall.", "Imbalanced data needs care.", "A neighbour graph.",
             "Bandit policies.", "The KV cache grows with tokens."]
    expander = search_terms.Expander(texts, [[["kv", "cache"], ["key", "value", "cache"]]])
    assert "imbalanced" in expander.forms("Class imbalance hurts recall.").split()
    assert "neighbor" in expander.forms("A neighbour graph.").split()
    assert "bandits" in expander.forms("Bandit policies.").split()
    forms = expander.forms("The KV cache grows with tokens.").split()
    assert "key" in forms and "value" in forms
    # a form that begins one of the text's own words adds nothing: the query prefix finds it
    assert "imbalance" not in expander.forms("Imbalanced data needs care.").split()


def test_common_words_get_no_forms():
    texts = [f"the log of page {i}" for i in range(100)] + ["logging once"]
    expander = search_terms.Expander(texts, [])
    assert "logging" not in expander.forms("the log of page 1").split()


def test_the_index_rewrite_on_a_small_index(tmp_path):
    glossary_dir = tmp_path / "glossary"
    glossary_dir.mkdir()
    (glossary_dir / "index.html").write_text(
        '<article><p>Intro.</p><dl><dt><span id="hnsw"></span>HNSW</dt><dd>A graph index.</dd>'
        '<dt><span id="psi"></span>PSI</dt><dd>Population stability index.</dd></dl></article>'
    )
    index = {"config": {}, "docs": [
        {"location": "", "title": "Home", "text": "<p>Start.</p>", "tags": ["start-here", "ranking"]},
        {"location": "trade-offs/x/", "title": "A vs B", "text": r"<p>See \(F_1 = 2 \cdot P\).</p>"},
        {"location": "glossary/", "title": "Glossary", "text": "<p>Intro.</p> HNSW A graph index. PSI ..."},
    ]}
    out = search_index.rewrite_index(index, tmp_path, descriptions={"trade-offs/x/": "Choose A or B."})
    docs = {d["location"]: d for d in out["docs"]}
    assert docs[""]["tags"] == ["ranking"], "housekeeping tags stay out of the index"
    assert docs["trade-offs/x/"]["title"] == "A versus B"
    assert "F_1 = 2 · P" in docs["trade-offs/x/"]["text"] and "\\(" not in docs["trade-offs/x/"]["text"]
    assert docs["trade-offs/x/"]["text"].startswith("<p>Choose A or B.</p>")
    assert docs["glossary/#hnsw"]["title"] == "HNSW" and docs["glossary/#hnsw"]["text"] == "A graph index."
    assert docs["glossary/"]["text"] == "<p>Intro.</p>"


def test_the_built_index_has_one_entry_per_glossary_term_and_no_tex(site):
    index = json.loads((Path(site["dir"]) / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [d["location"] for d in index["docs"]]
    entries, _ = glossary.load()
    for entry in entries:
        assert f"glossary/#{entry.anchor}" in locations, entry.term
    raw_tex = [d["location"] for d in index["docs"] if re.search(r"\\\(|\\frac|\\times", d.get("text", ""))]
    assert not raw_tex, f"raw TeX in search snippets: {raw_tex[:5]}"
    housekeeping = [d["location"] for d in index["docs"] if set(d.get("tags", [])) & tags.HOUSEKEEPING_TAGS]
    assert not housekeeping, housekeeping[:5]
    assert index["config"]["fields"]["forms"]["boost"] < index["config"]["fields"]["text"]["boost"]


def test_contributing_lists_the_tag_vocabulary():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for group, names in tags.TOPIC_TAGS.items():
        row = next((line for line in text.splitlines() if line.startswith(f"| {group} |")), None)
        assert row, f"CONTRIBUTING's tag table has no row for {group}"
        assert set(re.findall(r"`([a-z0-9-]+)`", row)) == set(names), group
    for name in tags.HOUSEKEEPING_TAGS:
        assert f"`{name}`" in text


def test_the_tags_page_lists_every_topic_group():
    page = (ROOT / "docs" / "tags.md").read_text(encoding="utf-8")
    for group, names in tags.TOPIC_TAGS.items():
        assert f"## {group}" in page
        assert f"<!-- material/tags {{ include: [{', '.join(names)}] }} -->" in page


def test_the_glossary_is_sorted_unique_linked_and_in_step_with_the_hover_file():
    problems, count = glossary.problems()
    assert not problems, "\n".join(map(str, problems))
    assert count >= 150


def test_glossary_problems_are_reported_at_their_line(tmp_path, monkeypatch):
    bad = tmp_path / "glossary.yml"
    bad.write_text(
        "- term: Zeta\n  definition: Last.\n  see: glossary.md\n  hover: false\n"
        "- term: Alpha\n  definition: First.\n  see: nowhere/page.md\n  hover: true\n"
        "- term: zeta\n  definition: Again.\n  see: glossary.md\n  hover: maybe\n"
    )
    entries, problems = glossary.load(bad)
    problems += glossary.check(entries, bad)
    text = [f"{p.line}: {p.message}" for p in problems]
    assert any(t.startswith("5: 'Alpha' is out of order") for t in text), text
    assert any(t.startswith("5: 'Alpha': 'see: nowhere/page.md' is not a page") for t in text), text
    assert any(t.startswith("9: 'zeta' is defined twice (first at line 1)") for t in text), text
    assert any(t.startswith("9: 'zeta': 'hover' must be true or false") for t in text), text


def test_the_site_address_defaults_to_the_published_one(monkeypatch):
    """Canonical links and the sitemap point at the published site unless a server says otherwise."""
    from common import load_config

    monkeypatch.delenv("SITE_URL", raising=False)
    config = load_config()
    assert config["site_url"] == config["extra"]["published_url"]
    assert config["site_url"].startswith("https://") and "127.0.0.1" not in config["site_url"]
