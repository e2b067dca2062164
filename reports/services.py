"""The life of a report: draft → in_review → approved → published, or returned to the drafter.

The status changes in one place, ``report_transition()``, over the explicit table
``TRANSITIONS`` (which action leads from which status to which, and who may take it); the
functions below check the role, do the work of their step and call it. Each transition leaves an
append-only ReportEvent (who, when, from/to, comment, IP); notification e-mails go out once the
transaction commits. Decisions lock the report row, so two approvers
clicking at the same moment cannot both succeed; the unique constraint on Decision is the
database's own second guard.

Call these inside the organisation's scope (views run in it; the worker opens it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from ita_portal import thai
from ita_portal.errors import ServiceError
from ita_portal.permissions import allowed
from oit_checklist import services as oit_services
from oit_checklist.enums import PortalRole
from organisations.models import FiscalYear
from reports.documents.content import default_memo
from reports.documents.kinds import default_title
from reports.documents.pdf import render_report_pdf
from reports.documents.snapshot import build_snapshot, chain_data
from reports.enums import (
    AWAITING,
    AWAITING_SETTLED,
    ROUND_KINDS,
    DecisionForm,
    DecisionValue,
    EventAction,
    ReportKind,
    ReportStatus,
)
from reports.links import report_url
from reports.models import (
    ApprovalChain,
    Decision,
    DocumentNumber,
    Memo,
    Notification,
    Report,
    ReportEvent,
)

EDITABLE = {ReportStatus.DRAFT, ReportStatus.RETURNED}

S = ReportStatus


@dataclass(frozen=True)
class Transition:
    sources: frozenset[str]
    targets: frozenset[str]
    by: str  # who takes it: "coordinator", "approver" (the one whose turn it is), "worker"
    refused: str  # the Thai message when the report is in another status


TRANSITIONS: dict[str, Transition] = {
    EventAction.SUBMIT: Transition(
        frozenset(EDITABLE),
        frozenset({S.IN_REVIEW}),
        "coordinator",
        "ส่งรายงานนี้ไม่ได้ เพราะรายงานนี้ไม่ได้อยู่ในสถานะร่างหรือส่งกลับแก้ไข",
    ),
    EventAction.WITHDRAW: Transition(
        frozenset({S.IN_REVIEW}),
        frozenset({S.RETURNED}),
        "coordinator",
        "ถอนเรื่องคืนได้เฉพาะรายงานที่อยู่ระหว่างการพิจารณา",
    ),
    # An approval that is not the last keeps the report in review.
    EventAction.APPROVE: Transition(
        frozenset({S.IN_REVIEW}),
        frozenset({S.IN_REVIEW, S.APPROVED}),
        "approver",
        "รายงานนี้ไม่ได้รอการพิจารณาแล้ว (สถานะ: {status})",
    ),
    EventAction.RETURN: Transition(
        frozenset({S.IN_REVIEW}),
        frozenset({S.RETURNED}),
        "approver",
        "รายงานนี้ไม่ได้รอการพิจารณาแล้ว (สถานะ: {status})",
    ),
    EventAction.PUBLISH: Transition(
        frozenset({S.APPROVED}),
        frozenset({S.PUBLISHED}),
        "worker",
        "เผยแพร่ได้เฉพาะรายงานที่ได้รับอนุมัติครบทุกลำดับแล้ว",
    ),
}


def report_transition_check(report: Report, action: str) -> Transition:
    """The transition ``action`` from the report's status, or ServiceError with its message."""
    transition = TRANSITIONS[action]
    if report.status not in transition.sources:
        raise ServiceError(transition.refused.format(status=report.get_status_display()))
    return transition


