"""Login and session security: the ``ita_portal.security`` log, session limits, the second
factor an organisation can require, the client address behind a proxy.

Every login (success, failure, lockout), every refused authorisation (403, and the 404 the
tenancy middleware gives a logged-in outsider) and every session ended by the server is logged
to ``ita_portal.security`` with a UTC timestamp. See docs/security.md.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import time
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode

log = logging.getLogger("ita_portal.security")

# Session keys: when the person logged in and when they were last seen (Unix seconds), and
# whether they have a confirmed second factor (so that the check costs no query).
LOGIN_AT = "ita_login_at"
SEEN_AT = "ita_seen_at"
HAS_OTP_DEVICE = "ita_otp_device"
# The last-seen time is written at most once a minute, not on every request.
SEEN_RESOLUTION_SECONDS = 60


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request) -> str | None:
    """The visitor's address: the one helper for the security log, the lockout, decisions and
    report events.

    X-Forwarded-For is believed only when the request comes from one of ``ITA_TRUSTED_PROXIES``
    (a client that reaches gunicorn directly can write anything there). Each proxy appends the
    address it saw, so the visitor is the rightmost entry that is not one of our proxies;
    anything further left was written by the client."""
    remote = request.META.get("REMOTE_ADDR") or None
    networks = settings.ITA_TRUSTED_PROXIES
    if not _trusted(_address(remote or ""), networks):
        return remote
    client = remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break  # not an address: nothing left of it can be believed
        client = str(address)
        if not _trusted(address, networks):
            break
    return client


# --- Guessing one username from many addresses ----------------------------------------------
#
# django-axes locks a username+address pair after 5 failures; an attacker with many addresses
# stays below that. After ITA_LOGIN_USERNAME_LIMIT failures of one username (from anywhere)
# within the cool-off time, its password is checked at most once per ITA_LOGIN_SLOWDOWN_SECONDS
# (the others are answered "wait" without a check), except in a browser that has logged in as
# that person before: it carries a signed device cookie (OWASP's "device cookies"), so the
# person is never locked out by someone else's guessing.

DEVICE_COOKIE = "ita_device"
_DEVICE_SALT = "ita_portal.security.device"


def remember_device(response, user) -> None:
    """Mark the browser that just logged in as ``user``'s (after a successful password)."""
    response.set_signed_cookie(
        DEVICE_COOKIE,
        user.get_username(),
        salt=_DEVICE_SALT,
        max_age=settings.ITA_DEVICE_COOKIE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _known_device(request, username: str) -> bool:
    remembered = request.get_signed_cookie(
        DEVICE_COOKIE,
        default=None,
        salt=_DEVICE_SALT,
        max_age=settings.ITA_DEVICE_COOKIE_DAYS * 86400,
    )
    return remembered is not None and remembered == username


def login_wait_seconds(request, username: str) -> int:
    """Seconds before a password for ``username`` is checked again from this browser (0: now)."""
    from axes.handlers.proxy import AxesProxyHandler
    from axes.models import AccessAttempt
    from django.db.models import Max, Sum
    from django.utils import timezone

    if _known_device(request, username):
        return 0
    if AxesProxyHandler.is_locked(request, {"username": username}):
        return 0  # this address is locked out for the name: axes says so with its own page
    now = timezone.now()
    failures = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - settings.AXES_COOLOFF_TIME
    ).aggregate(count=Sum("failures_since_start"), last=Max("attempt_time"))
    if (failures["count"] or 0) < settings.ITA_LOGIN_USERNAME_LIMIT:
        return 0
    ready = failures["last"] + timedelta(seconds=settings.ITA_LOGIN_SLOWDOWN_SECONDS)
    wait = math.ceil((ready - now).total_seconds())
    if wait > 0:
        log.warning("login.slowed user=%s ip=%s wait=%s", username, client_ip(request), wait)
    return max(wait, 0)


def _who(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user.get_username()
    return "-"


def log_refusal(request, status: int, reason: str) -> None:
    log.warning(
        "access.refused status=%s reason=%s user=%s ip=%s method=%s path=%s",
        status,
        reason,
        _who(request),
        client_ip(request),
        request.method,
        request.path,
    )


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    if request is None:
        return
    now = int(time.time())
    request.session[LOGIN_AT] = now
    request.session[SEEN_AT] = now
    request.session[HAS_OTP_DEVICE] = user_has_otp_device(user)
    log.info("login.success user=%s ip=%s", user.get_username(), client_ip(request))


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "")
    ip = client_ip(request) if request is not None else None
    locked = getattr(request, "axes_locked_out", False)
    log.warning(
        "login.failed user=%s ip=%s%s",
        username,
        ip,
        " locked_out=true" if locked else "",
    )


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if request is not None and user is not None:
        log.info("logout user=%s ip=%s", user.get_username(), client_ip(request))


def _connect_axes():
    from axes.signals import user_locked_out

    @receiver(user_locked_out, weak=False)
    def _locked_out(sender, request, username, ip_address, **kwargs):
        log.warning("login.locked_out user=%s ip=%s", username, ip_address)


_connect_axes()


