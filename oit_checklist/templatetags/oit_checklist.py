"""``{% oit_readiness_card %}``: the OIT readiness summary on the organisation's dashboard."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("oit_checklist/_dashboard_card.html", takes_context=True)
def oit_readiness_card(context):
    """Expects ``request`` (with the membership) and ``fiscal_year`` in the context."""
    request = context["request"]
    fiscal_year = context.get("fiscal_year")
    card = {"organisation": request.organisation, "fiscal_year": fiscal_year, "readiness": None}
    if fiscal_year is None or fiscal_year.framework_id is None:
        return card
    readiness = selectors.readiness(organisation=request.organisation, fiscal_year=fiscal_year)
    own = selectors.divisions_of_membership(request.membership)
    mine = None
    if own is not None:
        mine = [row for row in readiness.total.rows if row.status.division_id in own]
    card.update(
        readiness=readiness,
        mine=mine,
        mine_incomplete=(
            [row for row in mine if not row.complete and not row.links_unchecked]
            if mine is not None
            else None
        ),
        mine_unchecked=[row for row in mine if row.links_unchecked] if mine is not None else None,
    )
    return card