def report_transition(
    *,
    report: Report,
    action: str,
    to_status: str,
    actor=None,
    comment: str = "",
    ip: str | None = None,
    fields: tuple[str, ...] = (),
) -> ReportEvent:
    """The one place a report's status is written: check ``TRANSITIONS``, save the status (and
    ``fields`` the caller changed with it) with ``update_fields``, and append the event.

    Preconditions: the caller checked the actor's role, holds the row lock (``_locked``) inside
    ``transaction.atomic()``. Raises ServiceError when the table does not allow it.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("report_transition() runs inside transaction.atomic()")
    transition = report_transition_check(report, action)
    if to_status not in transition.targets:
        raise ServiceError(transition.refused.format(status=report.get_status_display()))
    old = report.status
    report.status = to_status
    report.save(update_fields=["status", *fields])
    _settle_awaiting(report)
    return _event(report, action, actor, old, to_status, comment, ip)


def _settle_awaiting(report: Report) -> None:
    """Every step of the workflow ends the wait it announced: the "รอการพิจารณาของท่าน"
    notices of the report are settled (and read); the caller then notifies whoever waits now."""
    report.notifications.filter(kind=AWAITING).update(
        kind=AWAITING_SETTLED, read_at=Coalesce("read_at", Now())
    )


# --- creating -------------------------------------------------------------------------------


def report_create(*, membership, fiscal_year, kind: str, round_: int | None = None) -> Report:
    """A new draft report with its memo, written the way the seeds are."""
    _require_coordinator(membership)
    if kind not in ReportKind.values:
        raise ServiceError("ไม่รู้จักประเภทรายงานนี้")
    if kind in ROUND_KINDS:
        if round_ not in (6, 12):
            raise ServiceError("เลือกรอบการรายงาน ๖ เดือน หรือ ๑๒ เดือน")
    else:
        round_ = None
    organisation = membership.organisation
    with transaction.atomic():
        # The same request twice at once: the second waits here for the first, then finds its
        # report (and says so) instead of running into the unique constraint.
        FiscalYear.objects.select_for_update().filter(pk=fiscal_year.pk).first()
        existing = Report.objects.filter(fiscal_year=fiscal_year, kind=kind, round=round_)
        if existing.exclude(status=ReportStatus.PUBLISHED).exists():
            raise ServiceError("มีรายงานนี้ของปีงบประมาณนี้ที่ยังไม่เผยแพร่อยู่แล้ว เปิดฉบับเดิมเพื่อแก้ไขต่อ")
        if existing.exists():
            raise ServiceError("รายงานนี้เผยแพร่แล้ว หากต้องการแก้ไข ให้จัดทำฉบับแก้ไขจากหน้ารายงานเดิม")
        report = Report.objects.create(
            organisation=organisation,
            fiscal_year=fiscal_year,
            kind=kind,
            round=round_,
            title=default_title(kind, fiscal_year.year, round_),
            drafter=membership.user,
        )
        # The same memo the preview of an unwritten report shows (content.default_memo).
        memo = default_memo(report)
        Memo.objects.create(
            organisation=organisation,
            report=report,
            division_line=memo["division_line"],
            subject=memo["subject"],
            addressee=memo["addressee"],
            body="\n\n".join(memo["paragraphs"]),
        )
        _event(report, EventAction.CREATE, membership.user, "", ReportStatus.DRAFT)
    return report


def memo_update(*, report: Report, membership, **fields) -> Memo:
    _require_coordinator(membership)
    if report.status not in EDITABLE:
        raise ServiceError("รายงานนี้อยู่ระหว่างการพิจารณาหรืออนุมัติแล้ว จึงแก้ไขบันทึกข้อความไม่ได้")
    memo = report.memo
    for name, value in fields.items():
        setattr(memo, name, value)
    memo.save()
    return memo


# --- the review -----------------------------------------------------------------------------


def report_submit_chain(*, report: Report) -> list[dict]:
    """The approval chain a submission would freeze now (``chain_data``), every step with its
    signer; ServiceError with report_submit's message when the report cannot be submitted.
    Reads only: the confirmation page names the first approver from it."""
    report_transition_check(report, EventAction.SUBMIT)
    chain = ApprovalChain.objects.filter(kind=report.kind).first()
    steps = chain_data(chain) if chain else []
    if not steps:
        raise ServiceError("ยังไม่ได้กำหนดสายการอนุมัติของรายงานประเภทนี้ ตั้งค่าที่เมนู สายการอนุมัติ ก่อนส่ง")
    problems = [step["problem"] for step in steps if step["signer_id"] is None]
    if problems:
        raise ServiceError("ส่งรายงานไม่ได้: " + " และ".join(problems))
    return steps


def report_submit(*, report: Report, membership, ip: str | None = None) -> Report:
    """Freeze the content and the chain, number the memo, and ask the first approver."""
    _require_coordinator(membership)
    with transaction.atomic():
        report = _locked(report)
        steps = report_submit_chain(report=report)
        memo = report.memo
        today = timezone.localdate()
        if memo.number is None:
            memo.number_year, memo.number = today.year, _next_document_number(report, today.year)
        memo.date = today
        memo.save(update_fields=["number", "number_year", "date"])
        report.review_round += 1
        report.chain = steps
        report.submitted_at = timezone.now()
        report.snapshot = build_snapshot(report)
        report_transition(
            report=report,
            action=EventAction.SUBMIT,
            to_status=ReportStatus.IN_REVIEW,
            actor=membership.user,
            ip=ip,
            fields=("review_round", "chain", "submitted_at", "snapshot"),
        )
        _notify(report, steps[0]["signer_id"], f"{report.title} รอการพิจารณาของท่าน", AWAITING)
    return report


def report_current_step(*, report: Report) -> int | None:
    """Index in report.chain of the step that decides next, or None when nobody waits."""
    if report.status != ReportStatus.IN_REVIEW:
        return None
    done = report.decisions.filter(review_round=report.review_round).count()
    return done if done < len(report.chain or []) else None


def report_decide(
    *, report: Report, user, value: str, comment: str = "", ip: str | None = None
) -> Decision:
    """Record the decision of the approver whose turn it is; the last approval approves."""
    comment = comment.strip()
    if value not in DecisionValue.values:
        raise ServiceError("เลือกผลการพิจารณา")
    if value == DecisionValue.REJECT and not comment:
        raise ServiceError("โปรดระบุเหตุผลที่ไม่เห็นควรอนุมัติ เพื่อให้ผู้จัดทำแก้ไขได้ตรงประเด็น")
    try:
        with transaction.atomic():
            report = _locked(report)
            report_transition_check(report, EventAction.APPROVE)
            step = report_current_step(report=report)
            if step is None or report.chain[step]["signer_id"] != user.pk:
                if any(
                    d.decided_by_id == user.pk
                    for d in report.decisions.filter(review_round=report.review_round)
                ):
                    raise ServiceError("ท่านได้พิจารณารายงานนี้ไปแล้ว")
                raise ServiceError("ยังไม่ถึงลำดับการพิจารณาของท่าน")
            decision = Decision.objects.create(
                organisation=report.organisation,
                report=report,
                review_round=report.review_round,
                step=step,
                decided_by=user,
                value=value,
                comment=comment,
                decided_at=timezone.now(),
                ip=ip,
            )
            _after_decision(report, decision, step, user, ip)
    except IntegrityError as error:  # the other guard: one decision per step and round
        raise ServiceError("ลำดับนี้ได้รับการพิจารณาไปแล้ว") from error
    return decision


def _after_decision(report: Report, decision: Decision, step: int, user, ip) -> None:
    if decision.value == DecisionValue.REJECT:
        report_transition(
            report=report,
            action=EventAction.RETURN,
            to_status=ReportStatus.RETURNED,
            actor=user,
            comment=decision.comment,
            ip=ip,
        )
        _notify(
            report,
            report.drafter_id,
            f"{report.title} ถูกส่งกลับแก้ไข: {decision.comment}"[:300],
        )
        return
    is_last = step == len(report.chain) - 1
    if not is_last:
        report_transition(
            report=report,
            action=EventAction.APPROVE,
            to_status=ReportStatus.IN_REVIEW,
            actor=user,
            comment=decision.comment,
            ip=ip,
        )
        _notify(
            report,
            report.chain[step + 1]["signer_id"],
            f"{report.title} รอการพิจารณาของท่าน",
            AWAITING,
        )
        return
    report.approved_at = timezone.now()
    report_transition(
        report=report,
        action=EventAction.APPROVE,
        to_status=ReportStatus.APPROVED,
        actor=user,
        comment=decision.comment,
        ip=ip,
        fields=("approved_at",),
    )
    _notify(report, report.drafter_id, f"{report.title} ได้รับอนุมัติแล้ว")
    if report.organisation.publish_on_approval:
        _request_publish(report, user, ip)


def report_withdraw(*, report: Report, membership, ip: str | None = None) -> Report:
    """The drafter takes a report back from review (to correct it before anyone decides)."""
    _require_coordinator(membership)
    with transaction.atomic():
        report = _locked(report)
        report_transition(
            report=report,
            action=EventAction.WITHDRAW,
            to_status=ReportStatus.RETURNED,
            actor=membership.user,
            ip=ip,
        )
    return report


# --- publishing -----------------------------------------------------------------------------


def report_publish_check(*, report: Report) -> None:
    """ServiceError with its Thai message unless the report may be published now (reads only)."""
    report_transition_check(report, EventAction.PUBLISH)
    if report.publish_requested_at:
        raise ServiceError("กำลังจัดทำไฟล์ PDF ฉบับเผยแพร่อยู่ โปรดรอสักครู่")


def report_publish_request(*, report: Report, membership, ip: str | None = None) -> Report:
    _require_coordinator(membership)
    with transaction.atomic():
        report = _locked(report)
        report_publish_check(report=report)
        _request_publish(report, membership.user, ip)
    return report


def _request_publish(report: Report, user, ip) -> None:
    from reports.tasks import publish_report

    report.publish_requested_at = timezone.now()
    report.save(update_fields=["publish_requested_at"])
    user_id = user.pk if user else None
    transaction.on_commit(
        lambda: publish_report.enqueue(report_id=report.pk, user_id=user_id, ip=ip)
    )


def report_publish(*, report: Report, user=None, ip: str | None = None) -> Report:
    """Render the final PDF once, with every decision, store it with its SHA-256, publish.

    Runs in the task worker. A published report never changes again.
    """
    if report.status == ReportStatus.PUBLISHED:
        return report
    report_transition_check(report, EventAction.PUBLISH)
    pdf = render_report_pdf(report)  # outside the transaction: it takes seconds
    with transaction.atomic():
        report = _locked(report)
        if report.status != ReportStatus.APPROVED:
            return report
        digest = hashlib.sha256(pdf).hexdigest()
        name = f"{report.organisation.slug}-{report.fiscal_year.year}-{report.kind}"
        if report.round:
            name += f"-r{report.round}"
        name += f"-v{report.version}-{digest[:12]}.pdf"
        report.pdf.save(name, ContentFile(pdf), save=False)
        report.pdf_sha256 = digest
        report.pdf_size = len(pdf)
        report.published_at = timezone.now()
        report_transition(
            report=report,
            action=EventAction.PUBLISH,
            to_status=ReportStatus.PUBLISHED,
            actor=user,
            ip=ip,
            fields=("pdf", "pdf_sha256", "pdf_size", "published_at"),
        )
        if report.supersedes_id:
            _event(
                report.supersedes,
                EventAction.CORRECT,
                user,
                ReportStatus.PUBLISHED,
                ReportStatus.PUBLISHED,
                f"มีฉบับแก้ไข (ฉบับที่ {thai.thai_digits(report.version)}) เผยแพร่แทนแล้ว",
                ip,
            )
        _notify(report, report.drafter_id, f"{report.title} เผยแพร่แล้ว")
        _complete_portal_item(report)
    return report


# The OIT items the portal itself produces, and the report kinds that answer them.
PORTAL_ITEM_OF_KIND = {
    ReportKind.PLAN: PortalRole.MEASURES_PLAN,
    ReportKind.PROGRESS: PortalRole.MEASURES_REPORT,
    ReportKind.RESULTS: PortalRole.MEASURES_REPORT,
}


def _complete_portal_item(report: Report) -> None:
    """A published plan or progress/results report completes the OIT item the framework says
    the portal produces (ข้อ ๐๔๒/๐๔๓ in FY2566), with the report's public address."""
    role = PORTAL_ITEM_OF_KIND.get(report.kind)
    if role is None:
        return
    oit_services.portal_item_publish(
        fiscal_year=report.fiscal_year,
        role=role,
        url=settings.PORTAL_URL + report_url(report),
        published_at=report.published_at,
    )


