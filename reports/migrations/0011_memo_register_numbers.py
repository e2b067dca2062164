"""ทะเบียนหนังสือส่ง per calendar year, second part (issue #15): the numbers and registers of
0010's calendar-year registers, then the constraints that keep two memos of one organisation
from sharing a number in one calendar year (a migration of its own, so that the data migration
sees the fields 0010 added)."""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery, Window
from django.db.models.functions import Coalesce, ExtractYear, RowNumber

from ita_portal import thai


def number_by_calendar_year(apps, schema_editor):
    """The same statements whatever the number of organisations and memos
    (tests/test_scale_migrate.py), but for the memos whose number was met before in its year:
    a legacy of the fiscal-year registers, renumbered one by one (none the second time)."""
    Memo = apps.get_model("reports", "Memo")
    Report = apps.get_model("reports", "Report")
    DocumentNumber = apps.get_model("reports", "DocumentNumber")
    report = Report.objects.filter(pk=OuterRef("report_id"))
    numbered = Memo.objects.filter(number__isnull=False)
    numbered.update(
        number_year=Coalesce(
            ExtractYear("date"),
            Subquery(report.annotate(year=ExtractYear("submitted_at")).values("year")[:1]),
            Subquery(report.values("fiscal_year__year")[:1]) - 543,
        )
    )
    again = (
        numbered.annotate(
            seen=Window(
                RowNumber(),
                partition_by=["organisation_id", "number_year", "number"],
                order_by=["date", "pk"],
            )
        )
        .filter(seen__gt=1)
        .select_related("report", "organisation")
    )
    for memo in list(again):
        highest = numbered.filter(
            organisation_id=memo.organisation_id, number_year=memo.number_year
        ).aggregate(highest=Max("number"))["highest"]
        memo.number = highest + 1
        memo.save(update_fields=["number"])
        report = memo.report
        if isinstance(report.snapshot, dict) and isinstance(report.snapshot.get("memo"), dict):
            prefix = memo.organisation.document_prefix
            report.snapshot["memo"]["number_text"] = thai.thai_digits(f"{prefix}/{memo.number}")
            report.save(update_fields=["snapshot"])
    DocumentNumber.objects.all().delete()
    DocumentNumber.objects.bulk_create(
        DocumentNumber(
            organisation_id=row["organisation_id"], year=row["number_year"], last_number=row["last"]
        )
        for row in numbered.order_by()
        .values("organisation_id", "number_year")
        .annotate(last=Max("number"))
    )
    _checks_now(schema_editor)


def _checks_now(schema_editor):
    """The deferred checks of the rows just written run now: PostgreSQL refuses the ALTER TABLE
    that follows while they are pending ("pending trigger events")."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [("reports", "0010_memo_register_calendar_year")]

    operations = [
        migrations.RunPython(number_by_calendar_year, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="documentnumber",
            constraint=models.UniqueConstraint(
                fields=("organisation", "year"), name="documentnumber_unique_per_calendar_year"
            ),
        ),
        migrations.AddConstraint(
            model_name="memo",
            constraint=models.UniqueConstraint(
                fields=("organisation", "number_year", "number"),
                name="memo_number_unique_per_calendar_year",
            ),
        ),
    ]
