"""``{% measures_waiting %}``: what the plan asks of the visitor, on the dashboard."""

from django import template
from django.utils import timezone

from ita_portal import thai

from .. import selectors

register = template.Library()


@register.inclusion_tag("measures/_dashboard_waiting.html", takes_context=True)
def measures_waiting(context):
    """Expects ``request`` (with the membership) and ``fiscal_year`` in the context. For the
    coordinator: the plan and the round's progress; for division staff: their steps of the
    round that are not reported yet."""
    request = context["request"]
    fiscal_year = context["fiscal_year"]
    membership = request.membership
    round_ = thai.current_round(fiscal_year.year, timezone.localdate())
    plan = selectors.plan_of_year(fiscal_year=fiscal_year)
    card = {
        "organisation": request.organisation,
        "membership": membership,
        "fiscal_year": fiscal_year,
        "plan": plan,
        "round": round_,
        "round_label": thai.Round(round_).label,
    }
    if plan is None:
        return card
    if membership.role == "coordinator":
        card["stats"] = selectors.progress_dashboard(plan=plan, round_=round_)["overall"]
        card["measure_count"] = plan.measures.count()
    else:
        measures, lines = selectors.assignments(plan=plan, membership=membership, round_=round_)
        steps = [step for measure in measures for step in measure.my_steps]
        card["assigned"] = len(steps) + len(lines)
        card["to_report"] = [
            step
            for step in steps
            if round_ in step.rounds
            and not (step.round_progress and step.round_progress[0].is_reported)
        ]
    return card
