"""Strict readers of environment variables.

A bad value stops start-up with a message naming the variable, the value and what was
expected (healthchecks' habit): a typo in production must not fall back to a default.
"""

import ipaddress
import os
from collections.abc import Mapping
from urllib.parse import urlsplit

import dj_database_url
from botocore.config import Config
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r}: must be at least {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if any(not item for item in items):
        raise ImproperlyConfigured(f"{name}={raw!r}: expected a comma-separated list without gaps")
    return items


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def env_networks(name: str, default: list[str]) -> list[Network]:
    """Comma-separated IP networks in CIDR notation (``10.0.0.0/24``; a bare address is one
    host). An empty value is an empty list. Host bits set (``10.0.0.1/8``), names and ``*`` are
    refused: a typo must not make every address a trusted proxy."""
    raw = os.environ.get(name)
    items = default if raw is None else [item.strip() for item in raw.split(",")]
    if raw is not None and not raw.strip():
        return []
    networks = []
    for item in items:
        try:
            networks.append(ipaddress.ip_network(item, strict=True))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}={raw!r}: {item!r} is not an IP address or network (CIDR such as "
                "10.0.0.0/24, without host bits), comma-separated without gaps"
            ) from None
    return networks


def env_replaced(name: str, instead: str) -> None:
    """A variable that no longer exists stops start-up rather than being ignored."""
    if name in os.environ:
        raise ImproperlyConfigured(f"{name} is no longer read: set {instead} instead")


def env_database(name: str, default: str) -> dict:
    raw = os.environ.get(name, default)
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r}: {exc}") from None
    if config.get("ENGINE") not in {
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    }:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: only postgres:// (production, tests) and sqlite:// (first run) "
            "are supported"
        )
    return config


LOCAL_STORAGE = {"BACKEND": "ita_portal.uploads.DurableFileSystemStorage"}
_ADDRESSING_STYLES = {"auto", "path", "virtual"}


def env_storage(environ: Mapping[str, str] = os.environ) -> dict:
    """``STORAGES["default"]`` from ``ITA_STORAGE``: ``local`` (the default: a folder,
    ``MEDIA_ROOT``) or ``s3`` (django-storages' S3 backend on any S3-compatible server: MinIO,
    Ceph RGW, Garage, cloud S3). For ``s3`` the bucket and the endpoint are required, the keys
    come together or not at all (then boto3's own chain: an instance role, a profile), and
    every object is private: downloads go through the portal's permission-checked views,
    never by a URL into the bucket. ``environ``: the tests' own buckets (tests/s3.py)."""
    raw = environ.get("ITA_STORAGE", "local")
    kind = raw.strip().lower()
    if kind in {"", "local"}:
        return dict(LOCAL_STORAGE)
    if kind != "s3":
        raise ImproperlyConfigured(f"ITA_STORAGE={raw!r}: expected local or s3")
    bucket = environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
    if not bucket:
        raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME: required with ITA_STORAGE=s3")
    endpoint = environ.get("AWS_S3_ENDPOINT_URL", "").strip()
    parts = urlsplit(endpoint)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path not in {"", "/"}:
        # Required even for cloud S3: a missing endpoint must not send files somewhere else.
        raise ImproperlyConfigured(
            f"AWS_S3_ENDPOINT_URL={endpoint!r}: required with ITA_STORAGE=s3, an http(s) URL "
            "of the server without a path (https://s3.example.org)"
        )
    style = environ.get("AWS_S3_ADDRESSING_STYLE", "path").strip().lower()
    if style not in _ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"AWS_S3_ADDRESSING_STYLE={style!r}: expected auto, path or virtual"
        )
    key = environ.get("AWS_ACCESS_KEY_ID", "")
    secret = environ.get("AWS_SECRET_ACCESS_KEY", "")
    if bool(key) != bool(secret):
        raise ImproperlyConfigured(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: set both, or neither"
        )
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint.rstrip("/"),
        "region_name": environ.get("AWS_S3_REGION_NAME", "").strip() or "us-east-1",
        "addressing_style": style,
        "location": environ.get("AWS_LOCATION", "").strip().strip("/"),
        # Private objects; a URL into the bucket (only ever made for the portal itself) is
        # signed and short-lived.
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        # Our names are unique (uuids, hashes): never overwrite what another upload wrote.
        "file_overwrite": False,
        # Our own client settings (django-storages then takes neither the addressing style nor
        # the signature from its options): a server that does not answer fails a request within
        # seconds (an upload's Thai error, /readyz's 503) rather than hanging a web process.
        "client_config": Config(
            s3={"addressing_style": style},
            signature_version="s3v4",
            connect_timeout=5,
            read_timeout=60,
            retries={"mode": "standard", "max_attempts": 3},
        ),
        # A file read through storage.open() (the PDF renderer, backup) is spooled to disk
        # past this size instead of held in memory (django-storages keeps it all by default).
        "max_memory_size": 5 * 1024 * 1024,
    }
    if key:
        options |= {"access_key": key, "secret_key": secret}
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
