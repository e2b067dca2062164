"""``{% unread_notifications as count %}``: the top bar's unread count (one query)."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    if request is None or getattr(request, "membership", None) is None:
        return 0
    return selectors.unread_count(user=request.user)
