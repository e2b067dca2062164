"""นาทอน's FY2575 for the reminder tests (see ``year``)."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from ita_portal import thai
from measures import services as measure_services
from measures.models import MeasurePlan, MeasureStep
from oit_checklist.models import Framework, ItemStatus, OitYear
from organisations.models import Division, FiscalYear, Membership
from reports import services as report_services
from reports.enums import ReportStatus
from reports.models import Report

YEAR = 2575
START, END = thai.fiscal_year_bounds(YEAR)
ROUND6_END = dt.date(2032, 3, 31)
DEADLINE, WINDOW_END = dt.date(2032, 4, 9), dt.date(2032, 4, 30)


@pytest.fixture
def year(nathon):
    """นาทอน's FY2575: the seed plan copied forward (nothing reported), every step over the whole
    year and followed in both rounds; three OIT items (two of สำนักปลัด, one of กองคลัง) with
    the seed's calendar (internal deadline 9 April, the assessor's window closing 30 April)."""
    with scopes_disabled():
        fiscal_year = FiscalYear.objects.create(
            organisation=nathon, year=YEAR, framework=Framework.objects.get(year=2566)
        )
        seed = MeasurePlan.objects.get(fiscal_year__organisation=nathon, fiscal_year__year=2568)
        measure_services.plan_copy_forward(source=seed, target_year=fiscal_year)
        MeasureStep.objects.filter(measure__plan__fiscal_year=fiscal_year).update(
            start_month=10, end_month=9, follow_up_6=True, follow_up_12=True
        )
        OitYear.objects.create(
            organisation=nathon,
            fiscal_year=fiscal_year,
            window_start=dt.date(2032, 3, 1),
            window_end=WINDOW_END,
            internal_deadline=DEADLINE,
        )
        palad = Division.objects.get(organisation=nathon, name="สำนักปลัด")
        klang = Division.objects.get(organisation=nathon, name="กองคลัง")
        # the demo's report in review is taken back: the approvals below are this test's own
        coordinator = Membership.objects.get(
            organisation=nathon, user__username="nathon_coordinator"
        )
        for report in Report.objects.filter(organisation=nathon, status=ReportStatus.IN_REVIEW):
            report_services.report_withdraw(report=report, membership=coordinator)
        items = list(fiscal_year.framework.items.order_by("order")[:3])
        for item, division in zip(items, [palad, palad, klang], strict=True):
            ItemStatus.objects.create(
                organisation=nathon, fiscal_year=fiscal_year, item=item, division=division
            )
    return fiscal_year
