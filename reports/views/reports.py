"""Staff pages of reports and approvals (under /o/<slug:org>/reports/). Views parse, call a
service, render; the tenancy middleware has already checked the membership and opened the scope."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ita_portal import security
from ita_portal.errors import ServiceError
from ita_portal.once import once_per_form
from ita_portal.permissions import can, require
from ita_portal.storage import file_response
from organisations.models import FiscalYear
from reports import selectors, services
from reports.documents import previews
from reports.documents.pdf import render_fragment
from reports.documents.snapshot import approval_blocks, report_snapshot
from reports.enums import EventAction, ReportKind, ReportStatus
from reports.forms import ApprovalDecisionForm, ChainStepFormSet, MemoForm, ReportCreateForm
from reports.links import report_url
from reports.models import ApprovalChain, Report
from reports.tasks import render_preview

REAUTH_SECONDS = 5 * 60  # a password typed within these seconds confirms the next decisions


def _ip(request) -> str | None:
    return security.client_ip(request)


def _detail(report: Report):
    return redirect("reports:detail", org=report.organisation.slug, report=report.pk)


def _get_report(request, report_id: int) -> Report:
    """The report, if the member may open it; 404 otherwise (a draft, to division staff)."""
    visible = selectors.reports_visible_to(membership=request.membership)
    return get_object_or_404(
        visible.select_related("fiscal_year", "drafter", "memo", "organisation"), pk=report_id
    )


@require_safe
def report_list(request, org):
    years = list(FiscalYear.objects.order_by("-year"))
    context = {
        "groups": selectors.reports_by_year(membership=request.membership),
        "form": ReportCreateForm(years=years) if can(request, "reports.manage_reports") else None,
        "waiting": selectors.waiting_for(request.user),
    }
    return render(request, "reports/report_list.html", context)


@require_POST
@once_per_form
def report_create(request, org):
    require(request, "reports.manage_reports")
    years = list(FiscalYear.objects.order_by("-year"))
    form = ReportCreateForm(request.POST, years=years)
    if form.is_valid():
        year = next(y for y in years if y.year == form.cleaned_data["year"])
        try:
            report = services.report_create(
                membership=request.membership,
                fiscal_year=year,
                kind=form.cleaned_data["kind"],
                round_=form.cleaned_data["round"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "สร้างรายงานแล้ว ตรวจทานบันทึกข้อความแล้วส่งเสนอพิจารณาได้")
            return _detail(report)
    context = {
        "groups": selectors.reports_by_year(membership=request.membership),
        "form": form,
        "waiting": [],
    }
    return render(request, "reports/report_list.html", context, status=400)


@require_safe
def queue(request, org):
    return render(request, "reports/queue.html", {"waiting": selectors.waiting_for(request.user)})


@require_safe
def report_detail(request, org, report):
    report = _get_report(request, report)
    step = services.report_current_step(report=report)
    blocks = approval_blocks(report)
    waiting_for_me = step is not None and report.chain[step]["signer_id"] == request.user.pk
    document = render_fragment(report_snapshot(report), blocks)
    context = {
        "report": report,
        "memo": report.memo,
        "blocks": blocks,
        "step": step,
        "current_block": blocks[step] if step is not None else None,
        "waiting_for_me": waiting_for_me,
        "is_coordinator": can(request, "reports.manage_reports"),
        "events": report.events.select_related("actor"),
        "rounds": selectors.decisions_by_round(report),
        "returned_reason": selectors.returned_reason(report),
        "document": document,
        "versions": selectors.versions(report, membership=request.membership),
    }
    return render(request, "reports/report_detail.html", context)


@require_http_methods(["GET", "POST"])
def memo_edit(request, org, report):
    report = _get_report(request, report)
    require(request, "reports.manage_reports")
    form = MemoForm(request.POST or None, instance=report.memo)
    if request.method == "POST" and form.is_valid():
        try:
            services.memo_update(report=report, membership=request.membership, **form.cleaned_data)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "บันทึกข้อความแล้ว")
            return _detail(report)
    return render(request, "reports/memo_form.html", {"report": report, "form": form})


def _transition(request, report_id, action, done: str):
    report = _get_report(request, report_id)
    try:
        action(report=report, membership=request.membership, ip=_ip(request))
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return _detail(report)


def _confirm(request, report: Report, check, ask):
    """GET of an action that cannot be undone: templates/confirm.html, asking first (what will
    happen, who is told); its POST is the action's own URL, its cancel a link back. ``check``
    raises the service's ServiceError when the action is not possible now; ``ask`` returns the
    page's texts from what ``check`` returned."""
    require(request, "reports.manage_reports")
    try:
        checked = check(report=report)
    except ServiceError as error:
        messages.error(request, error.message)
        return _detail(report)
    context = {
        "back_label": report.title,
        "action_url": request.path,
        "cancel_url": reverse(
            "reports:detail", kwargs={"org": report.organisation.slug, "report": report.pk}
        ),
        "button_class": "btn-primary",
        **ask(checked),
    }
    return render(request, "confirm.html", context)


