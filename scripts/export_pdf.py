"""Print the whole guide to one PDF with Chromium, then cut a PDF for every chapter and part.

    python scripts/export_pdf.py                 # build the site into site/, then write the PDFs
    python scripts/export_pdf.py --site site     # use a site that is already built

The built site is served on 127.0.0.1, and its print page (/print_page/, every page in
navigation order, made by mkdocs-print-site-plugin) is opened in headless Chromium, twice: a
helper page draws half of the Mermaid diagrams in a second renderer process and hands them to
the book (SHARE_DIAGRAMS). Printing waits until every diagram is an SVG and every formula is
typeset. Before printing:

- docs/assets/javascripts/print-layout.js (loaded by every page) has fitted each diagram to
  the page; its guidePrint.prepare() moves flashcard and follow-up answers to an "Answers"
  list at the end of their chapter, as it does when a reader prints a page from the browser;
- every link to the site and every local address in the text is pointed at the published
  address (site_url when public, else extra.published_url, or --site-url), never at the
  temporary local server;
- the document's title is the guide's name, once;
- KaTeX's relative offsets become margins (FLATTEN_FORMULAS), which Chromium prints in time
  linear in the book's length.

Chromium prints the pages and the bookmarks, without its header and footer; pdf_headers.py then
writes the running header, "Page N of M" (not on the cover) and the contents' page numbers, and
pdf_chapters.py cuts one PDF per chapter and per part out of the book by its outline.

Writes site/<extra.pdf_file from mkdocs.yml> and site/pdf/<chapter>.pdf. Exit status: 0
written, 1 the print page did not render, 2 unusable input (no browser, no site).
"""

from __future__ import annotations

import argparse
import ipaddress
import json
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdf_chapters  # noqa: E402
import pdf_headers  # noqa: E402
from common import CONFIG_FILE, ROOT, UsageError, display_path, edition_date, load_config  # noqa: E402
from local_site import OPEN_SHADOW_ROOTS, build_site, launch_browser, serve  # noqa: E402

CHAPTERS_DIR = "pdf"  # chapter PDFs go to <site>/pdf/<chapter id>.pdf

READY = """
() => {
  const diagrams = Array.from(document.querySelectorAll(".mermaid"));
  const drawn = diagrams.every(d => d.shadowRoot && d.shadowRoot.querySelector("svg"));
  const formulas = Array.from(document.querySelectorAll(".arithmatex"));
  const typeset = formulas.every(f => f.querySelector(".katex"));
  return drawn && typeset && !!window.guidePrint;
}
"""

# KaTeX writes each formula twice: as HTML for the eye and as hidden MathML for screen readers.
# Chromium still lays out and prints the hidden MathML (invisible text, copied along with the
# visible formula), which costs about a third of the printing time for ~1,500 formulas. The
# PDF keeps the TeX source as the formula's accessible label instead.
MATHML_TO_LABEL = """
() => {
  let replaced = 0;
  for (const formula of document.querySelectorAll(".katex")) {
    const mathml = formula.querySelector(".katex-mathml");
    if (!mathml) continue;
    const tex = mathml.querySelector('annotation[encoding="application/x-tex"]');
    if (tex) {
      formula.setAttribute("role", "img");
      formula.setAttribute("aria-label", tex.textContent.trim());
    }
    mathml.remove();
    replaced += 1;
  }
  return replaced;
}
"""