def report_correct(*, report: Report, membership, ip: str | None = None) -> Report:
    """A correction of a published report: a new draft version that will supersede it."""
    _require_coordinator(membership)
    with transaction.atomic():
        report = _locked(report)  # the same request twice at once: the second waits here
        if report.status != ReportStatus.PUBLISHED:
            raise ServiceError("จัดทำฉบับแก้ไขได้เฉพาะรายงานที่เผยแพร่แล้ว")
        if Report.objects.filter(supersedes=report).exists():
            raise ServiceError("รายงานนี้มีฉบับแก้ไขอยู่แล้ว")
        version = report.version + 1
        correction = Report.objects.create(
            organisation=report.organisation,
            fiscal_year=report.fiscal_year,
            kind=report.kind,
            round=report.round,
            version=version,
            supersedes=report,
            title=report.title,
            drafter=membership.user,
        )
        memo = report.memo
        Memo.objects.create(
            organisation=report.organisation,
            report=correction,
            division_line=memo.division_line,
            subject=f"{memo.subject} (ฉบับแก้ไข ครั้งที่ {thai.thai_digits(version - 1)})",
            addressee=memo.addressee,
            body=memo.body,
        )
        _event(correction, EventAction.CREATE, membership.user, "", ReportStatus.DRAFT, ip=ip)
    return correction


