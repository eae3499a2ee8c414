"""The guide's tag vocabulary: the one list of topic tags, and the housekeeping tags.

Topic tags say what a page is about; they appear on pages, on the tags page (grouped as below)
and in search. Housekeeping tags say what kind of page it is or where it sits (``start-here``,
``reference``): they are allowed in front matter but kept out of the search index and shown
apart on the tags page. ``scripts/check_content.py`` rejects any other tag, so that near
duplicates (``trade-off`` and ``trade-offs``) cannot creep in. CONTRIBUTING lists the same
vocabulary; a test keeps the two in step.
"""

from __future__ import annotations

# group -> tags, in the order the tags page shows them
TOPIC_TAGS: dict[str, tuple[str, ...]] = {
    "Interview skills": ("requirements", "problem-framing", "estimation", "capacity", "interview-structure", "time-management", "interviews", "interview-reports"),
    "Recommendation, search and ads": ("recommendation", "retrieval", "ranking", "search", "ads", "embeddings", "cold-start", "exploration", "graphs"),
    "Data and features": ("data", "features", "labels", "streaming", "imbalance", "training-serving-skew", "privacy"),
    "Models and training": ("training", "nlp", "vision", "llm", "generative-ai"),
    "Evaluation and experiments": ("evaluation", "metrics", "calibration", "experimentation", "fairness"),
    "Serving and operations": ("serving", "latency", "deployment", "monitoring"),
    "Integrity and safety": ("integrity", "fraud"),
}
TOPICS: frozenset[str] = frozenset(t for group in TOPIC_TAGS.values() for t in group)

# kinds of page and places in the guide: not topics
HOUSEKEEPING_TAGS: frozenset[str] = frozenset({
    "start-here", "reference", "framework", "trade-off", "case-study", "building-block",
    "practice", "study-plan", "glossary", "resources", "community", "contributing",
})  # fmt: skip

ALL_TAGS: frozenset[str] = TOPICS | HOUSEKEEPING_TAGS
