from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from oit_checklist import framework_selectors
from oit_checklist.enums import AgencyType


class Command(BaseCommand):
    help = (
        "Write the OIT framework of one assessment year to a data file, TSV or XLSX by the "
        "name's extension: exactly what load_oit_framework reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="assessment year in พ.ศ.")
        parser.add_argument("--out", type=Path, required=True, help="FILE.tsv or FILE.xlsx")
        parser.add_argument(
            "--agency-type", default=AgencyType.LOCAL.value, choices=AgencyType.values
        )

    def handle(self, *args, year: int, out: Path, agency_type: str, **options):
        suffix = out.suffix.lower()
        if suffix not in {".tsv", ".xlsx"}:
            raise CommandError("--out ต้องลงท้ายด้วย .tsv หรือ .xlsx")
        framework = framework_selectors.framework_of(agency_type=agency_type, year=year)
        if framework is None:
            raise CommandError(f"ไม่มีกรอบการประเมิน OIT ปี พ.ศ. {year} ({agency_type})")
        data = framework_selectors.framework_file(framework=framework, fmt=suffix[1:])
        out.write_bytes(data)
        count = framework.items.count()
        self.stdout.write(f"เขียนกรอบการประเมิน OIT ปี พ.ศ. {year} ลงใน {out} แล้ว: {count} ข้อ")
