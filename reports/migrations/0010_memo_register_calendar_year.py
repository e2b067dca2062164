"""ทะเบียนหนังสือส่ง per calendar year (issue #15): the register is kept per organisation and
calendar year, not per fiscal year, and two memos of one organisation never share a number in
one calendar year (a unique constraint).

Existing numbers: each numbered memo's year is the calendar year of its date. A number met once
in its organisation and year is kept as printed; a number met again (the fiscal-year registers
gave FY2567's and FY2568's first memos both /1) goes to the next free number after the year's
highest, in the order of date and id, and the report's snapshot says the new number. Each
register then starts from the year's highest number."""

from django.db import migrations, models

from ita_portal import thai


def _year(memo) -> int:
    if memo.date is not None:
        return memo.date.year
    if memo.report.submitted_at is not None:
        return memo.report.submitted_at.year
    return memo.report.fiscal_year.year - 543


def number_by_calendar_year(apps, schema_editor):
    Memo = apps.get_model("reports", "Memo")
    DocumentNumber = apps.get_model("reports", "DocumentNumber")
    DocumentNumber.objects.all().delete()
    memos = (
        Memo.objects.filter(number__isnull=False)
        .select_related("report__fiscal_year", "organisation")
        .order_by("date", "pk")
    )
    seen: dict[tuple[int, int], set[int]] = {}
    again = []
    for memo in memos:
        memo.number_year = _year(memo)
        numbers = seen.setdefault((memo.organisation_id, memo.number_year), set())
        if memo.number in numbers:
            again.append(memo)
        else:
            numbers.add(memo.number)
            memo.save(update_fields=["number_year"])
    for memo in again:
        numbers = seen[(memo.organisation_id, memo.number_year)]
        memo.number = max(numbers) + 1
        numbers.add(memo.number)
        memo.save(update_fields=["number", "number_year"])
        report = memo.report
        if isinstance(report.snapshot, dict) and isinstance(report.snapshot.get("memo"), dict):
            prefix = memo.organisation.document_prefix
            report.snapshot["memo"]["number_text"] = thai.thai_digits(f"{prefix}/{memo.number}")
            report.save(update_fields=["snapshot"])
    DocumentNumber.objects.bulk_create(
        DocumentNumber(organisation_id=organisation, year=year, last_number=max(numbers))
        for (organisation, year), numbers in seen.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0009_awaiting_notices"),
    ]

    operations = [
        migrations.AddField(
            model_name="memo",
            name="number_year",
            field=models.PositiveIntegerField(
                blank=True,
                editable=False,
                null=True,
                verbose_name="ปีปฏิทินของเลขที่หนังสือ (ค.ศ.)",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="documentnumber",
            name="documentnumber_fiscal_year_same_organisation",
        ),
        migrations.RemoveField(model_name="documentnumber", name="fiscal_year"),
        migrations.AddField(
            model_name="documentnumber",
            name="year",
            field=models.PositiveIntegerField(default=0, verbose_name="ปีปฏิทิน (ค.ศ.)"),
            preserve_default=False,
        ),
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