# --- helpers --------------------------------------------------------------------------------


def _require_coordinator(membership) -> None:
    if not allowed(membership, "reports.manage_reports"):
        raise ServiceError("เฉพาะผู้ประสานงาน (ผู้จัดทำรายงาน) เท่านั้นที่ทำรายการนี้ได้")


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("organisation", "fiscal_year", "memo")
        .get(pk=report.pk)
    )


def _next_document_number(report: Report, year: int) -> int:
    """The next number of the organisation's register of ``year`` (calendar), the register's
    row locked until the transaction ends, so that two memos sent at once get two numbers."""
    register, _ = DocumentNumber.objects.select_for_update().get_or_create(
        organisation=report.organisation, year=year
    )
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return register.last_number


def _event(report, action, actor, from_status, to_status, comment="", ip=None) -> ReportEvent:
    return ReportEvent.objects.create(
        organisation=report.organisation,
        report=report,
        action=action,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        comment=comment,
        at=timezone.now(),
        ip=ip,
    )


def _notify(report: Report, user_id: int, text: str, kind: str = "") -> Notification:
    from reports.tasks import send_notification_email

    notification = Notification.objects.create(
        organisation=report.organisation, recipient_id=user_id, report=report, text=text, kind=kind
    )
    transaction.on_commit(lambda: send_notification_email.enqueue(notification_id=notification.pk))
    return notification