def _signer(step: dict) -> str:
    return f"{step['position']} ({step['name']})" if step["name"] else step["position"]


@require_http_methods(["GET", "POST"])
def report_submit(request, org, report):
    """GET asks first (the content is frozen and the first approver told); POST submits."""
    if request.method == "GET":
        report_obj = _get_report(request, report)
        return _confirm(
            request,
            report_obj,
            services.report_submit_chain,
            lambda steps: {
                "title": "ส่งรายงานนี้เสนอพิจารณาหรือไม่",
                "details": [
                    ("รายงาน", report_obj.title),
                    ("ผู้พิจารณาลำดับแรก", _signer(steps[0])),
                    ("ลำดับการพิจารณา", " → ".join(step["position"] for step in steps)),
                ],
                "consequence": (
                    "เนื้อหารายงานและบันทึกข้อความจะถูกบันทึกไว้ตามที่เป็นอยู่ขณะนี้ แก้ไขไม่ได้ระหว่างการพิจารณา "
                    "บันทึกข้อความจะได้เลขที่และลงวันที่วันนี้"
                ),
                "notified": (
                    f"ระบบจะแจ้ง{_signer(steps[0])} ในระบบ (และทางอีเมลหากมีที่อยู่) ว่ารายงานรอการพิจารณา"
                    " ผู้พิจารณาลำดับถัดไปจะได้รับแจ้งเมื่อถึงลำดับ"
                ),
                "button": "ส่งเสนอพิจารณา",
            },
        )
    return _transition(
        request, report, services.report_submit, "ส่งเสนอพิจารณาแล้ว ผู้อนุมัติลำดับแรกได้รับแจ้งแล้ว"
    )


def _withdraw_check(*, report: Report) -> dict:
    services.report_transition_check(report, EventAction.WITHDRAW)
    step = services.report_current_step(report=report)
    return report.chain[step] if step is not None else {}


@require_http_methods(["GET", "POST"])
def report_withdraw(request, org, report):
    """GET asks first (the review stops, its decisions no longer count); POST withdraws."""
    if request.method == "GET":
        report_obj = _get_report(request, report)
        return _confirm(
            request,
            report_obj,
            _withdraw_check,
            lambda waiting: {
                "title": "ถอนเรื่องคืนหรือไม่",
                "details": [
                    ("รายงาน", report_obj.title),
                    ("รอการพิจารณาของ", _signer(waiting) if waiting else "-"),
                ],
                "consequence": (
                    "การพิจารณาครั้งนี้จะหยุดลง รายงานกลับมาแก้ไขได้ เมื่อส่งเสนอใหม่ "
                    "การพิจารณาจะเริ่มจากผู้อนุมัติลำดับแรก ผลการพิจารณาที่ลงไว้แล้วยังแสดงในประวัติ"
                ),
                "notified": "ไม่มีการแจ้งเตือนผู้ใด รายงานจะหายจากรายการรอพิจารณาของผู้อนุมัติ",
                "button": "ถอนเรื่องคืน",
                "button_class": "btn-danger",
            },
        )
    return _transition(request, report, services.report_withdraw, "ถอนเรื่องคืนแล้ว แก้ไขแล้วส่งเสนอใหม่ได้")


@require_http_methods(["GET", "POST"])
def report_publish(request, org, report):
    """GET asks first (the public will read it at its address, for good); POST publishes."""
    if request.method == "GET":
        report_obj = _get_report(request, report)
        public_url = settings.PORTAL_URL + report_url(report_obj)
        oit = report_obj.kind in services.PORTAL_ITEM_OF_KIND
        return _confirm(
            request,
            report_obj,
            services.report_publish_check,
            lambda _: {
                "title": "เผยแพร่รายงานนี้ต่อสาธารณะหรือไม่",
                "details": [
                    ("รายงาน", report_obj.title),
                    ("ที่อยู่สาธารณะ", public_url),
                ],
                "consequence": (
                    "ระบบจะจัดทำไฟล์ PDF ฉบับเผยแพร่พร้อมผลการพิจารณาทุกลำดับ แล้วประชาชนทุกคนจะเปิดอ่าน"
                    "และดาวน์โหลดได้ที่ที่อยู่ข้างต้น ฉบับที่เผยแพร่แล้วแก้ไขไม่ได้ "
                    "หากต้องแก้ ต้องจัดทำฉบับแก้ไขแล้วเสนอพิจารณาใหม่"
                    + (" ข้อ OIT ของรายงานนี้จะบันทึกที่อยู่นี้เป็นหลักฐานให้เอง" if oit else "")
                ),
                "notified": f"ระบบจะแจ้งผู้จัดทำ ({report_obj.drafter.full_name}) เมื่อเผยแพร่แล้ว",
                "button": "เผยแพร่",
                "button_class": "btn-success",
            },
        )
    return _transition(
        request,
        report,
        services.report_publish_request,
        "กำลังจัดทำไฟล์ PDF ฉบับเผยแพร่ หน้านี้จะแสดงเมื่อเสร็จ",
    )


