from django.core.files.storage import storages
from django.core.management.base import BaseCommand

from ita_portal import media


class Command(BaseCommand):
    help = (
        "List media files that no database row references (left by a crash between writing a "
        "file and committing its row) and, with --delete, remove them. Also lists rows whose "
        "file is missing. Files younger than --min-age minutes are left alone: they may belong "
        "to an upload that is committing right now."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="remove the orphans")
        parser.add_argument(
            "--min-age",
            type=float,
            default=60,
            help="minutes a file must be old before it counts as an orphan (default 60)",
        )

    def handle(self, *args, delete: bool, min_age: float, **options):
        storage = storages["default"]
        result = media.audit(min_age_seconds=min_age * 60, storage=storage)
        for name in result.orphans:
            if delete:
                storage.delete(name)
            self.stdout.write(f"{'ลบ' if delete else 'ไม่มีแถวใดอ้างถึง'}: {name}")
        for column, name in result.missing:
            self.stderr.write(f"ไม่พบไฟล์ของ {column}: {name}")
        action = "ลบแล้ว" if delete else "พบ (ยังไม่ลบ ใช้ --delete เพื่อลบ)"
        self.stdout.write(
            f"ไฟล์ที่ฐานข้อมูลอ้างถึง {result.referenced} ไฟล์; "
            f"ไฟล์กำพร้า{action} {len(result.orphans)} ไฟล์; "
            f"ใหม่เกินกว่าจะตัดสิน {len(result.too_recent)} ไฟล์; "
            f"แถวที่ไม่มีไฟล์ {len(result.missing)} แถว"
        )
