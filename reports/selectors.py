"""Reads of reports for the pages (constant query counts: lists never query per row)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, F, Q, QuerySet

from organisations.enums import Role
from reports.enums import EventAction, ReportStatus
from reports.models import Notification, Report

# Drafts and reports in review are the coordinator's (who drafts them) and the approvers' (who
# decide them); everybody else in the organisation sees what has been published.
SEES_UNPUBLISHED = {Role.COORDINATOR, Role.APPROVER}


def reports_visible_to(*, membership) -> QuerySet[Report]:
    """The reports ``membership`` may open (and have rendered): all of them for the
    coordinator and the approvers, the published ones for division staff and viewers."""
    reports = Report.objects.all()
    if membership is not None and membership.role in SEES_UNPUBLISHED:
        return reports
    return reports.filter(status=ReportStatus.PUBLISHED)


def reports_by_year(*, membership) -> list[tuple[object, list[Report]]]:
    """The reports ``membership`` may open, grouped by fiscal year, newest year first."""
    groups: dict = defaultdict(list)
    reports = (
        reports_visible_to(membership=membership)
        .select_related("fiscal_year")
        .order_by("-fiscal_year__year", "kind", "round", "-version")
    )
    for report in reports:
        groups[report.fiscal_year].append(report)
    return list(groups.items())


def waiting_for(user) -> list[Report]:
    """Reports in review whose current step is signed by ``user``."""
    reports = (
        Report.objects.filter(status=ReportStatus.IN_REVIEW)
        .select_related("fiscal_year", "drafter")
        .annotate(done=Count("decisions", filter=Q(decisions__review_round=F("review_round"))))
        .order_by("submitted_at")
    )
    return [
        r
        for r in reports
        if r.done < len(r.chain or []) and r.chain[r.done]["signer_id"] == user.pk
    ]


def unread_notifications(user, limit: int = 10) -> list[Notification]:
    return list(
        Notification.objects.filter(recipient=user, read_at=None).select_related(
            "report", "organisation"
        )[:limit]
    )


def returned_reason(report: Report):
    """The event that sent the report back (a "not approved" or a withdrawal), if it is back."""
    if report.status != ReportStatus.RETURNED:
        return None
    return (
        report.events.filter(action__in=[EventAction.RETURN, EventAction.WITHDRAW])
        .select_related("actor")
        .order_by("-at", "-pk")
        .first()
    )


def decisions_by_round(report: Report) -> list[tuple[int, list]]:
    """Every decision ever taken on the report, grouped by review round, newest round first."""
    rounds: dict = defaultdict(list)
    for decision in report.decisions.select_related("decided_by").order_by("review_round", "step"):
        rounds[decision.review_round].append(decision)
    return sorted(rounds.items(), reverse=True)


def versions(report: Report, *, membership) -> list[Report]:
    """The versions of the same document (kind, year, round) ``membership`` may open, newest
    first."""
    return list(
        reports_visible_to(membership=membership)
        .filter(fiscal_year=report.fiscal_year, kind=report.kind, round=report.round)
        .order_by("-version")
    )
