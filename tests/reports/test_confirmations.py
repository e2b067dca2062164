"""Submitting, withdrawing and publishing ask first (issue #19): the report page's button opens
a page that says what will happen and who is told, its cancel is a link back that changes
nothing, its button does it. And an approver is no longer asked ("… รอการพิจารณาของท่าน") to
decide a report that no longer waits for them."""

import html

import pytest
from django.conf import settings
from django_scopes import scope

from reports import services
from reports.enums import AWAITING, AWAITING_SETTLED, DecisionValue, ReportKind, ReportStatus
from reports.models import Notification, Report

APPROVE = DecisionValue.APPROVE


@pytest.fixture
def report_2568(nathon):
    """The demo's FY2568 results report: approved by หัวหน้าสำนักปลัด, waiting for รองปลัด."""
    with scope(organisation=nathon):
        return Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)


def _url(report, suffix=""):
    return f"/o/nathon/reports/{report.pk}/{suffix}"


def _state(report):
    with scope(organisation=report.organisation):
        fresh = Report.objects.get(pk=report.pk)
        return fresh.status, fresh.events.count(), Notification.objects.count()


def test_withdrawing_and_submitting_ask_first_and_name_who_is_told(
    client_of, coordinator, approvers, report_2568
):
    head, deputy, _palad, _mayor = approvers
    client = client_of(coordinator)
    detail = client.get(_url(report_2568)).content.decode()
    assert f'href="{_url(report_2568, "withdraw/")}">ถอนเรื่องคืน…</a>' in detail

    before = _state(report_2568)
    page = client.get(_url(report_2568, "withdraw/")).content.decode()
    assert "ถอนเรื่องคืนหรือไม่" in page
    assert deputy.full_name in page  # whose turn it was
    assert f'href="{_url(report_2568)}">ยกเลิก ไม่ถอนเรื่องคืน</a>' in page
    assert _state(report_2568) == before  # asking changed nothing

    assert client.post(_url(report_2568, "withdraw/")).status_code == 302
    assert _state(report_2568)[0] == ReportStatus.RETURNED

    detail = client.get(_url(report_2568)).content.decode()
    assert f'href="{_url(report_2568, "submit/")}">ส่งเสนอพิจารณา…</a>' in detail
    before = _state(report_2568)
    page = client.get(_url(report_2568, "submit/")).content.decode()
    assert "ส่งรายงานนี้เสนอพิจารณาหรือไม่" in page
    first = "หัวหน้าสำนักปลัด"
    assert f'<dt>ผู้พิจารณาลำดับแรก</dt><dd class="text-break">{first} ({head.full_name})' in page
    assert f"ระบบจะแจ้ง{first} ({head.full_name})" in page
    assert "แก้ไขไม่ได้ระหว่างการพิจารณา" in page
    assert f'action="{_url(report_2568, "submit/")}"' in page
    assert _state(report_2568) == before

    assert client.post(_url(report_2568, "submit/")).status_code == 302
    with scope(organisation=report_2568.organisation):
        assert services.report_current_step(report=Report.objects.get(pk=report_2568.pk)) == 0
        assert Notification.objects.filter(recipient=head, kind=AWAITING, read_at=None).exists()


def test_an_action_not_possible_now_is_not_asked_but_explained(
    client_of, coordinator, staff_palad, report_2568
):
    client = client_of(coordinator)
    response = client.get(_url(report_2568, "submit/"), follow=True)
    assert response.redirect_chain[-1][0] == _url(report_2568)
    assert "ส่งรายงานนี้ไม่ได้" in response.content.decode()
    response = client.get(_url(report_2568, "publish/"), follow=True)
    assert "เผยแพร่ได้เฉพาะรายงานที่ได้รับอนุมัติครบทุกลำดับแล้ว" in response.content.decode()
    # Not a member's to open, let alone be asked about.
    assert client_of(staff_palad).get(_url(report_2568, "withdraw/")).status_code == 404


