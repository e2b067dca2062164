"""The checklist, readiness and ITAS pages cost the same number of queries for 43 items and for
86."""

import pytest
from django.core.management import call_command
from django_scopes import scope

from ita_portal import thai
from oit_checklist import services
from oit_checklist.models import ComponentTick, Framework, ItemStatus, ItemUrl
from organisations.models import FiscalYear, User

from .conftest import ROWS, fields, framework_text, write

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_86_items(nathon, this_year, tmp_path) -> FiscalYear:
    """A framework twice as long as FY2566, with a tick and a URL on every item."""
    rows = [fields(row) for row in ROWS]
    doubled = [*rows]
    for row in rows:
        copy = list(row)
        number = int(row[6]) + len(rows)
        copy[6], copy[7], copy[8] = str(number), thai.thai_digits(f"0{number}"), f"{row[8]} (ต่อ)"
        copy[11] = ""
        doubled.append(copy)
    path = write(tmp_path, "oit_items_2567.tsv", framework_text(2567, doubled))
    call_command("load_oit_framework", str(path), "--year", "2567")
    with scope(organisation=nathon):
        year = FiscalYear.objects.create(organisation=nathon, year=this_year.year + 1)
        services.oit_year_configure(
            organisation=nathon,
            fiscal_year=year,
            framework=Framework.objects.get(year=2567),
            window_start=None,
            window_end=None,
            internal_deadline=None,
        )
        statuses = list(ItemStatus.objects.filter(fiscal_year=year).select_related("item"))
        assert len(statuses) == 86
        ComponentTick.objects.bulk_create(
            ComponentTick(
                organisation=nathon,
                item_status=status,
                component=status.item.components.first(),
                present=True,
            )
            for status in statuses
        )
        ItemUrl.objects.bulk_create(
            ItemUrl(organisation=nathon, item_status=status, url=f"https://www.nathon.go.th/{n}")
            for n, status in enumerate(statuses)
        )
    return year


@pytest.mark.parametrize("subpage", ["", "readiness/", "itas/", "itas.xlsx"])
@pytest.mark.parametrize("username", ["nathon_coordinator", "nathon_staff_palad"])
def test_pages_cost_the_same_for_43_and_86_items(
    subpage, username, client_of, this_year, year_of_86_items, django_assert_max_num_queries
):
    client = client_of(User.objects.get(username=username))
    with django_assert_max_num_queries(20) as small:
        response = client.get(f"/o/nathon/oit/{this_year.year}/{subpage}")
    assert response.status_code == 200
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(f"/o/nathon/oit/{year_of_86_items.year}/{subpage}")
    assert response.status_code == 200
    if subpage == "" and username == "nathon_coordinator":
        assert response.content.decode().count('href="/o/nathon/oit/items/') == 86
