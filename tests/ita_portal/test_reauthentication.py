"""Re-authentication: wherever a logged-in person types their password again (confirming a
decision), wrong passwords count towards the same lockout as the login page, and the lockout
answers with the Thai page, never an error. The probe finds every page with a password field by
walking the URLconf as each member of the cast, so a new re-authentication is covered unedited."""

import re

import pytest
from django.conf import settings
from django_scopes import scope

from reports.enums import ReportKind
from reports.models import Report
from tests.routes import routes
from tests.test_tenancy_probe import _url

PASSWORD_INPUT = re.compile(
    r'<input[^>]*type="password"[^>]*name="([^"]+)"|'
    r'<input[^>]*name="([^"]+)"[^>]*type="password"'
)


@pytest.fixture
def report_2568(nathon):
    """นาทอน's results report of FY2568, waiting for the รองปลัด (the demo)."""
    with scope(organisation=nathon):
        return Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)


def _assert_thai_lockout(response, where):
    page = response.content.decode()
    assert response.status_code == 429, f"{where}: {response.status_code}"
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in page, where
    assert '<html lang="th">' in page


def test_wrong_passwords_when_confirming_a_decision_end_in_the_thai_lockout(
    client_of, approvers, report_2568
):
    deputy = client_of(approvers[1])
    url = f"/o/nathon/reports/{report_2568.pk}/decide/"
    comment = "เห็นควรนำเสนอปลัดพิจารณาต่อไป"
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = deputy.post(url, {"value": "approve", "comment": comment, "password": "x"})
        assert response.status_code == 200
        assert "รหัสผ่านไม่ถูกต้อง" in response.content.decode()
    _assert_thai_lockout(
        deputy.post(url, {"value": "approve", "comment": comment, "password": "x"}), url
    )
    # Locked: even the right password does not decide now.
    _assert_thai_lockout(deputy.post(url, {"value": "approve", "password": "ita-demo-2568"}), url)
    with scope(organisation=report_2568.organisation):
        assert not report_2568.decisions.filter(decided_by=approvers[1]).exists()


def _pages_with_a_password(client, nathon):
    candidates = [_url(route, nathon.slug, nathon) for route in routes("o/<slug:org>/")]
    candidates += [
        "/" + route for route in routes("accounts/") + routes("site/") if "<" not in route
    ]
    found = []
    for url in candidates:
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        fields = [
            m.group(1) or m.group(2) for m in PASSWORD_INPUT.finditer(response.content.decode())
        ]
        if fields:
            found.append((url, fields))
    return found


def test_every_re_authentication_ends_in_the_thai_lockout(
    client_of, coordinator, approvers, report_2568, nathon
):
    probed = []
    for person in [coordinator, approvers[1]]:
        client = client_of(person)
        for url, fields in _pages_with_a_password(client, nathon):
            probed.append(url)
            for attempt in range(settings.AXES_FAILURE_LIMIT + 1):
                response = client.post(url, dict.fromkeys(fields, f"wrong-{attempt}"))
                assert response.status_code != 500, f"{url} as {person.username}"
            _assert_thai_lockout(response, f"{url} as {person.username}")
    # The probe found the decision form and the password change (and whatever else asks).
    assert f"/o/nathon/reports/{report_2568.pk}/decide/" in probed
    assert "/accounts/password_change/" in probed


def test_a_username_longer_than_any_account_gets_a_thai_message(client, demo):
    response = client.post("/accounts/login/", {"username": "ก" * 300, "password": "x"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้ยาวเกิน" in response.content.decode()
