"""The operator's handbook, tried: nginx (deploy/nginx/) in front of gunicorn, JSON log
lines without personal data, and a backup (deploy/backup.sh) restored (deploy/restore.sh)
into a copy with figures, history, published reports and their PDFs all back."""

from __future__ import annotations

import http.client
import json
import logging
import os
import re
import shutil
import ssl
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from harrow_cla.logs import JsonLines
from tests.private_postgres import (
    ROOT,
    free_port,
    gunicorn,
    manage,
    needs_private_postgres,
    private_cluster,
    production_env,
)

HOST = "scorecard.example.gov.uk"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
needs_nginx = pytest.mark.skipif(
    NGINX is None and os.environ.get("CI") != "true", reason="Debian's nginx (apt-get install nginx)"
)


def test_json_log_lines_carry_no_personal_data():
    request = RequestFactory().get("/indicators/9/?q=Jane+Smith", HTTP_COOKIE="sessionid=secret-session")
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", ("/indicators/9/",), None)  # fmt: skip
    record.request, record.status_code = request, 500
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = JsonLines().format(record)
    assert "\n" not in line.split('"exception"')[0]
    logged = json.loads(line)
    assert logged["level"] == "ERROR" and logged["logger"] == "django.request" and logged["status"] == 500
    assert logged["message"] == "Internal Server Error: /indicators/9/"
    assert logged["path"] == "/indicators/9/" and "ValueError: boom" in logged["exception"]
    assert "Jane" not in line and "secret-session" not in line


def _nginx_conf(folder: Path, http_port: int, https_port: int, upstream: int, static: Path) -> Path:
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
         "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    proxy = folder / "scorecard-proxy.conf"
    shutil.copy(ROOT / "deploy" / "nginx" / "scorecard-proxy.conf", proxy)
    site = (ROOT / "deploy" / "nginx" / "scorecard.conf").read_text()
    for old, new in {
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{upstream};",
        "/etc/ssl/scorecard/fullchain.pem": str(folder / "cert.pem"),
        "/etc/ssl/scorecard/privkey.pem": str(folder / "key.pem"),
        "/srv/scorecard/staticfiles/": f"{static}/",
        "/etc/nginx/scorecard-proxy.conf": str(proxy),
        "/var/log/nginx/scorecard.access.log": str(folder / "access.log"),
    }.items():
        assert old in site, old
        site = site.replace(old, new)
    site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
    (folder / "site.conf").write_text(site)
    main = folder / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n client_body_temp_path {folder}/body;\n"
        f" proxy_temp_path {folder}/proxy;\n fastcgi_temp_path {folder}/fastcgi;\n uwsgi_temp_path {folder}/uwsgi;\n"
        f" scgi_temp_path {folder}/scgi;\n include {folder}/site.conf;\n}}\n"
    )
    return main


def _request(port: int, path: str, *, tls: bool) -> http.client.HTTPResponse:
    if tls:
        connection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=30, context=ssl._create_unverified_context()
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Host": HOST})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@needs_nginx
def test_nginx_in_front_passes_tls_the_client_and_serves_static_files(tmp_path):
    env = production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path, BEHIND_TLS_PROXY="true",
                         SECURE_SSL_REDIRECT="true", ALLOWED_HOSTS=HOST)  # fmt: skip
    env.pop("DATABASE_URL_TEST", None)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    http_port, https_port = free_port(), free_port()
    with gunicorn(env) as upstream:
        conf = _nginx_conf(tmp_path, http_port, https_port, upstream, tmp_path / "static")
        subprocess.run([NGINX, "-t", "-c", str(conf)], check=True, capture_output=True)
        nginx = subprocess.Popen([NGINX, "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)
        try:
            for _ in range(50):
                try:
                    _request(http_port, "/healthz", tls=False)
                    break
                except OSError:
                    import time

                    time.sleep(0.1)
            plain = _request(http_port, "/", tls=False)
            assert plain.status == 301 and plain.getheader("Location") == f"https://{HOST}/"
            assert _request(http_port, "/healthz", tls=False).status == 200  # load balancers probe plain HTTP
            health = _request(https_port, "/healthz", tls=True)
            assert health.status == 200 and json.loads(health.body)["checks"]["database"]["ok"] is True
            home = _request(https_port, "/", tls=True)  # Django knows the request came over TLS: no redirect loop
            assert home.status == 302 and home.getheader("Location") == "/login/?next=/"
            login = _request(https_port, "/login/", tls=True)
            assert login.status == 200
            css = re.search(rb'href="(/static/css/site\.[0-9a-f]+\.css)"', login.body).group(1).decode()
            static = _request(https_port, css, tls=True)
            assert static.status == 200 and "immutable" in static.getheader("Cache-Control")
            assert static.getheader("Server", "").startswith("nginx")
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


_SEED = """
import json
from scorecard import services
from scorecard.audience import Audience
from scorecard.entry import Entry
from scorecard.models import ChangeMeans, Figure, Period, ReportVersion
from scorecard.periods import PeriodKey
from django.contrib.auth.models import User
by = User.objects.create_user("backup-officer")
figure = Figure.objects.get(indicator__ref="9", period__financial_year=2023, period__quarter=3)
services.figures_save(period_key=PeriodKey(2023, 3), entries={"9": (Entry(95, 110, None, commentary="Recount."),
                      figure.version)}, by=by, means=ChangeMeans.FORM)
report = services.report_start(period=Period.objects.get(financial_year=2023, quarter=3), by=by)
version = services.report_publish(report=report, by=by)
services.report_version_pdf_store(version=version, audience=Audience.OFFICER, pdf=b"%PDF-1.7 the panel's report")
"""
_STATE = """
import json
from scorecard.models import Figure, PanelReport, ReportVersion
version = ReportVersion.objects.get()
print(json.dumps({
    "figures": Figure.objects.count(), "history": Figure.history.count(),
    "dental": list(Figure.objects.filter(indicator__ref="9", period__quarter=3).values_list("numerator", "commentary")),
    "published": list(PanelReport.objects.filter(status="published").values_list("period__quarter", flat=True)),
    "pdf": version.pdf.open("rb").read().decode(),
}))
"""


@needs_private_postgres()
def test_a_backup_restores_into_a_copy_with_figures_history_reports_and_pdfs(tmp_path):
    with private_cluster() as cluster:
        cluster.tool("createdb", "scorecard")
        cluster.tool("createdb", "restored")
        live = production_env(cluster.url("scorecard"), tmp_path / "live")
        manage(live, "migrate", "--noinput", "-v", "0")
        manage(live, "loaddata", "march_2024_scorecard", "-v", "0")
        manage(live, "shell", "-v", "0", "-c", _SEED)
        before = json.loads(manage(live, "shell", "-v", "0", "-c", _STATE).stdout)
        assert before["dental"] == [[95, "Recount."]] and before["pdf"] == "%PDF-1.7 the panel's report"

        tools = {**live, "PATH": f"{cluster.bin}:{os.environ['PATH']}"}
        subprocess.run(["sh", "deploy/backup.sh", str(tmp_path / "backups")], cwd=ROOT, env=tools, check=True,
                       capture_output=True)  # fmt: skip
        (backup,) = (tmp_path / "backups").iterdir()
        copy = {**production_env(cluster.url("restored"), tmp_path / "copy"), "PATH": tools["PATH"],
                "PYTHON": sys.executable}  # fmt: skip
        subprocess.run(["sh", "deploy/restore.sh", str(backup)], cwd=ROOT, env=copy, check=True, capture_output=True)
        after = json.loads(manage(copy, "shell", "-v", "0", "-c", _STATE).stdout)
        assert after == before
