"""The approval workflow as the services enforce it: order, once, the right person, the reason
of a return, the restart after a resubmission, the memo register, and the race of two clicks."""

import importlib
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from ita_portal.errors import ServiceError
from organisations.models import FiscalYear, Membership
from reports import services
from reports.documents.snapshot import approval_blocks
from reports.enums import DecisionValue, EventAction, ReportKind, ReportStatus
from reports.models import Decision, DocumentNumber, Memo, Notification, Report

APPROVE = DecisionValue.APPROVE
REJECT = DecisionValue.REJECT


@pytest.fixture
def in_scope(nathon):
    with scope(organisation=nathon):
        yield nathon


@pytest.fixture
def membership(in_scope, coordinator):
    return Membership.objects.get(user=coordinator)


@pytest.fixture
def in_review(in_scope):
    """The demo's FY2568 results report: approved by หัวหน้าสำนักปลัด, waiting for รองปลัด."""
    return Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)


def _refused(message_part: str, call, *args, **kwargs):
    with pytest.raises(ServiceError) as error:
        call(*args, **kwargs)
    assert message_part in error.value.message
    return error.value


def test_the_demo_report_waits_for_the_deputy(in_review, approvers):
    assert in_review.status == ReportStatus.IN_REVIEW
    assert services.report_current_step(report=in_review) == 1
    assert in_review.chain[1]["signer_id"] == approvers[1].pk
    assert Notification.objects.filter(recipient=approvers[1], report=in_review).exists()


def test_only_the_current_approver_decides(in_review, approvers, staff_palad, coordinator):
    head, deputy, palad, mayor = approvers
    _refused(
        "ท่านได้พิจารณารายงานนี้ไปแล้ว",
        services.report_decide,
        report=in_review,
        user=head,
        value=APPROVE,
    )
    _refused("ยังไม่ถึงลำดับ", services.report_decide, report=in_review, user=palad, value=APPROVE)
    _refused("ยังไม่ถึงลำดับ", services.report_decide, report=in_review, user=mayor, value=APPROVE)
    _refused(
        "ยังไม่ถึงลำดับ", services.report_decide, report=in_review, user=staff_palad, value=APPROVE
    )
    _refused(
        "ยังไม่ถึงลำดับ", services.report_decide, report=in_review, user=coordinator, value=APPROVE
    )
    services.report_decide(report=in_review, user=deputy, value=APPROVE)
    _refused(
        "ท่านได้พิจารณารายงานนี้ไปแล้ว",
        services.report_decide,
        report=in_review,
        user=deputy,
        value=APPROVE,
    )
    assert services.report_current_step(report=in_review) == 2


def test_the_last_approval_approves_and_queues_publication(in_review, approvers):
    for approver in approvers[1:]:
        services.report_decide(report=in_review, user=approver, value=APPROVE)
    in_review.refresh_from_db()
    assert in_review.status == ReportStatus.APPROVED
    assert in_review.publish_requested_at is not None
    blocks = approval_blocks(in_review)
    assert [b["value"] for b in blocks] == ["approve"] * 4
    assert [b["name"] for b in blocks] == [a.full_name for a in approvers]
    assert blocks[-1]["last"] and not blocks[0]["last"]
    _refused(
        "ไม่ได้รอการพิจารณาแล้ว",
        services.report_decide,
        report=in_review,
        user=approvers[3],
        value=APPROVE,
    )


def test_not_approved_needs_a_reason_and_returns_to_the_drafter(in_review, approvers, membership):
    deputy = approvers[1]
    _refused(
        "โปรดระบุเหตุผล",
        services.report_decide,
        report=in_review,
        user=deputy,
        value=REJECT,
        comment=" ",
    )
    reason = "ตารางผลการดำเนินการยังไม่มีภาพประกอบของมาตรการที่ ๓"
    services.report_decide(report=in_review, user=deputy, value=REJECT, comment=reason)
    in_review.refresh_from_db()
    assert in_review.status == ReportStatus.RETURNED
    note = Notification.objects.get(recipient=membership.user, report=in_review, read_at=None)
    assert reason in note.text
    _refused(
        "ไม่ได้รอการพิจารณาแล้ว",
        services.report_decide,
        report=in_review,
        user=approvers[2],
        value=APPROVE,
    )

    # The drafter revises and resubmits: the chain starts again from the first approver.
    services.memo_update(report=in_review, membership=membership, subject="รายงานผล (ปรับปรุง)")
    services.report_submit(report=in_review, membership=membership)
    in_review.refresh_from_db()
    assert in_review.review_round == 2
    assert services.report_current_step(report=in_review) == 0
    assert [b["value"] for b in approval_blocks(in_review)] == [None] * 4
    _refused("ยังไม่ถึงลำดับ", services.report_decide, report=in_review, user=deputy, value=APPROVE)
    services.report_decide(report=in_review, user=approvers[0], value=APPROVE)
    # The earlier round stays in the history.
    assert list(
        Decision.objects.filter(report=in_review).values_list("review_round", "step", "value")
    ) == [(1, 0, "approve"), (1, 1, "reject"), (2, 0, "approve")]
    assert in_review.snapshot["memo"]["subject"] == "รายงานผล (ปรับปรุง)"
    # The memo keeps its number from the register (๒: FY2567's memo was ๑ this year); only the
    # date is renewed.
    assert in_review.memo.number == 2


def test_a_submitted_report_cannot_be_edited_or_resubmitted(in_review, membership):
    _refused("แก้ไขบันทึกข้อความไม่ได้", services.memo_update, report=in_review, membership=membership)
    _refused("ส่งรายงานนี้ไม่ได้", services.report_submit, report=in_review, membership=membership)


