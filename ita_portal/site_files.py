"""The files a browser or a search engine asks for at the site's root: ``/robots.txt`` and
``/favicon.ico`` (without them every visit logs a 404, and the DGA website standard asks that the
public pages be findable while staff pages are not indexed)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

FAVICON = settings.BASE_DIR / "static" / "favicon.ico"

# The staff area, the accounts and the operator's pages hold nothing for a search engine (they
# answer the login page anyway); the public site under /p/ and the directory at / are open.
# The admin's address is left out on purpose: it is configurable so as not to be advertised.
DISALLOWED = ("/o/", "/accounts/", "/site/")


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), "Allow: /p/"]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=604800)
def favicon(request):
    return HttpResponse(FAVICON.read_bytes(), content_type="image/vnd.microsoft.icon")