# Mermaid draws the diagrams one at a time on the page's main thread (about 20 s for 299), while
# the machine's other core waits. The print page is opened twice, in two renderer processes: the
# book draws the first half of the diagrams (by length of source) and a helper page the second
# half, whose drawings are then handed to the book. Material calls mermaid.render(id, source)
# once per diagram with ids in page order (__mermaid_0, __mermaid_1, ...) and puts the SVG it
# returns into the diagram's shadow root, so a drawing made by the helper for the same id, on the
# same page with the same styles and fonts, is the drawing the book would have made. The helper
# skips the formulas, which the book alone needs.
SHARE_DIAGRAMS = """
(role => {
  const state = window.guideDiagrams = { role, drawn: 0, received: 0, rendered: {}, waiting: {}, delivered: {} };
  state.deliver = rendered => {
    for (const [id, svg] of Object.entries(rendered)) {
      state.received += 1;
      if (state.waiting[id]) { state.waiting[id]({ svg }); delete state.waiting[id]; } else state.delivered[id] = svg;
    }
  };
  document.addEventListener("DOMContentLoaded", () => {  // before Material's handler draws anything
    if (!window.mermaid || !window.mermaid.render) return;
    if (role === "helper") document.querySelectorAll(".arithmatex").forEach(f => f.remove());
    const sizes = Array.from(document.querySelectorAll(".mermaid"), d => d.textContent.length);
    const total = sizes.reduce((a, b) => a + b, 0);
    let half = 0, sum = 0;
    while (half < sizes.length && sum + sizes[half] / 2 < total / 2) sum += sizes[half++];
    const render = window.mermaid.render.bind(window.mermaid);
    window.mermaid.render = async (id, source, ...rest) => {
      const first = Number(String(id).replace(/^\\D+/, "")) < half;
      if (first === (role === "book")) {
        const out = await render(id, source, ...rest);
        state.drawn += 1;
        if (role === "helper") state.rendered[id] = out.svg;
        return out;
      }
      if (role === "helper") return { svg: "<svg></svg>" };
      if (id in state.delivered) { const svg = state.delivered[id]; delete state.delivered[id]; return { svg }; }
      return new Promise(resolve => { state.waiting[id] = resolve; });
    };
  }, { once: true });
})
"""

# KaTeX places the parts of a formula (a superscript, a fraction's halves, the rows of a matrix)
# with position: relative and a `top` offset, about 23,000 boxes in the guide. Chromium paints
# every printed page by walking every positioned box in the document, so printing grew with the
# square of the book's length: 52 ms of painting per page for 995 pages, 52 s of a 77 s print.
# Before printing, each vertical list's rows are moved by margins instead (each row is 0 high,
# so a row's margin moves it and every row after it by the difference of their offsets; the last
# row's bottom margin takes the list back to where it began), and boxes that are positioned but
# not moved become static. Boxes that an absolutely positioned part is placed against (a square
# root's sign, a stretchy arrow) keep their position. Every glyph stays within 1/16 px of where
# KaTeX put it (tests/test_pdf.py measures that); painting takes 17 ms a page, printing about
# 40 s instead of 77 s.
FLATTEN_FORMULAS = """
() => {
  // No computed style is read: off-screen chapters skip style (content-visibility), and asking
  // for the style of ~100,000 boxes there takes 6 s. Which boxes KaTeX positions is read from
  // its style sheet instead, and offsets from the inline style it writes, in em.
  const positioned = { relative: [], absolute: [] };
  const collect = rules => {
    for (const rule of rules) {
      if (rule.cssRules) collect(rule.cssRules);
      const p = rule.style && rule.style.position;
      if (p in positioned && /katex|vlist|pstrut/.test(rule.selectorText)) positioned[p].push(rule.selectorText);
    }
  };
  for (const sheet of document.styleSheets) {
    try { collect(sheet.cssRules); } catch (error) { /* a sheet from elsewhere: not KaTeX's */ }
  }
  const relative = positioned.relative.join(", "), absolute = positioned.absolute.join(", ");
  const position = el => el.style.position || (absolute && el.matches(absolute) ? "absolute"
                                             : relative && el.matches(relative) ? "relative" : "static");
  const em = v => !v ? 0 : v.endsWith("em") ? parseFloat(v) : NaN;
  const parts = Array.from(document.querySelectorAll(".katex, .katex *"));
  const kind = parts.map(position);
  const anchors = new Set();
  parts.forEach((el, i) => {
    if (kind[i] !== "absolute") return;
    for (let a = el.parentElement; a && !a.matches(".katex-display"); a = a.parentElement) {
      anchors.add(a);
      if (a.classList.contains("katex")) break;
    }
  });
  const still = parts.filter((el, i) => kind[i] === "relative" && !anchors.has(el) &&
    ["top", "left", "bottom", "right"].every(side => em(el.style[side]) === 0));
  let lists = 0, moved = 0;
  for (const list of document.querySelectorAll(".katex .vlist")) {
    const rows = Array.from(list.children);
    // rows without a class or a size of their own share the list's font size, so their em agree
    if (anchors.has(list) || rows.some(r => anchors.has(r) || position(r) !== "relative" || r.classList.length ||
        r.style.fontSize || r.style.bottom || r.style.left || r.style.right || Number.isNaN(em(r.style.top)))) continue;
    let at = 0, last = null;
    for (const row of rows) {
      const top = em(row.style.top);
      row.style.position = "static";
      row.style.top = "auto";
      if (!row.firstChild) continue;  // an empty row: margins would collapse through it
      row.style.marginTop = `${top - at}em`;
      at = top;
      last = row;
      moved += 1;
    }
    if (last) last.style.marginBottom = `${-at}em`;
    list.style.position = "static";
    lists += 1;
  }
  for (const el of still) el.style.position = "static";
  for (const strut of document.querySelectorAll(".katex .pstrut")) strut.style.overflow = "visible";  // empty, 0 wide
  return { lists, moved, still: still.length, positioned: parts.filter(el => position(el) !== "static").length,
           rules: positioned.relative.length + positioned.absolute.length };
}
"""

