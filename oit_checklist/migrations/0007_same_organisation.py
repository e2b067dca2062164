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
        ("oit_checklist", "0006_alter_historicaloitcomponent_text"),
        ("organisations", "0009_same_organisation"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="itemstatus",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="itemstatus_unique_organisation_id"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="componenttick",
            constraint=tenant_integrity.SameOrganisation(
                field="item_status", name="componenttick_item_status_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="evidence",
            constraint=tenant_integrity.SameOrganisation(
                field="item_status", name="evidence_item_status_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="frameworkmove",
            constraint=tenant_integrity.SameOrganisation(
                field="fiscal_year", name="frameworkmove_fiscal_year_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="itemstatus",
            constraint=tenant_integrity.SameOrganisation(
                field="fiscal_year", name="itemstatus_fiscal_year_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="itemstatus",
            constraint=tenant_integrity.SameOrganisation(
                field="division", name="itemstatus_division_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="itemurl",
            constraint=tenant_integrity.SameOrganisation(
                field="item_status", name="itemurl_item_status_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="oitreview",
            constraint=tenant_integrity.SameOrganisation(
                field="fiscal_year", name="oitreview_fiscal_year_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="oityear",
            constraint=tenant_integrity.SameOrganisation(
                field="fiscal_year", name="oityear_fiscal_year_same_organisation"
            ),
        ),
    ]
