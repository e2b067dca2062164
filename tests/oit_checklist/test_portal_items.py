"""The measures pair: found by the framework's flag, its status follows the published reports
(called by the reports app when it publishes one)."""

import pytest
from django.core.management import call_command
from django_scopes import scope

from oit_checklist import selectors, services
from oit_checklist.enums import PortalRole
from oit_checklist.models import Framework
from organisations.models import FiscalYear

from .conftest import ROWS, fields, framework_text, write

pytestmark = pytest.mark.django_db

REPORT_URL = "https://ita.example.go.th/p/nathon/reports/12/"


def test_publishing_the_measures_report_completes_its_item(
    client_of, coordinator, nathon, this_year
):
    readiness = f"/o/nathon/oit/{this_year.year}/readiness/"
    client = client_of(coordinator)
    assert "รอเผยแพร่รายงานที่จัดทำในระบบ" in client.get(readiness).content.decode()
    with scope(organisation=nathon):
        status = services.portal_item_publish(
            fiscal_year=this_year, role=PortalRole.MEASURES_REPORT, url=REPORT_URL
        )
        assert status.item.label == "๐๔๓"
        assert status.state == "done"
        services.portal_item_publish(
            fiscal_year=this_year, role=PortalRole.MEASURES_REPORT, url=REPORT_URL
        )  # idempotent
        assert status.urls.count() == 1
    page = client.get(f"/o/nathon/oit/items/{status.pk}/").content.decode()
    assert "เผยแพร่เมื่อ" in page and REPORT_URL in page
    assert "พร้อม" in page
    assert "๑/๔๓" in client.get(readiness).content.decode()  # the others' links: not checked


def test_the_flag_not_the_number_decides(nathon, this_year, tmp_path):
    """A framework where the measures plan is item ๐๒๘ (as the FY2568 memo numbers it)."""
    rows = [fields(row) for row in ROWS]
    for row in rows:
        row[11] = ""
    rows[27][11] = "measures_plan"
    call_command(
        "load_oit_framework",
        str(write(tmp_path, "f.tsv", framework_text(2568, rows))),
        "--year",
        "2568",
    )
    with scope(organisation=nathon):
        year = FiscalYear.objects.create(organisation=nathon, year=this_year.year + 1)
        services.oit_year_configure(
            organisation=nathon,
            fiscal_year=year,
            framework=Framework.objects.get(year=2568),
            window_start=None,
            window_end=None,
            internal_deadline=None,
        )
        plan = selectors.portal_item_status(fiscal_year=year, role=PortalRole.MEASURES_PLAN)
        assert plan.item.label == "๐๒๘"
        assert plan.division is None  # nobody types it: the portal produces it
        assert (
            services.portal_item_publish(
                fiscal_year=year, role=PortalRole.MEASURES_REPORT, url=REPORT_URL
            )
            is None
        )