def user_has_otp_device(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def end_session(request, reason: str, message: str):
    """Log the person out now, say why in Thai on the login page."""
    log.warning(
        "session.ended reason=%s user=%s ip=%s path=%s",
        reason,
        _who(request),
        client_ip(request),
        request.path,
    )
    logout(request)
    messages.warning(request, message)
    if request.method in ("GET", "HEAD"):
        return redirect_to_login(request.get_full_path())
    return redirect(settings.LOGIN_URL)


class SessionLimitsMiddleware:
    """3 h idle, 12 h absolute, and a disabled account's session ends on its next request.

    (Django already treats a user with ``is_active=False`` as anonymous; this middleware also
    throws the session away, so that re-enabling the account does not revive it, and logs it.
    A deactivated membership ends the session in ``organisations.middleware``.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated:
            if SESSION_KEY in request.session:  # logged in, but the account is now disabled
                return end_session(
                    request,
                    "account_disabled",
                    "บัญชีของท่านถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน",
                )
            return self.get_response(request)

        now = int(time.time())
        login_at = request.session.get(LOGIN_AT)
        seen_at = request.session.get(SEEN_AT, login_at)
        if login_at is None:  # a session from before these limits: start counting now
            request.session[LOGIN_AT] = request.session[SEEN_AT] = now
        elif now - login_at > settings.ITA_SESSION_ABSOLUTE_SECONDS:
            return end_session(
                request,
                "absolute_limit",
                "ท่านเข้าสู่ระบบมานานเกิน ๑๒ ชั่วโมง กรุณาเข้าสู่ระบบอีกครั้ง",
            )
        elif now - seen_at > settings.ITA_SESSION_IDLE_SECONDS:
            return end_session(
                request,
                "idle_limit",
                "ท่านไม่ได้ใช้งานนานเกิน ๓ ชั่วโมง ระบบจึงออกจากระบบให้ กรุณาเข้าสู่ระบบอีกครั้ง",
            )
        elif now - seen_at >= SEEN_RESOLUTION_SECONDS:
            request.session[SEEN_AT] = now
        return self.get_response(request)


class RefusalLogMiddleware:
    """Every 403 the portal answers goes into the security log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            log_refusal(request, 403, "permission_denied")
        return response


# The pages a person who must still give the second factor may open.
OTP_EXEMPT_URL_NAMES = {"otp_setup", "otp_verify", "otp_qr", "logout", "login"}


def otp_required_for(organisation, membership) -> bool:
    from organisations.enums import Role

    return bool(
        organisation is not None
        and membership is not None
        and organisation.require_otp_for_approvers
        and membership.role in {Role.COORDINATOR, Role.APPROVER}
    )


OTP_REQUIRED_TEXT = {
    "staff": "ผู้ดูแลระบบต้องยืนยันตัวตนสองขั้นตอนทุกครั้ง กรุณาตั้งค่าแอปยืนยันตัวตนก่อนใช้งาน",
    "organisation": (
        "หน่วยงานของท่านกำหนดให้ผู้ประสานงานและผู้บริหารยืนยันตัวตนสองขั้นตอน กรุณาตั้งค่าแอปยืนยันตัวตนก่อนใช้งาน"
    ),
}


class OtpRequiredMiddleware:
    """Ask for the second factor before any page of an organisation.

    * Someone who has set up an authenticator app gives a code after the password, always.
    * A site administrator (``is_staff``: the status pages and the Django admin, across every
      organisation) who has none yet sets one up before any page.
    * An organisation with ``require_otp_for_approvers`` sends its coordinators and approvers
      who have none yet to set one up before they see any of its staff pages.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        match = request.resolver_match
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return self.get_response(request)
        if match.url_name in OTP_EXEMPT_URL_NAMES:
            return self.get_response(request)

        has_device = request.session.get(HAS_OTP_DEVICE)
        if has_device is None:
            has_device = request.session[HAS_OTP_DEVICE] = user_has_otp_device(user)
        if user.is_staff:
            required = "staff"
        elif otp_required_for(
            getattr(request, "organisation", None), getattr(request, "membership", None)
        ):
            required = "organisation"
        else:
            required = None
        if not has_device and not required:
            return self.get_response(request)

        query = urlencode({"next": request.get_full_path()})
        if has_device:
            return redirect(f"{reverse('otp_verify')}?{query}")
        log_refusal(request, 302, "otp_setup_required")
        messages.info(request, OTP_REQUIRED_TEXT[required])
        return redirect(f"{reverse('otp_setup')}?{query}")


# Paths whose pages are somebody's own even before the login (the login page, the staff area).
PRIVATE_PREFIXES = ("/o/", "/accounts/", "/site/")


class PrivatePagesMiddleware:
    """A page made for a logged-in person (or in the staff area) is never kept by a shared
    cache nor in the browser's cache: ``Cache-Control: private, no-store``, unless the view
    said something else itself (the public report PDF, an evidence thumbnail)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        private = (user is not None and user.is_authenticated) or request.path.startswith(
            (*PRIVATE_PREFIXES, f"/{settings.ADMIN_URL}")
        )
        if private:
            patch_cache_control(response, private=True, no_store=True)
        return response
