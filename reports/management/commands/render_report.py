"""Render a document of one organisation's year from the command line (tests, bench, people).

    manage.py render_report --org nathon --year 2568 --kind results --round 6 --out r.pdf
    manage.py render_report --org nathon --year 2570 --kind minutes --format docx --out m.docx

The newest saved report of that kind, year and round is rendered from its snapshot with its
approvals; without one, the live data through a transient (unsaved) report drafted by the
organisation's coordinator. ``--kind memo`` renders the results report's cover memo alone.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from ita_portal.errors import ServiceError
from organisations.models import FiscalYear, Organisation
from reports.documents import exports
from reports.documents import kinds as documents
from reports.documents import pdf as rendering
from reports.documents.docx import to_docx
from reports.documents.snapshot import approval_blocks, report_snapshot
from reports.documents.xlsx import to_xlsx

# Formats and the function that makes each: {format: callable(report, document_kind) -> bytes}.
# The exports (docx, xlsx) register here.
FORMATS = {
    "pdf": lambda report, kind: rendering.render_pdf(
        report_snapshot(report), approval_blocks(report), kind=kind
    ),
    "docx": lambda report, kind: to_docx(
        report_snapshot(report), approval_blocks(report), kind=kind
    ),
    "xlsx": lambda report, kind: to_xlsx(report_snapshot(report), kind=kind),
}


class Command(BaseCommand):
    help = "Render a report document (PDF, or the DOCX/XLSX export) of an organisation's year."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the organisation's slug")
        parser.add_argument("--year", required=True, type=int, help="fiscal year (พ.ศ.)")
        parser.add_argument("--kind", required=True, choices=documents.DOCUMENT_KINDS)
        parser.add_argument("--round", type=int, choices=[6, 12], default=None)
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument(
            "--format",
            default="pdf",
            choices=list(FORMATS),
            help="pdf (the official document), docx (Word, every kind) or xlsx (the tables)",
        )

    def handle(self, *args, org, year, kind, round, out, format, **options):
        if format not in FORMATS:
            raise CommandError(f"unknown format {format!r}: {', '.join(FORMATS)}")
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"no organisation {org!r}")
        with scope(organisation=organisation):
            fiscal_year = FiscalYear.objects.filter(year=year).first()
            if fiscal_year is None:
                raise CommandError(f"{organisation.slug} has no fiscal year {year}")
            try:
                report = documents.latest_report(fiscal_year=fiscal_year, kind=kind, round_=round)
                if report is None:
                    report = documents.transient_report(
                        organisation=organisation,
                        fiscal_year=fiscal_year,
                        kind=kind,
                        round_=round,
                        drafter=documents.coordinator_of(organisation),
                    )
                started = time.monotonic()
                data = FORMATS[format](report, kind)
            except (ServiceError, rendering.RenderError, exports.ExportError) as error:
                raise CommandError(str(error)) from error
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        self.stdout.write(
            f"{out}: {kind} {format}, {len(data):,} bytes, {time.monotonic() - started:.2f} s"
        )
