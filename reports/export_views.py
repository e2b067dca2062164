"""Staff downloads of the editable exports: DOCX of every kind, XLSX of the tables.

``/o/<org>/reports/<year>/export/<kind>.docx`` and ``.xlsx`` (coordinator). The report is the
stored one of that year, kind and round (newest version), read through ``report_snapshot``
(frozen once submitted); when none is stored yet, a transient draft shows the live content.
``memo`` is the cover memo of the results report. ``?round=6|12`` picks the round of the
progress and results reports (and of the memo); anything else is a 404.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from organisations.models import FiscalYear
from organisations.rules import is_coordinator, is_member

from . import exports
from .enums import ROUND_KINDS, ReportKind
from .models import Report
from .snapshot import approval_blocks, report_snapshot

rules.add_perm("reports.export_report", is_member & is_coordinator)

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DEFAULT_ROUND = {ReportKind.PROGRESS: 6, ReportKind.RESULTS: 12}


def _round(request, report_kind: str) -> int | None:
    raw = request.GET.get("round")
    if raw is not None and raw not in {"6", "12"}:
        raise Http404
    if report_kind not in ROUND_KINDS:
        return None
    return int(raw) if raw else DEFAULT_ROUND[report_kind]


def report_for_export(request, *, fiscal_year: FiscalYear, kind: str) -> Report:
    """The stored report of the year, kind and round, or a transient draft of it."""
    report_kind = ReportKind.RESULTS if kind == "memo" else ReportKind(kind)
    round_ = _round(request, report_kind)
    report = (
        Report.objects.filter(fiscal_year=fiscal_year, kind=report_kind, round=round_)
        .select_related("organisation", "fiscal_year", "drafter")
        .order_by("-version")
        .first()
    )
    if report is None:
        report = Report(
            organisation=request.organisation,
            fiscal_year=fiscal_year,
            kind=report_kind,
            round=round_,
            title=str(report_kind.label),
            drafter=request.user,
        )
    return report


@require_safe
def export(request, org, year, kind, fmt):
    if not request.user.has_perm("reports.export_report", request.membership):
        raise PermissionDenied
    fiscal_year = get_object_or_404(FiscalYear.objects.all(), year=year)
    report = report_for_export(request, fiscal_year=fiscal_year, kind=kind)
    snapshot = report_snapshot(report)
    try:
        if fmt == "docx":
            data = exports.to_docx(snapshot, approval_blocks(report), kind=kind)
        else:
            data = exports.to_xlsx(snapshot, kind=kind)
    except exports.ExportError as error:
        raise Http404 from error
    round_part = f"-round{report.round}" if report.round else ""
    name = f"ita-{request.organisation.slug}-{year}-{kind}{round_part}.{fmt}"
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
