"""Settings are read strictly from the environment; production refuses unsafe values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ita_portal.settings import env

ROOT = Path(__file__).resolve().parents[2]
PROD_SECRET = "prod-test-" + "".join(chr(65 + i % 26) + str(i) for i in range(40))


def _django(settings: str, *args: str, **environ: str) -> subprocess.CompletedProcess:
    dropped = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": settings, **environ},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("reader", "raw", "message"),
    [
        (lambda: env.env_bool("ITA_X", False), "perhaps", "expected one of"),
        (lambda: env.env_int("ITA_X", 1), "ten", "expected a whole number"),
        (lambda: env.env_int("ITA_X", 1, minimum=300), "10", "at least 300"),
        (lambda: env.env_list("ITA_X", []), "a,,b", "without gaps"),
        (lambda: env.env_database("ITA_X", ""), "mysql://u@h/db", "only postgres"),
    ],
)
def test_bad_values_stop_start_up(monkeypatch, reader, raw, message):
    monkeypatch.setenv("ITA_X", raw)
    with pytest.raises(ImproperlyConfigured, match=message):
        reader()


def test_good_values_are_read(monkeypatch):
    monkeypatch.setenv("ITA_X", "yes")
    assert env.env_bool("ITA_X", False) is True
    monkeypatch.setenv("ITA_X", "a.example, b.example")
    assert env.env_list("ITA_X", []) == ["a.example", "b.example"]


def test_production_refuses_the_development_secret():
    result = _django(
        "ita_portal.settings.prod",
        "check",
        SECRET_KEY="dev-insecure-ita-portal-key-do-not-use-in-production",
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_sqlite():
    result = _django(
        "ita_portal.settings.prod", "check", SECRET_KEY=PROD_SECRET, DATABASE_URL="sqlite:///x"
    )
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = _django(
        "ita_portal.settings.prod",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=PROD_SECRET,
        ALLOWED_HOSTS="ita.example.go.th",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
