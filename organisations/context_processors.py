from django.utils.functional import SimpleLazyObject
from django_scopes import scope

from . import selectors


def tenancy(request):
    """The current organisation, the visitor's membership of it and its current fiscal year
    (for the navigation), for every template.

    Some pages are rendered outside the view, and so outside the tenancy middleware's scope:
    django-axes answers a lockout from its middleware (a wrong password typed again and again
    when confirming a decision). The query opens the organisation's own scope for that."""
    organisation = getattr(request, "organisation", None)
    membership = getattr(request, "membership", None)
    current_year = None
    if organisation and membership:
        with scope(organisation=organisation):
            current_year = selectors.fiscal_year_current(organisation=organisation)
    user = getattr(request, "user", None)
    # Read only when the top bar asks (its organisation switcher), once per page.
    my_memberships = SimpleLazyObject(
        lambda: (
            selectors.memberships_of_user(user=user)
            if user is not None and user.is_authenticated
            else []
        )
    )
    return {
        "organisation": organisation,
        "membership": membership,
        "current_year": current_year,
        "my_memberships": my_memberships,
    }
