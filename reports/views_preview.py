"""Staff preview of every document kind from live data, before any report is saved.

``/o/<org>/reports/<year>/preview/<kind>/`` shows the document inside the portal's page;
``…/preview/<kind>.pdf`` is the same document as PDF. For coordinators and approvers. The
progress and results documents take ``?round=6`` or ``?round=12`` (anything else is 404).
Nothing is saved: the content comes from a transient Report drafted by the visitor.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from organisations.models import FiscalYear
from organisations.rules import is_approver, is_coordinator, is_member

from . import documents, rendering
from .enums import ROUND_KINDS, ReportKind
from .snapshot import approval_blocks, build_snapshot

can_preview = is_member & (is_coordinator | is_approver)

KIND_LABELS = {"memo": "บันทึกข้อความ (ปก)", **{k.value: k.label for k in ReportKind}}


def _document(request, year: int, kind: str):
    if not can_preview.test(request.user, request.membership):
        raise PermissionDenied
    if kind not in documents.DOCUMENT_KINDS or kind not in rendering.DOCUMENT_TEMPLATES:
        raise Http404
    fiscal_year = get_object_or_404(FiscalYear.objects.all(), year=year)
    report_kind = documents.report_kind_of(kind)
    round_ = None
    if report_kind in ROUND_KINDS:
        raw = request.GET.get("round")
        if raw is not None and raw not in {"6", "12"}:
            raise Http404
        round_ = int(raw) if raw else None
    report = documents.transient_report(
        organisation=request.organisation,
        fiscal_year=fiscal_year,
        kind=kind,
        round_=round_,
        drafter=request.user,
    )
    return fiscal_year, report


@require_safe
def preview(request, org: str, year: int, kind: str):
    fiscal_year, report = _document(request, year, kind)
    snapshot = build_snapshot(report)
    fragment = rendering.render_fragment(snapshot, approval_blocks(report), kind=kind)
    kinds = [(k, KIND_LABELS[k]) for k in documents.DOCUMENT_KINDS if k in KIND_LABELS]
    kinds = [(k, label) for k, label in kinds if k in rendering.DOCUMENT_TEMPLATES]
    return render(
        request,
        "reports/preview.html",
        {
            "fiscal_year": fiscal_year,
            "report": report,
            "kind": kind,
            "kind_label": KIND_LABELS.get(kind, kind),
            "kinds": kinds,
            "has_round": report.kind in ROUND_KINDS,
            "fragment": fragment,
        },
    )


@require_safe
def preview_pdf(request, org: str, year: int, kind: str):
    _fiscal_year, report = _document(request, year, kind)
    try:
        pdf = rendering.render_pdf(build_snapshot(report), approval_blocks(report), kind=kind)
    except rendering.RenderError as error:
        return HttpResponse(str(error), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(pdf, content_type="application/pdf")
    suffix = f"-{report.round}" if report.round else ""
    response["Content-Disposition"] = f'inline; filename="{kind}-{year}{suffix}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
