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
        ("measures", "0007_text_limits"),
        ("organisations", "0009_same_organisation"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="indicatorline",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="indicatorline_unique_organisation_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="measure_unique_organisation_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="measureplan",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="measureplan_unique_organisation_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="measurestep",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="measurestep_unique_organisation_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="progressentry",
            constraint=models.UniqueConstraint(
                fields=("organisation", "id"), name="progressentry_unique_organisation_id"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="analysispoint",
            constraint=tenant_integrity.SameOrganisation(
                field="plan", name="analysispoint_plan_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="indicatorline",
            constraint=tenant_integrity.SameOrganisation(
                field="plan", name="indicatorline_plan_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="indicatorscore",
            constraint=tenant_integrity.SameOrganisation(
                field="plan", name="indicatorscore_plan_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="measure",
            constraint=tenant_integrity.SameOrganisation(
                field="plan", name="measure_plan_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="measureplan",
            constraint=tenant_integrity.SameOrganisation(
                field="fiscal_year", name="measureplan_fiscal_year_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="measurestep",
            constraint=tenant_integrity.SameOrganisation(
                field="measure", name="measurestep_measure_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="planimport",
            constraint=tenant_integrity.SameOrganisation(
                field="fiscal_year", name="planimport_fiscal_year_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="progressentry",
            constraint=tenant_integrity.SameOrganisation(
                field="step", name="progressentry_step_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="progressentry",
            constraint=tenant_integrity.SameOrganisation(
                field="indicator_line", name="progressentry_indicator_line_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="progressevidence",
            constraint=tenant_integrity.SameOrganisation(
                field="progress", name="progressevidence_progress_same_organisation"
            ),
        ),
        tenant_integrity.AddSameOrganisation(
            model_name="servicetimefigure",
            constraint=tenant_integrity.SameOrganisation(
                field="step", name="servicetimefigure_step_same_organisation"
            ),
        ),
        migrations.RunPython(
            tenant_integrity.m2m_triggers_forwards(
                ("measures", "MeasureStep", "divisions"), ("measures", "IndicatorLine", "divisions")
            ),
            tenant_integrity.m2m_triggers_backwards(
                ("measures", "MeasureStep", "divisions"), ("measures", "IndicatorLine", "divisions")
            ),
        ),
    ]
