"""What each kind of member sees in the staff area of their organisation."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scope

from ita_portal import thai
from organisations.enums import Role
from organisations.models import Division, FiscalYear, Membership, User
from tests.conftest import verify_second_factor

pytestmark = pytest.mark.django_db


def _current_year_heading() -> str:
    return f"ปีงบประมาณ พ.ศ. {thai.thai_digits(thai.fiscal_year_of(timezone.localdate()))}"


@pytest.mark.parametrize(
    "username",
    [
        "nathon_coordinator",
        "nathon_staff_palad",
        "nathon_staff_klang",
        "nathon_head_palad",
        "nathon_deputy",
        "nathon_palad",
        "nathon_mayor",
    ],
)
def test_every_nathon_user_lands_on_the_dashboard(client, demo, username):
    response = client.post(
        "/accounts/login/", {"username": username, "password": "ita-demo-2568"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/o/nathon/"
    page = response.content.decode()
    assert "องค์การบริหารส่วนตำบลนาทอน" in page
    assert _current_year_heading() in page
    assert "งานที่รอท่าน" in page


def test_second_organisation_lands_on_its_own_dashboard(client, demo):
    response = client.post(
        "/accounts/login/",
        {"username": "naok_coordinator", "password": "ita-demo-2568"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/o/naok/"
    page = response.content.decode()
    assert "องค์การบริหารส่วนตำบลนาออก" in page
    assert "นาทอน" not in page


def test_the_operator_lands_on_the_list_of_organisations(client, site_admin):
    response = client.post(
        "/accounts/login/", {"username": "admin", "password": "ita-demo-2568"}, follow=True
    )
    # First the second factor, which the site administrator must use (issue #20).
    assert response.redirect_chain[-1][0] == "/accounts/otp/?next=%2F"
    verify_second_factor(client, site_admin)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/site/organisations/"
    page = response.content.decode()
    assert "องค์การบริหารส่วนตำบลนาทอน" in page
    assert "องค์การบริหารส่วนตำบลนาออก" in page


def test_wrong_password_is_refused_in_thai_and_keeps_the_username(client, demo):
    response = client.post(
        "/accounts/login/", {"username": "nathon_mayor", "password": "wrong-password"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page
    assert 'value="nathon_mayor"' in page


def test_dashboard_shows_what_waits_for_each_role(client_of, coordinator, staff_klang, approvers):
    year = thai.fiscal_year_of(timezone.localdate())
    round_label = thai.Round(thai.current_round(year, timezone.localdate())).label

    coordinator_page = client_of(coordinator).get("/o/nathon/").content.decode()
    # The demo copies the seed plan of 2568 into the current year.
    assert f"แผนของปีงบประมาณ พ.ศ. {thai.thai_digits(year)} มี ๗ มาตรการ" in coordinator_page

    staff_page = client_of(staff_klang).get("/o/nathon/").content.decode()
    assert f"ขั้นตอนของมาตรการที่ต้องรายงาน{round_label}" in staff_page
    assert "จัดให้มีการขออนุญาตในการยืมทรัพย์สินของราชการอย่างถูกต้อง" in staff_page
    assert "กำหนดนโยบายหรือแผนการบริหารทรัพยากร" not in staff_page  # สำนักปลัด's

    mayor_page = client_of(approvers[-1]).get("/o/nathon/").content.decode()
    assert "ไม่มีรายงานที่รอการพิจารณาของท่านในขณะนี้" in mayor_page
    assert "นายกองค์การบริหารส่วนตำบลนาทอน" in mayor_page


def test_staff_without_steps_sees_an_empty_state(client_of, staff_klang, nathon):
    from measures.models import IndicatorLine, MeasureStep

    with scope(organisation=nathon):
        klang = Division.objects.get(name="กองคลัง")
        for model in (MeasureStep, IndicatorLine):
            for target in model.objects.filter(divisions=klang):
                target.divisions.remove(klang)
    page = client_of(staff_klang).get("/o/nathon/").content.decode()
    assert "ยังไม่มีขั้นตอนของมาตรการที่มอบหมายให้กองคลัง" in page


def test_dashboard_rounds_of_the_current_year(client_of, coordinator):
    year = thai.fiscal_year_of(timezone.localdate())
    page = client_of(coordinator).get("/o/nathon/").content.decode()
    six_months_end = thai.thai_date(dt.date(thai.ce_year(year), 3, 31), "short")
    assert "รอบ ๖ เดือน" in page
    assert f"ถึง {six_months_end}" in page


def test_person_in_two_organisations_chooses(client_of, outsider, nathon):
    with scope(organisation=nathon):
        Membership.objects.create(organisation=nathon, user=outsider, role=Role.VIEWER)
    response = client_of(outsider).get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="/o/nathon/"' in page
    assert 'href="/o/naok/"' in page


def test_disabled_membership_loses_access_at_once(client_of, staff_palad, nathon):
    client = client_of(staff_palad)
    assert client.get("/o/nathon/").status_code == 200
    with scope(organisation=nathon):
        Membership.objects.filter(user=staff_palad).update(is_active=False)
    # The next request ends the session (ita_portal.security) and asks to log in; logging in
    # again does not open the organisation either.
    for _attempt in range(2):
        response = client.get("/o/nathon/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
        client.force_login(staff_palad)


def test_people_page_lists_divisions_and_members(client_of, staff_palad):
    page = client_of(staff_palad).get("/o/nathon/people/").content.decode()
    for text in ["สำนักปลัด", "กองคลัง", "กองช่าง", "นางซาริต้า เต็นหลี่", "หัวหน้าสำนักปลัด"]:
        assert text in page


def test_people_page_queries_do_not_grow_with_members(
    client_of, staff_palad, nathon, django_assert_max_num_queries
):
    client = client_of(staff_palad)
    with django_assert_max_num_queries(12) as baseline:
        client.get("/o/nathon/people/")
    with scope(organisation=nathon):
        divisions = list(Division.objects.all())
        for number in range(30):
            user = User.objects.create(username=f"extra{number}", first_name="สมชาย")
            member = Membership.objects.create(organisation=nathon, user=user, role=Role.STAFF)
            member.divisions.set(divisions[:2])
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = client.get("/o/nathon/people/")
    assert response.content.decode().count("สมชาย") == 30


def test_division_page_lists_its_staff(client_of, coordinator, nathon):
    with scope(organisation=nathon):
        klang = Division.objects.get(name="กองคลัง")
    page = client_of(coordinator).get(f"/o/nathon/divisions/{klang.pk}/").content.decode()
    assert "นายอนุชา ศรีสวัสดิ์" in page
    assert "นางสาวกมลวรรณ ทองดี" not in page


def test_coordinator_opens_the_next_fiscal_year(client_of, coordinator, nathon):
    client = client_of(coordinator)
    latest = thai.fiscal_year_of(timezone.localdate())
    response = client.post("/o/nathon/years/", {"year": thai.thai_digits(latest + 1)}, follow=True)
    assert f"พ.ศ. {thai.thai_digits(latest + 1)}" in response.content.decode()
    with scope(organisation=nathon):
        assert FiscalYear.objects.filter(year=latest + 1).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2568", "ปีงบประมาณ พ.ศ. ๒๕๖๘ มีอยู่แล้วในหน่วยงานนี้"),
        ("2025", "ปีงบประมาณต้องเป็นปี พ.ศ. ระหว่าง ๒๕๖๐ ถึง ๒๗๐๐ (ไม่ใช่ปี ค.ศ.)"),
        ("ปีหน้า", "กรุณากรอกปีงบประมาณเป็นตัวเลข พ.ศ. ๔ หลัก เช่น ๒๕๗๐"),
        ("", "กรุณากรอกปีงบประมาณ"),
    ],
)
def test_bad_fiscal_year_is_explained_and_kept(client_of, coordinator, typed, message):
    response = client_of(coordinator).post("/o/nathon/years/", {"year": typed})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert f'value="{typed}"' in page or typed == ""


def test_staff_cannot_open_a_fiscal_year(client_of, staff_palad, nathon):
    client = client_of(staff_palad)
    assert "เปิดปีงบประมาณใหม่" not in client.get("/o/nathon/years/").content.decode()
    assert client.post("/o/nathon/years/", {"year": "2580"}).status_code == 403
    with scope(organisation=nathon):
        assert not FiscalYear.objects.filter(year=2580).exists()
