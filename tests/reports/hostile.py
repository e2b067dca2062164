"""The hostile content of issue #15 and นาทอน's documents made with it, once per test process
(the PDFs of every kind take most of a minute): a step, an output, an approach, a measure's
issue and an OIT item's progress of 3,000 characters carrying a 300-character URL with digits
and a 60-letter Latin word, the drafter's signature and the evidence photos in storage as an
upload leaves them. tests/reports/test_hostile_documents.py reads the PDFs,
tests/reports/test_docx_exports.py the DOCX and XLSX beside them.

ITA_HOSTILE_DOCUMENTS=<folder> writes every file there, to look at (pdftoppm -png -r 60) or to
convert with LibreOffice."""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from measures.models import IndicatorLine, Measure, MeasureStep, ProgressEntry, ProgressEvidence
from oit_checklist.models import ItemStatus
from organisations.models import FiscalYear
from reports.documents import kinds as documents
from reports.documents import pdf as rendering
from reports.documents.docx import to_docx
from reports.documents.snapshot import approval_blocks, build_snapshot
from reports.documents.xlsx import to_xlsx

from .demo_nathon import nathon_rolled_back

URL = "https://www.nathon.go.th/index.php?option=com_content&view=article&id=1234567&catid=78" + (
    "&ref=" + "a1b2c3d4e5" * 21
)
LATIN = "Supercalifragilisticexpialidocious" + "Antidisestablishmentism"[:26]
SENTENCE = (
    "ประชาสัมพันธ์ให้ประชาชนในพื้นที่ตำบลนาทอน อำเภอทุ่งหว้า จังหวัดสตูล ทราบถึงการดำเนินงาน"
    "ของหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ ผ่านช่องทางเว็บไซต์และสื่อสังคมออนไลน์ "
    "โดยจัดทำแผ่นพับและป้ายประชาสัมพันธ์ติดตั้งในหมู่บ้านทุกแห่งเพื่อให้ประชาชนได้รับทราบข้อมูลข่าวสารอย่างทั่วถึง "
)


def hostile(marker: str) -> str:
    """About 3,000 characters: the sentence again and again, the URL and the Latin word in the
    middle, ``marker`` (a short Thai word) at the start so that a test can find its pages."""
    head = f"{marker} " + SENTENCE * 6
    tail = SENTENCE * 7
    return f"{head}ดูที่ {URL} และ {LATIN} {tail}".strip()


FACEBOOK = "https://www.facebook.com/nathon.sao"
STEP = hostile("ขั้นตอนยาวพิเศษ")
OUTPUT = hostile("ผลงานยาวพิเศษ")
APPROACH = hostile("แนวทางยาวพิเศษ")
OIT = hostile("ความก้าวหน้ายาวพิเศษ")
ISSUE = hostile("ประเด็นยาวพิเศษ")


CASES = {  # kind: (fiscal year, round)
    "memo": (2568, 12),
    "plan": (2568, None),
    "progress": (2568, 6),
    "results": (2568, 12),
    "tables": (2570, None),
    "book": (2570, None),
    "minutes": (2570, None),
}

_made: dict[str, dict] = {}


def hostile_documents(django_db_blocker) -> dict[str, dict]:
    """{kind: {"html", "pdf", "docx", "xlsx"}} (xlsx None for a kind without one), made once
    per process inside a transaction that is rolled back."""
    if not _made:
        _made.update(_make(django_db_blocker))
    return _made


def _make(django_db_blocker) -> dict[str, dict]:
    out = {}
    with nathon_rolled_back(django_db_blocker) as (org, coordinator):
        org.phone, org.facebook_url = "0-7478-3435", FACEBOOK
        org.save(update_fields=["phone", "facebook_url"])
        for year in (2568, 2570):
            step = (
                MeasureStep.objects.filter(measure__plan__fiscal_year__year=year)
                .order_by("measure__order", "measure__pk", "order", "pk")
                .first()
            )
            MeasureStep.objects.filter(pk=step.pk).update(text=STEP)
            Measure.objects.filter(pk=step.measure_id).update(issue=ISSUE)
            ProgressEntry.objects.filter(step=step).update(output=OUTPUT, outcome=OUTPUT)
            line = IndicatorLine.objects.filter(plan__fiscal_year__year=year).first()
            if line is not None:
                IndicatorLine.objects.filter(pk=line.pk).update(approach=APPROACH)
            status = ItemStatus.objects.filter(fiscal_year__year=year).order_by("pk").first()
            if status is not None:
                ItemStatus.objects.filter(pk=status.pk).update(progress=OIT)
        name = default_storage.save("signatures/hostile.png", ContentFile(png("#1f3f8f")))
        type(coordinator).objects.filter(pk=coordinator.pk).update(signature=name)
        coordinator.refresh_from_db()
        for item in ProgressEvidence.objects.filter(content_type__startswith="image/"):
            if item.file and not default_storage.exists(item.file.name):
                default_storage.save(item.file.name, ContentFile(png("#8f3f1f")))
        for kind, (year, round_) in CASES.items():
            transient = documents.transient_report(
                organisation=org,
                fiscal_year=FiscalYear.objects.get(year=year),
                kind=kind,
                round_=round_,
                drafter=coordinator,
            )
            snapshot, blocks = build_snapshot(transient), approval_blocks(transient)
            out[kind] = {
                "html": rendering.render_html(snapshot, blocks, kind=kind),
                "pdf": rendering.render_pdf(snapshot, blocks, kind=kind),
                "docx": to_docx(snapshot, blocks, kind=kind),
                "xlsx": to_xlsx(snapshot, kind=kind) if kind in documents.XLSX_KINDS else None,
            }
    if folder := os.environ.get("ITA_HOSTILE_DOCUMENTS"):
        for kind, files in out.items():
            for suffix, data in files.items():
                if data:
                    mode = "w" if suffix == "html" else "wb"
                    with open(Path(folder, f"hostile-{kind}.{suffix}"), mode) as handle:
                        handle.write(data)
    return out


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 120), colour).save(buffer, "PNG")
    return buffer.getvalue()
