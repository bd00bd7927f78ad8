"""The real OpenID provider of the single sign-on tests (tests/oidc_provider/), run in a
subprocess on a free 127.0.0.1 port, with its own SQLite database and a fresh RS256 key."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID = "corporate-parenting-scorecard"
CLIENT_SECRET = "a-client-secret-for-tests-only"
OP_PASSWORD = "provider password for tests"
CALLBACK = "http://testserver/accounts/oidc/council/login/callback/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self, url: str, claims_file: Path):
        self.url = url
        self.issuer = f"{url}/o"
        self._claims_file = claims_file

    def set_claims(self, claims: dict) -> None:
        self._claims_file.write_text(json.dumps(claims))

    def sign_in(self, username: str) -> requests.Session:
        """A browser session signed in at the provider as `username`."""
        browser = requests.Session()
        page = browser.get(f"{self.url}/login/", timeout=10)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = browser.post(
            f"{self.url}/login/",
            data={"csrfmiddlewaretoken": token, "username": username, "password": OP_PASSWORD},
            headers={"Referer": f"{self.url}/login/"},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text
        return browser


USERS = {
    "dana": {"email": "dana@council.example", "name": "Dana Scully", "groups": ["scorecard-officers"]},
    "fox": {"email": "fox@council.example", "name": "Fox Mulder", "groups": ["scorecard-panel"]},
    "walter": {"email": "walter@elsewhere.example", "name": "Walter Skinner", "groups": ["scorecard-admins"]},
}


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc-provider")
    claims_file = folder / "claims.json"
    claims_file.write_text(json.dumps(USERS))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OP_DATABASE": str(folder / "provider.sqlite3"),
        "OP_RSA_KEY": pem.decode(),
        "OP_CLAIMS_FILE": str(claims_file),
        "OP_CLIENT_ID": CLIENT_ID,
        "OP_CLIENT_SECRET": CLIENT_SECRET,
        "OP_PASSWORD": OP_PASSWORD,
    }
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "tests.oidc_provider.bootstrap", CALLBACK], cwd=ROOT, env=env, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{url}/o/.well-known/openid-configuration", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            raise RuntimeError("The test OpenID provider did not start")
        provider = Provider(url, claims_file)
        yield provider
    finally:
        server.terminate()
        server.wait(timeout=10)
