"""A new organisation without a developer: the operator creates it from its template (or many
from a CSV file) and invites its coordinator; invitations are single-use and expire; anyone can
reset a forgotten password; the coordinator manages people within the rules."""

import datetime as dt
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks_db.models import DBTaskResult

from organisations import imports, onboarding, services, tasks
from organisations.enums import MemberAction, OrganisationKind, Role
from organisations.models import (
    Division,
    FiscalYear,
    Invitation,
    MemberEvent,
    Membership,
    Organisation,
    Position,
    User,
)
from reports.enums import ReportKind
from reports.models import ApprovalChain

from .onboarding import link_in_mail_to, run_queued_mail

pytestmark = pytest.mark.django_db

NONGWAENG = {
    "kind": "sao",
    "name": "องค์การบริหารส่วนตำบลหนองแวง",
    "short_name": "อบต.หนองแวง",
    "slug": "",
    "address": "ที่ทำการองค์การบริหารส่วนตำบลหนองแวง หมู่ที่ ๕",
    "subdistrict": "หนองแวง",
    "district": "เกษตรวิสัย",
    "province": "ร้อยเอ็ด",
    "postcode": "๔๕๑๕๐",
    "phone": "043-000000",
    "email": "saraban@nongwaeng.go.th",
    "website": "https://www.nongwaeng.go.th",
    "document_prefix": "รอ ๗๔๓๐๑",
}


@pytest.mark.parametrize("kind", OrganisationKind.values)
def test_every_type_has_a_template_whose_chain_names_its_positions(kind):
    template = onboarding.template_for(kind)
    name = f"{template.name_prefix}หนองแวง"
    titles = {title for title, _ in template.position_titles(name)}
    assert len(template.chain_titles(name)) == 4
    assert set(template.chain_titles(name)) <= titles
    assert all("{name}" not in title for title in titles)
    assert template.divisions[0].startswith("สำนักปลัด")


def test_the_operator_creates_an_organisation_from_its_template(client_of, site_admin):
    client = client_of(site_admin)
    response = client.post("/site/organisations/new/", NONGWAENG)
    with scopes_disabled():
        organisation = Organisation.objects.get(name="องค์การบริหารส่วนตำบลหนองแวง")
        assert response.url == f"/site/organisations/{organisation.pk}/"
        assert organisation.slug == "nongwaeng"  # proposed from the name
        assert organisation.postcode == "45150"
        divisions = list(Division.objects.filter(organisation=organisation).order_by("order"))
        assert [d.name for d in divisions][:3] == ["สำนักปลัด", "กองคลัง", "กองช่าง"]
        titles = set(
            Position.objects.filter(organisation=organisation).values_list("title", flat=True)
        )
        assert {"ปลัดองค์การบริหารส่วนตำบลหนองแวง", "นายกองค์การบริหารส่วนตำบลหนองแวง"} <= titles
        chains = ApprovalChain.objects.filter(organisation=organisation)
        assert sorted(chains.values_list("kind", flat=True)) == sorted(ReportKind.values)
        chain = chains.get(kind=ReportKind.RESULTS)
        assert [s.position.title for s in chain.steps.order_by("order")] == [
            "หัวหน้าสำนักปลัด",
            "รองปลัดองค์การบริหารส่วนตำบลหนองแวง",
            "ปลัดองค์การบริหารส่วนตำบลหนองแวง",
            "นายกองค์การบริหารส่วนตำบลหนองแวง",
        ]
        assert FiscalYear.objects.filter(organisation=organisation).count() == 1

    page = client.get(response.url).content.decode()
    assert "เชิญผู้ประสานงาน ITA" in page
    listing = client.get("/site/organisations/").content.decode()
    assert "องค์การบริหารส่วนตำบลหนองแวง" in listing


def test_a_bad_organisation_form_says_why_in_thai_and_keeps_what_was_typed(client_of, site_admin):
    data = {**NONGWAENG, "name": "หนองแวง", "province": "ร้อยเอ็ดด", "slug": "nathon"}
    page = client_of(site_admin).post("/site/organisations/new/", data).content.decode()
    assert "ต้องเป็นชื่อเต็ม ขึ้นต้นด้วย “องค์การบริหารส่วนตำบล”" in page
    assert "ไม่พบจังหวัด “ร้อยเอ็ดด”" in page
    assert "ชื่อในลิงก์นี้เป็นของหน่วยงานอื่นแล้ว" in page
    assert 'value="ที่ทำการองค์การบริหารส่วนตำบลหนองแวง หมู่ที่ ๕"' in page
    with scopes_disabled():
        assert not Organisation.objects.filter(name__contains="หนองแวง").exists()


