"""Printing a page to PDF with headless Chromium (Debian's `chromium`, driven by
Playwright): the same HTML and CSS as the screen, with the Plotly charts drawn
and kept as vector graphics, A4, page numbers in the footer.

User text reaches this browser, so it is shut in: every network request is refused
(Playwright routing aborts them all; the page is self-contained, given with
set_content, so it needs none) and a dead proxy catches anything routing might miss;
JavaScript runs only when the page has charts for Plotly to draw; the whole render
has a time limit; Chromium's sandbox is on unless the server runs as root, where
Chromium refuses to start with it. One Chromium at a time per worker process."""

from __future__ import annotations

import logging
import os
import threading
import time
from pathlib import Path

log = logging.getLogger(__name__)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
RENDER_SECONDS = int(os.environ.get("PDF_RENDER_SECONDS", "30"))  # the whole render, launch to bytes
WAIT_SECONDS = int(os.environ.get("PDF_WAIT_SECONDS", "20"))  # for the one Chromium of this process
_ONE_AT_A_TIME = threading.Lock()
# The browser tests' flags (they run as root in CI, so with --no-sandbox); the PDF
# printer uses _launch_args(), which keeps the sandbox where it can.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FOOTER = (
    '<div style="font-family: Arial, sans-serif; font-size: 9pt; width: 100%; padding: 0 12mm; '
    'display: flex; justify-content: space-between;"><span class="title"></span>'
    '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)
_ALL_CHARTS_DRAWN = """() => [...document.querySelectorAll('script[data-chart]')]
    .every(s => document.getElementById(s.dataset.chart)?.dataset.rendered === 'true')"""


class PdfUnavailable(Exception):
    """The PDF cannot be printed now: the message says why, for the reader."""


class PdfBusy(PdfUnavailable):
    """This worker's Chromium is printing another PDF, and waiting for it ran out."""


def sandbox_args() -> list[str]:
    """Chromium refuses to start its sandbox as root; anywhere else it keeps it."""
    return ["--no-sandbox"] if os.geteuid() == 0 else []


def _launch_args() -> list[str]:
    flags = [flag for flag in ARGS if flag != "--no-sandbox"] + sandbox_args()
    # Belt and braces behind request routing: any request that escaped it would go to a
    # proxy that is not there.
    return [*flags, "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]


def html_to_pdf(html: str) -> bytes:
    """A4 PDF of a self-contained HTML page (styles and scripts inline)."""
    if not Path(CHROMIUM).exists():
        raise PdfUnavailable(
            f"PDF downloads need Chromium at {CHROMIUM}. Install Debian's chromium package "
            "(apt-get install chromium) or set CHROMIUM_PATH."
        )
    if not _ONE_AT_A_TIME.acquire(timeout=WAIT_SECONDS):
        raise PdfBusy("The PDF is being prepared for someone else. Try again in a minute.")
    try:
        return _render(html)
    finally:
        _ONE_AT_A_TIME.release()


def _refuse(route) -> None:
    log.warning("PDF printer refused a request for %s", route.request.url[:200])
    route.abort("blockedbyclient")


def _timed_out(error: Exception) -> bool:
    return "Timeout" in type(error).__name__ or "Timeout" in str(error)


def _too_long() -> str:
    return f"The PDF took longer than {RENDER_SECONDS} seconds to print, so it was stopped. Try again in a minute."


def _render(html: str) -> bytes:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    deadline = time.monotonic() + RENDER_SECONDS

    def remaining_ms() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise PdfUnavailable(_too_long())
        return left * 1000

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=_launch_args(), timeout=remaining_ms()
            )
        except PlaywrightError as error:
            if _timed_out(error):
                raise PdfUnavailable(_too_long()) from error
            raise PdfUnavailable(f"Chromium could not be started to print the PDF ({str(error)[:200]}).") from error
        try:
            # The printable width of A4 portrait (186 mm at 96 px to the inch), so that the
            # charts are drawn at the size they will be printed.
            context = browser.new_context(
                viewport={"width": 700, "height": 990},
                java_script_enabled="data-chart" in html,  # Plotly draws the charts; nothing else runs
                service_workers="block",
                offline=True,
            )
            context.route("**/*", _refuse)
            page = context.new_page()
            page.set_default_timeout(remaining_ms())
            page.emulate_media(media="print")
            page.set_content(html, wait_until="load", timeout=remaining_ms())
            if "data-chart" in html:
                page.wait_for_function(_ALL_CHARTS_DRAWN, timeout=remaining_ms())
            page.set_default_timeout(remaining_ms())
            return page.pdf(
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
                tagged=True,  # a structure tree from the HTML, for screen readers (the page's lang and title too)
                outline=True,  # bookmarks from the headings
            )
        except PlaywrightError as error:
            if _timed_out(error):
                raise PdfUnavailable(_too_long()) from error
            raise
        finally:
            browser.close()
