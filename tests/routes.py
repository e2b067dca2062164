"""Every URL route of the URLconf, for the probes (tests/test_tenancy_probe.py,
tests/test_public_probe.py): a new URL is probed without editing them."""

from django.urls import URLPattern, URLResolver, get_resolver


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def routes(prefix: str) -> list[str]:
    """The routes that start with ``prefix`` (such as ``o/<slug:org>/``), sorted."""
    return sorted(route for route in _walk(get_resolver().url_patterns) if route.startswith(prefix))
