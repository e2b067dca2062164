from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ita_portal import thai
from organisations import imports


class Command(BaseCommand):
    help = (
        "Create organisations from a UTF-8 CSV file (header: "
        + ",".join(imports.CSV_HEADER)
        + "), each from the template of its kind, and invite their coordinators. The whole "
        "file is checked first; nothing is written when any line is wrong. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and say what would happen"
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"อ่านไฟล์ {file} ไม่ได้: {error.strerror}") from None
        check = imports.organisations_csv_check(data)
        if not check.ok:
            for error in check.errors:
                self.stderr.write(error)
            raise CommandError(
                f"ไฟล์มีข้อผิดพลาด {thai.thai_digits(len(check.errors))} รายการ ยังไม่ได้นำเข้าหน่วยงานใด"
            )
        for row in check.unchanged:
            self.stdout.write(f"มีอยู่แล้ว ไม่เปลี่ยนแปลง: {row.organisation['name']}")
        if dry_run:
            for row in check.new:
                self.stdout.write(
                    f"จะสร้าง: {row.organisation['name']} ({row.organisation['slug']})"
                )
            return
        created = imports.organisations_import(check=check, actor=None)
        for organisation in created:
            self.stdout.write(f"สร้างแล้ว: {organisation.name} (/o/{organisation.slug}/)")
        invited = sum(1 for row in check.new if row.coordinator)
        self.stdout.write(
            f"สร้างหน่วยงาน {thai.thai_digits(len(created))} แห่ง "
            f"ส่งคำเชิญผู้ประสานงาน {thai.thai_digits(invited)} คน "
            f"มีอยู่แล้ว {thai.thai_digits(len(check.unchanged))} แห่ง"
            + (" ไม่มีการเปลี่ยนแปลง" if not created else "")
        )
