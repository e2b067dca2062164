"""The "… รอการพิจารณาของท่าน" notices sent before they had a kind (issue #19): marked
awaiting, and settled (read) when their report no longer waits for their recipient, so an
approver is not asked to decide a report already decided or published.

Three statements whatever the number of notices (tests/test_scale_migrate.py): a report in
review waits for the recipient of its newest notice (each decision notifies the next approver),
every other old notice is settled."""

from django.db import migrations
from django.db.models import Max
from django.db.models.functions import Coalesce, Now

SUFFIX = "รอการพิจารณาของท่าน"


def mark(apps, schema_editor):
    Notification = apps.get_model("reports", "Notification")
    # A migration runs outside any organisation's scope; the historical model's manager is
    # Django's plain one.
    old = Notification.objects.filter(kind="", report__isnull=False, text__endswith=SUFFIX)
    newest_in_review = (
        old.filter(report__status="in_review")
        .values("report")
        .annotate(newest=Max("id"))
        .values("newest")
    )
    old.filter(id__in=newest_in_review).update(kind="awaiting")
    old.update(kind="awaiting-settled", read_at=Coalesce("read_at", Now()))


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_same_organisation")]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