def test_publishing_asks_first_with_the_public_address(
    nathon, client_of, coordinator, approvers, report_2568
):
    _head, deputy, palad, mayor = approvers
    with scope(organisation=nathon):
        nathon.publish_on_approval = False
        nathon.save(update_fields=["publish_on_approval"])
        for approver in (deputy, palad, mayor):
            services.report_decide(report=report_2568, user=approver, value=APPROVE)
    client = client_of(coordinator)
    detail = client.get(_url(report_2568)).content.decode()
    assert f'href="{_url(report_2568, "publish/")}">เผยแพร่…</a>' in detail

    before = _state(report_2568)
    page = html.unescape(client.get(_url(report_2568, "publish/")).content.decode())
    assert "เผยแพร่รายงานนี้ต่อสาธารณะหรือไม่" in page
    assert settings.PORTAL_URL + "/p/nathon/2568/reports/results/?round=6" in page
    assert "ประชาชนทุกคนจะเปิดอ่านและดาวน์โหลดได้" in page
    assert f"ระบบจะแจ้งผู้จัดทำ ({coordinator.full_name})" in page
    assert _state(report_2568) == before
    with scope(organisation=nathon):
        assert Report.objects.get(pk=report_2568.pk).publish_requested_at is None

    assert client.post(_url(report_2568, "publish/")).status_code == 302
    with scope(organisation=nathon):
        assert Report.objects.get(pk=report_2568.pk).publish_requested_at is not None


def _asked(client) -> str:
    """The dashboard's unread notices that ask to decide."""
    page = client.get("/o/nathon/").content.decode()
    return [line for line in page.splitlines() if "รอการพิจารณาของท่าน</button>" in line]


def test_an_approver_is_not_asked_to_decide_what_no_longer_waits_for_them(
    nathon, client_of, approvers, report_2568
):
    _head, deputy, palad, mayor = approvers
    assert _asked(client_of(deputy))  # the demo's report waits for รองปลัด
    with scope(organisation=nathon):
        services.report_decide(report=report_2568, user=deputy, value=APPROVE)
    assert _asked(client_of(deputy)) == []
    assert _asked(client_of(palad))  # now ปลัด is asked
    centre = client_of(deputy).get("/o/nathon/notifications/").content.decode()
    assert "ไม่รอการพิจารณาของท่านแล้ว (ตอนนี้: อยู่ระหว่างการพิจารณา)" in centre

    with scope(organisation=nathon):
        services.report_decide(report=report_2568, user=palad, value=APPROVE)
        services.report_decide(report=report_2568, user=mayor, value=APPROVE)
        # นาทอน publishes on approval: the worker's task body, here (its queue is another test's)
        services.report_publish(report=Report.objects.get(pk=report_2568.pk))
        report = Report.objects.get(pk=report_2568.pk)
        assert report.status == ReportStatus.PUBLISHED
        assert not report.notifications.filter(kind=AWAITING).exists()
        assert not report.notifications.filter(kind=AWAITING_SETTLED, read_at=None).exists()
    for approver in approvers:
        assert _asked(client_of(approver)) == []
    centre = client_of(mayor).get("/o/nathon/notifications/").content.decode()
    assert "ไม่รอการพิจารณาของท่านแล้ว (ตอนนี้: เผยแพร่แล้ว)" in centre


def test_old_notices_are_settled_except_the_one_of_the_approver_waited_for(
    report_2568, approvers, nathon
):
    """reports/0009 on notices sent before they had a kind: of the FY2568 report in review,
    the newest notice (to รองปลัด, whose turn it is) still waits; the earlier one (to the head,
    who decided) and one of the FY2567 report, no longer in review, are settled and read."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("reports.migrations.0009_awaiting_notices")
    head, deputy, _palad, _mayor = approvers
    with scope(organisation=nathon):
        decided = Report.objects.get(fiscal_year__year=2567, kind=ReportKind.RESULTS)
        assert decided.status != ReportStatus.IN_REVIEW  # approved (published by the worker)
        Notification.objects.all().delete()
        text = f"{report_2568.title} รอการพิจารณาของท่าน"
        done = Notification.objects.create(
            organisation=nathon, recipient=head, report=report_2568, text=text
        )
        waiting = Notification.objects.create(
            organisation=nathon, recipient=deputy, report=report_2568, text=text
        )
        stale = Notification.objects.create(
            organisation=nathon, recipient=deputy, report=decided, text=text
        )
        migration.mark(apps, None)
        for note in (done, waiting, stale):
            note.refresh_from_db()
    assert (waiting.kind, waiting.read_at) == (AWAITING, None)
    assert done.kind == stale.kind == AWAITING_SETTLED
    assert done.read_at and stale.read_at
