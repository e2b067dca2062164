"""Tenant integrity in the data (issue #21, ita_portal/tenant_integrity.py): every row that
points at another tenant row points into its own organisation.

Not atomic, so that each statement commits on its own: the unique (organisation, id) of
each target first (builds an index; writes to that table wait meanwhile), then each
composite foreign key NOT VALID (a moment's lock, no scan) and VALIDATE (a scan that lets
reads and writes go on). A failed run leaves the statements before the failure in
place: drop those constraints (their names are below) before running it again."""

from django.db import migrations

from ita_portal import tenant_integrity


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("organisations", "0009_same_organisation"),
        ("reminders", "0003_text_limits"),
        ("reports", "0008_same_organisation"),
    ]

    operations = [
        tenant_integrity.AddSameOrganisation(
            model_name="escalation",
            constraint=tenant_integrity.SameOrganisation(
                field="report", name="escalation_report_same_organisation"
            ),
        ),
    ]
