"""ทะเบียนหนังสือส่ง per calendar year (issue #15), first part: the register is kept per
organisation and calendar year, not per fiscal year, and a memo knows the calendar year of its
number. 0011 gives the existing memos their numbers and adds the constraints.

Existing numbers (0011): each numbered memo's year is the calendar year of its date. A number
met once in its organisation and year is kept as printed; a number met again (the fiscal-year
registers gave FY2567's and FY2568's first memos both /1) goes to the next free number after
the year's highest, in the order of date and id, and the report's snapshot says the new number.
Each register then starts from the year's highest number."""

import django.db.models.deletion
from django.db import migrations, models


def forget_calendar_registers(apps, schema_editor):
    """Backwards: the registers go (forwards makes them again from the memos' numbers)."""
    apps.get_model("reports", "DocumentNumber").objects.all().delete()
    _checks_now(schema_editor)


def _checks_now(schema_editor):
    """The deferred checks of the rows just written run now: PostgreSQL refuses the ALTER TABLE
    that follows while they are pending ("pending trigger events")."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


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
        migrations.AlterField(
            model_name="documentnumber",
            name="fiscal_year",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to="organisations.fiscalyear",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, forget_calendar_registers),
        migrations.RemoveField(model_name="documentnumber", name="fiscal_year"),
        migrations.AddField(
            model_name="documentnumber",
            name="year",
            field=models.PositiveIntegerField(default=0, verbose_name="ปีปฏิทิน (ค.ศ.)"),
            preserve_default=False,
        ),
    ]
