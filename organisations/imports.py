"""Organisations from a CSV file (``manage.py import_organisations``, the upload on
/site/organisations/): one row per organisation, checked whole before anything is written.

The header (README): ``CSV_HEADER`` below. ``kind`` is an OrganisationKind value; empty optional
columns are allowed; the four coordinator columns are given together or not at all. A row whose
slug already names an organisation of the same name is left alone (the same file again changes
nothing); any other clash is an error of that line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django_scopes import scope, scopes_disabled

from ita_portal import thai
from ita_portal.errors import ServiceError

from . import onboarding, services
from .enums import Role
from .forms import CoordinatorForm, OrganisationForm
from .models import Organisation, Position, User

COORDINATOR_COLUMNS = [
    "coordinator_title",
    "coordinator_first_name",
    "coordinator_last_name",
    "coordinator_email",
]
CSV_HEADER = [*onboarding.ORGANISATION_FIELDS, *COORDINATOR_COLUMNS]
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
# The coordinator's position when the template has it (the ITA coordinator is a นิติกร).
COORDINATOR_POSITION = "นิติกร"


@dataclass
class ImportRow:
    line: int
    organisation: dict
    coordinator: dict | None


@dataclass
class ImportCheck:
    """What a file would do: rows to create, rows already there, errors (Thai, by line)."""

    new: list[ImportRow] = field(default_factory=list)
    unchanged: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _line_error(line: int, label: str, message: str) -> str:
    where = f"บรรทัด {thai.thai_digits(line)}"
    return f"{where} ({label}): {message}" if label else f"{where}: {message}"


def organisations_csv_check(data: bytes) -> ImportCheck:
    """Read and check the whole file. Writes nothing; runs across organisations."""
    check = ImportCheck()
    if len(data) > MAX_BYTES:
        check.errors.append("ไฟล์ใหญ่เกิน ๒ MB กรุณาแบ่งเป็นหลายไฟล์")
        return check
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        check.errors.append("อ่านไฟล์ไม่ได้ ไฟล์ต้องเป็น CSV แบบ UTF-8 (ใน Excel เลือกบันทึกเป็น “CSV UTF-8”)")
        return check
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [column.strip() for column in next(reader, [])]
    missing = [column for column in CSV_HEADER if column not in header]
    if missing:
        check.errors.append(
            "บรรทัด ๑ (หัวตาราง): ไม่มีคอลัมน์ "
            + ", ".join(missing)
            + " หัวตารางต้องเป็น "
            + ",".join(CSV_HEADER)
        )
        return check
    unknown = [column for column in header if column not in CSV_HEADER]
    if unknown:
        check.errors.append("บรรทัด ๑ (หัวตาราง): มีคอลัมน์ที่ไม่รู้จัก " + ", ".join(unknown))
        return check
    seen_slugs: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    with scopes_disabled():  # the operator's import spans organisations
        for number, values in enumerate(reader, start=2):
            if number - 1 > MAX_ROWS:
                check.errors.append(f"ไฟล์มีเกิน {thai.thai_digits(MAX_ROWS)} แถว กรุณาแบ่งเป็นหลายไฟล์")
                break
            if not any(value.strip() for value in values):
                continue
            if len(values) != len(header):
                check.errors.append(
                    _line_error(
                        number,
                        "",
                        f"มี {thai.thai_digits(len(values))} ช่อง แต่หัวตารางมี "
                        f"{thai.thai_digits(len(header))} ช่อง (ตรวจสอบเครื่องหมายจุลภาคในข้อความ)",
                    )
                )
                continue
            row = dict(zip(header, (value.strip() for value in values), strict=True))
            _check_row(check, number, row, seen_slugs, seen_emails)
    return check


def _check_row(check, number, row, seen_slugs, seen_emails) -> None:
    fields = {name: row[name] for name in onboarding.ORGANISATION_FIELDS}
    name = " ".join(fields["name"].split())
    if fields["slug"]:
        existing = Organisation.objects.filter(slug=fields["slug"]).first()
    else:  # a slug the portal proposed the first time: the same name in the same district
        existing = Organisation.objects.filter(
            name=name,
            district=fields["district"].removeprefix("อำเภอ").strip(),
            province=fields["province"].removeprefix("จังหวัด").strip(),
        ).first()
    if existing is not None:
        if existing.name == name:
            check.unchanged.append(ImportRow(number, fields, None))
        else:
            check.errors.append(
                _line_error(number, "slug", f"ชื่อในลิงก์ “{fields['slug']}” เป็นของ{existing.name}แล้ว")
            )
        return
    form = OrganisationForm(data=fields)
    errors_before = len(check.errors)
    if not form.is_valid():
        for name, messages in form.errors.items():
            for message in messages:
                check.errors.append(_line_error(number, name, message))
    else:
        fields = {name: form.cleaned_data[name] for name in onboarding.ORGANISATION_FIELDS}
        slug = fields["slug"]
        if slug in seen_slugs:
            check.errors.append(
                _line_error(
                    number,
                    "slug",
                    f"ชื่อในลิงก์ “{slug}” ซ้ำกับบรรทัด {thai.thai_digits(seen_slugs[slug])} "
                    "กรุณากำหนดคอลัมน์ slug ให้ต่างกัน",
                )
            )
        seen_slugs[slug] = number
    coordinator = None
    given = {column: row[column] for column in COORDINATOR_COLUMNS}
    if any(given.values()):
        person = CoordinatorForm(
            data={column.removeprefix("coordinator_"): value for column, value in given.items()}
        )
        if not person.is_valid():
            for name, messages in person.errors.items():
                for message in messages:
                    check.errors.append(_line_error(number, f"coordinator_{name}", message))
        else:
            coordinator = person.cleaned_data
            email = coordinator["email"]
            if email in seen_emails:
                check.errors.append(
                    _line_error(
                        number,
                        "coordinator_email",
                        f"อีเมลซ้ำกับบรรทัด {thai.thai_digits(seen_emails[email])}",
                    )
                )
            seen_emails[email] = number
    if len(check.errors) == errors_before:
        check.new.append(ImportRow(number, fields, coordinator))


def organisations_import(*, check: ImportCheck, actor: User | None) -> list[Organisation]:
    """Create the organisations a successful ``organisations_csv_check`` found new, each from
    its template, with its coordinator invited; one transaction (the invitations go out once
    it commits). Raises ServiceError when the check has errors."""
    if not check.ok:
        raise ServiceError("ไฟล์มีข้อผิดพลาด ยังไม่ได้นำเข้าหน่วยงานใด")
    created = []
    with transaction.atomic():
        for row in check.new:
            organisation = onboarding.organisation_create(actor=actor, **row.organisation)
            if row.coordinator:
                coordinator_invite(organisation=organisation, actor=actor, **row.coordinator)
            created.append(organisation)
    return created


def coordinator_invite(*, organisation: Organisation, actor, email, title, first_name, last_name):
    """Invite the organisation's (first) coordinator, as a นิติกร when the position exists."""
    with scope(organisation=organisation):
        position = Position.objects.filter(
            organisation=organisation, title=COORDINATOR_POSITION
        ).first()
        return services.member_invite(
            organisation=organisation,
            actor=actor,
            email=email,
            title=title,
            first_name=first_name,
            last_name=last_name,
            role=Role.COORDINATOR,
            divisions=[position.division] if position and position.division else [],
            position=position,
        )
