"""The public addresses of published reports (served by the ``public`` app, named here so that
the reports app can give them away, as it does to the OIT items a publication completes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from reports.models import Report


def report_url(report: Report, *, version: bool = False, pdf: bool = False) -> str:
    """The public URL of a report (stable, or of its version; the page or its PDF)."""
    args = {
        "org": report.organisation.slug,
        "year": report.fiscal_year.year,
        "kind": report.kind,
    }
    if version or pdf:
        args["version"] = report.version
        name = "public:report_version_pdf" if pdf else "public:report_version"
    else:
        name = "public:report"
    url = reverse(name, kwargs=args)
    if report.round:
        url += f"?round={report.round}"
    return url
