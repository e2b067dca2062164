"""Tenant integrity in the data (issue #21, ita_portal/tenant_integrity.py): every row that
points at another tenant row points into its own organisation.

Not atomic, so that each statement commits on its own: the unique (organisation, id) of
each target first (builds an index; writes to that table wait meanwhile), then each
composite foreign key NOT VALID (a moment's lock, no scan) and VALIDATE (a scan that lets
reads and writes go on). A failed run leaves the statements before the failure in
place: drop those constraints (their names are below) before running it again."""

from django.db import migrations, models

from ita_portal import tenant_integrity


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("organisations", "0009_same_organisation"),
        ("reports", "0007_merge_0006_reminders_0006_typed_text_limits"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="approvalchain",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="approvalchain_unique_organisation_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="meeting_unique_organisation_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="report_unique_organisation_id"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="chainstep",
            constraint=tenant_integrity.SameOrganisation(
                field="chain", name="chainstep_chain_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="chainstep",
            constraint=tenant_integrity.SameOrganisation(
                field="position", name="chainstep_position_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="decision",
            constraint=tenant_integrity.SameOrganisation(
                field="report", name="decision_report_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="documentnumber",
            constraint=tenant_integrity.SameOrganisation(
                field="fiscal_year", name="documentnumber_fiscal_year_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="meeting",
            constraint=tenant_integrity.SameOrganisation(
                field="fiscal_year", name="meeting_fiscal_year_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="meetingattendee",
            constraint=tenant_integrity.SameOrganisation(
                field="meeting", name="meetingattendee_meeting_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="meetingdeficiency",
            constraint=tenant_integrity.SameOrganisation(
                field="meeting", name="meetingdeficiency_meeting_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="meetingdeficiency",
            constraint=tenant_integrity.SameOrganisation(
                field="division", name="meetingdeficiency_division_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="memo",
            constraint=tenant_integrity.SameOrganisation(
                field="report", name="memo_report_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="notification",
            constraint=tenant_integrity.SameOrganisation(
                field="report", name="notification_report_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="report",
            constraint=tenant_integrity.SameOrganisation(
                field="fiscal_year", name="report_fiscal_year_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="report",
            constraint=tenant_integrity.SameOrganisation(
                field="supersedes", name="report_supersedes_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="reportevent",
            constraint=tenant_integrity.SameOrganisation(
                field="report", name="reportevent_report_same_organisation"
            ),
        ),
    ]
