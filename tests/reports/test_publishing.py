"""What approvers read is frozen at submission; the last approval publishes through the task
queue a PDF with every decision, stored with its SHA-256; a published report never changes and a
correction is a new version; a mail server that fails does not lose the decision. The queued
task runs in the test process (the worker process publishing is the approval journey's)."""

import datetime as dt
import hashlib
import io
import re
import socket

import pdfplumber
import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from django_tasks_db.models import DBTaskResult

from measures.models import Measure
from oit_checklist import selectors as oit_selectors
from oit_checklist import services as oit_services
from oit_checklist.enums import ItemState, PortalRole
from oit_checklist.models import Framework
from organisations.models import Membership, Organisation, User
from reports import services
from reports.documents.pdf import render_report_pdf
from reports.documents.snapshot import report_snapshot
from reports.enums import ActingKind, DecisionValue, EventAction, ReportKind, ReportStatus
from reports.models import ApprovalChain, Notification, Report
from reports.tasks import send_notification_email
from tests.worker import run_tasks_here

APPROVE = DecisionValue.APPROVE


def _demo_report(nathon) -> Report:
    """The demo's FY2568 results report: approved by หัวหน้าสำนักปลัด, waiting for รองปลัด."""
    return Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)


def _pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def _compact(text: str) -> str:
    """Text to compare with a PDF's text layer: no spaces or line breaks (the layer puts them
    where lines end), no Thai marks above or below (it may give them in another order)."""
    text = text.replace("\u0e33", "\u0e32")  # SARA AM, which the layer writes as ํ + า
    return re.sub(r"[\s\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]", "", text)


def test_approvers_read_what_was_submitted_not_later_edits(nathon):
    with scope(organisation=nathon):
        report = _demo_report(nathon)
        measure = Measure.objects.filter(plan__fiscal_year__year=2568).order_by("order").first()
        before = measure.title
        measure.title = "มาตรการที่แก้ไขหลังส่งเสนอแล้ว"
        measure.save()
        snapshot = report_snapshot(Report.objects.get(pk=report.pk))
        titles = [m["title"] for m in snapshot["content"]["measures"]]
        assert before in titles
        assert "มาตรการที่แก้ไขหลังส่งเสนอแล้ว" not in titles
        text = _compact(_pdf_text(render_report_pdf(report)))
        assert _compact(before)[:20] in text
        assert "มาตรการที่แก้ไขหลังส่งเสนอแล้ว" not in text


def test_an_acting_signer_is_printed_with_the_acting_line(nathon, coordinator, approvers):
    """รองปลัด signs for ปลัด (ปฏิบัติราชการแทน): the block keeps ปลัด's heading, and prints the
    deputy's name, own position and the acting line."""
    deputy = approvers[1]
    with scope(organisation=nathon):
        chain = ApprovalChain.objects.get(kind=ReportKind.RESULTS)
        chain.steps.filter(order=3).update(signer=deputy, acting=ActingKind.ON_BEHALF)
        membership = Membership.objects.get(user=coordinator)
        report = services.report_withdraw(report=_demo_report(nathon), membership=membership)
        report = services.report_submit(report=report, membership=membership)
        text = _compact(_pdf_text(render_report_pdf(report)))
    block = text[text.index(_compact("ความเห็นปลัดองค์การบริหารส่วนตำบลนาทอน")) :]
    assert block.index(_compact(deputy.full_name)) < block.index(
        _compact("ปฏิบัติราชการแทนปลัดองค์การบริหารส่วนตำบลนาทอน")
    )


def test_the_same_report_renders_to_the_same_bytes(nathon):
    with scope(organisation=nathon):
        report = _demo_report(nathon)
        assert render_report_pdf(report) == render_report_pdf(report)