def chain_steps_save(*, chain: ApprovalChain, steps: list[dict]) -> None:
    """Replace the chain's steps with ``steps`` (position, signer, acting, form and order),
    numbered 1, 2, 3 … by their order."""
    from reports.models import ChainStep

    rows = sorted(steps, key=lambda data: data["order"])
    with transaction.atomic():
        chain.steps.all().delete()
        ChainStep.objects.bulk_create(
            ChainStep(
                organisation=chain.organisation,
                chain=chain,
                order=number,
                position=data["position"],
                signer=data.get("signer"),
                acting=data.get("acting") or "",
                form=data["form"],
            )
            for number, data in enumerate(rows, start=1)
        )


def chains_create_default(*, organisation, positions) -> None:
    """Give a new organisation an approval chain for every report kind: ``positions`` in order,
    each step decided with tick boxes by whoever holds the position when a report is submitted.
    Precondition: inside ``scope(organisation=organisation)`` and a transaction."""
    from reports.models import ChainStep

    for kind in ReportKind:
        chain = ApprovalChain.objects.create(organisation=organisation, kind=kind)
        ChainStep.objects.bulk_create(
            ChainStep(
                organisation=organisation,
                chain=chain,
                order=number,
                position=position,
                form=DecisionForm.TICK,
            )
            for number, position in enumerate(positions, start=1)
        )
