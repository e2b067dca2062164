import pytest
from django_scopes import scope

from oit_checklist.models import OitReview
from organisations.models import FiscalYear
from reports.enums import ReportKind, ReportStatus

from .factories import report_in_state


@pytest.fixture
def results_2568(nathon):
    """นาทอน's FY2568 results report (round 12): version 1, then a correction, version 2."""
    first = report_in_state(nathon, year=2568, kind=ReportKind.RESULTS)
    second = report_in_state(
        nathon, year=2568, kind=ReportKind.RESULTS, version=2, supersedes=first
    )
    return first, second


@pytest.fixture
def unpublished(nathon):
    """One report of นาทอน in every state short of published (FY2569, one kind each)."""
    return {
        status: report_in_state(nathon, year=2569, kind=kind, status=status)
        for status, kind in [
            (ReportStatus.DRAFT, ReportKind.PLAN),
            (ReportStatus.IN_REVIEW, ReportKind.PROGRESS),
            (ReportStatus.RETURNED, ReportKind.TABLES),
            (ReportStatus.APPROVED, ReportKind.MINUTES),
        ]
    }


@pytest.fixture
def oit_year(nathon):
    """The fiscal year whose OIT index the demo made public (the ปลัด's review)."""
    with scope(organisation=nathon):
        review = OitReview.objects.select_related("fiscal_year").latest("created_at")
        return FiscalYear.objects.get(pk=review.fiscal_year_id)