def test_operator_pages_are_for_staff_only(client, client_of, coordinator, site_admin):
    with scopes_disabled():
        nathon = Organisation.objects.get(slug="nathon")
    urls = ["/site/organisations/", "/site/organisations/new/", f"/site/organisations/{nathon.pk}/"]
    for url in urls:
        assert client.get(url).url.startswith("/accounts/login/")
        assert client_of(coordinator).get(url).status_code == 404
        assert client_of(coordinator).post(url, NONGWAENG).status_code == 404
        assert client_of(site_admin).get(url).status_code == 200
    with scopes_disabled():
        assert not Organisation.objects.filter(name__contains="หนองแวง").exists()


def _csv(rows: int, *, bad_line: int | None = None, start: int = 0) -> bytes:
    out = io.StringIO()
    out.write(",".join(imports.CSV_HEADER) + "\n")
    for number in range(start, start + rows):
        kind = ["sao", "tambon_municipality", "town_municipality", "city_municipality"][number % 4]
        prefix = onboarding.template_for(kind).name_prefix
        province = "ร้อยเอ็ดด" if bad_line == number + 2 else "ร้อยเอ็ด"
        values = [
            kind,
            f"{prefix}ทดสอบ{number}",
            "",
            f"unit{number}",
            "",
            "",
            "เกษตรวิสัย",
            province,
            "45150",
            "",
            "",
            "",
            "",
            "นาย",
            "สมชาย",
            f"ใจดี{number}",
            f"coordinator{number}@example.go.th",
        ]
        out.write(",".join(values) + "\n")
    return out.getvalue().encode()


def _counts():
    with scopes_disabled():
        return (
            Organisation.objects.count(),
            Division.objects.count(),
            Position.objects.count(),
            Membership.objects.count(),
            Invitation.objects.count(),
            User.objects.count(),
        )


def test_a_100_row_csv_makes_100_organisations_and_again_changes_nothing(
    client_of, site_admin, django_capture_on_commit_callbacks
):
    before = _counts()
    client = client_of(site_admin)
    data = _csv(100)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/site/organisations/",
            {"file": _upload(data)},
            follow=True,
        )
    assert "นำเข้าหน่วยงาน ๑๐๐ แห่ง และส่งคำเชิญผู้ประสานงาน ๑๐๐ คนแล้ว" in response.content.decode()
    after = _counts()
    assert after[0] - before[0] == 100
    with scopes_disabled():
        unit = Organisation.objects.get(slug="unit1")
        assert unit.kind == "tambon_municipality"
        assert Division.objects.filter(organisation=unit).first().name == "สำนักปลัดเทศบาล"
        assert ApprovalChain.objects.filter(organisation=unit).count() == len(ReportKind)
        coordinator = Membership.objects.get(organisation=unit)
        assert coordinator.role == Role.COORDINATOR
        assert coordinator.position.title == "นิติกร"
        assert coordinator.user.email == "coordinator1@example.go.th"
    queued = DBTaskResult.objects.filter(task_path=tasks.send_invitation.module_path)
    assert queued.count() == 100

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/site/organisations/", {"file": _upload(data)}, follow=True)
    assert "ทุกหน่วยงานในไฟล์มีอยู่แล้ว ไม่มีการเปลี่ยนแปลง" in again.content.decode()
    assert _counts() == after
    assert queued.count() == 100


def _upload(data: bytes, name: str = "หน่วยงาน.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_a_csv_with_one_bad_line_writes_nothing_and_names_the_line(client_of, site_admin):
    before = _counts()
    page = (
        client_of(site_admin)
        .post("/site/organisations/", {"file": _upload(_csv(60, bad_line=57))})
        .content.decode()
    )
    assert "ยังไม่ได้นำเข้า" in page
    assert "บรรทัด ๕๗ (province): ไม่พบจังหวัด “ร้อยเอ็ดด”" in page
    assert _counts() == before


def test_a_csv_without_a_column_is_refused_whole(tmp_path, capsys):
    from django.core.management import CommandError, call_command

    before = _counts()
    header, *rows = _csv(3).decode().splitlines()
    columns = header.split(",")
    drop = columns.index("province")
    text = "\n".join(
        ",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in [header, *rows]
    )
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="ยังไม่ได้นำเข้าหน่วยงานใด"):
        call_command("import_organisations", str(path))
    assert "ไม่มีคอลัมน์ province" in capsys.readouterr().err
    assert _counts() == before


