"""Staff preview of every document kind from live data, before any report is saved.

``/o/<org>/reports/<year>/preview/<kind>/`` shows the document inside the portal's page;
``…/preview/<kind>.pdf`` is the same document as PDF, made by the task worker (the page waits
for it). For coordinators and approvers. The
progress and results documents take ``?round=6`` or ``?round=12`` (anything else is 404).
Nothing is saved: the content comes from a transient Report drafted by the visitor.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from ita_portal.permissions import require
from ita_portal.thai import thai_digits
from organisations.models import FiscalYear
from reports.documents import kinds as documents
from reports.documents import pdf as rendering
from reports.documents import previews
from reports.documents.snapshot import approval_blocks, build_snapshot
from reports.enums import ROUND_KINDS
from reports.tasks import render_preview


def _document(request, year: int, kind: str):
    require(request, "reports.preview_documents")
    if kind not in documents.DOCUMENTS:
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
    kinds = [(key, document.label) for key, document in documents.DOCUMENTS.items()]
    return render(
        request,
        "reports/preview.html",
        {
            "fiscal_year": fiscal_year,
            "report": report,
            "kind": kind,
            "kind_label": documents.DOCUMENTS[kind].label,
            "kinds": kinds,
            "has_round": report.kind in ROUND_KINDS,
            "fragment": fragment,
        },
    )


@require_safe
def preview_pdf(request, org: str, year: int, kind: str):
    """The same document as PDF, made by the worker (``reports.documents.previews``)."""
    _fiscal_year, report = _document(request, year, kind)
    document = previews.of_draft(report, kind)
    suffix = f"-{report.round}" if report.round else ""
    back = reverse("reports:preview", kwargs={"org": org, "year": year, "kind": kind})
    return previews.response(
        request,
        document,
        enqueue=lambda: render_preview.enqueue(
            request.organisation.pk,
            year=year,
            kind=kind,
            round_=report.round,
            drafter_id=request.user.pk,
        ),
        title=f"ตัวอย่าง{documents.DOCUMENTS[kind].label} พ.ศ. {thai_digits(year)}",
        filename=f"{kind}-{year}{suffix}.pdf",
        back_url=back + (f"?round={report.round}" if report.round else ""),
    )
