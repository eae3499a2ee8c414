"""Check every internal link, anchor and image of the built site.

    python scripts/check_links.py               # build into a temporary folder, then check
    python scripts/check_links.py --site site   # check a site that is already built
    python scripts/check_links.py --external    # also check external URLs (needs a network)

Two passes, so nothing slips through:

1. MkDocs' own link validation (mkdocs.yml sets it to warn) reports Markdown links to pages or
   anchors that do not exist, absolute links and unrecognised links, in the words of the source.
2. Every built page is read with an HTML parser; each href/src/srcset in it (links written as
   raw HTML, in included snippets and in community notes among them) must point at a file of
   the site, and its #fragment at an id on that page.

Each problem is reported against the Markdown source as ``docs/PAGE.md:LINE: broken link
'TARGET' (reason)``, however many a page has: the same broken link written twice is reported at
both lines, a link in an included snippet at the snippet's line, a link in a community note at
the note's line (notes are appended to their page after Markdown, so only pass 2 sees them).
A built URL is traced back to the way it is written in the source (``../other/#x`` is
``other.md#x``). A warning that is not about a link is printed as MkDocs wrote it and counts as
a problem. Exit status: 0 clean, 1 problems, 2 the site could not be built or read.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import json
import posixpath
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (  # noqa: E402
    CONFIG_FILE,
    ROOT,
    Problem,
    UsageError,
    display_path,
    shown_path,
    read_page,
    run_check,
)
from local_site import build_site  # noqa: E402

WARNING = re.compile(
    r"Doc file '(?P<doc>[^']+)' contains (?:an? )?(?P<kind>absolute |unrecognized relative )?link '(?P<link>[^']+)'(?P<rest>.*)",
    re.S,
)
SNIPPET = re.compile(r"""^\s*-{1,}8<-{1,}\s+["']?([^"'\s]+)["']?\s*$""")
URL_ATTRIBUTES = {"a": ["href"], "img": ["src", "srcset"], "source": ["src", "srcset"], "link": ["href"],
                  "script": ["src"], "iframe": ["src"], "video": ["src", "poster"], "audio": ["src"],
                  "embed": ["src"], "object": ["data"], "area": ["href"]}  # fmt: skip
EXTERNAL_SCHEMES = ("http", "https")
IGNORED_SCHEMES = ("mailto", "tel", "data", "javascript", "blob")
CACHE_FILE = ROOT / ".cache" / "external-links.json"
CACHE_DAYS = 7


# --- sources ----------------------------------------------------------------------


class Sources:
    """Where the text of each built page came from: the page, its snippets, its community notes."""

    def __init__(self, config):
        self.docs_dir = Path(config["docs_dir"])
        self.root = Path(config["config_file_path"]).resolve().parent  # paths are shown from here
        self.use_directory_urls = config["use_directory_urls"]
        self.config = config
        self.snippet_bases = [Path(p) for p in config["mdx_configs"].get("pymdownx.snippets", {}).get("base_path", [])]
        self.dest_to_src: dict[str, str] = {}
        from mkdocs.structure.files import File

        for md in sorted(self.docs_dir.rglob("*.md")):
            src = md.relative_to(self.docs_dir).as_posix()
            file = File(src, str(self.docs_dir), str(config["site_dir"]), self.use_directory_urls)
            self.dest_to_src[file.dest_uri] = src
        self._notes = None

    def note(self, slug: str) -> Path | None:
        path = self.docs_dir / "community" / "notes" / f"{slug}.md"
        return path if path.is_file() else None

    def notes_for(self, src: str) -> list[Path]:
        if self._notes is None:
            self._notes = {}
            notes_dir = self.docs_dir / "community" / "notes"
            for note in sorted(notes_dir.glob("*.md")) if notes_dir.is_dir() else []:
                target = read_page(note).meta.get("applies_to")
                if isinstance(target, str):
                    self._notes.setdefault(target.strip(), []).append(note)
        return self._notes.get(src, [])

    @functools.lru_cache(maxsize=None)
    def files_for(self, src: str) -> list[Path]:
        """The page itself first, then what is included into it, then its notes."""
        page = self.docs_dir / src
        files = [page]
        if page.is_file():
            for line in page.read_text(encoding="utf-8").splitlines():
                match = SNIPPET.match(line)
                if match:
                    for base in self.snippet_bases:
                        candidate = base / match.group(1)
                        if candidate.is_file():
                            files.append(candidate)
                            break
        return files + self.notes_for(src)

    def shown(self, path: Path) -> str:
        return shown_path(path, self.root)

    def locate(self, files: list[Path], needles: list[str], occurrence: int = 0) -> tuple[str, int, str] | None:
        """(file, line, needle) of the occurrence-th line, among files, holding the first needle
        that any line holds; None when no line holds any of them."""
        for needle in needles:
            if not needle:
                continue
            found = []
            for path in files:
                try:
                    lines = path.read_text(encoding="utf-8").splitlines()
                except OSError:
                    continue
                found += [(self.shown(path), number, needle) for number, line in enumerate(lines, start=1) if needle in line]
            if found:
                return found[min(occurrence, len(found) - 1)]
        return None


# --- pass 1: MkDocs' validation -------------------------------------------------------


def build(site_dir: Path, config_file: Path) -> tuple[object, list[str]]:
    """Build (not strict, so every warning is collected) and return the config and the warnings."""
    messages: list[str] = []
    config = build_site(site_dir, config_file=config_file, strict=False, warnings=messages)
    return config, messages


def problems_from_warnings(messages: list[str], sources: Sources) -> list[Problem]:
    """Each link warning at its source line; any other warning as it is."""
    problems = []
    seen: dict[tuple[str, str], int] = {}
    for message in messages:
        match = WARNING.search(message)
        if not match:
            problems.append(Problem("", 0, message, verbatim=True))
            continue
        doc, link, kind, rest = match["doc"], match["link"], (match["kind"] or "").strip(), match["rest"]
        occurrence = seen.get((doc, link), 0)
        seen[(doc, link)] = occurrence + 1
        where = sources.locate(sources.files_for(doc), [f"({link}", f'"{link}"', f": {link}", link], occurrence)
        path, line, _ = where or (sources.shown(sources.docs_dir / doc), 1, link)
        if kind == "absolute":
            text = f"absolute link '{link}' (write a relative link to the .md file, e.g. '../section/page.md')"
        elif kind == "unrecognized relative":
            text = f"broken link '{link}' (not a page or file of the site; link to the .md file)"
        elif "anchor" in rest:
            anchor = re.search(r"anchor '(#[^']*)'", rest)
            fragment = anchor.group(1) if anchor else "#" + link.split("#", 1)[-1]
            text = f"broken link '{link}' (no heading or id '{fragment}' on that page)"
        else:
            text = f"broken link '{link}' (no such page or file)"
        problems.append(Problem(path, line, text))
    return problems


# --- pass 2: the built HTML -------------------------------------------------------------


def urls_in(element, attribute: str) -> list[str]:
    value = element.get(attribute)
    if not value:
        return []
    if attribute == "srcset":
        return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


def built_site_url(site_dir: Path) -> str:
    """The site_url the site was built with (its home page's canonical link), which may differ
    from mkdocs.yml's: tests and `make serve` build for a local address."""
    home = site_dir / "index.html"
    if not home.is_file():
        return ""
    link = BeautifulSoup(home.read_text(encoding="utf-8", errors="replace"), "html.parser").find("link", rel="canonical")
    return link.get("href", "") if link else ""


class Site:
    def __init__(self, site_dir: Path, generated: tuple[str, ...] = (), site_url: str = ""):
        self.dir = site_dir
        # the path the site is served under (site_url's path, "/ml-system-design-guide/" when
        # published on GitHub Pages): root-relative links such as the 404 page's start with it
        self.base_path = urlsplit(site_url or "/").path.rstrip("/") + "/"
        # files written into the site after the build (the PDF from `make pdf`)
        self.generated = {Path(posixpath.normpath((site_dir / g).as_posix())) for g in generated}
        self._ids: dict[Path, set[str]] = {}
        self._soups: dict[Path, BeautifulSoup] = {}

    def soup(self, path: Path) -> BeautifulSoup:
        if path not in self._soups:
            self._soups[path] = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
        return self._soups[path]

    def ids(self, path: Path) -> set[str]:
        if path not in self._ids:
            soup = self.soup(path)
            found = {el["id"] for el in soup.find_all(id=True)}
            found |= {el["name"] for el in soup.find_all("a", attrs={"name": True})}
            self._ids[path] = found
        return self._ids[path]

    def target_file(self, page: Path, url_path: str) -> Path | None:
        if url_path.startswith("/"):
            if not url_path.startswith(self.base_path):
                return None  # outside the published site: broken once it is served from its path
            inside = url_path[len(self.base_path) - 1 :]
            candidate = self.dir / unquote(inside.lstrip("/"))
        else:
            candidate = page.parent / unquote(url_path)
        candidate = Path(posixpath.normpath(candidate.as_posix()))
        if candidate in self.generated:
            return candidate
        if candidate.is_dir() or url_path.endswith("/"):
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None


def source_forms(site: Site, sources: Sources, html: Path, url: str, base_dir: str) -> list[str]:
    """How a built URL may be written in the Markdown source: as it is, as the .md file it
    points to (relative to base_dir, the folder links are written from), and as its #fragment."""
    parts = urlsplit(url)
    forms = [url]
    if parts.path and not parts.scheme and not parts.netloc:
        built = posixpath.normpath(posixpath.join(html.parent.relative_to(site.dir).as_posix(), unquote(parts.path)))
        built = "" if built == "." else built
        for dest in (built, posixpath.join(built, "index.html")):
            src = sources.dest_to_src.get(dest)
            if src:
                written = posixpath.relpath(src, base_dir or ".")
                forms += [written + (f"#{parts.fragment}" if parts.fragment else ""), written]
                break
    if parts.fragment:
        forms.append(f"#{parts.fragment}")
    return forms


def check_html(site: Site, sources: Sources, already: set[tuple[str, int, str]]) -> tuple[list[Problem], dict[str, list[tuple[str, int]]]]:
    problems: list[Problem] = []
    external: dict[str, list[tuple[str, int]]] = {}
    chrome_reported: set[str] = set()
    for html in sorted(site.dir.rglob("*.html")):
        dest = html.relative_to(site.dir).as_posix()
        if dest == "print_page/index.html":
            continue  # every page again, for the PDF, with ids its script rewrites at run time
        src = sources.dest_to_src.get(dest)
        soup = site.soup(html)
        content = soup.select_one("article.md-content__inner") or soup.body
        if content is None:
            continue
        seen: dict[tuple[str, str], int] = {}
        for element in soup.find_all(list(URL_ATTRIBUTES)):
            in_content = content in element.parents
            for attribute in URL_ATTRIBUTES[element.name]:
                for url in urls_in(element, attribute):
                    problem = check_url(site, html, url)
                    if problem is None and not (in_content and src and urlsplit(url).scheme in EXTERNAL_SCHEMES):
                        continue
                    # A community note's links are written from its own file and folder.
                    note = element.find_parent("div", class_="community-note") if in_content else None
                    note_path = sources.note(note["id"].removeprefix("note-")) if note and note.get("id") else None
                    files = [note_path] if note_path else (sources.files_for(src) if src else [])
                    base_dir = "community/notes" if note_path else posixpath.dirname(src or "")
                    key = (str(files[:1]), url)
                    occurrence = seen.get(key, 0)
                    seen[key] = occurrence + 1
                    if problem is None:
                        if files:
                            where = sources.locate(files, [url], occurrence)
                            external.setdefault(url, []).append(where[:2] if where else (sources.shown(files[0]), 1))
                        continue
                    if not in_content or src is None:
                        # site chrome (header, navigation, footer): one report per target
                        if url not in chrome_reported:
                            chrome_reported.add(url)
                            problems.append(Problem(display_path(CONFIG_FILE), 1, f"broken link '{url}' in the site's navigation or theme on {dest} ({problem})"))
                        continue
                    where = sources.locate(files, source_forms(site, sources, html, url, base_dir), occurrence)
                    path, line, written = where or (sources.shown(files[0]), 1, url)
                    if (path, line, written) in already:
                        continue  # MkDocs has already reported this link in the source's words
                    problems.append(Problem(path, line, f"broken link '{written if written != '#' + urlsplit(url).fragment else url}' ({problem})"))
    return problems, external


def check_url(site: Site, page: Path, url: str) -> str | None:
    """None when the URL is fine (or not ours to check), else the reason it is broken."""
    parts = urlsplit(url)
    if parts.scheme in EXTERNAL_SCHEMES or parts.scheme in IGNORED_SCHEMES or parts.netloc:
        return None
    if parts.scheme:
        return f"unknown scheme '{parts.scheme}:'"
    if parts.path:
        target = site.target_file(page, parts.path)
        if target is None:
            return "no such page or file in the built site"
    else:
        target = page
    if parts.fragment and target.suffix == ".html":
        fragment = unquote(parts.fragment)
        if fragment not in site.ids(target):
            return f"no id '{fragment}' on {target.relative_to(site.dir).as_posix()}"
    return None


# --- external links -------------------------------------------------------------------


def check_external(urls: dict[str, list[tuple[str, int]]], timeout: float, workers: int) -> list[Problem]:
    cache: dict[str, dict] = {}
    if CACHE_FILE.is_file():
        try:
            cache = json.loads(CACHE_FILE.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            cache = {}
    now = time.time()
    fresh = {u: c for u, c in cache.items() if c.get("ok") and now - c.get("checked", 0) < CACHE_DAYS * 86400}

    def probe(url: str) -> tuple[str, bool, str]:
        headers = {"User-Agent": "ml-system-design-guide-link-checker/1.0"}
        for method in ("HEAD", "GET"):
            try:
                request = urllib.request.Request(url, method=method, headers=headers)
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    return url, True, f"HTTP {response.status}"
            except urllib.error.HTTPError as exc:
                if method == "HEAD" and exc.code in (403, 405, 429, 501):
                    continue
                return url, exc.code in (429,), f"HTTP {exc.code}"
            except (urllib.error.URLError, TimeoutError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                return url, False, f"unreachable: {reason}"
        return url, False, "no answer"

    todo = [u for u in urls if u not in fresh]
    problems = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        for url, ok, detail in pool.map(probe, todo):
            cache[url] = {"ok": ok, "detail": detail, "checked": now}
            if not ok:
                for path, line in urls[url]:
                    problems.append(Problem(path, line, f"broken external link '{url}' ({detail})"))
    CACHE_FILE.parent.mkdir(exist_ok=True)
    CACHE_FILE.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")
    return problems


# --- main --------------------------------------------------------------------------------


def run(site_dir: Path | None, config_file: Path, external: bool, timeout: float) -> list[Problem]:
    from common import load_config

    if site_dir is None:
        with tempfile.TemporaryDirectory(prefix="check-links-") as tmp:
            config, messages = build(Path(tmp), config_file)
            return check_built(Path(tmp), config, messages, external, timeout)
    if not (site_dir / "index.html").is_file():
        raise UsageError(f"{site_dir}: not a built site (no index.html); run 'make build' or leave out --site")
    config = load_config(config_file, site_dir=str(site_dir))
    return check_built(site_dir, config, [], external, timeout)


def check_built(site_dir: Path, config, messages: list[str], external: bool, timeout: float) -> list[Problem]:
    sources = Sources(config)
    problems = problems_from_warnings(messages, sources)
    already = {(p.path, p.line, p.message.split("'")[1]) for p in problems if not p.verbatim}
    generated = tuple(filter(None, [config["extra"].get("pdf_file"), *config["extra"].get("flashcard_files", [])]))
    html_problems, external_urls = check_html(Site(site_dir, generated, built_site_url(site_dir)), sources, already)
    problems += html_problems
    if external:
        problems += check_external(external_urls, timeout, workers=16)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check every internal link, anchor and image of the site.")
    parser.add_argument("--site", type=Path, help="a built site to check (default: build one into a temporary folder)")
    parser.add_argument("--config", type=Path, default=CONFIG_FILE, help="the MkDocs configuration (default: mkdocs.yml)")
    parser.add_argument("--external", action="store_true", help="also check external URLs (needs a network)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per external request (default: 10)")
    args = parser.parse_args(argv)

    def check():
        if not args.config.is_file():
            raise UsageError(f"{args.config}: no such configuration file")
        problems = run(args.site, args.config.resolve(), args.external, args.timeout)
        return problems, 0

    return run_check(
        "check_links", check,
        passed=lambda _: "every internal link, anchor and image resolves",
        failed=lambda count, _: f"{count} broken link(s)",
    )

if __name__ == "__main__":
    sys.exit(main())
