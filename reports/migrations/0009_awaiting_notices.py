"""The "… รอการพิจารณาของท่าน" notices sent before they had a kind (issue #19): marked
awaiting, and settled (read) when their report no longer waits for their recipient, so an
approver is not asked to decide a report already decided or published."""

from django.db import migrations
from django.utils import timezone

SUFFIX = "รอการพิจารณาของท่าน"


def mark(apps, schema_editor):
    Notification = apps.get_model("reports", "Notification")
    # A migration runs outside any organisation's scope; the historical model's manager is
    # Django's plain one.
    notices = Notification.objects.filter(
        kind="", report__isnull=False, text__endswith=SUFFIX
    ).select_related("report")
    now = timezone.now()
    for note in notices:
        report = note.report
        chain = report.chain or []
        done = report.decisions.filter(review_round=report.review_round).count()
        waiting = (
            report.status == "in_review"
            and done < len(chain)
            and chain[done].get("signer_id") == note.recipient_id
        )
        note.kind = "awaiting" if waiting else "awaiting-settled"
        if not waiting and note.read_at is None:
            note.read_at = now
        note.save(update_fields=["kind", "read_at"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0008_same_organisation")]

    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
