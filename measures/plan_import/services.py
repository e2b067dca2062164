"""Writes of a plan import: the upload (read at once, or by the task worker when the file is
large), the coordinator's column mapping, the confirmation that writes the plan, discarding,
and removing imports a day old.

Confirming writes every measure, step, IIT/EIT line and new division in one transaction
through ``measures.services`` (and ``organisations.services`` for divisions), each history row
saying "นำเข้าจากไฟล์ …"; then the import is gone. Preconditions: inside the organisation's
scope; the caller has checked that the user may edit the plan (``measures.edit_plan``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ita_portal import thai, uploads
from ita_portal.errors import ServiceError
from organisations import services as organisation_services
from organisations.models import Division, FiscalYear, Organisation, User

from .. import services as plan_services
from ..enums import ImportStatus
from ..models import Indicator, IndicatorLine, PlanImport
from . import selectors
from .columns import FIELD_LABELS
from .divisions import DivisionMatcher
from .drafts import Reading
from .reading import UnreadableFile, read
from .resolve import ImportChoices, Resolution, resolve

IMPORT_KINDS = {"docx": uploads.DOCX, "xlsx": uploads.XLSX}
IMPORT_ALLOWED_TEXT = "Word (.docx) หรือ Excel (.xlsx)"
OLD_FORMATS = {"doc": "Word", "xls": "Excel"}

LOOKED_FOR = (
    "ระบบมองหาตารางที่มีหัวคอลัมน์ “มาตรการ/แนวทาง” คู่กับ “วิธีการดำเนินการ/ขั้นตอน” "
    "“ผู้รับผิดชอบ” หรือ “ระยะเวลาดำเนินการ” (หรือตาราง “ตัวชี้วัด” คู่กับ “แนวทางในการยกระดับ”) "
    "หรือรายการมาตรการที่มีเลขกำกับ ๑.๑ ๑.๒ … ในไฟล์ Word"
)


class NotAPlan(ServiceError):
    """The file holds no plan table: the message says what was looked for."""


def inline_limit() -> int:
    """Files up to this size (bytes) are read inside the request; larger ones by the worker."""
    return settings.ITA_IMPORT_INLINE_KB * 1024


def check_upload(upload: UploadedFile) -> str:
    """The format ("docx", "xlsx") of an upload checked like every upload (size cap, extension
    and content), or ValidationError with a Thai message."""
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    if extension in OLD_FORMATS:
        raise ValidationError(
            f"ไฟล์ “{upload.name}” เป็นไฟล์ {OLD_FORMATS[extension]} รุ่นเก่า (.{extension}) "
            f"ระบบอ่านได้เฉพาะไฟล์ {IMPORT_ALLOWED_TEXT} กรุณาเปิดไฟล์ในโปรแกรม{OLD_FORMATS[extension]} "
            f"แล้วเลือก “บันทึกเป็น” ชนิด .{extension}x ก่อนนำเข้า",
            code="old_format",
        )
    kind = uploads.validate_upload(upload, kinds=IMPORT_KINDS, allowed_text=IMPORT_ALLOWED_TEXT)
    return kind.extension


def refusal(reading: Reading, file_name: str) -> str:
    """Why ``file_name`` is not a plan, in Thai: what was looked for, and what was found."""
    message = f"ไม่พบแผนมาตรการในไฟล์ “{file_name}” {LOOKED_FOR}"
    if reading.other_headers:
        tables = []
        for headers in reading.other_headers:
            text = "“" + "”, “".join(h for h in headers if h) + "”"
            if any(headers) and text not in tables:
                tables.append(text)
        found = " / ".join(tables[:3])
        if found:
            message += f" แต่ตารางในไฟล์มีหัวคอลัมน์ {found}"
    return message + " ระบบยังไม่ได้บันทึกสิ่งใด"


def read_document(data: bytes, file_format: str, file_name: str) -> dict:
    """The document of a file that holds a plan; NotAPlan (Thai) for one that does not or
    cannot be read."""
    try:
        document = read(data, file_format)
    except UnreadableFile as error:
        raise NotAPlan(f"อ่านไฟล์ “{file_name}” ไม่ได้: {error.message}") from None
    reading = selectors.plan_import_reading(
        document=document, organisation=None, matcher=DivisionMatcher([])
    )
    if not reading.layout:
        raise NotAPlan(refusal(reading, file_name))
    return document


def _purge_expired(*, organisation: Organisation) -> None:
    cutoff = timezone.now() - selectors.IMPORT_LIFETIME
    for old in PlanImport.objects.filter(organisation=organisation, created_at__lte=cutoff):
        plan_import_discard(planimport=old)


def plan_import_upload(*, fiscal_year: FiscalYear, upload: UploadedFile, user: User) -> PlanImport:
    """Check the upload and keep what it holds for review. A file up to ``inline_limit()`` is
    read now: one that is not a plan raises NotAPlan and nothing is kept. A larger file is
    stored (under a name of ours) for the task worker, which reads it and removes it; the row
    then says ``reading`` until the worker is done.

    Raises ValidationError (Thai) for a file that is too large, empty, not .docx/.xlsx by
    name and content. Replaces the user's earlier imports of the same year and removes the
    organisation's imports older than a day.
    """
    file_format = check_upload(upload)
    organisation = fiscal_year.organisation
    name = (upload.name or f"แผนมาตรการ.{file_format}")[:255]
    large = upload.size > inline_limit()
    document = None
    if not large:
        upload.seek(0)
        document = read_document(upload.read(), file_format, name)
    with uploads.atomic_with_files():
        _purge_expired(organisation=organisation)
        for earlier in PlanImport.objects.filter(fiscal_year=fiscal_year, created_by=user):
            plan_import_discard(planimport=earlier)
        planimport = PlanImport(
            organisation=organisation,
            fiscal_year=fiscal_year,
            created_by=user,
            file_name=name,
            file_format=file_format,
            size=upload.size,
            status=ImportStatus.READING if large else ImportStatus.READY,
            document=document,
        )
        if large:
            uploads.store(
                planimport.upload, uploads.storage_name(IMPORT_KINDS[file_format]), upload
            )
        planimport.save()
        if large:
            from ..tasks import read_plan_import  # tasks import these services

            transaction.on_commit(lambda: read_plan_import.enqueue(planimport_id=planimport.pk))
    from ..tasks import purge_plan_imports

    transaction.on_commit(purge_plan_imports.enqueue)
    return planimport


@transaction.atomic
def plan_import_read(*, planimport: PlanImport) -> PlanImport:
    """Read the stored file of an import (in the task worker): ``ready`` with its document,
    or ``refused`` with the reason. The file is removed once the row is saved."""
    planimport = PlanImport.objects.select_for_update().filter(pk=planimport.pk).first()
    if planimport is None or planimport.status != ImportStatus.READING:
        return planimport  # discarded meanwhile, or read by an earlier run
    stored = planimport.upload
    if not stored or not stored.storage.exists(stored.name):
        planimport.status = ImportStatus.REFUSED
        planimport.message = "ระบบอ่านไฟล์ไม่สำเร็จ กรุณาอัปโหลดไฟล์อีกครั้ง"
    else:
        with stored.open("rb") as file:
            data = file.read()
        try:
            planimport.document = read_document(data, planimport.file_format, planimport.file_name)
            planimport.status = ImportStatus.READY
        except NotAPlan as error:
            planimport.status = ImportStatus.REFUSED
            planimport.message = error.message
    name, storage = stored.name, stored.storage
    planimport.upload = ""
    planimport.save(update_fields=["status", "document", "message", "upload"])
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    return planimport


def plan_import_remap(*, planimport: PlanImport, mapping: dict[str, list[str]]) -> PlanImport:
    """Keep the coordinator's mapping of the columns (table group → field per column); the
    fields are those of ``columns.FIELD_LABELS``. Writes nothing of the plan."""
    clean = {
        group: [field if field in FIELD_LABELS else "" for field in fields]
        for group, fields in mapping.items()
    }
    planimport.mapping = clean
    planimport.save(update_fields=["mapping"])
    return planimport


def plan_import_discard(*, planimport: PlanImport) -> None:
    """Remove the import (and its file, if the worker has not read it yet)."""
    name, storage = planimport.upload.name, planimport.upload.storage
    planimport.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@dataclass
class ImportSummary:
    measures: int
    steps: int
    lines: int
    new_divisions: list[str]

    @property
    def text(self) -> str:
        parts = [f"{thai.thai_digits(self.measures)} มาตรการ {thai.thai_digits(self.steps)} ขั้นตอน"]
        if self.lines:
            parts.append(f"แนวทางตามตัวชี้วัด {thai.thai_digits(self.lines)} รายการ")
        if self.new_divisions:
            parts.append("ส่วนราชการใหม่ " + ", ".join(self.new_divisions))
        return " ".join(parts)


def history_reason(file_name: str) -> str:
    return f"นำเข้าจากไฟล์ {file_name}"[:100]


@transaction.atomic
def plan_import_write(
    *,
    fiscal_year: FiscalYear,
    reading: Reading,
    choices: ImportChoices,
    file_name: str,
) -> ImportSummary:
    """Write what ``reading`` says, as ``choices`` resolve it, into the plan of ``fiscal_year``:
    after its measures, or in their place (``choices.replace``; refused when progress has
    been reported). Divisions the coordinator chose to create are created first.

    Raises ServiceError (Thai) listing what is still unresolved: then nothing is written.
    One transaction; every history row says "นำเข้าจากไฟล์ <file_name>".
    """
    organisation = fiscal_year.organisation
    matcher = selectors.division_matcher(organisation=organisation)
    resolution = resolve(reading, choices, matcher)
    if resolution.problems:
        raise ServiceError("ยังนำเข้าไม่ได้: " + "; ".join(p.message for p in resolution.problems[:5]))
    reason = history_reason(file_name)
    plan = plan_services.plan_get_or_create(fiscal_year=fiscal_year)
    if choices.replace:
        plan_services.plan_clear(plan=plan, lines=bool(resolution.lines), reason=reason)
    created = _create_divisions(organisation, resolution)
    divisions = {d.pk: d for d in Division.objects.filter(organisation=organisation)}
    indicators = {i.number: i for i in Indicator.objects.all()}

    def who(item) -> list[Division]:
        return [divisions[pk] for pk in item.who.division_ids] + [
            created[name] for name in item.who.new_names
        ]

    for measure in resolution.measures:
        new = plan_services.measure_create(
            plan=plan,
            title=measure.title,
            indicator=indicators.get(measure.indicator),
            issue=measure.issue,
            reason=reason,
        )
        for step in measure.steps:
            plan_services.step_create(
                measure=new,
                divisions=who(step),
                reason=reason,
                text=step.text,
                start_month=step.start_month,
                end_month=step.end_month,
                follow_up_6=step.follow_up_6,
                follow_up_12=step.follow_up_12,
            )
    for line in resolution.lines:
        plan_services.indicator_line_save(
            line=IndicatorLine(
                organisation=organisation,
                plan=plan,
                indicator=indicators[line.indicator],
                approach=line.approach,
                start_month=line.start_month,
                end_month=line.end_month,
            ),
            divisions=who(line),
            reason=reason,
        )
    return ImportSummary(
        len(resolution.measures), resolution.step_count, len(resolution.lines), list(created)
    )


def _create_divisions(organisation: Organisation, resolution: Resolution) -> dict[str, Division]:
    created = {}
    order = max(
        Division.objects.filter(organisation=organisation).values_list("order", flat=True),
        default=0,
    )
    for name in resolution.new_division_names:
        order += 1
        created[name] = organisation_services.division_save(
            organisation=organisation, division=None, name=name[:200], order=order
        )
    return created


@transaction.atomic
def plan_import_confirm(*, planimport: PlanImport, choices: ImportChoices) -> ImportSummary:
    """Write the import (``plan_import_write``) and remove it, in one transaction. Raises
    ServiceError when it is already gone (confirmed twice) or still has problems."""
    locked = PlanImport.objects.select_for_update().filter(pk=planimport.pk).first()
    if locked is None or locked.status != ImportStatus.READY:
        raise ServiceError("ไฟล์นี้นำเข้าแล้วหรือถูกยกเลิกไปแล้ว")
    reading = selectors.plan_import_reading(
        document=locked.document, organisation=locked.organisation, mapping=choices.mapping
    )
    summary = plan_import_write(
        fiscal_year=locked.fiscal_year,
        reading=reading,
        choices=choices,
        file_name=locked.file_name,
    )
    plan_import_discard(planimport=locked)
    return summary


def plan_imports_purge() -> int:
    """Remove every import older than a day, of every organisation. Precondition: scopes
    disabled (the task worker). Returns how many were removed."""
    cutoff = timezone.now() - selectors.IMPORT_LIFETIME
    old = list(PlanImport.objects.filter(created_at__lte=cutoff))
    for planimport in old:
        with transaction.atomic():
            plan_import_discard(planimport=planimport)
    return len(old)