# Links that leave the print page go to the published site; local addresses in the text (the
# cover's "Read online" when the site was built for a local server) become the published one.
PUBLISH = """
([published, title]) => {
  const local = h => ["127.0.0.1", "localhost", "[::1]", "0.0.0.0"].includes(h);
  const here = new URL(location.href);
  const root = new URL("..", here);  // the site's root: the print page is /print_page/
  let links = 0, texts = 0;
  for (const a of document.querySelectorAll("a[href]")) {
    const url = new URL(a.getAttribute("href"), here);
    if (!local(url.hostname)) continue;
    if (url.origin === here.origin && url.pathname === here.pathname && url.hash) continue;  // a jump inside the PDF
    const path = url.origin === here.origin && url.pathname.startsWith(root.pathname)
      ? url.pathname.slice(root.pathname.length) : url.pathname.replace(/^\\//, "");
    a.setAttribute("href", published + path + url.search + url.hash);
    links += 1;
  }
  const address = /https?:\\/\\/(127\\.0\\.0\\.1|localhost|\\[::1\\]|0\\.0\\.0\\.0)(:\\d+)?\\/?/g;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (address.test(node.nodeValue)) {
      node.nodeValue = node.nodeValue.replace(address, published);
      texts += 1;
    }
    address.lastIndex = 0;
  }
  document.title = title;
  return { links, texts };
}
"""

# Where each chapter and part begins, and the text of every heading, from the print page.
CHAPTER_MAP = """
() => {
  const text = h => {
    const copy = h.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach(e => e.remove());
    return copy.textContent.replace(/\\s+/g, " ").trim();
  };
  const sections = [];
  for (const s of document.querySelectorAll("#print-site-page section.print-page[id]")) {
    const h = s.querySelector("h1");
    sections.push({ id: s.id, title: h ? text(h) : s.id, part: s.classList.contains("md-section"),
                    number: s.getAttribute("heading-number") || "" });
  }
  const headings = Array.from(document.querySelectorAll("#print-site-page h1, #print-site-page h2")).map(text);
  const edition = document.querySelector(".guide-cover__edition");
  return { sections, headings, edition: edition ? edition.textContent.trim() : "" };
}
"""


