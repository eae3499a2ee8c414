"""The site built, served on 127.0.0.1 and opened in a headless Chromium: one home for all three.

Used by the tests, scripts/check_links.py, scripts/check_diagrams.py and scripts/export_pdf.py.

    with serve(site_dir) as url:            # a free port on 127.0.0.1, bound first ...
        build_site(site_dir, site_url=url)  # ... so the site is built for the address it is served at
        with launch_browser() as browser:
            context = new_context(browser, url)
            page = context.new_page()
            ...
            context.record.off_site(url)    # every request that left the site, dialogs, CSP reports

Material's instant navigation only works when a page is served from ``site_url``, which is why
the server comes first and the build second.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import http.server
import logging
import os
import shutil
import sys
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from common import CONFIG_FILE, UsageError

# --- building -------------------------------------------------------------------------


class BuildFailed(UsageError):
    """The site did not build (a page, a plugin or a hook failed)."""


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def build_site(
    site_dir: Path,
    *,
    site_url: str | None = None,
    config_file: Path = CONFIG_FILE,
    strict: bool | None = None,
    warnings: list[str] | None = None,
):
    """Build the site into site_dir the way ``mkdocs build`` does; return the loaded config.

    ``site_url`` overrides mkdocs.yml (the address the pages will be served from). Every warning
    and error MkDocs logs is appended to ``warnings`` when a list is given. ``strict=None`` keeps
    mkdocs.yml's setting. Raises BuildFailed, with MkDocs' own message, when the build fails.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    overrides = {"site_dir": str(site_dir)}
    if site_url is not None:
        overrides["site_url"] = site_url
    if strict is not None:
        overrides["strict"] = strict
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    previous = logger.level
    logger.setLevel(logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        config = load_config(config_file=str(config_file), **overrides)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except Abort as exc:  # strict mode: the warnings are the reason
        reasons = "; ".join(collector.messages) or str(exc)
        raise BuildFailed(f"the site does not build: {reasons}") from None
    except MkDocsException as exc:
        raise BuildFailed(f"the site does not build: {exc}") from None
    except Exception as exc:  # a plugin, hook or Markdown extension failing on a page
        raise BuildFailed(f"the site does not build: {type(exc).__name__}: {exc}") from None
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous)
        if warnings is not None:
            warnings.extend(collector.messages)
    return config


# --- serving ----------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser page closed while a file was on its way (export_pdf closes its helper page
        # as soon as it has drawn its diagrams): nothing went wrong with the site.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve directory on 127.0.0.1 on a free port; yields the base URL, ending in '/'.

    The directory may still be empty (or not exist yet) when this starts: files are read when
    they are requested.
    """
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# --- the browser -------------------------------------------------------------------------

BROWSER_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

NO_BROWSER = (
    "no Chrome or Chromium found. Install one (Debian/Ubuntu: 'sudo apt-get install chromium') "
    "or point CHROME_PATH at its executable."
)

# Material draws each diagram into a closed shadow root; open them so scripts can look inside.
OPEN_SHADOW_ROOTS = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""

# Every Content-Security-Policy violation is reported to Python, whichever page it happens on.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__reportCspViolation({
    page: location.href, directive: e.violatedDirective, blocked: e.blockedURI,
    sample: e.sample, source: e.sourceFile, line: e.lineNumber,
  });
});
"""


def find_browser() -> str | None:
    """Path of a Chrome or Chromium: $CHROME_PATH first, then the usual names."""
    env = os.environ.get("CHROME_PATH")
    if env:
        return env if Path(env).is_file() else None
    for name in BROWSER_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for path in (
        "/usr/bin/chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
    ):
        if Path(path).is_file():
            return path
    return None


@contextlib.contextmanager
def launch_browser():
    """A headless Chromium driven by Playwright; raises UsageError if there is none."""
    executable = find_browser()
    if executable is None:
        raise UsageError(NO_BROWSER)
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(executable_path=executable, headless=True, args=BROWSER_ARGS)
        except PlaywrightError as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else "unknown error"
            raise UsageError(f"could not start the browser at {executable}: {first}") from None
        try:
            yield browser
        finally:
            browser.close()


@dataclasses.dataclass
class Record:
    """What happened in a browser context: every request, dialog, CSP violation and console error."""

    requests: list[str] = dataclasses.field(default_factory=list)
    dialogs: list[str] = dataclasses.field(default_factory=list)
    csp_violations: list[dict] = dataclasses.field(default_factory=list)
    console_errors: list[str] = dataclasses.field(default_factory=list)

    def off_site(self, base_url: str) -> list[str]:
        """Requests to any host other than the one base_url names (data: and blob: are local)."""
        host = urlsplit(base_url).netloc
        return [
            url for url in self.requests
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != host
        ]  # fmt: skip

    def problems(self, base_url: str) -> list[str]:
        """Everything that should never happen on the guide's pages, one line each."""
        found = [f"request left the site: {url}" for url in self.off_site(base_url)]
        found += [f"a dialog opened: {text}" for text in self.dialogs]
        found += [
            f"Content-Security-Policy blocked {v['blocked'] or 'inline code'} ({v['directive']}) on {v['page']}"
            f"{': ' + v['sample'] if v.get('sample') else ''}"
            for v in self.csp_violations
        ]
        found += [f"console error: {text}" for text in self.console_errors]
        return found


def new_context(browser, base_url: str, *, open_shadow_roots: bool = True, **options):
    """A browser context for base_url that records what happens in it as ``context.record``.

    Dialogs (alert, confirm, prompt) are recorded and dismissed, so a page that opens one
    cannot stall the run. Other keyword arguments go to Playwright's ``browser.new_context``.
    """
    context = browser.new_context(base_url=base_url, **options)
    record = Record()
    context.record = record
    context.on("request", lambda request: record.requests.append(request.url))
    context.expose_function("__reportCspViolation", lambda violation: record.csp_violations.append(violation))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    if open_shadow_roots:
        context.add_init_script(OPEN_SHADOW_ROOTS)

    def on_dialog(dialog):
        record.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_console(message):
        if message.type == "error":
            record.console_errors.append(message.text)

    context.on("dialog", on_dialog)
    context.on("console", on_console)
    return context
