"""What a report says, as plain JSON-able data: the one source of its HTML view, PDF and exports.

``build_snapshot(report)`` reads the memo and the live content (measures, progress, OIT
checklist …, see ``reports.documents.content``); ``report_submit()`` stores its result in
``report.snapshot`` so the approvers read, and the published PDF prints, exactly what was
submitted. ``report_snapshot(report)`` is what every renderer calls: the frozen snapshot once
submitted, the live one while a draft.

``approval_blocks(report)`` gives the memo's approval blocks in chain order (pending steps
print empty boxes under the signer's printed name).

Dates are ISO strings (``"2025-10-03"``) so the snapshot survives JSON; templates turn them back
with the ``iso_date`` filter before ``thai_date``.
"""

from __future__ import annotations

from django.utils import timezone

from reports.enums import ActingKind, DecisionForm, ReportStatus


def _person(user, position_title: str) -> dict:
    return {
        "name": user.full_name,
        "position": position_title,
        "signature": user.signature.name if user.signature else "",
    }


def memo_data(report) -> dict:
    """The memo's header, body and the drafter's signature block."""
    # An unsaved report (the staff preview) has no memo; neither has a report not yet written.
    memo = getattr(report, "memo", None) if report.pk else None
    drafter = report.drafter
    membership = drafter.memberships.filter(organisation=report.organisation).first()
    position = membership.position.title if membership and membership.position else ""
    if memo is None:
        from reports.documents.content import default_memo

        return {
            "number_text": f"{report.organisation.document_prefix}/",
            "date": None,
            **default_memo(report),
            "drafter": _person(drafter, position),
        }
    return {
        "division_line": memo.division_line,
        "number_text": memo.number_text,
        "date": memo.date.isoformat() if memo.date else None,
        "subject": memo.subject,
        "addressee": memo.addressee,
        "paragraphs": memo.paragraphs,
        "drafter": _person(drafter, position),
    }


def build_snapshot(report) -> dict:
    from reports.documents.content import build_content  # the documents' content, by report kind

    org = report.organisation
    return {
        "organisation": {
            "name": org.name,
            "short_name": org.short_name,
            "slug": org.slug,
            "address": org.address,
            "subdistrict": org.subdistrict,
            "district": org.district,
            "province": org.province,
            "postcode": org.postcode,
            "phone": org.phone,
            "fax": org.fax,
            "email": org.email,
            "website": org.website,
            "facebook_url": org.facebook_url,
        },
        "report": {
            "kind": report.kind,
            "title": report.title,
            "fiscal_year": report.fiscal_year.year,
            "round": report.round,
            "version": report.version,
        },
        "memo": memo_data(report),
        "content": build_content(report),
    }


def report_snapshot(report) -> dict:
    """The frozen snapshot of a submitted report, or the live one of a draft."""
    if report.snapshot and report.status != ReportStatus.RETURNED:
        return report.snapshot
    return build_snapshot(report)


def chain_data(chain) -> list[dict]:
    """Freeze a chain's steps (stored in ``report.chain`` at submission).

    A step without a named signer goes to the active member who holds its position, or, when
    nobody does, to the one member acting for it (รักษาราชการแทน). A step that reaches nobody,
    or more than one person, has ``signer_id`` None and says why in ``problem``.
    """
    from django.db.models import Q

    from organisations.models import Membership

    steps = list(chain.steps.select_related("position", "signer").order_by("order"))
    position_ids = [step.position_id for step in steps]
    members = list(
        Membership.objects.filter(
            Q(position_id__in=position_ids) | Q(acting_position_id__in=position_ids),
            organisation_id=chain.organisation_id,
            is_active=True,
            user__is_active=True,
        ).select_related("user", "position")
    )
    frozen = []
    for index, step in enumerate(steps):
        signer, acting_kind, problem = _signer(step, members)
        acting = f"{ActingKind(acting_kind).label} {step.position.title}" if acting_kind else ""
        frozen.append(
            {
                "heading": (
                    f"ความเห็น{step.position.title}"
                    if step.form == DecisionForm.TICK
                    else f"ความเห็นของ {step.position.title}"
                ),
                "position": step.position.title,
                "form": step.form,
                "last": index == len(steps) - 1,
                "signer_id": signer.pk if signer else None,
                "name": signer.full_name if signer else "",
                "acting": acting,
                "signer_position": _signer_position(step, signer, acting_kind, members),
                "problem": problem,
            }
        )
    return frozen


def _signer(step, members) -> tuple:
    """(user or None, acting kind or "", problem or "") of one chain step."""
    if step.signer_id:
        return step.signer, step.acting, ""
    title = step.position.title
    holders = [m.user for m in members if m.position_id == step.position_id]
    if not holders:
        holders = [m.user for m in members if m.acting_position_id == step.position_id]
        acting_kind = step.acting or ActingKind.ACTING
    else:
        acting_kind = step.acting
    if len(holders) == 1:
        return holders[0], acting_kind, ""
    if not holders:
        return None, "", f"ยังไม่มีผู้ดำรงตำแหน่ง{title}หรือผู้รักษาราชการแทนในหน่วยงาน"
    return None, "", f"มีผู้ดำรงตำแหน่ง{title}มากกว่าหนึ่งคน กรุณาเลือกผู้ลงนามในสายการอนุมัติ"


def _signer_position(step, signer, acting_kind, members) -> str:
    """The position printed under the name: the signer's own when acting for someone else."""
    if not acting_kind or signer is None:
        return step.position.title
    for membership in members:
        if membership.user_id == signer.pk and membership.position:
            return membership.position.title
    own = signer.memberships.filter(organisation_id=step.organisation_id).first()
    if own and own.position:
        return own.position.title
    return step.position.title


def approval_blocks(report) -> list[dict]:
    """The memo's approval blocks in chain order, with the decisions of the current round.

    Each block: heading ("ความเห็นรองปลัด…"), position, form ("tick"/"text"), last (the final
    approver's wording), name, signer_position, acting ("ปฏิบัติราชการแทน นายก…" or ""), and,
    once decided, value ("approve"/"reject"), comment, date (ISO) and signature (a storage
    name or ""). Undecided steps have value None.
    """
    chain = report.chain
    if not chain:
        from reports.models import ApprovalChain

        stored = ApprovalChain.objects.filter(kind=report.kind).first()
        chain = chain_data(stored) if stored else []
    decisions = {}
    if report.review_round:
        decisions = {
            d.step: d
            for d in report.decisions.filter(review_round=report.review_round).select_related(
                "decided_by"
            )
        }
    blocks = []
    for index, step in enumerate(chain):
        decision = decisions.get(index)
        block = {**step, "value": None, "comment": "", "date": None, "signature": ""}
        if decision is not None:
            user = decision.decided_by
            block.update(
                value=decision.value,
                comment=decision.comment,
                date=timezone.localdate(decision.decided_at).isoformat(),
                signature=user.signature.name if user.signature else "",
            )
        blocks.append(block)
    return blocks
