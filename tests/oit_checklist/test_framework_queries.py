"""The operator's framework pages and the move page cost the same number of SQL queries whatever
the number of frameworks and items."""

import pytest
from django.urls import reverse
from django_scopes import scope

from oit_checklist import framework_services
from oit_checklist.framework_selectors import framework_of
from oit_checklist.loader import parse_framework
from organisations.models import FiscalYear

from .conftest import framework_33_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework_2568(demo):
    parsed = parse_framework(framework_33_text(2568), year=2568)
    framework_services.framework_upload(parsed=parsed, agency_type="lao", publish=True)
    return framework_of(agency_type="lao", year=2568)


def test_the_list_and_a_framework_cost_the_same_for_more_rows(
    client_of, site_admin, framework_2568, django_assert_max_num_queries
):
    client = client_of(site_admin)
    with django_assert_max_num_queries(25) as one:
        assert client.get(reverse("site_frameworks")).status_code == 200
    for year in (2569, 2570):
        framework_services.framework_draft_create(
            agency_type="lao", year=year, source=framework_2568
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("site_frameworks")).content.decode()
    assert page.count("ฉบับร่าง</span>") == 2

    small = reverse("site_framework", kwargs={"framework": framework_2568.pk})
    large = reverse(
        "site_framework", kwargs={"framework": framework_of(agency_type="lao", year=2566).pk}
    )
    with django_assert_max_num_queries(40) as thirty_three:
        assert client.get(small).status_code == 200
    with django_assert_max_num_queries(len(thirty_three.captured_queries)):
        assert client.get(large).status_code == 200


def test_the_move_page_costs_the_same_for_a_target_of_33_items_and_of_43(
    client_of, coordinator, nathon, this_year, framework_2568, django_assert_max_num_queries
):
    larger = framework_services.framework_draft_create(
        agency_type="lao", year=2569, source=framework_of(agency_type="lao", year=2566)
    )
    framework_services.framework_publish(framework=larger)
    client = client_of(coordinator)
    url = f"/o/nathon/oit/{this_year.year}/move/"
    with django_assert_max_num_queries(40) as to_33:
        assert "จับคู่ได้ ๓๒ ข้อ" in client.get(f"{url}?framework={framework_2568.pk}").content.decode()
    planned = len(to_33.captured_queries)  # read now: every request empties the query log
    with django_assert_max_num_queries(planned):
        assert "จับคู่ได้ ๔๓ ข้อ" in client.get(f"{url}?framework={larger.pk}").content.decode()
    client.post(url, {"framework": larger.pk})
    with scope(organisation=nathon):
        assert FiscalYear.objects.get(pk=this_year.pk).framework_id == larger.pk
    # after the move: the record and what is left to decide, instead of the plan
    with django_assert_max_num_queries(planned):
        assert "ย้ายจากกรอบปี" in client.get(url).content.decode()
