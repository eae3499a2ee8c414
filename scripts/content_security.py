"""The Content-Security-Policy every page of the site carries, as a <meta> tag.

Scripts, styles, images, fonts, workers and connections come from the site itself only; no
frames, plugins, forms to elsewhere or <base>. Inline event handlers (``onclick=...``) never run.
Material for MkDocs writes a few inline scripts into every page (reading the saved palette and
tabs from localStorage, before the page is drawn); they are allowed by their SHA-256 hash,
computed at build time from the page as written. Only scripts outside the page's <article> are
hashed: the article is where Markdown (and community notes) end up, and nothing there may run.

Styles allow 'unsafe-inline' because Mermaid and KaTeX style what they draw with inline <style>
elements and style attributes; no style can be loaded from another site (img-src and font-src
are the site itself, so a CSS ``url()`` to another host is blocked too).

overrides/main.html writes the meta tag with HASHES_PLACEHOLDER in it; hooks/site_hooks.py calls
``apply`` on every page it writes (the print page included).
"""

from __future__ import annotations

import base64
import hashlib
import html.parser

HASHES_PLACEHOLDER = "'inline-script-hashes'"
POLICY = "; ".join(
    [
        "default-src 'none'",
        f"script-src 'self' {HASHES_PLACEHOLDER}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",  # Material's icons are data: SVGs in its CSS
        "font-src 'self'",
        "connect-src 'self'",  # the search index, instant navigation
        "worker-src 'self'",  # the search worker
        "manifest-src 'self'",
        "media-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-src 'none'",
    ]
)
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


class _InlineScripts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.article_depth = 0
        self.in_script = False
        self.scripts: list[tuple[str, bool]] = []  # (text, inside <article>)
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.article_depth += 1
        elif tag == "script":
            self.in_script = "src" not in attrs and (attrs.get("type") or "").strip().lower() in SCRIPT_TYPES
            self._text = []

    def handle_endtag(self, tag):
        if tag == "article" and self.article_depth:
            self.article_depth -= 1
        elif tag == "script":
            if self.in_script:
                self.scripts.append(("".join(self._text), self.article_depth > 0))
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self._text.append(data)


def inline_scripts(page_html: str) -> list[tuple[str, bool]]:
    """Every inline script of a page, and whether it is inside the <article>."""
    parser = _InlineScripts()
    parser.feed(page_html)
    parser.close()
    return parser.scripts


def script_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def apply(page_html: str) -> str:
    """The page with the hashes of its theme's inline scripts written into its policy."""
    if HASHES_PLACEHOLDER not in page_html:
        return page_html
    hashes = sorted({script_hash(text) for text, in_article in inline_scripts(page_html) if not in_article})
    return page_html.replace(HASHES_PLACEHOLDER, " ".join(hashes), 1)
