"""Bring a plan in from a Word or Excel file from the command line, like the review page does:

    manage.py import_plan --org nathon --year 2571 แผนมาตรการ-2570.docx [--dry-run]

Prints every measure and step as it would be created and everything that could not be read.
A file with anything unreadable (a period, a division the organisation does not have, a row
outside any measure) writes nothing; otherwise the measures are added after the plan's own,
unless --dry-run.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from ita_portal import thai
from ita_portal.errors import ServiceError
from organisations.models import FiscalYear, Organisation

from ...plan_import import selectors, services
from ...plan_import.resolve import ImportChoices, resolve


class Command(BaseCommand):
    help = "Import a measures plan from a Word (.docx) or Excel (.xlsx) file into a fiscal year."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="the organisation's slug")
        parser.add_argument("--year", required=True, type=int, help="fiscal year (พ.ศ.)")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="print what would be imported, write nothing"
        )

    def handle(self, *args, org, year, file, dry_run, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"ไม่มีหน่วยงาน {org!r}")
        if not file.is_file():
            raise CommandError(f"ไม่พบไฟล์ {file}")
        upload = SimpleUploadedFile(file.name, file.read_bytes())
        # A command works on the one organisation it is given, inside its scope.
        with scope(organisation=organisation):
            fiscal_year = FiscalYear.objects.filter(year=year).first()
            if fiscal_year is None:
                raise CommandError(
                    f"{organisation.name} ไม่มีปีงบประมาณ พ.ศ. {thai.thai_digits(year)} "
                    "กรุณาเปิดปีงบประมาณก่อน"
                )
            try:
                file_format = services.check_upload(upload)
                document = services.read_document(upload.read(), file_format, file.name)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
            except ServiceError as error:
                raise CommandError(error.message) from error
            reading = selectors.plan_import_reading(document=document, organisation=organisation)
            matcher = selectors.division_matcher(organisation=organisation)
            self._print(reading, matcher, year)
            resolution = resolve(reading, ImportChoices(), matcher)
            unread = [p.message for p in resolution.problems] + [
                f"{s.source}: {s.reason} “{s.text}”" for s in reading.skipped if s.unread
            ]
            if unread:
                self.stdout.write("อ่านไม่ได้:")
                for message in unread:
                    self.stdout.write(f"  - {message}")
                raise CommandError(
                    f"อ่านไม่ได้ {thai.thai_digits(len(unread))} รายการ ไม่ได้บันทึกสิ่งใด "
                    "(แก้ไฟล์ หรือนำเข้าทางหน้าเว็บเพื่อเลือกเอง)"
                )
            if dry_run:
                self.stdout.write("ไม่ได้บันทึก (--dry-run)")
                return
            try:
                summary = services.plan_import_write(
                    fiscal_year=fiscal_year,
                    reading=reading,
                    choices=ImportChoices(),
                    file_name=file.name,
                )
            except ServiceError as error:
                raise CommandError(error.message) from error
        self.stdout.write(f"นำเข้าแล้ว: {summary.text}")

    def _print(self, reading, matcher, year: int) -> None:
        names = dict(matcher.divisions)

        def who(item) -> str:
            found = [names[pk] for pk in matcher.ids_of(item.responsible.match)]
            unknown = [f"[ไม่รู้จัก: {u.text}]" for u in item.responsible.match.unknown]
            return ", ".join(found + unknown) or "[ไม่ระบุ]"

        def when(item) -> str:
            period = item.period
            if period.problem:
                return f"[อ่านไม่ได้: “{period.source}”]"
            return thai.period_text(year, period.start, period.end, "dash")

        for number, measure in enumerate(reading.measures, start=1):
            self.stdout.write(f"{thai.thai_digits(number)}. {measure.title}")
            for index, step in enumerate(measure.steps, start=1):
                rounds = [
                    f"รอบ {r} เดือน"
                    for r, on in (("๖", step.follow_up_6), ("๑๒", step.follow_up_12))
                    if on
                ]
                self.stdout.write(f"  ({thai.thai_digits(index)}) {step.text}")
                self.stdout.write(f"      ผู้รับผิดชอบ: {who(step)}")
                self.stdout.write(f"      ระยะเวลา: {when(step)} · ติดตาม {' / '.join(rounds)}")
        if reading.lines:
            self.stdout.write("แนวทางการยกระดับตามตัวชี้วัด IIT/EIT:")
            for line in reading.lines:
                indicator = (
                    f"ตัวชี้วัดที่ {thai.thai_digits(line.indicator)}"
                    if line.indicator
                    else f"[อ่านตัวชี้วัดไม่ได้: “{line.indicator_source}”]"
                )
                self.stdout.write(f"  {indicator}: {line.approach}")
                self.stdout.write(f"      ผู้รับผิดชอบ: {who(line)} · ระยะเวลา: {when(line)}")
        lines = (
            f" แนวทางตามตัวชี้วัด {thai.thai_digits(len(reading.lines))} รายการ"
            if reading.lines
            else ""
        )
        self.stdout.write(
            f"อ่านได้ {thai.thai_digits(len(reading.measures))} มาตรการ "
            f"{thai.thai_digits(len(reading.steps))} ขั้นตอน{lines}"
        )
