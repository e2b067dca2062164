"""Strict readers of environment variables.

A bad value stops start-up with a message naming the variable, the value and what was
expected (healthchecks' habit): a typo in production must not fall back to a default.
"""

import ipaddress
import os

import dj_database_url
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
