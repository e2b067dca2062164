"""Reports in every state, for the public site's tests.

``report_in_state`` writes the rows the approval workflow would leave: status, frozen snapshot
and chain, the four decisions of นาทอน's chain, and, once published, a small real PDF made by
WeasyPrint with its SHA-256 and size. It does not go through ``reports.services`` on purpose:
a real publication renders the whole report (seconds per report, and these tests make dozens in
every state, superseded versions included); the workflow's own tests
(``tests/reports/test_workflow.py``, ``test_transitions.py``, ``test_publishing.py``) cover the
services, and the journeys publish through them.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib

from django.core.files.base import ContentFile
from django.utils import timezone
from django_scopes import scope

from organisations.models import FiscalYear, Organisation, User
from reports.documents.snapshot import build_snapshot
from reports.enums import ReportKind, ReportStatus
from reports.models import Report


@functools.cache
def pdf_bytes(text: str) -> bytes:
    """A small real PDF (one A4 page with ``text`` in Thai)."""
    from weasyprint import HTML

    html = f'<html lang="th"><body><h1>{text}</h1><p>ผลการดำเนินการตามมาตรการ</p></body></html>'
    return HTML(string=html).write_pdf()


def report_in_state(
    organisation: Organisation,
    *,
    year: int,
    kind: str = ReportKind.RESULTS,
    round_: int | None = None,
    version: int = 1,
    status: str = ReportStatus.PUBLISHED,
    supersedes: Report | None = None,
    published_at: dt.datetime | None = None,
    title: str = "",
) -> Report:
    with scope(organisation=organisation):
        fiscal_year = FiscalYear.objects.get(year=year)
        drafter = User.objects.get(username=f"{organisation.slug}_coordinator")
        if kind in {ReportKind.PROGRESS, ReportKind.RESULTS} and round_ is None:
            round_ = 12
        report = Report.objects.create(
            organisation=organisation,
            fiscal_year=fiscal_year,
            kind=kind,
            round=round_,
            version=version,
            supersedes=supersedes,
            title=title or f"{ReportKind(kind).label} ประจำปีงบประมาณ พ.ศ. {year}",
            status=ReportStatus.DRAFT,
            drafter=drafter,
        )
        if status == ReportStatus.DRAFT:
            return report
        report.snapshot = build_snapshot(report)
        report.chain = []
        report.review_round = 1
        report.submitted_at = timezone.now()
        report.status = status
        if status == ReportStatus.PUBLISHED:
            content = pdf_bytes(f"{report.title} ฉบับที่ {version}")
            report.approved_at = timezone.now()
            report.published_at = published_at or timezone.now()
            name = f"{organisation.slug}-{report.pk}.pdf"
            report.pdf.save(name, ContentFile(content), save=False)
            report.pdf_sha256 = hashlib.sha256(content).hexdigest()
            report.pdf_size = len(content)
        elif status == ReportStatus.APPROVED:
            report.approved_at = timezone.now()
        report.save()
        return report