def test_the_import_command_says_when_a_file_changes_nothing(tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "units.csv"
    path.write_bytes(_csv(3))
    call_command("import_organisations", str(path))
    assert "สร้างหน่วยงาน ๓ แห่ง" in capsys.readouterr().out
    call_command("import_organisations", str(path))
    assert "ไม่มีการเปลี่ยนแปลง" in capsys.readouterr().out
    with scopes_disabled():
        assert Organisation.objects.filter(slug__startswith="unit").count() == 3


# --- invitations ------------------------------------------------------------------------------


def _invite(client, org: str, email: str, **extra):
    data = {
        "email": email,
        "title": "นางสาว",
        "first_name": "วิภาวดี",
        "last_name": "แสงทอง",
        "role": "staff",
        **extra,
    }
    return client.post(f"/o/{org}/people/invite/", data)


def _klang(organisation_slug="nathon"):
    with scopes_disabled():
        return Division.objects.get(organisation__slug=organisation_slug, name="กองคลัง")


def test_an_invitation_is_mailed_used_once_and_logs_the_person_in(
    client, client_of, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(
            client_of(coordinator), "nathon", "Wipawadee@Nathon.go.th", divisions=[_klang().pk]
        )
    assert response.status_code == 302
    assert run_queued_mail() == 1
    message = mail.outbox[-1]
    assert message.to == ["wipawadee@nathon.go.th"]
    assert "องค์การบริหารส่วนตำบลนาทอน" in message.subject
    assert message.alternatives  # text and HTML
    link = link_in_mail_to("wipawadee@nathon.go.th")
    with scopes_disabled():
        invitation = Invitation.objects.get(email="wipawadee@nathon.go.th")
        assert invitation.token_hash and link.split("/")[-2] not in invitation.token_hash

    form = client.get(link).content.decode()
    assert 'value="wipawadee"' in form  # the username proposed from the address
    weak = client.post(
        link, {"username": "wipawadee", "new_password1": "1234", "new_password2": "1234"}
    )
    page = weak.content.decode()
    assert "รหัสผ่านสั้นเกินไป" in page and "ต้องไม่เป็นตัวเลขทั้งหมด" in page
    accepted = client.post(
        link,
        {
            "username": "wipawadee.s",
            "new_password1": "ทองคำ-นาทอน-2570",
            "new_password2": "ทองคำ-นาทอน-2570",
        },
    )
    assert accepted.url == "/o/nathon/"
    assert client.get("/o/nathon/").status_code == 200  # logged in, a member

    again = client.get(link)
    assert again.status_code == 410
    assert "ใช้ตั้งรหัสผ่านไปแล้ว" in again.content.decode()
    with scopes_disabled():
        user = User.objects.get(username="wipawadee.s")
        assert user.check_password("ทองคำ-นาทอน-2570")
        actions = list(
            MemberEvent.objects.filter(membership__user=user).values_list("action", flat=True)
        )
    assert actions == [MemberAction.ACTIVATED, MemberAction.INVITED]


def test_an_expired_or_replaced_invitation_does_not_work(
    client, client_of, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_of(coordinator), "nathon", "somsak@nathon.go.th", divisions=[_klang().pk])
    run_queued_mail()
    first = link_in_mail_to("somsak@nathon.go.th")
    with scopes_disabled():
        Invitation.objects.filter(email="somsak@nathon.go.th").update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
    expired = client.get(first)
    assert expired.status_code == 410
    assert "ลิงก์นี้หมดอายุแล้ว" in expired.content.decode()

    with scopes_disabled():
        membership = Membership.objects.get(user__email="somsak@nathon.go.th")
    with django_capture_on_commit_callbacks(execute=True):
        client_of(coordinator).post(f"/o/nathon/people/{membership.pk}/resend/")
    run_queued_mail()
    second = link_in_mail_to("somsak@nathon.go.th")
    assert second != first
    assert client.get(second).status_code == 200
    assert "มีการส่งลิงก์ใหม่แทนแล้ว" in client.get(first).content.decode()


def test_the_default_expiry_is_seven_days(coordinator, nathon, settings):
    with scope(organisation=nathon):
        membership, token = services.member_create_without_email(
            organisation=nathon,
            actor=coordinator,
            title="นาย",
            first_name="บุญมี",
            last_name="ทองคำ",
            role=Role.VIEWER,
        )
        invitation = Invitation.objects.get(membership=membership)
    assert settings.ITA_INVITATION_DAYS == 7
    assert invitation.expires_at - invitation.sent_at == dt.timedelta(days=7)
    assert services.invitation_find(token) == invitation


def test_an_officer_without_email_gets_a_printed_activation_sheet(client, client_of, coordinator):
    response = _invite(client_of(coordinator), "nathon", "", divisions=[_klang().pk])
    page = response.content.decode()
    assert "ใบรหัสเปิดใช้งาน ITA Portal" in page
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )
    link = re.search(
        r'href="https?://[^/"]+(/accounts/invite/[^"]+/)" data-activation-link', page
    ).group(1)
    with scopes_disabled():
        username = Membership.objects.get(user__last_name="แสงทอง").user.username
    assert username == "wiphaodi"  # วิภาวดี, romanised: changeable when the link is used
    assert "<code>wiphaodi</code>" in page
    accepted = client.post(
        link,
        {
            "username": username,
            "new_password1": "ขอนแก่น-2570-ok",
            "new_password2": "ขอนแก่น-2570-ok",
        },
    )
    assert accepted.status_code == 302
    assert client.get(link).status_code == 410


def test_forgot_password_answers_the_same_and_resets_by_mail(
    client, staff_klang, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=staff_klang.pk).update(email="anucha@nathon.go.th")
    known = client.post("/accounts/password_reset/", {"email": "anucha@nathon.go.th"})
    unknown = client.post("/accounts/password_reset/", {"email": "nobody@nathon.go.th"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == "/accounts/password_reset/done/"
    assert run_queued_mail() == 1  # one mail, to the address that exists, through the worker
    link = link_in_mail_to("anucha@nathon.go.th")
    form = client.get(link, follow=True)
    assert "ตั้งรหัสผ่านใหม่" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "สตูล-นาทอน-2570", "new_password2": "สตูล-นาทอน-2571"},
    )
    assert "รหัสผ่านทั้งสองช่องไม่ตรงกัน" in done.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "สตูล-นาทอน-2570", "new_password2": "สตูล-นาทอน-2570"},
    )
    assert done.url == "/accounts/reset/done/"
    login = client.post(
        "/accounts/login/", {"username": "nathon_staff_klang", "password": "สตูล-นาทอน-2570"}
    )
    assert login.status_code == 302 and login.url == "/"
    with scopes_disabled():
        actions = set(
            MemberEvent.objects.filter(membership__user=staff_klang).values_list(
                "action", flat=True
            )
        )
    assert {MemberAction.PASSWORD_RESET_SENT, MemberAction.PASSWORD_CHANGED} <= actions


