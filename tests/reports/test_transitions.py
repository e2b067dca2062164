"""The whole transition table of a report, walked: every action from every status by every kind
of actor. What the table (reports.services.TRANSITIONS) allows succeeds, and moves the report to
a status the table names; everything else is refused with a Thai message and changes nothing."""

import pytest
from django.db import transaction
from django_scopes import scope

from ita_portal.errors import ServiceError
from organisations.models import FiscalYear, Membership
from reports import services
from reports.enums import DecisionValue, EventAction, ReportKind, ReportStatus
from reports.models import Report

pytestmark = pytest.mark.django_db

ACTORS = ["coordinator", "staff", "approver", "approver_out_of_turn", "worker"]


class _Undo(Exception):
    """Raised at the end of an attempt so that its savepoint rolls back."""


def _in_state(status, coordinator_membership, approvers) -> Report:
    year = FiscalYear.objects.get(year=2569)
    report = services.report_create(
        membership=coordinator_membership, fiscal_year=year, kind=ReportKind.PLAN
    )
    if status == ReportStatus.DRAFT:
        return report
    report = services.report_submit(report=report, membership=coordinator_membership)
    if status == ReportStatus.IN_REVIEW:
        return report
    if status == ReportStatus.RETURNED:
        return services.report_withdraw(report=report, membership=coordinator_membership)
    for approver in approvers:
        services.report_decide(report=report, user=approver, value=DecisionValue.APPROVE)
    if status == ReportStatus.APPROVED:
        return Report.objects.get(pk=report.pk)
    return services.report_publish(
        report=Report.objects.get(pk=report.pk), user=coordinator_membership.user
    )


def _call(action, actor, report, people):
    """Take ``action`` on ``report`` as ``actor`` through the service a person (or the worker)
    uses."""
    membership = {"coordinator": people["coordinator"], "staff": people["staff"]}.get(actor)
    if action == EventAction.SUBMIT:
        return services.report_submit(report=report, membership=membership)
    if action == EventAction.WITHDRAW:
        return services.report_withdraw(report=report, membership=membership)
    if action in (EventAction.APPROVE, EventAction.RETURN):
        user = people[actor].user if actor in people else None
        if actor == "approver":
            step = services.report_current_step(report=report)
            user = people["approvers"][step or 0]
        elif actor == "approver_out_of_turn":
            step = services.report_current_step(report=report)
            user = people["approvers"][((step or 0) + 1) % 4]
        if user is None:
            raise ServiceError("the worker decides nothing")
        value = DecisionValue.APPROVE if action == EventAction.APPROVE else DecisionValue.REJECT
        return services.report_decide(
            report=report, user=user, value=value, comment="ขอให้แก้ไขตารางที่ ๒"
        )
    if action == EventAction.PUBLISH:
        if actor != "worker":
            raise ServiceError("only the worker publishes")
        return services.report_publish(report=report, user=people["coordinator"].user)
    raise AssertionError(action)


def _expected(action, status, actor) -> str:
    if (action, status, actor) == (EventAction.PUBLISH, ReportStatus.PUBLISHED, "worker"):
        return "unchanged"  # the publishing task may run twice: the second run does nothing
    transition = services.TRANSITIONS[action]
    return "done" if status in transition.sources and actor == transition.by else "refused"


def _attempt(action, actor, report, people) -> str:
    """Take the action in a savepoint that is rolled back; say what happened."""
    status, events = report.status, report.events.count()
    try:
        with transaction.atomic():
            _call(action, actor, Report.objects.get(pk=report.pk), people)
            after = Report.objects.get(pk=report.pk)
            if after.status == status and after.events.count() == events:
                outcome = "unchanged"
            else:
                assert after.status in services.TRANSITIONS[action].targets
                assert after.events.count() == events + 1
                assert after.events.order_by("pk").last().action == action
                outcome = "done"
            raise _Undo
    except _Undo:
        return outcome
    except ServiceError as error:
        assert error.message  # a sentence for the person who acted
        unchanged = Report.objects.get(pk=report.pk)
        assert (unchanged.status, unchanged.events.count()) == (status, events)
        return "refused"


def test_every_transition_for_every_actor(nathon, coordinator, staff_klang, approvers):
    outcomes, expected = {}, {}
    with scope(organisation=nathon):
        nathon.publish_on_approval = False
        nathon.save(update_fields=["publish_on_approval"])
        people = {
            "coordinator": Membership.objects.get(user=coordinator),
            "staff": Membership.objects.get(user=staff_klang),
            "approvers": approvers,
        }
        for status in ReportStatus:
            try:
                with transaction.atomic():
                    report = _in_state(status, people["coordinator"], approvers)
                    assert report.status == status
                    for action in services.TRANSITIONS:
                        for actor in ACTORS:
                            key = (action, status.value, actor)
                            expected[key] = _expected(action, status, actor)
                            outcomes[key] = _attempt(action, actor, report, people)
                    raise _Undo
            except _Undo:
                pass
    assert len(outcomes) == len(services.TRANSITIONS) * len(ReportStatus) * len(ACTORS)
    assert {key: got for key, got in outcomes.items() if got != expected[key]} == {}
    assert {key for key, got in outcomes.items() if got == "done"} == {
        (EventAction.SUBMIT, "draft", "coordinator"),
        (EventAction.SUBMIT, "returned", "coordinator"),
        (EventAction.WITHDRAW, "in_review", "coordinator"),
        (EventAction.APPROVE, "in_review", "approver"),
        (EventAction.RETURN, "in_review", "approver"),
        (EventAction.PUBLISH, "approved", "worker"),
    }


def test_a_transition_the_table_lacks_is_refused(nathon, coordinator):
    """Even a service asking report_transition() for it gets a refusal, and nothing changes."""
    with scope(organisation=nathon):
        membership = Membership.objects.get(user=coordinator)
        report = services.report_create(
            membership=membership,
            fiscal_year=FiscalYear.objects.get(year=2569),
            kind=ReportKind.PLAN,
        )
        with pytest.raises(ServiceError), transaction.atomic():
            report = services._locked(report)
            services.report_transition(
                report=report, action=EventAction.SUBMIT, to_status=ReportStatus.PUBLISHED
            )
        assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT
