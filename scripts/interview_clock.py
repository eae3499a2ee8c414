"""What the interview clock shows, read from the built site: prompts and the minute plan.

- The prompts are the interviewer's words in each case study's ``!!! prompt`` box
  (``<div class="admonition prompt">``), with the case study's title and URL.
- The minute plan is the framework overview's table whose first column is "Minutes"
  ("0-1", "1-7", ...), with the step and the checkpoint artefact of each row. A table of the
  same shape whose last row ends at minute 40 or 60 is that length's plan; a length the
  framework does not give is the 45-minute plan scaled proportionally.

hooks/practice.py writes the result to ``assets/interview-clock.json`` on every build, and
docs/assets/javascripts/clock.js reads it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

JSON_FILE = "assets/interview-clock.json"
FRAMEWORK_PAGE = "framework/index.html"
CASE_STUDIES = "case-studies"
LENGTHS = (40, 45, 60)
RANGE = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")


def _text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def _article(path: Path):
    html = path.read_text(encoding="utf-8")
    i, j = html.find("<article"), html.find("</article>")
    if i == -1 or j == -1:
        return None
    return BeautifulSoup(html[i : j + len("</article>")], "html.parser").find("article")


def prompts(site_dir: Path) -> list[dict]:
    found = []
    for path in sorted((Path(site_dir) / CASE_STUDIES).glob("*/index.html")):
        article = _article(path)
        box = article.select_one("div.admonition.prompt") if article else None
        if box is None:
            continue
        title = box.select_one(".admonition-title")
        if title:
            title.extract()
        text = _text(box).strip()
        h1 = article.find("h1")
        if text:
            found.append({
                "title": _text(h1).rstrip("¶").strip() if h1 else path.parent.name,
                "url": f"{CASE_STUDIES}/{path.parent.name}/",
                "prompt": text,
            })
    return found


def plans_in(article) -> dict[int, list[dict]]:
    """Each minute-plan table of the page, by the minute its last row ends at."""
    plans = {}
    for table in article.find_all("table"):
        headers = [_text(th).lower() for th in table.select("thead th")]
        if not headers or headers[0] != "minutes":
            continue
        step_col = next((i for i, h in enumerate(headers) if h.startswith("step")), 1)
        rows = []
        for tr in table.select("tbody tr"):
            cells = [_text(td) for td in tr.find_all("td")]
            match = RANGE.match(cells[0]) if cells else None
            if not match:
                rows = []
                break
            rows.append({
                "start": int(match[1]),
                "end": int(match[2]),
                "step": cells[step_col] if step_col < len(cells) else "",
                "board": cells[-1] if cells[-1] not in ("-", "–", "") else "",
                "checkpoint": bool(re.search(r"\bcheckpoint\b", cells[-1], re.I)),
            })
        if rows:
            plans[rows[-1]["end"]] = rows
    return plans


def scaled(plan: list[dict], length: int) -> list[dict]:
    """The plan stretched to ``length`` minutes, each boundary rounded to a whole minute."""
    total = plan[-1]["end"]
    out = []
    for row in plan:
        out.append(dict(row, start=round(row["start"] * length / total), end=round(row["end"] * length / total),
                        scaled=True))
    # Checkpoint text names the minute of the 45-minute plan ("Checkpoint A (minute 11)").
    for row in out:
        row["board"] = re.sub(r"\(minute \d+\)", f"(minute {row['end']})", row["board"])
    return out


def minute_plans(site_dir: Path) -> dict[str, list[dict]]:
    page = Path(site_dir) / FRAMEWORK_PAGE
    article = _article(page) if page.is_file() else None
    found = plans_in(article) if article else {}
    if 45 not in found:
        return {}
    return {str(n): found.get(n) or scaled(found[45], n) for n in LENGTHS}


def write_json(site_dir: Path) -> tuple[Path, dict]:
    data = {"plans": minute_plans(site_dir), "prompts": prompts(site_dir)}
    target = Path(site_dir) / JSON_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return target, data
