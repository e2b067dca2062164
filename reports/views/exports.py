"""Staff downloads of the editable exports: DOCX of every kind, XLSX of the tables.

``/o/<org>/reports/<year>/export/<kind>.docx`` and ``.xlsx`` (coordinator). The report is the
stored one of that year, kind and round (newest version), read through ``report_snapshot``
(frozen once submitted); when none is stored yet, a transient draft shows the live content.
``memo`` is the cover memo of the results report. ``?round=6|12`` picks the round of the
progress and results reports (and of the memo); anything else is a 404.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from ita_portal.permissions import require
from organisations.models import FiscalYear
from reports.documents import exports
from reports.documents import kinds as documents
from reports.documents.docx import to_docx
from reports.documents.snapshot import approval_blocks, report_snapshot
from reports.documents.xlsx import to_xlsx

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _round(request) -> int | None:
    raw = request.GET.get("round")
    if raw is None:
        return None
    if raw not in {"6", "12"}:
        raise Http404
    return int(raw)


def report_for_export(request, *, fiscal_year: FiscalYear, kind: str):
    """The stored report of the year, kind and round (newest version), or a transient draft
    of it drafted by the visitor."""
    round_ = _round(request)
    report = documents.latest_report(fiscal_year=fiscal_year, kind=kind, round_=round_)
    if report is None:
        report = documents.transient_report(
            organisation=request.organisation,
            fiscal_year=fiscal_year,
            kind=kind,
            round_=round_,
            drafter=request.user,
        )
    return report


@require_safe
def export(request, org, year, kind, fmt):
    require(request, "reports.export_report")
    fiscal_year = get_object_or_404(FiscalYear.objects.all(), year=year)
    report = report_for_export(request, fiscal_year=fiscal_year, kind=kind)
    snapshot = report_snapshot(report)
    try:
        if fmt == "docx":
            data = to_docx(snapshot, approval_blocks(report), kind=kind)
        else:
            data = to_xlsx(snapshot, kind=kind)
    except exports.ExportError as error:
        raise Http404 from error
    round_part = f"-round{report.round}" if report.round else ""
    name = f"ita-{request.organisation.slug}-{year}-{kind}{round_part}.{fmt}"
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
