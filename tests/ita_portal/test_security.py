"""Login throttling, the security log, session limits, the Content-Security-Policy header and
templates free of inline code (see docs/security.md)."""

import logging
import re
import time
from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from ita_portal import security
from ita_portal.log_format import UtcFormatter
from organisations.demo import DEMO_PASSWORD
from organisations.models import Membership
from reports.models import Report
from tests.test_tenancy_probe import STAFF_ROUTES, _url

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"
ATTACKER_IP = "198.51.100.7"
HER_IP = "203.0.113.20"


@pytest.fixture
def security_log(caplog):
    """The records of ``ita_portal.security`` (which does not propagate to the root logger)."""
    logger = logging.getLogger("ita_portal.security")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="ita_portal.security")
    yield lambda: [record.getMessage() for record in caplog.records if record.name == logger.name]
    logger.removeHandler(caplog.handler)


def _log_in(client, username, password=DEMO_PASSWORD, ip=HER_IP, next_url="/o/nathon/"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": next_url}, REMOTE_ADDR=ip
    )


# --- Login throttling -------------------------------------------------------------------------


def test_five_failures_lock_the_username_from_that_address(client, coordinator, security_log):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _log_in(client, "nathon_coordinator", "wrong", ip=ATTACKER_IP)
        assert response.status_code == 200
        assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    # The fifth failure locks the pair, and says so in Thai.
    fifth = _log_in(client, "nathon_coordinator", "wrong", ip=ATTACKER_IP)
    assert fifth.status_code == 429
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in fifth.content.decode()

    # Even the right password is refused from that address now.
    locked = _log_in(client, "nathon_coordinator", ip=ATTACKER_IP)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "ผิดครบ ๕ ครั้ง" in page
    assert "๑๕ นาที" in page
    assert "_auth_user_id" not in client.session

    messages = security_log()
    assert sum("login.failed user=nathon_coordinator" in m for m in messages) >= 5
    assert any(f"login.locked_out user=nathon_coordinator ip={ATTACKER_IP}" in m for m in messages)


def test_nobody_can_lock_out_another_person_from_many_addresses(client, coordinator):
    her_browser = Client()
    assert _log_in(her_browser, "nathon_coordinator").status_code == 302  # as every morning
    her_browser.post("/accounts/logout/")

    for n in range(10):  # an attacker guessing her password from ten addresses
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _log_in(client, "nathon_coordinator", "wrong", ip=f"198.51.100.{n}")
    # Locked out from the first addresses; slowed down from the others.
    assert _log_in(client, "nathon_coordinator", ip="198.51.100.0").status_code == 429
    assert "กรุณารอ" in _log_in(client, "nathon_coordinator", ip="198.51.100.3").content.decode()
    assert "_auth_user_id" not in client.session

    # She, from her own address and browser, logs in as usual.
    response = _log_in(her_browser, "nathon_coordinator", ip=HER_IP)
    assert response.status_code == 302
    assert response["Location"] == "/o/nathon/"
    assert her_browser.get("/o/nathon/").status_code == 200


def test_the_lock_ends_after_fifteen_minutes(client, coordinator):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, "nathon_coordinator", "wrong", ip=ATTACKER_IP)
    assert _log_in(client, "nathon_coordinator", ip=ATTACKER_IP).status_code == 429

    # The clock moves on: the failures happened 16 minutes ago.
    earlier = timezone.now() - timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=earlier)
    assert _log_in(client, "nathon_coordinator", ip=ATTACKER_IP).status_code == 302


PROXY = "10.0.0.2"  # the TLS proxy in front of gunicorn


@pytest.fixture
def behind_the_proxy(settings):
    """Production as shipped: one proxy in front (before issue #20 the setting was a count of
    proxies, 1 in production; now the proxies' networks)."""
    settings.ITA_TRUSTED_PROXY_COUNT = 1
    settings.ITA_TRUSTED_PROXIES = [ip_network("10.0.0.0/24")]
    return settings


