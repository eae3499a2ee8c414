"""Hostile community notes, one per way in, each with what must happen to it.

REJECTED(pattern): the checker and the build refuse the note with a message matching pattern.
INERT: the note is published, and nothing in it can run, load from elsewhere or restyle the page.
"""

from __future__ import annotations

import dataclasses

INERT = None

# A 1x1 PNG: the picture that inert notes show, put at docs/assets/community/chart.png by the tests
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
IMAGE = "assets/community/chart.png"


@dataclasses.dataclass(frozen=True)
class Hostile:
    name: str  # the file name (without .md unless file_name says otherwise)
    body: str = "A plain sentence."
    meta: tuple[tuple[str, str], ...] = ()  # front matter lines to replace or add, as raw YAML
    expect: str | None = INERT  # a regular expression the rejection message matches
    file_name: str | None = None

    @property
    def file(self) -> str:
        return self.file_name or f"{self.name}.md"

    def text(self) -> str:
        fields = {
            "title": "A hostile note",
            "author": "octocat",
            "date": "2026-11-20",
            "applies_to": "framework/evaluation.md",
            "kind": "tip",
            "type": "community-note",
        }
        fields.update(dict(self.meta))
        front = "".join(f"{k}: {v}\n" for k, v in fields.items() if v is not None)
        return f"---\n{front}---\n\nIntro line.\n\n{self.body}\n"


ATTRIBUTES = r"notes cannot set HTML attributes"
RUNS_CODE = r"notes cannot run code"
LINKS = r"links in notes go to https:, http: or mailto:"
IMAGES = r"images in notes must be files in this repository"
ELEMENT = r"notes cannot use the <{}> element"