def test_only_the_coordinator_submits(in_review, approvers):
    head = Membership.objects.get(user=approvers[0])
    _refused("เฉพาะผู้ประสานงาน", services.report_withdraw, report=in_review, membership=head)


def test_withdrawn_report_refuses_decisions(in_review, approvers, membership):
    services.report_withdraw(report=in_review, membership=membership)
    _refused(
        "ไม่ได้รอการพิจารณาแล้ว",
        services.report_decide,
        report=in_review,
        user=approvers[1],
        value=APPROVE,
    )
    assert in_review.events.filter(action=EventAction.WITHDRAW).exists()


def test_memo_numbers_run_through_the_calendar_year_whatever_the_fiscal_year(in_scope, membership):
    """ทะเบียนหนังสือส่ง: numbers run on through the calendar year, over fiscal years (the demo's
    FY2567 and FY2568 memos, sent this year, are ๑ and ๒; under the fiscal-year register both
    read สต ๓๒๓๐๑/๑)."""
    today = timezone.localdate()
    demo = Memo.objects.filter(number__isnull=False).order_by("number")
    assert [(m.number_text, m.number_year) for m in demo] == [
        ("สต ๓๒๓๐๑/๑", today.year),
        ("สต ๓๒๓๐๑/๒", today.year),
    ]
    year = FiscalYear.objects.get(year=2570)
    first = services.report_create(membership=membership, fiscal_year=year, kind=ReportKind.PLAN)
    other = services.report_create(
        membership=membership,
        fiscal_year=FiscalYear.objects.get(year=2568),
        kind=ReportKind.PROGRESS,
        round_=6,
    )
    services.report_submit(report=first, membership=membership)
    services.report_submit(report=other, membership=membership)
    first.memo.refresh_from_db()
    other.memo.refresh_from_db()
    assert (first.memo.number_text, other.memo.number_text) == ("สต ๓๒๓๐๑/๓", "สต ๓๒๓๐๑/๔")
    # A new calendar year's register starts again from ๑.
    assert services._next_document_number(first, today.year + 1) == 1
    assert services._next_document_number(first, today.year) == 5


def test_two_memos_of_one_organisation_never_share_a_number_in_a_year(in_scope):
    memo, other = Memo.objects.order_by("pk")[:2]
    with pytest.raises(IntegrityError), transaction.atomic():
        Memo.objects.filter(pk=other.pk).update(number=memo.number, number_year=memo.number_year)
    # The same number in another calendar year is another register's.
    Memo.objects.filter(pk=other.pk).update(number=memo.number, number_year=memo.number_year - 1)


def test_the_migration_gives_numbers_met_twice_the_years_next_free_number(in_scope):
    """What 0011 does to the fiscal-year registers' numbers: the demo's two memos both /1."""
    from django.apps import apps

    migration = importlib.import_module("reports.migrations.0011_memo_register_numbers")
    older, newer = Memo.objects.order_by("date", "pk")[:2]
    (unique,) = [c for c in Memo._meta.constraints if c.name.startswith("memo_number_unique")]
    with connection.schema_editor() as editor:  # as before 0011: no constraint yet
        editor.remove_constraint(Memo, unique)
    Memo.objects.filter(pk__in=[older.pk, newer.pk]).update(number=1, number_year=None)
    with scopes_disabled(), connection.schema_editor() as editor:
        migration.number_by_calendar_year(apps, editor)
    older.refresh_from_db()
    newer.refresh_from_db()
    assert (older.number, newer.number) == (1, 2)
    assert newer.number_year == newer.date.year
    assert newer.report.snapshot["memo"]["number_text"] == "สต ๓๒๓๐๑/๒"
    register = DocumentNumber.objects.get(year=newer.date.year)
    assert register.last_number == 2


def test_one_unpublished_report_per_kind_and_round(in_scope, membership):
    year = FiscalYear.objects.get(year=2568)
    _refused(
        "มีรายงานนี้ของปีงบประมาณนี้ที่ยังไม่เผยแพร่อยู่แล้ว",
        services.report_create,
        membership=membership,
        fiscal_year=year,
        kind=ReportKind.RESULTS,
        round_=6,
    )
    _refused(
        "เลือกรอบการรายงาน",
        services.report_create,
        membership=membership,
        fiscal_year=year,
        kind=ReportKind.PROGRESS,
    )


def test_submitting_without_a_chain_is_refused_with_the_way_out(in_scope, membership):
    from reports.models import ApprovalChain

    ApprovalChain.objects.filter(kind=ReportKind.MINUTES).delete()
    year = FiscalYear.objects.get(year=2570)
    report = services.report_create(
        membership=membership, fiscal_year=year, kind=ReportKind.MINUTES
    )
    _refused("ตั้งค่าที่เมนู สายการอนุมัติ", services.report_submit, report=report, membership=membership)
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.memo.number is None


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_decisions_on_one_step_record_exactly_one(demo):
    from organisations.models import Organisation, User

    nathon = Organisation.objects.get(slug="nathon")
    deputy = User.objects.get(username="nathon_deputy")
    with scope(organisation=nathon):
        report_id = Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS).pk
    barrier = threading.Barrier(10)
    outcomes: list[str] = []

    def click():
        try:
            with scope(organisation=nathon):
                report = Report.objects.get(pk=report_id)
                barrier.wait(timeout=30)
                services.report_decide(report=report, user=deputy, value=APPROVE)
            outcomes.append("recorded")
        except ServiceError as error:
            outcomes.append(error.message)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=click) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("recorded") == 1, outcomes
    assert len(outcomes) == 10
    assert all(o == "recorded" or "พิจารณา" in o for o in outcomes), outcomes
    with scope(organisation=nathon):
        assert Decision.objects.filter(report_id=report_id, step=1).count() == 1