def test_the_forwarded_address_is_trusted_only_from_the_proxy(rf, behind_the_proxy):
    def address(remote, forwarded=None):
        extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
        return security.client_ip(rf.get("/", REMOTE_ADDR=remote, **extra))

    # Reached without the proxy: whatever the client claims is not believed.
    assert address("198.51.100.7", "203.0.113.9") == "198.51.100.7"
    # Through the proxy: the address it saw, not what the client wrote before it.
    assert address(PROXY, "1.2.3.4, 203.0.113.9") == "203.0.113.9"
    # Through two of our proxies: the first address that is not ours.
    assert address(PROXY, "1.2.3.4, 203.0.113.9, 10.0.0.3") == "203.0.113.9"
    assert address(PROXY) == PROXY  # a request of the proxy itself
    assert address(PROXY, "not-an-address") == PROXY
    behind_the_proxy.ITA_TRUSTED_PROXIES = []
    assert address(PROXY, "203.0.113.9") == PROXY  # no proxy configured: no header believed


def test_claimed_addresses_do_not_escape_the_lockout(client, coordinator, behind_the_proxy):
    """The independent probe's attack: gunicorn reached without the proxy, 25 wrong passwords
    each claiming another X-Forwarded-For, then the right one."""
    for n in range(25):
        client.post(
            LOGIN,
            {"username": "nathon_coordinator", "password": f"guess-{n}"},
            REMOTE_ADDR=ATTACKER_IP,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = client.post(
        LOGIN,
        {"username": "nathon_coordinator", "password": DEMO_PASSWORD},
        REMOTE_ADDR=ATTACKER_IP,
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert {a.ip_address for a in AccessAttempt.objects.all()} == {ATTACKER_IP}


def test_guessing_one_name_from_many_addresses_is_slowed_not_locked(
    client, coordinator, security_log
):
    her_browser = Client()
    assert _log_in(her_browser, "nathon_coordinator").status_code == 302
    her_browser.post("/accounts/logout/")

    # 25 addresses, each below the lockout of its own pair (5): slowed after 10 failures.
    checked = 0
    for n in range(25):
        response = _log_in(Client(), "nathon_coordinator", f"guess-{n}", ip=f"198.51.100.{n}")
        page = response.content.decode()
        if "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page:
            checked += 1
        else:
            assert "กรุณารอ" in page and "วินาที" in page, page
    assert checked == settings.ITA_LOGIN_USERNAME_LIMIT

    # The right password from yet another address is not even checked within the minute.
    stranger = Client()
    response = _log_in(stranger, "nathon_coordinator", ip="198.51.100.99")
    assert response.status_code == 200 and "กรุณารอ" in response.content.decode()
    assert "_auth_user_id" not in stranger.session

    # She, in the browser she logged in with before, is not slowed at all.
    assert _log_in(her_browser, "nathon_coordinator", ip="203.0.113.77").status_code == 302

    # A minute after the last failure, one more password is checked: slowed, never locked.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=61))
    assert _log_in(stranger, "nathon_coordinator", ip="198.51.100.99").status_code == 302
    assert any("login.slowed user=nathon_coordinator" in m for m in security_log())


def test_decisions_and_report_events_record_the_client_behind_the_proxy(
    client_of, approvers, nathon, behind_the_proxy
):
    with scopes_disabled():
        report = Report.objects.get(organisation=nathon, fiscal_year__year=2568, kind="results")
    response = client_of(approvers[1]).post(
        f"/o/nathon/reports/{report.pk}/decide/",
        {"value": "approve", "password": DEMO_PASSWORD},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=HER_IP,
    )
    assert response.status_code == 302
    with scopes_disabled():
        assert report.decisions.get(decided_by=approvers[1]).ip == HER_IP
        assert report.events.order_by("-at", "-pk").first().ip == HER_IP


def test_one_helper_reads_the_client_address():
    readers = sorted(
        str(path.relative_to(ROOT))
        for path in ROOT.glob("**/*.py")
        if not {".venv", "tests", "var", "bench"} & set(path.relative_to(ROOT).parts)
        and "REMOTE_ADDR" in path.read_text(encoding="utf-8")
    )
    assert readers == ["ita_portal/security.py"]


# --- The security log -------------------------------------------------------------------------


def test_logins_and_refusals_are_logged(
    client, client_of, coordinator, outsider, staff_palad, security_log
):
    _log_in(client, "nathon_coordinator", "wrong")
    _log_in(client, "nathon_coordinator")
    assert client_of(outsider).get("/o/nathon/people/").status_code == 404
    assert client_of(staff_palad).post("/o/nathon/years/", {"year": "2580"}).status_code == 403

    messages = security_log()
    assert f"login.failed user=nathon_coordinator ip={HER_IP}" in messages
    assert f"login.success user=nathon_coordinator ip={HER_IP}" in messages
    assert any(
        "access.refused status=404 reason=not_a_member user=naok_coordinator" in m
        and "path=/o/nathon/people/" in m
        for m in messages
    )
    assert any(
        "access.refused status=403 reason=permission_denied user=nathon_staff_palad" in m
        and "method=POST path=/o/nathon/years/" in m
        for m in messages
    )


def test_security_events_carry_utc_timestamps():
    handlers = logging.getLogger("ita_portal.security").handlers
    assert any(isinstance(handler.formatter, UtcFormatter) for handler in handlers)
    record = logging.makeLogRecord({"msg": "login.success user=x", "levelname": "INFO"})
    record.created = 1795400000.25  # 2026-11-23 02:13:20.250 UTC, 09:13 in Bangkok
    record.name = "ita_portal.security"
    line = UtcFormatter().format(record)
    assert line.startswith("2026-11-23T02:13:20.250Z INFO ita_portal.security login.success")


# --- Sessions ---------------------------------------------------------------------------------


def _shift(client, key: str, seconds: int):
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_a_session_ends_after_three_idle_hours(client, coordinator, security_log):
    assert _log_in(client, "nathon_coordinator").status_code == 302
    _shift(client, security.SEEN_AT, 2 * 3600 + 50 * 60)  # 2 h 50 min idle: still in
    assert client.get("/o/nathon/").status_code == 200
    assert time.time() - client.session[security.SEEN_AT] < 60  # and the clock restarts

    _shift(client, security.SEEN_AT, 3 * 3600 + 60)
    response = client.get("/o/nathon/people/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/o/nathon/people/"
    assert "ไม่ได้ใช้งานนานเกิน ๓ ชั่วโมง" in client.get(response["Location"]).content.decode()
    assert client.get("/o/nathon/").status_code == 302  # logged out, not just redirected
    assert any(
        "session.ended reason=idle_limit user=nathon_coordinator" in m for m in security_log()
    )


def test_a_session_ends_twelve_hours_after_login_however_busy(client, coordinator):
    assert _log_in(client, "nathon_coordinator").status_code == 302
    _shift(client, security.LOGIN_AT, 12 * 3600 + 60)  # busy all day: seen a minute ago
    response = client.get("/o/nathon/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "เกิน ๑๒ ชั่วโมง" in client.get(response["Location"]).content.decode()
    assert "_auth_user_id" not in client.session


def test_a_disabled_account_is_logged_out_on_its_next_request(client, coordinator, security_log):
    assert _log_in(client, "nathon_coordinator").status_code == 302
    assert client.get("/o/nathon/").status_code == 200
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    response = client.get("/o/nathon/")
    assert response.status_code == 302
    assert "บัญชีของท่านถูกระงับการใช้งาน" in client.get(response["Location"]).content.decode()

    # Enabling the account again does not bring the old session back.
    coordinator.is_active = True
    coordinator.save(update_fields=["is_active"])
    assert client.get("/o/nathon/").status_code == 302
    assert any("session.ended reason=account_disabled" in m for m in security_log())


def test_a_deactivated_membership_ends_the_session(client, coordinator, nathon, security_log):
    assert _log_in(client, "nathon_coordinator").status_code == 302
    with scopes_disabled():
        Membership.objects.filter(user=coordinator, organisation=nathon).update(is_active=False)
    response = client.get("/o/nathon/people/")
    assert response.status_code == 302
    assert "สิทธิ์ของท่านในหน่วยงานนี้ถูกยกเลิกแล้ว" in client.get(response["Location"]).content.decode()
    assert "_auth_user_id" not in client.session
    assert any(
        "session.ended reason=membership_deactivated user=nathon_coordinator" in m
        for m in security_log()
    )


# --- Content-Security-Policy and templates without inline code --------------------------------

REQUIRED_CSP = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "script-src 'self'",
    "style-src 'self'",
]
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>\s*[^<\s]",
    re.IGNORECASE,
)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
HANDLER_ATTRIBUTE = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def _inline_code(html: str) -> list[str]:
    found = []
    for name, pattern in [
        ("inline <script>", INLINE_SCRIPT),
        ("style= attribute", STYLE_ATTRIBUTE),
        ("<style> block", STYLE_BLOCK),
        ("on…= handler", HANDLER_ATTRIBUTE),
        ("javascript: URL", JAVASCRIPT_URL),
    ]:
        for match in pattern.finditer(html):
            found.append(f"{name}: {match.group(0)[:80]!r}")
    return found


def _assert_csp(response, url):
    policy = response.get("Content-Security-Policy", "")
    missing = [directive for directive in REQUIRED_CSP if directive not in policy]
    assert not missing, f"{url}: {response.status_code} without {missing} (policy {policy!r})"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_scanner_finds_inline_code():
    page = (
        '<script>alert(1)</script><p style="color:red" onclick="x()">'
        '<a href="javascript:void(0)">x</a><style>p{}</style>'
    )
    assert len(_inline_code(page)) == 5
    clean = '<script src="/static/js/x.js"></script><script type="application/json">{}</script>'
    assert _inline_code(clean) == []


def test_templates_contain_no_inline_script_style_or_handlers():
    templates = sorted(
        path
        for pattern in ("templates/**/*.html", "*/templates/**/*.html")
        for path in ROOT.glob(pattern)
        if ".venv" not in path.parts
        and "var" not in path.parts
        # E-mails are read in a mail program, not under our CSP (which only pages carry).
        and "email" not in path.parts
    )
    assert len(templates) > 20  # the scan looks at the real templates
    found = [
        f"{path.relative_to(ROOT)}: {problem}"
        for path in templates
        for problem in _inline_code(path.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)


def test_every_page_answers_with_the_policy_and_without_inline_code(
    client, client_of, coordinator, site_admin, nathon
):
    for url in [LOGIN, "/no-such-page/"]:
        _assert_csp(client.get(url), url)

    staff = client_of(coordinator)
    problems = []
    for route in STAFF_ROUTES:
        url = _url(route, nathon.slug, nathon)
        response = staff.get(url)
        _assert_csp(response, url)
        if response.get("Content-Type", "").startswith("text/html"):
            problems += [f"{url}: {p}" for p in _inline_code(response.content.decode())]
    for url in ["/accounts/otp/", "/site/"]:
        response = client_of(site_admin).get(url)
        _assert_csp(response, url)
        problems += [f"{url}: {p}" for p in _inline_code(response.content.decode())]
    assert not problems, "\n".join(problems)


# --- Staff pages are never kept by a cache ----------------------------------------------------


def test_every_staff_page_is_private_and_not_stored(client_of, coordinator, site_admin, nathon):
    staff = client_of(coordinator)
    pages = [(staff, _url(route, nathon.slug, nathon)) for route in STAFF_ROUTES]
    pages += [(staff, url) for url in ["/accounts/otp/", "/accounts/signature/", "/"]]
    pages += [(client_of(site_admin), url) for url in ["/site/", "/admin/"]]
    kept = []
    for client, url in pages:
        response = client.get(url)
        control = response.get("Cache-Control", "")
        if response.status_code < 500 and not ("private" in control and "no-store" in control):
            if "thumbnail" in url and "private" in control:
                continue  # an evidence thumbnail may stay an hour in the person's own browser
            kept.append(f"{url}: {response.status_code} Cache-Control={control!r}")
    assert not kept, "\n".join(kept)