@pytest.mark.django_db(transaction=True)
def test_the_last_approval_publishes_through_the_worker(demo, client, approvers, coordinator):
    nathon = Organisation.objects.get(slug="nathon")
    _head, deputy, palad, mayor = approvers
    with scope(organisation=nathon):
        report = _demo_report(nathon)
        oit_services.oit_year_configure(  # FY2568 on the FY2566 framework, as the portal would
            organisation=nathon,
            fiscal_year=report.fiscal_year,
            framework=Framework.objects.get(year=2566),
            window_start=None,
            window_end=None,
            internal_deadline=None,
        )
        services.report_decide(report=report, user=deputy, value=APPROVE, comment="เห็นควรนำเสนอปลัด")
        services.report_decide(report=report, user=palad, value=APPROVE)
        services.report_decide(report=report, user=mayor, value=APPROVE)
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED
        assert not report.pdf  # the worker renders it, not the mayor's request

    run_tasks_here()

    with scope(organisation=nathon):
        report.refresh_from_db()
        assert report.status == ReportStatus.PUBLISHED
        assert report.published_at is not None
        pdf = report.pdf.read()
        assert hashlib.sha256(pdf).hexdigest() == report.pdf_sha256
        assert len(pdf) == report.pdf_size
        assert report.events.filter(action=EventAction.PUBLISH).count() == 1
    text = _compact(_pdf_text(pdf))
    for approver in approvers:
        assert _compact(approver.full_name) in text
    assert _compact("ความเห็นนายกองค์การบริหารส่วนตำบลนาทอน") in text
    assert _compact("เห็นควรนำเสนอปลัด") in text

    # The public sees it, and the download is the stored file itself.
    page = client.get("/p/nathon/2568/reports/results/")
    assert page.status_code == 200
    assert report.pdf_sha256 in page.content.decode()

    # The publication completes the OIT item the portal produces (the measures report, ข้อ ๐๔๓
    # of FY2566's framework) with the report's public address.
    with scope(organisation=nathon):
        item = oit_selectors.portal_item_status(
            fiscal_year=report.fiscal_year, role=PortalRole.MEASURES_REPORT
        )
        assert item.state == ItemState.DONE
        public = "/p/nathon/2568/reports/results/?round=6"  # the demo's report is of round 6
        assert item.published_url == settings.PORTAL_URL + public
        assert item.urls.filter(url=item.published_url).exists()

    # A published report never changes: a correction is version 2, the first stays.
    with scope(organisation=nathon):
        membership = Membership.objects.get(user=coordinator)
        correction = services.report_correct(report=report, membership=membership)
        assert correction.version == 2 and correction.supersedes_id == report.pk
        assert correction.status == ReportStatus.DRAFT
        report.refresh_from_db()
        assert report.status == ReportStatus.PUBLISHED
        assert report.pdf.read() == pdf


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again when the block ends: nothing listens


def test_a_failing_mail_server_keeps_the_decision_and_retries_later(nathon, approvers):
    deputy = approvers[1]
    User.objects.filter(pk=approvers[2].pk).update(email="palad@nathon.go.th")
    with scope(organisation=nathon):
        report = _demo_report(nathon)
        services.report_decide(report=report, user=deputy, value=APPROVE)
        note = Notification.objects.get(recipient=approvers[2], report=report)
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=_closed_port(),
        EMAIL_TIMEOUT=2,
    ):
        assert send_notification_email.call(notification_id=note.pk) == "failed"
    with scopes_disabled():
        retry = DBTaskResult.objects.filter(
            task_path=send_notification_email.module_path, args_kwargs__kwargs__attempt=2
        ).get()
        assert retry.run_after > timezone.now() + dt.timedelta(minutes=1)  # later, not at once
        assert Report.objects.get(pk=report.pk).decisions.filter(step=1).exists()

    # The next attempt, with the mail server back, sends the link to the report.
    assert send_notification_email.call(notification_id=note.pk, attempt=2) == "sent"
    assert mail.outbox[-1].to == ["palad@nathon.go.th"]
    assert f"/o/nathon/reports/{report.pk}/" in mail.outbox[-1].body