def test_the_login_page_offers_the_password_reset(client):
    assert 'href="/accounts/password_reset/"' in client.get("/accounts/login/").content.decode()


# --- the coordinator's rules -------------------------------------------------------------------


def test_the_last_coordinator_cannot_be_removed_or_demoted(client_of, outsider, naok):
    client = client_of(outsider)
    with scopes_disabled():
        own = Membership.objects.get(user=outsider, organisation=naok)
    response = client.post(f"/o/naok/people/{own.pk}/active/", {"active": "0"}, follow=True)
    assert "ผู้ประสานงาน ITA คนสุดท้ายของหน่วยงาน" in response.content.decode()
    response = client.post(f"/o/naok/people/{own.pk}/", {"role": "viewer"})
    assert "ผู้ประสานงาน ITA คนสุดท้ายของหน่วยงาน" in response.content.decode()
    own.refresh_from_db()
    assert own.is_active and own.role == Role.COORDINATOR


def test_nobody_is_raised_to_operator_from_the_people_pages(client_of, coordinator, staff_klang):
    with scopes_disabled():
        membership = Membership.objects.get(user=staff_klang)
    response = client_of(coordinator).post(
        f"/o/nathon/people/{membership.pk}/",
        {"role": "operator", "is_staff": "1", "is_superuser": "1", "divisions": [_klang().pk]},
    )
    assert "เลือกบทบาทจากรายการ" in response.content.decode()
    staff_klang.refresh_from_db()
    assert not staff_klang.is_staff and not staff_klang.is_superuser


def test_staff_cannot_manage_people(client_of, staff_klang, coordinator):
    with scopes_disabled():
        membership = Membership.objects.get(user=coordinator)
    client = client_of(staff_klang)
    assert _invite(client, "nathon", "x@nathon.go.th").status_code == 403
    assert (
        client.post(f"/o/nathon/people/{membership.pk}/active/", {"active": "0"}).status_code == 403
    )
    assert client.get("/o/nathon/people/invite/").status_code == 403


