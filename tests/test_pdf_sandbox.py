"""The PDF printer's Chromium is shut in: no network, JavaScript only for charts, a
time limit, the sandbox where it can have it, and one render at a time per process."""

from __future__ import annotations

import concurrent.futures
import http.server
import io
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from scorecard import pdf
from scorecard.pdf import CHROMIUM, PdfBusy, PdfUnavailable, html_to_pdf

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is not installed")


@pytest.fixture
def listener():
    """A server that counts every request that reaches it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def _print(html: str) -> bytes:
    """As a worker thread prints it: in a thread of its own, with no event loop (the
    browser tests leave Playwright's running in the test thread)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(html_to_pdf, html).result()


def _text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


@needs_chromium
def test_the_printer_fetches_nothing(listener):
    base, hits = listener
    html = f"""<!doctype html><html><head><link rel="stylesheet" href="{base}/style.css"></head><body>
      <p>Report</p><img src="{base}/image.png" alt=""><iframe src="{base}/frame"></iframe>
      <div id="chart"></div><script type="application/json" data-chart="chart">{{}}</script>
      <script>fetch("{base}/fetch").catch(() => null); new Image().src = "{base}/beacon";
        document.getElementById("chart").dataset.rendered = "true";</script>
      <script src="{base}/script.js"></script></body></html>"""
    content = _print(html)
    assert content.startswith(b"%PDF")
    assert "Report" in _text(content)
    assert hits == []


@needs_chromium
def test_javascript_runs_only_where_there_are_charts():
    html = '<p id="p">As written</p><script>document.getElementById("p").textContent = "Script ran"</script>'
    assert "As written" in _text(_print(html))


@needs_chromium
def test_a_render_that_never_finishes_is_stopped(monkeypatch):
    monkeypatch.setattr(pdf, "RENDER_SECONDS", 6)
    never = '<div id="chart"></div><script type="application/json" data-chart="chart">{}</script>'
    with pytest.raises(PdfUnavailable, match="took longer than 6 seconds"):
        _print(never)


@needs_chromium
def test_one_render_at_a_time_and_the_next_is_told_to_wait(monkeypatch):
    monkeypatch.setattr(pdf, "WAIT_SECONDS", 0.2)
    assert pdf._ONE_AT_A_TIME.acquire(timeout=5)
    try:
        with pytest.raises(PdfBusy, match="being prepared"):
            _print("<p>x</p>")
    finally:
        pdf._ONE_AT_A_TIME.release()


def test_a_busy_printer_is_a_503_with_retry_after(officer_client, deck, officer, monkeypatch):
    from scorecard import report_views, services
    from scorecard.models import Period

    services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=officer)

    def busy(html):
        raise PdfBusy("The PDF is being prepared for someone else. Try again in a minute.")

    monkeypatch.setattr(report_views, "html_to_pdf", busy)
    response = officer_client.get("/reports/2023-24-q3/report.pdf")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "being prepared for someone else" in response.content.decode()


@pytest.mark.parametrize("uid, flags", [(0, ["--no-sandbox"]), (1000, [])])
def test_the_sandbox_is_dropped_only_for_root(monkeypatch, uid, flags):
    monkeypatch.setattr(pdf.os, "geteuid", lambda: uid)
    assert pdf.sandbox_args() == flags
    launch = pdf._launch_args()
    assert ("--no-sandbox" in launch) is (uid == 0)
    assert "--proxy-server=http://127.0.0.1:9" in launch
