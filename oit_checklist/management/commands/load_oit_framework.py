from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from oit_checklist.enums import AgencyType
from oit_checklist.framework_services import framework_load_file
from oit_checklist.loader import FrameworkFileError


class Command(BaseCommand):
    help = (
        "Load (or re-load) the OIT framework of one assessment year from a data file, TSV "
        "(UTF-8, tab-separated) or XLSX (the same columns on one sheet). The whole file is "
        "checked first; a malformed file is refused and nothing is written. A framework "
        "loaded again is updated in place (the organisations' ticks are kept)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=".tsv or .xlsx, with a header line")
        parser.add_argument("--year", type=int, required=True, help="assessment year in พ.ศ.")
        parser.add_argument(
            "--agency-type",
            default=AgencyType.LOCAL.value,
            choices=AgencyType.values,
            help="whose framework it is (default: lao, อปท.)",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="load a new year as a draft, for an operator to compare and publish at "
            "/site/frameworks/ (otherwise it is published at once)",
        )

    def handle(self, *args, file: Path, year: int, agency_type: str, draft: bool, **options):
        if not file.is_file():
            raise CommandError(f"ไม่พบไฟล์ {file}")
        try:
            result = framework_load_file(
                path=file, year=year, agency_type=agency_type, publish=not draft
            )
        except FrameworkFileError as error:
            lines = "\n".join(f"  {line}" for line in error.lines())
            raise CommandError(f"ไม่นำเข้าไฟล์ {file} (ไม่มีข้อมูลใดถูกบันทึก):\n{lines}") from None
        verb = "นำเข้า" if result.created else "ปรับปรุง"
        state = " (ฉบับร่าง)" if result.framework.is_draft else ""
        self.stdout.write(
            f"{verb}กรอบการประเมิน OIT ปี พ.ศ. {year}{state} แล้ว: "
            f"{result.items} ข้อ, {result.components} องค์ประกอบ"
        )
