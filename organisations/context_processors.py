from . import selectors


def tenancy(request):
    """The current organisation, the visitor's membership of it and its current fiscal year
    (for the navigation), for every template."""
    organisation = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    current_year = None
    if organisation and membership:
        current_year = selectors.fiscal_year_current(organisation=organisation)
    return {"organisation": organisation, "membership": membership, "current_year": current_year}
