"""Printing a page to PDF with headless Chromium (Debian's `chromium`, driven by
Playwright): the same HTML and CSS as the screen, with the Plotly charts drawn
and kept as vector graphics, A4, page numbers in the footer."""

from __future__ import annotations

import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
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
    '<div style="font-family: Arial, sans-serif; font-size: 8pt; width: 100%; padding: 0 12mm; '
    'display: flex; justify-content: space-between;"><span class="title"></span>'
    '<span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)
_ALL_CHARTS_DRAWN = """() => [...document.querySelectorAll('script[data-chart]')]
    .every(s => document.getElementById(s.dataset.chart)?.dataset.rendered === 'true')"""


class PdfUnavailable(Exception):
    """Chromium is not installed where the PDF printer expects it."""


def html_to_pdf(html: str) -> bytes:
    """A4 PDF of a self-contained HTML page (styles and scripts inline)."""
    if not Path(CHROMIUM).exists():
        raise PdfUnavailable(
            f"PDF downloads need Chromium at {CHROMIUM}. Install Debian's chromium package "
            "(apt-get install chromium) or set CHROMIUM_PATH."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            # The printable width of A4 portrait (186 mm at 96 px to the inch), so that the
            # charts are drawn at the size they will be printed.
            page = browser.new_page(viewport={"width": 700, "height": 990})
            page.emulate_media(media="print")
            page.set_content(html, wait_until="load")
            page.wait_for_function(_ALL_CHARTS_DRAWN, timeout=20_000)
            return page.pdf(
                format="A4",
                print_background=True,
                prefer_css_page_size=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                margin={"top": "14mm", "bottom": "16mm", "left": "12mm", "right": "12mm"},
            )
        finally:
            browser.close()