# Chapters that print as nothing: a print rule that hides them (display: none) leaves a PDF
# without them, and without the link targets the running heads and chapter PDFs are cut by.
HIDDEN_IN_PRINT = """
() => Array.from(document.querySelectorAll("#print-site-page section.print-page[id]"))
  .filter(s => !s.checkVisibility())  // display: none on it or a parent; needs no layout
  .map(s => s.id)
"""


# print-site names a chapter's section after its address (practice/flashcards/ is
# "practice-flashcards") and a heading inside a chapter after the chapter and the heading
# (the heading "Flashcards" on practice/ is also "practice-flashcards"). When they meet, the
# contents link lands on the heading: the contents number and the running heads go wrong.
SHARED_IDS = """
() => {
  const found = [];
  for (const s of document.querySelectorAll("#print-site-page section.print-page[id]")) {
    for (const other of document.querySelectorAll(`[id="${CSS.escape(s.id)}"]`)) {
      if (other === s || (other.tagName === "H1" && other.parentElement === s)) continue;
      const chapter = other.closest("section.print-page[id]");
      found.push({ id: s.id, tag: other.tagName.toLowerCase(), text: other.textContent.trim().slice(0, 60),
                   chapter: chapter ? chapter.id : "" });
    }
  }
  return found;
}
"""


# --- the published address --------------------------------------------------------------


def is_local_address(url: str) -> bool:
    host = (urlsplit(url).hostname or "").strip("[]")
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def published_address(url: str) -> str:
    """The published address with a trailing slash; a local address is refused."""
    if not url or is_local_address(url):
        raise UsageError(
            f"the published address is {url or 'not set'}: set SITE_URL or extra.published_url "
            "in mkdocs.yml to where the guide is published (or pass --site-url)"
        )
    return url if url.endswith("/") else url + "/"


def configured_published_address(config) -> str:
    """site_url when it is a public address (the Pages workflow's SITE_URL), else
    extra.published_url: a site built for a local server is still published elsewhere."""
    site_url = config["site_url"] or ""
    if site_url and not is_local_address(site_url):
        return published_address(site_url)
    return published_address(config["extra"].get("published_url", ""))


# --- printing ---------------------------------------------------------------------------


def open_print_page(browser, base_url: str, role: str, timeout_s: float, path: str = "print_page/"):
    """A new browser context on the print page, drawing its share of the diagrams (SHARE_DIAGRAMS).
    Returns at once: the page draws in its own renderer process while the other one does."""
    context = browser.new_context(base_url=base_url, color_scheme="light")
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.add_init_script(f"{SHARE_DIAGRAMS}({json.dumps(role)})")
    page = context.new_page()
    page.set_default_timeout(timeout_s * 1000)  # a busy machine needs more than 30 s to load 500 pages
    try:
        page.goto(path, wait_until="commit")
    except Exception as exc:
        context.close()
        raise RuntimeError(f"the print page did not load: {str(exc).splitlines()[0]}") from None
    return context, page


def wait_until_drawn(page, timeout_s: float, name: str) -> None:
    try:
        page.wait_for_function(READY, timeout=timeout_s * 1000, polling=250)
    except Exception:
        missing = page.evaluate(
            """() => Array.from(document.querySelectorAll('.mermaid'))
                     .filter(d => !(d.shadowRoot && d.shadowRoot.querySelector('svg'))).length"""
        )
        raise RuntimeError(
            f"{name} did not finish rendering: {missing} diagram(s) not drawn"
            + ("" if page.evaluate("!!window.guidePrint") else ", print-layout.js not loaded")
        ) from None


