"""``{% unread_notifications as count %}``: the top bar's unread count (one query)."""

from django import template
from django_scopes import scope

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    if request is None or getattr(request, "membership", None) is None:
        return 0
    # Its own scope: some pages (axes' lockout while confirming a decision) render outside the
    # view, and so outside the tenancy middleware's scope.
    with scope(organisation=request.organisation):
        return selectors.unread_count(user=request.user)
