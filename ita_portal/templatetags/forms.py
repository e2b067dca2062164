from django import template

from ita_portal import once

register = template.Library()


@register.simple_tag
def form_token() -> str:
    """The hidden token of ``ita_portal.once``: put it beside ``{% csrf_token %}``."""
    return once.token_field()