def print_book(browser, base_url: str, output: Path, published: str, title: str, timeout_s: float) -> dict:
    """Open the served print page (and a helper page that draws half its diagrams), prepare it
    for print and print it to ``output``.

    Returns timings and what pdf_headers and pdf_chapters need: the sections, each with the
    page it starts on, and the headings.
    """
    info: dict = {}
    started = time.monotonic()
    helper, helper_page = open_print_page(browser, base_url, "helper", timeout_s)
    try:
        context, page = open_print_page(browser, base_url, "book", timeout_s)
    except RuntimeError:
        helper.close()
        raise
    try:
        wait_until_drawn(helper_page, timeout_s, "the helper page")
        drawn = helper_page.evaluate("window.guideDiagrams.rendered")
        helper.close()
        page.evaluate("rendered => window.guideDiagrams.deliver(rendered)", drawn)
        wait_until_drawn(page, timeout_s, "the print page")
        info["diagrams"] = page.evaluate("({ book: window.guideDiagrams.drawn, helper: window.guideDiagrams.received })")
        info["render"] = time.monotonic() - started
        started = time.monotonic()
        shared = page.evaluate(SHARED_IDS)
        if shared:
            raise RuntimeError(
                "a heading has the same id on the print page as a chapter, so the contents would "
                "lead to the heading: "
                + "; ".join(f"<{d['tag']}> '{d['text']}' in chapter {d['chapter']} is '{d['id']}'" for d in shared)
                + " (give the heading another id: '## Title { #other-id }')"
            )
        info["answers"] = page.evaluate("window.guidePrint.prepare(document)")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.evaluate(MATHML_TO_LABEL)
        info["published"] = page.evaluate(PUBLISH, [published, title])
        info.update(page.evaluate(CHAPTER_MAP))
        info["formulas"] = page.evaluate(FLATTEN_FORMULAS)
        info["prepare"] = time.monotonic() - started
        started = time.monotonic()
        output.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(
            path=str(output),
            format="A4",
            print_background=True,
            display_header_footer=False,  # pdf_headers.py writes them, leaving the cover bare
            margin={"top": "20mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
            outline=True,
            tagged=True,  # Chromium builds the outline (bookmarks) from the tagged structure
        )
        info["print"] = time.monotonic() - started
        try:
            info["sections"] = section_starts(output, info["sections"])
        except RuntimeError:
            # Chromium printed without some chapters: say why when a print rule hides them.
            # (Asking before printing would cost the print styles twice, about 5 s.)
            page.emulate_media(media="print")
            hidden = page.evaluate(HIDDEN_IN_PRINT)
            if hidden:
                raise RuntimeError(
                    f"{len(hidden)} chapter(s) of the print page are hidden in print, e.g. {hidden[:5]}: "
                    "a print stylesheet hides them (look for display: none under @media print, "
                    "scoped to a selector the print page also matches)"
                ) from None
            raise
    finally:
        helper.close()
        context.close()
    return info


def page_paths(site_dir: Path) -> dict[str, str]:
    """print-site's section id of every built page -> the page's address under the site's root.

    print-site names a page's section after its address: case-studies/news-feed/ is
    "case-studies-news-feed", the home page "index".
    """
    paths = {}
    for index in site_dir.rglob("index.html"):
        path = index.parent.relative_to(site_dir).as_posix()
        path = "" if path == "." else path + "/"
        paths[path.rstrip("/").replace("/", "-") or "index"] = path
    return paths


def section_starts(pdf: Path, sections: list[dict]) -> list[dict]:
    """Each section with the PDF page (0-based) it starts on, from the PDF's link targets."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    named = pdf_headers.named_destination_pages(reader)
    missing = [s["id"] for s in sections if s["id"] not in named]
    if missing:
        raise RuntimeError(
            f"no link in the contents leads to {len(missing)} chapter(s): {missing[:5]} "
            f"(the printed PDF has {len(reader.pages)} page(s) and {len(named)} link target(s))"
        )
    return [dict(s, first_page=named[s["id"]]) for s in sections]


def export(
    site_dir: Path,
    output: Path,
    title: str,
    edition: str | None = None,
    published_url: str = "",
    chapters_dir: Path | None = None,
    timeout_s: float = 120,
    browser=None,
) -> dict:
    """Print site_dir's print page to ``output`` and cut the chapter PDFs into ``chapters_dir``.

    ``edition`` defaults to the one on the built cover (date and commit); ``published_url`` is
    where the site is published (links and addresses in the PDFs point there). Uses the given
    Playwright browser, or starts one. Returns timings and counts.
    """
    published = published_address(published_url)
    if browser is None:
        with launch_browser() as own:
            return export(site_dir, output, title, edition, published, chapters_dir, timeout_s, own)
    if not (site_dir / "print_page" / "index.html").is_file():
        raise UsageError(f"{display_path(site_dir)} has no print_page/index.html: is the print-site plugin enabled in mkdocs.yml?")
    chapters_dir = chapters_dir if chapters_dir is not None else output.parent / CHAPTERS_DIR
    with serve(site_dir) as base_url:
        info = print_book(browser, base_url, output, published, title, timeout_s)
    edition = edition or (f"Edition {info['edition']}" if info.get("edition") else f"Edition {edition_date()}")
    info["edition"] = edition

    started = time.monotonic()
    sections = info["sections"]  # with the page each starts on
    raw = output.read_bytes()  # the book as Chromium printed it, for the chapter PDFs
    marks = [pdf_headers.Chapter("Contents", 1)] + [
        pdf_headers.Chapter(s["title"], s["first_page"]) for s in sections if not s["part"]
    ]
    try:
        info["stamped"] = pdf_headers.stamp_book(
            output, marks, right=f"{title} \u00b7 {re.sub(r' [(]commit [^)]*[)]', '', edition)}", headings=info["headings"],
            contents=range(1, min(s["first_page"] for s in sections)),
        )
    except ValueError as exc:
        raise RuntimeError(f"could not write the running heads: {exc}") from None
    info["headers"] = time.monotonic() - started

    started = time.monotonic()
    paths = page_paths(site_dir)
    info["chapters"] = pdf_chapters.write_chapters(
        raw, pdf_chapters.plan(sections, paths), chapters_dir, guide_title=title, edition=edition,
        published=published, paths=paths,
    )
    info["cut"] = time.monotonic() - started
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the whole guide to one PDF, and one PDF per chapter.")
    parser.add_argument("--site", type=Path, help="a built site (default: build into site/ first)")
    parser.add_argument("--output", type=Path, help="where to write the PDF (default: <site>/<extra.pdf_file>)")
    parser.add_argument("--site-url", help="the published address (default: SITE_URL / site_url if public, else extra.published_url)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    config = load_config(CONFIG_FILE)
    site_dir = args.site or ROOT / "site"
    output = args.output or site_dir / config["extra"].get("pdf_file", "guide.pdf")
    try:
        published = published_address(args.site_url) if args.site_url else configured_published_address(config)
        build_s = None
        if args.site is None:
            build_s = time.monotonic()
            build_site(site_dir)
            build_s = time.monotonic() - build_s
        elif not (site_dir / "index.html").is_file():
            raise UsageError(f"{site_dir}: not a built site (no index.html); run 'make build' or leave out --site")
        info = export(site_dir, output, config["site_name"], published_url=published, chapters_dir=site_dir / CHAPTERS_DIR)
    except UsageError as exc:
        print(f"export_pdf: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(f"export_pdf: {exc}", file=sys.stderr)
        return 1
    size = output.stat().st_size / 1e6
    total = time.monotonic() - started
    chapters = info["chapters"]
    print(
        f"export_pdf: wrote {display_path(output)} ({info['stamped']['pages'] + 1} pages, {size:.1f} MB) and "
        f"{chapters['files']} chapter PDFs ({chapters['pages']} pages) in {total:.1f} s "
        f"({'' if build_s is None else f'site build {build_s:.1f} s, '}"
        f"page render {info['render']:.1f} s ({info['diagrams']['helper']} of {info['diagrams']['book'] + info['diagrams']['helper']} diagrams "
        f"drawn by the helper page), preparing {info['prepare']:.1f} s, printing {info['print']:.1f} s, "
        f"running heads {info['headers']:.1f} s, chapter PDFs {info['cut']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
