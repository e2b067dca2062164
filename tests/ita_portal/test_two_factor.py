"""The optional second factor: setting up an authenticator app, and an organisation that requires
it of its coordinators and approvers. Codes are computed here from the secret the page shows,
as the person's phone would (RFC 6238), not by django-otp."""

import base64
import hashlib
import hmac
import re
import struct
import time
from datetime import timedelta

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from organisations.demo import DEMO_PASSWORD
from organisations.models import FiscalYear

SETUP = "/accounts/otp/"
VERIFY = "/accounts/otp/verify/"


def totp(secret_base32: str, at: float | None = None, step: int = 30) -> str:
    """The six-digit code of an authenticator app (RFC 6238, HMAC-SHA1)."""
    secret = secret_base32.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // step)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def _shown_secret(page: str) -> str:
    match = re.search(r'<p class="ita-otp-secret mb-0"><code>([A-Z2-7 ]+)</code>', page)
    assert match, "the setup page shows the secret for typing by hand"
    return match.group(1)


def _enrol(client: Client) -> tuple[str, float]:
    """Set up the app; returns its secret and when its first code was typed."""
    page = client.get(SETUP).content.decode()
    secret = _shown_secret(page)
    at = time.time()
    response = client.post(SETUP, {"code": totp(secret, at), "next": "/"})
    assert response.status_code == 302, response.content.decode()
    return secret, at


def _seconds_later(user, seconds: int = 5):
    """After a wrong code the app is throttled for a second (doubling with each failure):
    move the failure into the past instead of sleeping."""
    device = TOTPDevice.objects.get(user=user)
    device.throttling_failure_timestamp -= timedelta(seconds=seconds)
    device.save(update_fields=["throttling_failure_timestamp"])


def _fresh_login_as(username: str, next_url: str = "/o/nathon/") -> Client:
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": username, "password": DEMO_PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    return client


def _fresh_login(username: str) -> Client:
    return _fresh_login_as(username)


def test_setting_up_an_authenticator_app(client_of, coordinator):
    client = client_of(coordinator)
    page = client.get(SETUP).content.decode()
    assert "สแกนคิวอาร์โค้ด" in page
    secret = _shown_secret(page)

    qr = client.get("/accounts/otp/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml"
    assert qr.content.startswith(b"<?xml") and b"<svg" in qr.content
    assert "no-store" in qr["Cache-Control"]
    device = TOTPDevice.objects.get(user=coordinator)
    # The QR code carries this device's provisioning URI; the typed secret is its key.
    assert base64.b32encode(device.bin_key).decode().rstrip("=") == secret.replace(" ", "")
    assert "issuer=ITA%20Portal" in device.config_url

    wrong = client.post(SETUP, {"code": "000000" if totp(secret) != "000000" else "111111"})
    assert "รหัสไม่ถูกต้องหรือหมดอายุแล้ว" in wrong.content.decode()
    assert "ต้องเป็นตัวเลข ๖ หลัก" in client.post(SETUP, {"code": "12ab"}).content.decode()
    assert not TOTPDevice.objects.get(user=coordinator).confirmed

    # Right after a wrong code, even the right one waits a moment.
    too_soon = client.post(SETUP, {"code": totp(secret)}).content.decode()
    assert "กรอกรหัสผิดหลายครั้ง กรุณารอสักครู่" in too_soon
    _seconds_later(coordinator)

    # Thai digits, as a Thai keyboard types them, are accepted too.
    thai_code = totp(secret).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    response = client.post(SETUP, {"code": thai_code, "next": "/o/nathon/"})
    assert response.status_code == 302
    assert response["Location"] == "/o/nathon/"
    assert TOTPDevice.objects.get(user=coordinator).confirmed
    assert "เปิดใช้งานแล้ว" in client.get(SETUP).content.decode()
    assert client.get("/o/nathon/").status_code == 200  # verified in this session


def test_once_set_up_the_code_is_asked_after_every_password_login(client_of, coordinator):
    secret, enrolled_at = _enrol(client_of(coordinator))

    client = _fresh_login("nathon_coordinator")
    response = client.get("/o/nathon/people/")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fo%2Fnathon%2Fpeople%2F"
    assert client.get("/").status_code == 302  # every page, not only the organisation's

    page = client.get(response["Location"])
    assert "กรอกรหัส ๖ หลัก" in page.content.decode()
    # The code typed at the enrolment is not accepted a second time: the next one is.
    used = client.post(VERIFY, {"code": totp(secret, enrolled_at), "next": "/o/nathon/people/"})
    assert "รหัสไม่ถูกต้องหรือหมดอายุแล้ว" in used.content.decode()
    _seconds_later(coordinator)
    response = client.post(
        VERIFY, {"code": totp(secret, enrolled_at + 30), "next": "/o/nathon/people/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/o/nathon/people/"
    assert client.get("/o/nathon/people/").status_code == 200


def test_the_verify_page_only_follows_local_next_urls(client_of, coordinator):
    secret, enrolled_at = _enrol(client_of(coordinator))
    client = _fresh_login("nathon_coordinator")
    response = client.post(
        VERIFY, {"code": totp(secret, enrolled_at + 30), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


@pytest.fixture
def requiring(nathon):
    nathon.require_otp_for_approvers = True
    nathon.save(update_fields=["require_otp_for_approvers"])
    return nathon


def test_an_organisation_can_require_it_of_coordinators_and_approvers(
    requiring, client_of, coordinator, approvers, staff_palad
):
    head = client_of(approvers[0])
    response = head.get("/o/nathon/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fo%2Fnathon%2F"
    assert "หน่วยงานของท่านกำหนดให้" in head.get(response["Location"]).content.decode()

    # A form of the staff area is not processed either.
    coordinator_client = client_of(coordinator)
    response = coordinator_client.post("/o/nathon/years/", {"year": "2580"})
    assert response.status_code == 302
    with scopes_disabled():
        assert not FiscalYear.objects.filter(year=2580).exists()

    # Division staff are not asked.
    assert client_of(staff_palad).get("/o/nathon/").status_code == 200

    # Once set up, the approver works as before.
    _enrol(head)
    assert head.get("/o/nathon/").status_code == 200


def test_the_requirement_is_the_organisations_own(requiring, client_of, outsider):
    # นาออก does not require it: its coordinator goes straight in.
    assert client_of(outsider).get("/o/naok/").status_code == 200


def test_the_site_administrator_must_use_a_second_factor(client, site_admin):
    """is_staff users (the site administrator, the Django admin) cannot work without one."""
    response = client.post("/accounts/login/", {"username": "admin", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    for url in ["/site/", "/admin/", "/admin/organisations/organisation/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{SETUP}?next="), url
    page = client.get(SETUP).content.decode()
    assert "ผู้ดูแลระบบต้องยืนยันตัวตนสองขั้นตอน" in page
    assert client.post("/site/ping/").status_code == 302  # no action either

    _enrol(client)
    assert client.get("/site/").status_code == 200
    assert client.get("/admin/").status_code == 200

    # The next login asks for the code before any page.
    again = _fresh_login_as("admin", next_url="/site/")
    assert again.get("/site/")["Location"].startswith(VERIFY)
