"""Template helpers of the public site: ``{% load public_site %}``."""

from django import template

from ita_portal import thai
from reports.links import report_url

register = template.Library()


@register.filter
def thai_filesize(size):
    """๒๔๕ KB, ๑.๒ MB: the size of a download, in Thai digits."""
    if size is None:
        return ""
    if size < 1024 * 1024:
        return f"{thai.thai_digits(max(1, round(size / 1024)))} KB"
    return f"{thai.thai_number(size / (1024 * 1024), 1)} MB"


@register.simple_tag
def public_report_url(report, version=False, pdf=False):
    """The public URL of a report: stable (default), of its version, or of its PDF."""
    return report_url(report, version=version, pdf=pdf)
