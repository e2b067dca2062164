"""The link check: every URL given for a fiscal year, fetched in the background.

Records the HTTP status, the final URL after redirects and when it was checked. Polite: one
request at a time, a pause between requests to the same host, a short timeout, a User-Agent
that says who we are. By default it refuses addresses inside private networks (the portal must
not become a way to probe the network it runs in); tests allow 127.0.0.1 through a setting.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import F
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from .models import ItemUrl

USER_AGENT = "ITA-Portal-LinkCheck/1.0 (+OIT readiness check of a Thai local government)"


class BlockedAddress(Exception):
    pass


def _setting(name: str, default):
    return getattr(settings, name, default)


def _check_host(url: str) -> None:
    """Refuse URLs whose host resolves to a private, loopback or link-local address."""
    if _setting("OIT_LINK_CHECK_ALLOW_PRIVATE", False):
        return
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return  # urllib reports the failure to resolve in Thai below
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if (
            address.is_private
            or address.is_loopback
            or address.is_link_local
            or address.is_reserved
            or address.is_multicast
        ):
            raise BlockedAddress(host)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, checking each hop's host like the first."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_host(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_url(url: str, *, timeout: float) -> tuple[int | None, str, str]:
    """``(HTTP status, final URL, problem in Thai)`` for one URL; never raises."""
    try:
        _check_host(url)
        opener = urllib.request.build_opener(_CheckedRedirects)
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - http(s) only, checked by the form
        with opener.open(request, timeout=timeout) as response:
            response.read(1024)
            return response.status, response.geturl(), ""
    except BlockedAddress:
        return None, "", "ไม่ตรวจที่อยู่ภายในเครือข่ายภายใน"
    except urllib.error.HTTPError as error:
        return error.code, error.geturl() or url, ""
    except TimeoutError:
        return None, "", "เว็บไซต์ไม่ตอบสนองภายในเวลาที่กำหนด"
    except urllib.error.URLError as error:
        if isinstance(error.reason, (TimeoutError, socket.timeout)):
            return None, "", "เว็บไซต์ไม่ตอบสนองภายในเวลาที่กำหนด"
        return None, "", "เชื่อมต่อเว็บไซต์ไม่ได้"
    except (http.client.HTTPException, OSError, ValueError):
        return None, "", "เชื่อมต่อเว็บไซต์ไม่ได้"


@task()
def check_links(fiscal_year_id: int) -> dict[str, int]:
    """Check every URL of the fiscal year once; store the result on each ItemUrl row.

    Runs with scopes disabled: a task has no request and no scope; the filter is the fiscal
    year, which belongs to one organisation. Results are written with ``update()`` so that the
    URL's audit history is not flooded by check results.
    """
    timeout = float(_setting("OIT_LINK_CHECK_TIMEOUT", 5.0))
    delay = float(_setting("OIT_LINK_CHECK_DELAY", 1.0))
    with scopes_disabled():
        urls = list(
            ItemUrl.objects.filter(
                item_status__fiscal_year_id=fiscal_year_id,
                # the year's framework: a framework it moved away from is kept as it was
                item_status__item__framework_id=F("item_status__fiscal_year__framework_id"),
            ).order_by("url")
        )
    results: dict[str, tuple[int | None, str, str]] = {}
    last_request: dict[str, float] = {}
    for row in urls:
        if row.url not in results:
            host = urlsplit(row.url).hostname or ""
            wait = last_request.get(host, 0) + delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            results[row.url] = check_url(row.url, timeout=timeout)
            last_request[host] = time.monotonic()
        status, final_url, problem = results[row.url]
        with scopes_disabled():
            ItemUrl.objects.filter(pk=row.pk).update(
                checked_at=timezone.now(),
                http_status=status,
                final_url=final_url[:1000],
                check_error=problem,
            )
    broken = sum(
        1
        for status, _final, problem in results.values()
        if problem or status is None or not 200 <= status < 300
    )
    return {"checked": len(results), "broken": broken}