@require_POST
@once_per_form
def report_correct(request, org, report):
    report_obj = _get_report(request, report)
    try:
        correction = services.report_correct(
            report=report_obj, membership=request.membership, ip=_ip(request)
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return _detail(report_obj)
    messages.success(request, "สร้างฉบับแก้ไขแล้ว แก้ไขเนื้อหาแล้วส่งเสนอพิจารณาใหม่")
    return _detail(correction)


@require_http_methods(["GET", "POST"])
def report_decide(request, org, report):
    report = _get_report(request, report)
    step = services.report_current_step(report=report)
    if step is None or report.chain[step]["signer_id"] != request.user.pk:
        messages.error(request, "รายงานนี้ไม่ได้รอการพิจารณาของท่าน")
        return _detail(report)
    confirmed_at = request.session.get("reauth_at", 0)
    needs_password = time.time() - confirmed_at > REAUTH_SECONDS
    form = ApprovalDecisionForm(
        request.POST or None,
        step=report.chain[step],
        request=request,
        needs_password=needs_password,
    )
    if request.method == "POST" and form.is_valid():
        if needs_password:
            request.session["reauth_at"] = time.time()
        try:
            services.report_decide(
                report=report,
                user=request.user,
                value=form.cleaned_data["value"],
                comment=form.cleaned_data["comment"],
                ip=_ip(request),
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return _detail(report)
        messages.success(request, "บันทึกผลการพิจารณาแล้ว")
        return redirect("reports:queue", org=report.organisation.slug)
    context = {"report": report, "form": form, "step": report.chain[step], "number": step + 1}
    return render(request, "reports/decide.html", context)


@require_safe
def report_pdf(request, org, report):
    """The stored PDF once published; before that a preview with the decisions so far, made
    by the worker (``reports.documents.previews``)."""
    report = _get_report(request, report)
    filename = f"{report.title}.pdf"
    if report.status == ReportStatus.PUBLISHED and report.pdf:
        return file_response(
            report.pdf.storage,
            report.pdf.name,
            content_type="application/pdf",
            filename=filename,
            as_attachment=False,
        )
    return previews.response(
        request,
        previews.of_report(report),
        enqueue=lambda: render_preview.enqueue(request.organisation.pk, report_id=report.pk),
        title=report.title,
        filename=filename,
        back_url=reverse("reports:detail", kwargs={"org": org, "report": report.pk}),
    )


@require_safe
def chain_list(request, org):
    chains = {c.kind: c for c in ApprovalChain.objects.annotate(count=Count("steps"))}
    rows = [(kind, chains.get(kind.value)) for kind in ReportKind]
    return render(
        request,
        "reports/chain_list.html",
        {"rows": rows, "is_coordinator": can(request, "reports.manage_reports")},
    )


@require_POST
@once_per_form
def chain_create(request, org):
    require(request, "reports.manage_reports")
    kind = request.POST.get("kind", "")
    if kind not in ReportKind.values:
        messages.error(request, "ไม่รู้จักประเภทรายงานนี้")
        return redirect("reports:chains", org=request.organisation.slug)
    chain, _ = ApprovalChain.objects.get_or_create(organisation=request.organisation, kind=kind)
    return redirect("reports:chain_edit", org=request.organisation.slug, approvalchain=chain.pk)


@require_http_methods(["GET", "POST"])
def chain_edit(request, org, approvalchain):
    chain = get_object_or_404(ApprovalChain.objects.all(), pk=approvalchain)
    if request.method == "POST":
        require(request, "reports.manage_reports")
    formset = ChainStepFormSet(
        request.POST or None,
        instance=chain,
        form_kwargs={"organisation": request.organisation},
    )
    if request.method == "POST" and formset.is_valid():
        steps = [
            form.cleaned_data
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        services.chain_steps_save(chain=chain, steps=steps)
        messages.success(request, "บันทึกสายการอนุมัติแล้ว รายงานที่ส่งหลังจากนี้จะใช้ลำดับใหม่")
        return redirect("reports:chains", org=request.organisation.slug)
    context = {
        "chain": chain,
        "formset": formset,
        "is_coordinator": can(request, "reports.manage_reports"),
    }
    return render(request, "reports/chain_form.html", context)
