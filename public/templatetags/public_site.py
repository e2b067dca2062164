"""Template helpers of the public site: ``{% load public_site %}`` (file sizes are the
built-in ``thai_filesize`` of ita_portal.templatetags.thai)."""

from django import template

from reports.links import report_url

register = template.Library()


@register.simple_tag
def public_report_url(report, version=False, pdf=False):
    """The public URL of a report: stable (default), of its version, or of its PDF."""
    return report_url(report, version=version, pdf=pdf)
