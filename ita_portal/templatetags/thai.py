"""Template filters for Thai output; registered as builtins, so no ``{% load %}`` is needed.

``{{ value|thai_digits }}``, ``{{ date|thai_date }}``, ``{{ date|thai_date:"short" }}``,
``{{ "2025-05-20"|iso_date|thai_date }}``, ``{{ score|thai_number }}``,
``{{ score|thai_number:1 }}``.
"""

import datetime as dt

from django import template

from ita_portal import thai

register = template.Library()


@register.filter
def thai_digits(value):
    return thai.thai_digits(value)


@register.filter
def thai_filesize(size):
    return thai.thai_filesize(size)


@register.filter
def thai_date(value, style="full"):
    return thai.thai_date(value, style)


@register.filter
def iso_date(value):
    """``"2025-05-20"`` (a date kept in a JSON snapshot) back to a date, for ``thai_date``."""
    if not value:
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    return value


@register.filter
def thai_number(value, decimals=2):
    return thai.thai_number(value, int(decimals))


@register.filter
def thai_period(obj, year):
    """``{{ step|thai_period:fiscal_year.year }}``: the months of anything with
    ``start_month`` and ``end_month`` in fiscal year ``year``, as the plans write them."""
    return thai.period_text(int(year), obj.start_month, obj.end_month, "dash")
