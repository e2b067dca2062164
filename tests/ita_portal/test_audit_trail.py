"""The audit trail cannot be edited: PostgreSQL itself refuses UPDATE and DELETE on the history
tables of plans, progress and the OIT checklist and on the decisions and events of reports
(migration ita_portal 0001). New rows are still written, and deleting an object keeps its history.
"""

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django_scopes import scopes_disabled

from measures.models import ProgressEntry
from organisations.models import FiscalYear
from reports.enums import DecisionValue, EventAction, ReportKind, ReportStatus
from reports.models import Decision, Report, ReportEvent

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL only"
)

AUDITED_APPS = {"measures", "oit_checklist"}
TRIGGER = "ita_audit_append_only"


def _audited_tables() -> set[str]:
    tables = {"reports_decision", "reports_reportevent"}
    for model in apps.get_models():
        if model._meta.app_label in AUDITED_APPS and model.__name__.startswith("Historical"):
            tables.add(model._meta.db_table)
    return tables


def _guarded_tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = %s AND NOT t.tgisinternal",
            [TRIGGER],
        )
        return {row[0] for row in cursor.fetchall()}


def _refused(statement):
    """Run ``statement``; return the database's refusal message (fails if it was allowed)."""
    with pytest.raises(DatabaseError) as refusal, transaction.atomic():
        statement()
    return str(refusal.value)


def test_every_history_table_of_plans_progress_and_oit_is_guarded(db):
    audited = _audited_tables()
    assert "measures_historicalprogressentry" in audited
    assert "oit_checklist_historicalitemstatus" in audited
    missing = audited - _guarded_tables()
    assert not missing, f"history tables without the append-only trigger: {sorted(missing)}"


def test_history_rows_cannot_be_changed_or_removed(demo, unscoped):
    entry = ProgressEntry.objects.filter(pk__in=ProgressEntry.history.values("id")).first()
    history = ProgressEntry.history.filter(id=entry.pk)
    count = history.count()
    assert count >= 1

    message = _refused(lambda: history.update(remark="แก้ย้อนหลัง"))
    assert "UPDATE on measures_historicalprogressentry is refused" in message
    assert "DELETE on measures_historicalprogressentry is refused" in _refused(history.delete)
    with connection.cursor() as cursor:  # not even in raw SQL
        assert "refused" in _refused(
            lambda: cursor.execute("DELETE FROM oit_checklist_historicalitemstatus")
        )

    # Working on the entry itself still writes history, and deleting it keeps every row.
    entry.remark = "เพิ่มเติมผลการดำเนินงาน"
    entry.save()
    assert history.count() == count + 1
    entry.delete()
    assert history.count() == count + 2
    assert history.order_by("-history_id").first().history_type == "-"


@pytest.fixture
def decided_report(nathon, coordinator, approvers, unscoped):
    now = timezone.now()
    report = Report.objects.create(
        organisation=nathon,
        fiscal_year=FiscalYear.objects.get(organisation=nathon, year=2568),
        kind=ReportKind.PLAN,
        title="รายงานการจัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
        status=ReportStatus.IN_REVIEW,
        drafter=coordinator,
        review_round=1,
    )
    ReportEvent.objects.create(
        organisation=nathon,
        report=report,
        action=EventAction.SUBMIT,
        actor=coordinator,
        from_status=ReportStatus.DRAFT,
        to_status=ReportStatus.IN_REVIEW,
        at=now,
    )
    Decision.objects.create(
        organisation=nathon,
        report=report,
        review_round=1,
        step=0,
        decided_by=approvers[0],
        value=DecisionValue.APPROVE,
        decided_at=now,
    )
    return report


def test_decisions_and_report_events_cannot_be_changed_or_removed(decided_report):
    decisions = Decision.objects.filter(report=decided_report)
    events = ReportEvent.objects.filter(report=decided_report)
    assert "UPDATE on reports_decision" in _refused(
        lambda: decisions.update(value=DecisionValue.REJECT)
    )
    assert "DELETE on reports_decision" in _refused(decisions.delete)
    assert "UPDATE on reports_reportevent" in _refused(lambda: events.update(comment="x"))
    assert "DELETE on reports_reportevent" in _refused(events.delete)
    # The report itself still moves on (its status is not part of the trail).
    decided_report.status = ReportStatus.APPROVED
    decided_report.save(update_fields=["status"])
    assert decisions.get().value == DecisionValue.APPROVE


def test_an_organisation_with_decisions_cannot_be_deleted(decided_report, nathon):
    # Deactivate it instead (Organisation.is_active): its records stay, as the law requires.
    # Django refuses first (Decision.report is PROTECT), naming the decision; the trigger is the
    # database's own guard for whatever bypasses the ORM (raw SQL, tested above).
    decision = Decision.objects.get(report=decided_report)
    with scopes_disabled(), pytest.raises(ProtectedError) as refusal, transaction.atomic():
        nathon.delete()
    assert decision in refusal.value.protected_objects
    assert type(nathon).objects.filter(pk=nathon.pk).exists()
    assert Decision.objects.filter(report=decided_report).exists()
    with connection.cursor() as cursor:
        message = _refused(
            lambda: cursor.execute("DELETE FROM reports_decision WHERE id = %s", [decision.pk])
        )
    assert "DELETE on reports_decision is refused" in message
