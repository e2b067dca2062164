"""The kinds of documents (``DOCUMENTS``: the one list, with each kind's label, print template
and exports), and finding or making the report a document is rendered from.

The staff preview and ``manage.py render_report`` show live data of a kind, year and round
without a saved Report row: ``transient_report()`` builds an unsaved Report that
``reports.documents.content.build_content`` and ``reports.documents.snapshot.memo_data`` accept.
"""

from __future__ import annotations

from dataclasses import dataclass

from ita_portal import thai
from ita_portal.errors import ServiceError
from organisations.enums import Role
from reports.enums import ROUND_KINDS, ReportKind
from reports.models import Report


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document: its name on screen, its print template, its editable exports."""

    label: str
    template: str
    docx: bool = True
    xlsx: bool = True
    memo_inside: bool = False  # prints its memo itself (never a second cover memo)


# The one list of document kinds: the memo (the results report's cover) and each report kind.
DOCUMENTS = {
    "memo": DocumentKind(
        "บันทึกข้อความ (ปก)", "reports/print/memo.html", xlsx=False, memo_inside=True
    ),
    ReportKind.PLAN.value: DocumentKind(ReportKind.PLAN.label, "reports/print/plan.html"),
    ReportKind.PROGRESS.value: DocumentKind(
        ReportKind.PROGRESS.label, "reports/print/progress.html"
    ),
    ReportKind.RESULTS.value: DocumentKind(ReportKind.RESULTS.label, "reports/print/progress.html"),
    ReportKind.TABLES.value: DocumentKind(ReportKind.TABLES.label, "reports/print/tables.html"),
    ReportKind.BOOK.value: DocumentKind(
        ReportKind.BOOK.label, "reports/print/book.html", memo_inside=True
    ),
    ReportKind.MINUTES.value: DocumentKind(ReportKind.MINUTES.label, "reports/print/minutes.html"),
}
DOCUMENT_KINDS = list(DOCUMENTS)
DOCX_KINDS = tuple(kind for kind, document in DOCUMENTS.items() if document.docx)
XLSX_KINDS = tuple(kind for kind, document in DOCUMENTS.items() if document.xlsx)


def report_kind_of(document_kind: str) -> str:
    """The report kind a document comes from: the memo is the results report's cover memo."""
    return ReportKind.RESULTS.value if document_kind == "memo" else document_kind


def default_round(kind: str, round_: int | None) -> int | None:
    """6 or 12 for progress and results (12 for results unless told), None for the others."""
    if kind not in ROUND_KINDS:
        return None
    if round_ is None:
        return 6 if kind == ReportKind.PROGRESS else 12
    if round_ not in (6, 12):
        raise ServiceError("รอบการรายงานต้องเป็น ๖ หรือ ๑๒ เดือน")
    return round_


def default_title(kind: str, year: int, round_: int | None) -> str:
    title = f"{ReportKind(kind).label} ประจำปีงบประมาณ พ.ศ. {thai.thai_digits(year)}"
    if round_:
        title += f" รอบ {thai.thai_digits(round_)} เดือน"
    return title


def transient_report(*, organisation, fiscal_year, kind: str, round_: int | None, drafter):
    """An unsaved Report of live data (never saved: it exists for one rendering)."""
    kind = report_kind_of(kind)
    round_ = default_round(kind, round_)
    return Report(
        organisation=organisation,
        fiscal_year=fiscal_year,
        kind=kind,
        round=round_,
        title=default_title(kind, fiscal_year.year, round_),
        drafter=drafter,
    )


def latest_report(*, fiscal_year, kind: str, round_: int | None) -> Report | None:
    """The newest version of a saved report of this kind, year and round (inside the scope)."""
    kind = report_kind_of(kind)
    return (
        Report.objects.filter(fiscal_year=fiscal_year, kind=kind, round=default_round(kind, round_))
        .select_related("organisation", "fiscal_year", "drafter")
        .order_by("-version")
        .first()
    )


def coordinator_of(organisation):
    """The organisation's first active coordinator (the drafter of a command-line rendering)."""
    membership = (
        organisation.membership_set.filter(role=Role.COORDINATOR, is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise ServiceError(f"{organisation.name} ยังไม่มีผู้ประสานงาน")
    return membership.user
