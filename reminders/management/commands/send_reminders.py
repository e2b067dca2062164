"""``manage.py send_reminders [--dry-run] [--date YYYY-MM-DD]``: the day's reminder digests.

Run it once a day from cron (e.g. ``0 7 * * *`` Bangkok time). Safe to run twice: a digest
already stored for a person, kind and day is not stored or sent again.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_scopes import scopes_disabled

from ita_portal import thai
from reminders import selectors, services


class Command(BaseCommand):
    help = "ส่งการเตือนประจำวัน (อีเมล LINE และในระบบ) ให้ทุกหน่วยงาน"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="แสดงว่าใครจะได้รับอะไร โดยไม่ส่ง")
        parser.add_argument("--date", help="วันที่ (YYYY-MM-DD, ค.ศ.) แทนวันนี้")

    def handle(self, *args, dry_run=False, date=None, **options):
        if date:
            try:
                day = dt.date.fromisoformat(date)
            except ValueError as error:
                raise CommandError(f"วันที่ {date!r} ไม่ถูกต้อง ใช้รูปแบบ YYYY-MM-DD") from error
        else:
            day = timezone.localdate()
        # a command: the run covers every organisation; each row carries its own
        with scopes_disabled():
            if dry_run:
                planned = selectors.digests_of_day(day=day, include_off=True)
                already = set(
                    services.Digest.objects.filter(day=day).values_list(
                        "organisation_id", "recipient_id", "kind"
                    )
                )
                self.stdout.write(f"การเตือนของวันที่ {thai.thai_date(day)} (ทดลอง ไม่ส่งจริง)")
                for p in planned:
                    key = (p.organisation.pk, p.user.pk, p.kind)
                    state = "ส่งแล้ว" if key in already else p.get_channel_display()
                    self.stdout.write(
                        f"{p.organisation.slug} · {p.user.username} · {p.kind} · {state}: "
                        f"{p.subject}"
                    )
                    for line in p.lines:
                        self.stdout.write(f"    - {line.text}  {selectors.absolute(line.url)}")
                self.stdout.write(f"รวม {len(planned)} รายการ")
                return
            stored = services.reminders_send(day=day)
        self.stdout.write(f"การเตือนของวันที่ {thai.thai_date(day)}: บันทึกและส่ง {len(stored)} รายการ")
        for digest in stored:
            self.stdout.write(
                f"{digest.organisation.slug} · {digest.recipient.username} · {digest.kind} · "
                f"{digest.channel}: {digest.subject}"
            )
