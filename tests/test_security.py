"""Log-in, log-out, CSRF and production settings."""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.models import Group
from django.test import Client

from tests.conftest import PASSWORD
from tests.test_scorecard import _text

ROOT = Path(__file__).resolve().parent.parent


def test_log_in_page_is_in_the_sites_style(client, db):
    text = _text(client.get("/login/"))
    assert "Sign in to read the Corporate Parenting scorecard." in text
    assert "Skip to main content" in text


def test_wrong_password_says_what_is_wrong(client, panel_member):
    response = client.post("/login/", {"login": "alice", "password": "wrong"})
    assert response.status_code == 200
    text = _text(response)
    assert "There is a problem" in text
    assert "The username or email address and password do not match an account." in text


def test_log_out_is_a_post(panel_client):
    assert panel_client.get("/logout/").status_code == 405
    response = panel_client.post("/logout/")
    assert response.status_code == 302 and response.url == "/login/"
    assert panel_client.get("/").status_code == 302


def test_log_in_form_is_csrf_protected(panel_member):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"login": "alice", "password": PASSWORD})
    assert response.status_code == 403


def test_roles_exist_as_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {"Panel members", "Officers", "Admins"}
    panel = Group.objects.get(name="Panel members").permissions.values_list("codename", flat=True)
    assert "view_figure" in panel and "change_figure" not in panel
    assert "change_figure" in Group.objects.get(name="Officers").permissions.values_list("codename", flat=True)


def test_django_admin_is_for_admins(client, panel_member, admin_user):
    client.force_login(panel_member)
    assert client.get("/admin/").status_code == 302
    client.force_login(admin_user)
    assert client.get("/admin/scorecard/figure/").status_code == 200


def test_check_deploy_is_clean_with_production_settings():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},  # set for browser tests only
        "DJANGO_SETTINGS_MODULE": "harrow_cla.settings",
        "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-7f3a9c2e1b8d4f6a0e5c",
        "ALLOWED_HOSTS": "scorecard.harrow.gov.uk",
        "DEBUG": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env["DJANGO_SETTINGS_MODULE"] = "harrow_cla.settings"
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_repeated_failed_log_ins_lock_the_account_for_a_while(client, panel_member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post("/login/", {"login": "alice", "password": "wrong"}).status_code == 200
    locked = client.post("/login/", {"login": "alice", "password": "wrong"})
    assert locked.status_code == 429
    text = _text(locked)
    assert "Too many failed sign-ins" in text
    assert "After 5 failed attempts, signing in as alice from this device is locked for 15 minutes." in text
    # Even the right password is refused while locked.
    assert client.post("/login/", {"login": "alice", "password": PASSWORD}).status_code == 429
    assert client.get("/").status_code == 302


def test_a_successful_log_in_resets_the_count(client, panel_member):
    for _ in range(3):
        client.post("/login/", {"login": "alice", "password": "wrong"})
    assert client.post("/login/", {"login": "alice", "password": PASSWORD}).status_code == 302
    client.post("/logout/")
    for _ in range(3):
        assert client.post("/login/", {"login": "alice", "password": "wrong"}).status_code == 200
