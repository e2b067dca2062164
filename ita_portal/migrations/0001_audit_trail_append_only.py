"""The audit trail cannot be edited: on PostgreSQL, the database itself refuses UPDATE and DELETE
on the history tables of plans, progress and the OIT checklist, and on the decisions and events of
reports. INSERT stays allowed (a deleted object leaves its "-" history row; simple-history's
foreign keys from history rows are DO_NOTHING without a database constraint, so deleting the
object never touches its history). TRUNCATE is not covered: it needs the table owner, which the
portal's runtime role should not be (docs/security.md). Skipped on SQLite (first run only)."""

from django.db import migrations

FUNCTION = "ita_refuse_audit_change"
TRIGGER = "ita_audit_append_only"

TABLES = [
    "measures_historicalmeasureplan",
    "measures_historicalindicatorscore",
    "measures_historicalanalysispoint",
    "measures_historicalmeasure",
    "measures_historicalmeasurestep",
    "measures_historicalmeasurestep_divisions",
    "measures_historicalservicetimefigure",
    "measures_historicalindicatorline",
    "measures_historicalindicatorline_divisions",
    "measures_historicalprogressentry",
    "measures_historicalprogressevidence",
    "oit_checklist_historicaloityear",
    "oit_checklist_historicalitemstatus",
    "oit_checklist_historicalcomponenttick",
    "oit_checklist_historicalitemurl",
    "oit_checklist_historicalevidence",
    "reports_decision",
    "reports_reportevent",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'ita_portal audit trail: % on % is refused (append-only)',
                TG_OP, TG_TABLE_NAME
                USING HINT = 'History, decisions and report events are never changed or removed.';
        END;
        $$
        """,
        params=None,  # the % of RAISE are PL/pgSQL placeholders, not query parameters
    )
    for table in TABLES:
        schema_editor.execute(
            f'CREATE TRIGGER {TRIGGER} BEFORE UPDATE OR DELETE ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS {TRIGGER} ON "{table}"')
    # CASCADE: later migrations (oit_checklist 0004's framework history) guard their tables with
    # the same function; un-applying this one un-applies them first, so only their triggers go.
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}() CASCADE")


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0003_analysis_oit_item"),
        ("oit_checklist", "0002_evidence_history"),
        ("reports", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, remove, elidable=False)]
