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


def test_trusted_proxies_are_networks_read_strictly(monkeypatch):
    monkeypatch.setenv("ITA_X", "10.0.0.0/8, 192.168.1.7, ::1")
    assert [str(n) for n in env.env_networks("ITA_X", [])] == [
        "10.0.0.0/8",
        "192.168.1.7/32",
        "::1/128",
    ]
    monkeypatch.setenv("ITA_X", "")
    assert env.env_networks("ITA_X", ["127.0.0.1"]) == []  # none: no forwarded address believed
    for bad in ("10.0.0.1/8", "proxy.example", "10.0.0.0/8,,10.1.0.0/16", "*"):
        monkeypatch.setenv("ITA_X", bad)
        with pytest.raises(ImproperlyConfigured, match="ITA_X"):
            env.env_networks("ITA_X", [])


def test_the_old_proxy_count_is_refused_with_its_new_name():
    result = _django("ita_portal.settings.test", "check", ITA_TRUSTED_PROXY_COUNT="1")
    assert result.returncode != 0
    assert "ITA_TRUSTED_PROXIES" in result.stderr


def test_gunicorn_trusts_forwarded_headers_from_the_same_proxies():
    """gunicorn's forwarded_allow_ips (X-Forwarded-Proto) comes from ITA_TRUSTED_PROXIES too."""
    result = subprocess.run(
        [str(ROOT / ".venv/bin/gunicorn"), "--print-config", "ita_portal.wsgi"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ita_portal.settings.prod",
            "SECRET_KEY": PROD_SECRET,
            "ITA_TRUSTED_PROXIES": "10.0.0.0/24,192.0.2.7",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    line = next(x for x in result.stdout.splitlines() if x.startswith("forwarded_allow_ips"))
    assert "10.0.0.0/24" in line and "192.0.2.7/32" in line


S3_ENV = {
    "ITA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "ita-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.go.th",
    "AWS_S3_REGION_NAME": "th-central-1",
    "AWS_ACCESS_KEY_ID": "ita-key",
    "AWS_SECRET_ACCESS_KEY": "ita-secret",
}


def test_the_media_storage_is_a_folder_unless_s3_is_asked_for():
    assert env.env_storage({}) == {"BACKEND": "ita_portal.uploads.DurableFileSystemStorage"}
    assert env.env_storage({"ITA_STORAGE": "local"}) == env.env_storage({})


def test_s3_storage_is_private_and_keeps_what_it_was_given():
    storage = env.env_storage(S3_ENV | {"AWS_S3_ADDRESSING_STYLE": "virtual"})
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert {key: options[key] for key in ("bucket_name", "endpoint_url", "region_name")} == {
        "bucket_name": "ita-media",
        "endpoint_url": "https://s3.example.go.th",
        "region_name": "th-central-1",
    }
    assert (options["access_key"], options["secret_key"]) == ("ita-key", "ita-secret")
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert options["client_config"].s3 == {"addressing_style": "virtual"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ITA_STORAGE": "nfs"}, "ITA_STORAGE='nfs': expected local or s3"),
        ({"AWS_STORAGE_BUCKET_NAME": ""}, "AWS_STORAGE_BUCKET_NAME: required"),
        ({"AWS_S3_ENDPOINT_URL": ""}, "AWS_S3_ENDPOINT_URL='': required"),
        ({"AWS_S3_ENDPOINT_URL": "s3.example.go.th"}, "an http(s) URL"),
        ({"AWS_S3_ENDPOINT_URL": "https://s3.example.go.th/ita-media"}, "without a path"),
        ({"AWS_S3_ADDRESSING_STYLE": "dns"}, "expected auto, path or virtual"),
        ({"AWS_SECRET_ACCESS_KEY": ""}, "set both, or neither"),
    ],
)
def test_bad_storage_settings_stop_start_up(change, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        env.env_storage(S3_ENV | change)
    assert message in str(refused.value)


def test_check_deploy_is_clean_with_s3_storage():
    result = _django(
        "ita_portal.settings.prod",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=PROD_SECRET,
        ALLOWED_HOSTS="ita.example.go.th",
        # an endpoint where nothing listens: `check` must not need the bucket
        **(S3_ENV | {"AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9"}),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_make_run_shows_the_thai_error_pages_and_developers_can_ask_for_debug(tmp_path):
    """`make run` (the dev settings) serves the demo to people: a page that does not exist
    answers with the Thai 404 page and the CSS is served; DEBUG=1 brings Django's debug page."""
    script = (
        "from django.test import Client; c = Client(SERVER_NAME='127.0.0.1');"
        "r = c.get('/no-such-page/'); print(r.status_code, 'ไม่พบหน้าที่ต้องการ' in r.content.decode());"
        "s = c.get('/static/css/portal.css'); print(s.status_code)"
    )
    environ = {"ITA_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"}
    shown = _django("ita_portal.settings.dev", "shell", "--no-imports", "-c", script, **environ)
    assert shown.stdout.split() == ["404", "True", "200"], shown.stderr
    debug = _django(
        "ita_portal.settings.dev", "shell", "--no-imports", "-c", script, DEBUG="1", **environ
    )
    assert debug.stdout.split()[:2] == ["404", "False"], debug.stderr
