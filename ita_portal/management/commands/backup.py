from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ita_portal.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format; on SQLite a copy of the file) and every "
        "media file into one tar archive with a manifest of SHA-256 sums."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, required=True, help="the archive to write")

    def handle(self, *args, out: Path, **options):
        try:
            manifest = backup(out)
        except BackupError as error:
            raise CommandError(f"สำรองข้อมูลไม่สำเร็จ: {error}") from None
        files = len(manifest["files"]) - 1
        total = sum(manifest["sizes"].values())
        self.stdout.write(
            f"สำรองข้อมูลแล้ว: {out} (ฐานข้อมูล {manifest['engine']} และไฟล์ {files} ไฟล์, "
            f"{total / 1024 / 1024:.1f} MiB ก่อนรวมไฟล์)"
        )
