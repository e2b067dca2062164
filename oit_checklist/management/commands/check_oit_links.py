from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from oit_checklist.models import ItemUrl
from oit_checklist.tasks import check_links
from organisations.models import FiscalYear


class Command(BaseCommand):
    help = (
        "Queue the background link check of every fiscal year that has OIT URLs "
        "(for cron, e.g. nightly in the weeks before the assessor's window); "
        "`manage.py db_worker` runs the checks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="only this fiscal year (พ.ศ.)")

    def handle(self, *args, year: int | None = None, **options):
        # A command spans organisations: each queued check is one organisation's fiscal year.
        with scopes_disabled():
            years = FiscalYear.objects.filter(
                pk__in=ItemUrl.objects.values("item_status__fiscal_year")
            ).select_related("organisation")
            if year:
                years = years.filter(year=year)
            queued = 0
            for fiscal_year in years.order_by("organisation__name", "year"):
                check_links.enqueue(fiscal_year_id=fiscal_year.pk)
                queued += 1
        self.stdout.write(f"ส่งงานตรวจลิงก์ {queued} ปีงบประมาณเข้าคิวแล้ว")