def test_a_coordinator_cannot_invite_into_another_organisation(client_of, outsider, nathon):
    with scopes_disabled():
        before = Membership.objects.filter(organisation=nathon).count()
        someone = Membership.objects.filter(organisation=nathon).first()
    client = client_of(outsider)
    assert _invite(client, "nathon", "spy@naok.go.th").status_code == 404
    # นาทอน's members are not found through นาออก's own URLs either.
    assert client.get(f"/o/naok/people/{someone.pk}/").status_code == 404
    assert client.post(f"/o/naok/people/{someone.pk}/resend/").status_code == 404
    assert client.post(f"/o/naok/people/{someone.pk}/active/", {"active": "0"}).status_code == 404
    with scopes_disabled():
        assert Membership.objects.filter(organisation=nathon).count() == before
        assert Membership.objects.get(pk=someone.pk).is_active


def test_a_person_of_another_organisation_is_added_without_a_new_account(
    client_of, outsider, coordinator, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=outsider.pk).update(email="nanphat@naok.go.th")
    with django_capture_on_commit_callbacks(execute=True):
        _invite(client_of(coordinator), "nathon", "nanphat@naok.go.th", role="viewer")
    assert run_queued_mail() == 1
    assert "ท่านได้รับสิทธิ์ใช้งาน" in mail.outbox[-1].subject
    with scopes_disabled():
        assert Membership.objects.filter(user=outsider).count() == 2
    page = client_of(outsider).get("/accounts/").content.decode()
    assert "องค์การบริหารส่วนตำบลนาทอน" in page and "องค์การบริหารส่วนตำบลนาออก" in page
    # The top bar of either organisation switches to the other.
    top = client_of(outsider).get("/o/naok/").content.decode()
    assert "เปลี่ยนหน่วยงาน" in top and 'href="/o/nathon/"' in top


def test_a_duplicate_email_is_refused_beside_the_field_keeping_the_name(client_of, coordinator):
    User.objects.filter(pk=coordinator.pk).update(email="nitaya@nathon.go.th")
    page = _invite(client_of(coordinator), "nathon", "NITAYA@nathon.go.th").content.decode()
    assert "อีเมลนี้เป็นสมาชิกของหน่วยงานอยู่แล้ว" in page
    assert 'value="วิภาวดี"' in page


def test_deactivation_ends_the_session_and_is_in_the_history(client_of, coordinator, staff_klang):
    staff = client_of(staff_klang)
    assert staff.get("/o/nathon/").status_code == 200
    with scopes_disabled():
        membership = Membership.objects.get(user=staff_klang)
    client_of(coordinator).post(f"/o/nathon/people/{membership.pk}/active/", {"active": "0"})
    response = staff.get("/o/nathon/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    client_of(coordinator).post(f"/o/nathon/people/{membership.pk}/active/", {"active": "1"})
    page = client_of(coordinator).get(f"/o/nathon/people/{membership.pk}/").content.decode()
    assert "ระงับการใช้งาน" in page and "เปิดใช้งานอีกครั้ง" in page
    assert page.count("ว่าที่ร้อยตรีหญิง นิตยา สันหลี่") >= 2  # who did it, each time


def test_a_new_holder_approves_the_next_report_but_not_the_one_in_review(
    nathon, coordinator, approvers, staff_klang
):
    """The chain names positions: the report already in review keeps its frozen approver."""
    from reports import services as report_services
    from reports.models import ChainStep, Report

    with scope(organisation=nathon):
        ChainStep.objects.filter(organisation=nathon).update(signer=None)
        in_review = Report.objects.get(fiscal_year__year=2568)
        frozen = [step["signer_id"] for step in in_review.chain]
        deputy = Membership.objects.get(user=approvers[1])
        position = deputy.position
        services.member_update(
            membership=deputy,
            actor=coordinator,
            role=Role.APPROVER,
            divisions=[],
            position=None,
            acting_position=None,
        )
        klang = Membership.objects.get(user=staff_klang)
        services.member_update(
            membership=klang,
            actor=coordinator,
            role=Role.APPROVER,
            divisions=[],
            position=None,
            acting_position=position,
        )
        year = FiscalYear.objects.get(year=2569)
        membership = Membership.objects.get(user=coordinator)
        report = report_services.report_create(
            membership=membership, fiscal_year=year, kind=ReportKind.PLAN
        )
        report = report_services.report_submit(report=report, membership=membership)
        assert report.chain[1]["signer_id"] == staff_klang.pk
        assert report.chain[1]["acting"] == f"รักษาราชการแทน {position.title}"
        in_review.refresh_from_db()
        assert [step["signer_id"] for step in in_review.chain] == frozen
