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
        ("organisations", "0008_onboarding"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="division",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="division_unique_organisation_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="fiscalyear",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="fiscalyear_unique_organisation_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="membership_unique_organisation_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="position",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="position_unique_organisation_id"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="invitation",
            constraint=tenant_integrity.SameOrganisation(
                field="membership", name="invitation_membership_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="memberevent",
            constraint=tenant_integrity.SameOrganisation(
                field="membership", name="memberevent_membership_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="membership",
            constraint=tenant_integrity.SameOrganisation(
                field="position", name="membership_position_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="membership",
            constraint=tenant_integrity.SameOrganisation(
                field="acting_position", name="membership_acting_position_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="position",
            constraint=tenant_integrity.SameOrganisation(
                field="division", name="position_division_same_organisation"
            ),
        ),
        migrations.RunPython(
            tenant_integrity.m2m_triggers_forwards(("organisations", "Membership", "divisions")),
            tenant_integrity.m2m_triggers_backwards(("organisations", "Membership", "divisions")),
        ),
    ]
