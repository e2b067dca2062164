from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ita_portal.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into the configured database, which must be "
        "empty, and the media storage (a folder or a bucket), which must be empty. Every file "
        "is checked against the archive's manifest before anything is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options):
        if not archive.is_file():
            raise CommandError(f"ไม่พบไฟล์ {archive}")
        try:
            manifest = restore(archive)
        except BackupError as error:
            raise CommandError(f"กู้คืนข้อมูลไม่สำเร็จ (ไม่ได้เขียนสิ่งใด): {error}") from None
        self.stdout.write(
            f"กู้คืนข้อมูลจากสำเนาเมื่อ {manifest['created']} แล้ว: "
            f"ไฟล์ {len(manifest['files']) - 1} ไฟล์ ตรงตาม SHA-256 ทุกไฟล์"
        )
