from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from oit_checklist.loader import FrameworkFileError, framework_load_file


class Command(BaseCommand):
    help = (
        "Load (or re-load) the OIT framework of one assessment year from a TSV data file. "
        "The whole file is checked first; a malformed file is refused and nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="UTF-8, tab-separated, with a header line")
        parser.add_argument("--year", type=int, required=True, help="assessment year in พ.ศ.")

    def handle(self, *args, file: Path, year: int, **options):
        if not file.is_file():
            raise CommandError(f"ไม่พบไฟล์ {file}")
        try:
            result = framework_load_file(path=file, year=year)
        except FrameworkFileError as error:
            lines = "\n".join(f"  บรรทัดที่ {line}: {reason}" for line, reason in error.errors)
            raise CommandError(f"ไม่นำเข้าไฟล์ {file} (ไม่มีข้อมูลใดถูกบันทึก):\n{lines}") from None
        verb = "นำเข้า" if result.created else "ปรับปรุง"
        self.stdout.write(
            f"{verb}กรอบการประเมิน OIT ปี พ.ศ. {year} แล้ว: "
            f"{result.items} ข้อ, {result.components} องค์ประกอบ"
        )
