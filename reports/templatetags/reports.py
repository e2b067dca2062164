"""``{% reports_waiting %}``: the reports that wait for the visitor, on the dashboard."""

from django import template

from organisations.enums import Role
from reports import selectors
from reports.enums import ReportStatus
from reports.models import Report

register = template.Library()


@register.inclusion_tag("reports/_dashboard_waiting.html", takes_context=True)
def reports_waiting(context):
    """Unread notifications for everyone; the approver's turn; the coordinator's drafts and
    returned reports."""
    request = context["request"]
    membership = request.membership
    card = {
        "organisation": request.organisation,
        "membership": membership,
        "notifications": selectors.unread_notifications(request.user),
        "waiting": [],
        "drafts": [],
    }
    if membership.role == Role.APPROVER:
        card["waiting"] = selectors.waiting_for(request.user)
    if membership.role == Role.COORDINATOR:
        card["drafts"] = list(
            Report.objects.filter(status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED])
            .select_related("fiscal_year")
            .order_by("-fiscal_year__year", "kind")
        )
        for report in card["drafts"]:  # few: the reason is what the drafter must act on
            report.returned = selectors.returned_reason(report)
    return card