CORPUS = [
    # attribute injection: attr_list and raw HTML
    Hostile("attr-list-onclick", 'Click me{ onclick="alert(1)" }', expect=ATTRIBUTES + r": remove `\{ onclick"),
    Hostile("attr-list-block-overlay", 'Text\n{: .md-overlay style="position:fixed;inset:0" }', expect=ATTRIBUTES),
    Hostile("raw-onclick", 'Hello <b onclick="alert(1)">there</b>', expect=ELEMENT.format("b")),
    Hostile("strong-onmouseover", 'Hello <strong onmouseover="alert(1)">there</strong>', expect=RUNS_CODE + r": remove the 'onmouseover'"),
    Hostile("img-onerror", '<img src="../../assets/favicon.svg" onerror="alert(1)">', expect=RUNS_CODE),
    Hostile("md-in-html", '<div markdown="1">\n\n**bold** [x](javascript:alert(1))\n\n</div>', expect=ELEMENT.format("div")),
    Hostile("details-ontoggle", "<details open ontoggle=alert(1)><summary>x</summary></details>", expect=ELEMENT.format("details")),
    Hostile("input-autofocus", "<input autofocus onfocus=alert(1)>", expect=ELEMENT.format("input")),
    # reference-style links
    Hostile("reference-javascript", "[click][x]\n\n[x]: javascript:alert(1)", expect=LINKS),
    Hostile("reference-entity", "[click][x]\n\n[x]: jav&#x61;script:alert(1)", expect=r"not a page of the guide|" + LINKS),
    # entity-, whitespace- and case-obfuscated URL schemes
    Hostile("entity-scheme", '<a href="jav&#x61;script:alert(1)">x</a>', expect=LINKS),
    Hostile("decimal-entity-scheme", '<a href="&#106;avascript:alert(1)">x</a>', expect=LINKS),
    Hostile("tab-entity-scheme", '<a href="java&#9;script:alert(1)">x</a>', expect=r"spaces, control characters or backslashes|" + LINKS),
    Hostile("newline-in-scheme", '<a href="java\nscript:alert(1)">x</a>', expect=r"spaces, control characters or backslashes|" + LINKS),
    Hostile("leading-space-scheme", '<a href=" javascript:alert(1)">x</a>', expect=r"spaces, control characters|" + LINKS),
    Hostile("mixed-case-scheme", "[x](JaVaScRiPt:alert(1))", expect=LINKS),
    Hostile("markdown-entity-scheme", "[x](jav&#x61;script:alert(1))", expect=LINKS + r"|not a page of the guide"),
    Hostile("data-link", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", expect=LINKS),
    Hostile("vbscript-link", '<a href="vbscript:msgbox(1)">x</a>', expect=LINKS),
    Hostile("autolink-javascript", "<javascript:alert(1)>", expect=r"notes cannot use the <javascript:alert\(1\)> element|notes cannot"),
    Hostile("protocol-relative-link", "[x](//evil.example/)", expect=r"starts with '/'"),
    Hostile("backslash-link", "[x](/\\evil.example/)", expect=r"backslashes|starts with '/'"),
    Hostile("target-blank", '<a href="https://example.org/" target="_blank">x</a>', expect=ATTRIBUTES + r": remove target="),
    # parser differences: HTML comments, indentation
    Hostile("comment-breakout", "<!-- --><script>alert(1)</script> -->", expect=r"HTML comments|run code"),
    Hostile("comment-hides-img", "<!--\n<img src=x onerror=alert(1)>\n-->", expect=r"HTML comments"),
    Hostile("script-in-div", "<div>\n\n<script>alert(1)</script>\n\n</div>", expect=ELEMENT.format("div") + "|run code"),
    Hostile("split-script-tag", "<scr<script>ipt>alert(1)</script>", expect=r"run code|notes cannot"),
    Hostile("indented-script-is-code", "    <script>alert(1)</script>"),  # an indented code block: shown as text
    Hostile("inline-code-script", "Type `<script>alert(1)</script>` to see it."),
    Hostile("fenced-html", "```html\n<img src=x onerror=alert(1)>\n```"),
    # include directives
    Hostile("snippet-include", '--8<-- "mkdocs.yml"', expect=r"notes cannot include other files"),
    Hostile("snippet-include-short", '-8<- "/etc/passwd"', expect=r"notes cannot include other files"),
    # metadata and file-name injection
    Hostile("title-html", meta=(("title", '"<img src=x onerror=alert(1)><script>alert(2)</script>"'),)),
    Hostile("title-markdown", meta=(("title", '"[x](javascript:alert(1)) { onclick=alert(1) }"'),)),
    Hostile("author-attribute", meta=(("author", "'x\" onmouseover=\"alert(1)'"),), expect=r"'author' must be your GitHub handle"),
    Hostile("kind-attribute", meta=(("kind", "'tip\" onclick=\"alert(1)'"),), expect=r"'kind' must be one of"),
    Hostile("date-script", meta=(("date", '"2026-11-20<script>"'),), expect=r"'date' must be a date written YYYY-MM-DD"),
    Hostile("applies-to-traversal", meta=(("applies_to", "../../mkdocs.yml"),), expect=r"'applies_to' must be the path of a page"),
    Hostile("yaml-python-object", meta=(("title", "!!python/object/apply:os.system [echo hi]"),), expect=r"not valid YAML"),
    Hostile("extra-field", meta=(("extra_css", "[https://evil.example/x.css]"),), expect=r"unknown field 'extra_css'"),
    Hostile("tag-not-in-vocabulary", meta=(("tags", '["<script>"]'),), expect=r"the tag '<script>' is not used"),
    Hostile("file-name", file_name='evil"><img src=x onerror=alert(1)>.md', expect=r"the file name .* must be lowercase"),
    # CSS url() and full-screen overlays
    Hostile("style-url", '<p style="background:url(https://evil.example/x.png)">x</p>', expect=r"notes cannot set styles"),
    Hostile("style-overlay", '<p style="position:fixed;inset:0;z-index:9999;background:#fff">Sign in again</p>', expect=r"notes cannot set styles"),
    Hostile("class-overlay", '<p class="md-dialog md-dialog--active">x</p>', expect=ATTRIBUTES + r": remove class="),
    Hostile("style-element", "<style>body { background: url(//evil.example/x) }</style>", expect=r"change the page's style"),
    # srcset, legacy image attributes, images from elsewhere
    Hostile("srcset", '<img src="../../assets/favicon.svg" srcset="https://evil.example/x.png 2x" alt="x">', expect=ATTRIBUTES + r": remove srcset="),
    Hostile("lowsrc", '<img lowsrc="https://evil.example/x.png" src="../../assets/favicon.svg" alt="x">', expect=ATTRIBUTES + r": remove lowsrc="),
    Hostile("dynsrc", '<img dynsrc="https://evil.example/x.avi" src="../../assets/favicon.svg" alt="x">', expect=ATTRIBUTES + r": remove dynsrc="),
    Hostile("external-image", "![pixel](https://evil.example/pixel.gif)", expect=IMAGES),
    Hostile("protocol-relative-image", "![pixel](//evil.example/pixel.gif)", expect=IMAGES),
    Hostile("data-image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", expect=IMAGES),
    Hostile("picture-source", '<picture><source srcset="https://evil.example/x.png"><img src="../../assets/favicon.svg" alt="x"></picture>', expect=ELEMENT.format("picture")),
    # svg and math
    Hostile("svg-onload", "<svg onload=alert(1)><circle r=10></circle></svg>", expect=ELEMENT.format("svg")),
    Hostile("svg-script", "<svg><script>alert(1)</script></svg>", expect=r"notes cannot"),
    Hostile("math-mxss", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", expect=r"notes cannot"),
    # diagrams and formulas
    Hostile("mermaid-html-label", '```mermaid\nflowchart LR\n  A["<img src=x onerror=alert(1)>"]\n```', expect=r"notes cannot contain diagrams"),
    Hostile("mermaid-pre", '<pre class="mermaid">flowchart LR\n  A["<img src=x onerror=alert(1)>"]</pre>', expect=ATTRIBUTES + r": remove class="),
    Hostile("formula-href", r"$\href{javascript:alert(1)}{x}$", expect=r"notes cannot contain formulas"),
    # other elements that act on the page
    Hostile("form-formaction", '<form><button formaction="javascript:alert(1)">x</button></form>', expect=ELEMENT.format("form")),
    Hostile("meta-refresh", '<meta http-equiv="refresh" content="0;url=https://evil.example/">', expect=ELEMENT.format("meta")),
    Hostile("base-href", '<base href="https://evil.example/">', expect=ELEMENT.format("base")),
    Hostile("iframe", '<iframe src="https://evil.example/"></iframe>', expect=r"notes cannot embed other pages"),
    Hostile("object", '<object data="https://evil.example/x.swf"></object>', expect=ELEMENT.format("object")),
    Hostile("link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">', expect=ELEMENT.format("link")),
    Hostile("admonition", '!!! danger "Your session expired"\n    Sign in at evil.example', expect=r"admonitions, collapsible blocks and tabs"),
    Hostile("abbreviation", "*[HTML]: <script>alert(1)</script>", expect=r"cannot define abbreviations"),
    # fine: published, with nothing active in it
    Hostile("external-link", "See [the paper](https://example.org/paper) and <a href=\"mailto:a@example.org\">mail</a>."),
    Hostile("link-title", '[x](https://example.org/ "onmouseover=alert(1)")'),
    Hostile("broken-anchor", "Fine, but check_links must name this line:\n\n[x](../../framework/evaluation.md#no-such-heading)"),
    Hostile("svg-image", "![x](../../assets/favicon.svg)", expect=IMAGES + r".*not a PNG"),
    Hostile("link-to-a-file", "[x](../../assets/favicon.svg)", expect=r"which is not a page of the guide"),
    Hostile("link-to-a-note", "[x](2026-11-pr-auc-baseline.md)", expect=r"which is not a page of the guide"),
    Hostile("huge-image", '<img src="../../assets/community/chart.png" width="10000" height="10000" alt="x">', expect=ATTRIBUTES + r": remove (width|height)="),
    Hostile("relative-image-and-link", "![chart](../../assets/community/chart.png) and [the chapter](../../framework/evaluation.md#ranking-metrics)."),
]
