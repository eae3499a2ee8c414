"""Print the whole guide to one PDF with Chromium, from the site's print-site page.

    python scripts/export_pdf.py                 # build the site into site/, then write the PDF
    python scripts/export_pdf.py --site site     # use a site that is already built

The built site is served on 127.0.0.1, the print page (/print_page/, every page in navigation
order, made by mkdocs-print-site-plugin) is opened in headless Chromium, and printing waits
until every Mermaid diagram is an SVG and every formula is typeset, so the PDF holds vector
diagrams and real mathematics, never source text. Collapsible blocks are opened first, so
flashcards and follow-up answers are printed too. Chromium adds the running header, one page
number per page and the PDF outline (bookmarks); internal links jump inside the PDF. Then
pdf_headers.py writes each page's chapter title into the left of the running header.

Writes site/<extra.pdf_file from mkdocs.yml>. Exit status: 0 written, 1 the print page did not
render, 2 unusable input (no browser, no site).
"""

from __future__ import annotations

import argparse
import html
import contextlib
import functools
import http.server
import socket
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdf_headers  # noqa: E402
from common import CONFIG_FILE, ROOT, UsageError, display_path, edition_date, launch_browser, load_config  # noqa: E402

OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""

READY = """
() => {
  const diagrams = Array.from(document.querySelectorAll(".mermaid"));
  const drawn = diagrams.every(d => d.shadowRoot && d.shadowRoot.querySelector("svg"));
  const formulas = Array.from(document.querySelectorAll(".arithmatex"));
  const typeset = formulas.every(f => f.querySelector(".katex"));
  return drawn && typeset;
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

# The right half of the running header; pdf_headers.py writes the chapter's title in the left half.
HEADER = """
<div style="font-size:7.5pt; width:100%; margin:0 16mm; color:#666; text-align:right; font-family:sans-serif;">
  {title} &middot; {edition}
</div>
"""
FOOTER = """
<div style="font-size:7.5pt; width:100%; margin:0 16mm; color:#666; text-align:right; font-family:sans-serif;">
  Page <span class="pageNumber"></span> of <span class="totalPages"></span>
</div>
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory: Path):
    with contextlib.closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_QuietHandler, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.shutdown()


def build_site(site_dir: Path) -> None:
    from mkdocs.commands.build import build

    config = load_config(CONFIG_FILE, site_dir=str(site_dir))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def export(site_dir: Path, output: Path, title: str, edition: str, timeout_s: float = 120, browser=None) -> dict:
    """Print site_dir's print page to output; uses the given Playwright browser, or starts one."""
    if browser is None:
        with launch_browser() as own:
            return export(site_dir, output, title, edition, timeout_s, own)
    print_page = site_dir / "print_page" / "index.html"
    if not print_page.is_file():
        raise UsageError(f"{display_path(site_dir)} has no print_page/index.html: is the print-site plugin enabled in mkdocs.yml?")
    timings = {}
    with serve(site_dir) as base_url:
        context = browser.new_context(base_url=base_url, color_scheme="light")
        context.add_init_script(OPEN_SHADOW_ROOTS)
        page = context.new_page()
        started = time.monotonic()
        page.goto("print_page/", wait_until="load")
        try:
            page.wait_for_function(READY, timeout=timeout_s * 1000, polling=250)
        except Exception:
            missing = page.evaluate(
                """() => Array.from(document.querySelectorAll('.mermaid'))
                         .filter(d => !(d.shadowRoot && d.shadowRoot.querySelector('svg'))).length"""
            )
            raise RuntimeError(f"the print page did not finish rendering: {missing} diagram(s) not drawn") from None
        timings["render"] = time.monotonic() - started
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        page.evaluate(MATHML_TO_LABEL)
        page.emulate_media(media="print")
        started = time.monotonic()
        output.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(
            path=str(output),
            format="A4",
            print_background=True,
            display_header_footer=True,
            header_template=HEADER.format(title=html.escape(title), edition=html.escape(edition)),
            footer_template=FOOTER,
            margin={"top": "20mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
            outline=True,
            tagged=True,  # Chromium builds the outline (bookmarks) from the tagged structure
        )
        timings["print"] = time.monotonic() - started
        context.close()
    started = time.monotonic()
    try:
        pdf_headers.add_chapter_headers(output)
    except ValueError as exc:
        raise RuntimeError(f"could not add chapter titles to the running header: {exc}") from None
    timings["headers"] = time.monotonic() - started
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print the whole guide to one PDF.")
    parser.add_argument("--site", type=Path, help="a built site (default: build into site/ first)")
    parser.add_argument("--output", type=Path, help="where to write the PDF (default: <site>/<extra.pdf_file>)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    config = load_config(CONFIG_FILE)
    site_dir = args.site or ROOT / "site"
    output = args.output or site_dir / config["extra"].get("pdf_file", "guide.pdf")
    try:
        build_s = None
        if args.site is None:
            build_s = time.monotonic()
            build_site(site_dir)
            build_s = time.monotonic() - build_s
        elif not (site_dir / "index.html").is_file():
            raise UsageError(f"{site_dir}: not a built site (no index.html); run 'make build' or leave out --site")
        edition = f"Edition {edition_date()}"
        timings = export(site_dir, output, config["site_name"], edition)
    except UsageError as exc:
        print(f"export_pdf: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(f"export_pdf: {exc}", file=sys.stderr)
        return 1
    size = output.stat().st_size / 1e6
    total = time.monotonic() - started
    print(
        f"export_pdf: wrote {display_path(output)} ({size:.1f} MB) in {total:.1f} s "
        f"({'' if build_s is None else f'site build {build_s:.1f} s, '}"
        f"page render {timings['render']:.1f} s, printing {timings['print']:.1f} s, "
        f"chapter headers {timings['headers']:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
