"""Settings read from the environment (harrow_cla/env.py): a value that cannot be read stops
the server with the variable's name, and secrets may come from files (<NAME>_FILE)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from harrow_cla.env import envbool, envint, secret
from tests.test_presentation import _manage


@pytest.mark.parametrize("raw", ["true", "True", " TRUE ", "1", "yes", "Yes"])
def test_true_is_read_in_its_three_spellings(monkeypatch, raw):
    monkeypatch.setenv("PUBLIC_SCORECARD", raw)
    assert envbool("PUBLIC_SCORECARD", "false") is True


@pytest.mark.parametrize("raw", ["false", "False", "0", "no", "NO"])
def test_false_is_read_in_its_three_spellings(monkeypatch, raw):
    monkeypatch.setenv("PUBLIC_SCORECARD", raw)
    assert envbool("PUBLIC_SCORECARD", "true") is False


def test_the_default_applies_when_the_variable_is_not_set(monkeypatch):
    monkeypatch.delenv("PUBLIC_SCORECARD", raising=False)
    assert envbool("PUBLIC_SCORECARD", "true") is True
    assert envbool("PUBLIC_SCORECARD", "false") is False


@pytest.mark.parametrize("raw", ["ture", "flase", "on", "off", "", "2", "y"])
def test_anything_else_is_refused_with_the_variables_name(monkeypatch, raw):
    monkeypatch.setenv("PANEL_MEMBERS_SEE_SMALL_NUMBERS", raw)
    with pytest.raises(ImproperlyConfigured) as refused:
        envbool("PANEL_MEMBERS_SEE_SMALL_NUMBERS", "true")
    assert str(refused.value) == (
        f"PANEL_MEMBERS_SEE_SMALL_NUMBERS must be true or false (or 1/0, yes/no), not {raw.strip().lower()!r}."
    )


def test_a_number_that_is_not_one_is_refused_with_the_variables_name(monkeypatch):
    monkeypatch.setenv("SMALL_NUMBER_MAX", "five")
    with pytest.raises(ImproperlyConfigured, match=r"^SMALL_NUMBER_MAX must be a whole number, not 'five'\.$"):
        envint("SMALL_NUMBER_MAX", "5")


def test_a_secret_is_read_from_the_file_its_name_file_names(monkeypatch, tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("from-a-file-" + "s" * 40 + "\n")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(path))
    assert secret("SECRET_KEY") == "from-a-file-" + "s" * 40  # the file's one trailing newline dropped


def test_a_secret_without_a_file_is_the_variable_or_its_default(monkeypatch):
    monkeypatch.delenv("REDIS_URL_FILE", raising=False)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    assert secret("REDIS_URL") == "redis://127.0.0.1:6379/3"
    monkeypatch.delenv("REDIS_URL")
    assert secret("REDIS_URL", "none") == "none"


def test_a_secret_given_twice_or_in_a_file_that_cannot_be_read_is_refused(monkeypatch, tmp_path):
    path = tmp_path / "key"
    path.write_text("x" * 50)
    monkeypatch.setenv("SECRET_KEY", "y" * 50)
    monkeypatch.setenv("SECRET_KEY_FILE", str(path))
    with pytest.raises(ImproperlyConfigured, match=r"^Set SECRET_KEY or SECRET_KEY_FILE, not both\.$"):
        secret("SECRET_KEY")
    monkeypatch.delenv("SECRET_KEY")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))
    with pytest.raises(
        ImproperlyConfigured, match=r"^SECRET_KEY_FILE names .*missing, which cannot be read: No such file"
    ):
        secret("SECRET_KEY")
    (tmp_path / "empty").write_text("\n")
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "empty"))
    with pytest.raises(ImproperlyConfigured, match=r"^SECRET_KEY_FILE names .*empty, which is empty\.$"):
        secret("SECRET_KEY")


def test_a_typo_in_a_setting_stops_a_command_in_one_line(tmp_path):
    key = tmp_path / "key"
    key.write_text("a-key-from-a-file-" + "k" * 40)
    result = _manage("check", SECRET_KEY_FILE=str(key), PUBLIC_SCORECARD="ture")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Not started: PUBLIC_SCORECARD must be true or false (or 1/0, yes/no), not 'ture'."
    ]


def test_the_secret_key_may_come_from_a_file(tmp_path):
    key = tmp_path / "key"
    key.write_text("a-key-from-a-file-" + "k" * 40 + "\n")
    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)",
        SECRET_KEY_FILE=str(key), DATABASE_URL=database, AXES_QUIET_SETUP="true",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "a-key-from-a-file-" + "k" * 40
