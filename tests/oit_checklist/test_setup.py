"""The coordinator points a new fiscal year at a framework and sets its deadlines."""

import pytest
from django_scopes import scope

from oit_checklist.models import Framework, ItemStatus, OitYear
from organisations.models import FiscalYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_year(nathon, this_year) -> FiscalYear:
    with scope(organisation=nathon):
        return FiscalYear.objects.create(organisation=nathon, year=this_year.year + 1)


def test_a_new_year_gets_its_items_with_default_divisions(client_of, coordinator, nathon, new_year):
    client = client_of(coordinator)
    base = f"/o/nathon/oit/{new_year.year}/"
    assert "ยังไม่ได้เลือกกรอบการประเมิน OIT ของปีงบประมาณนี้" in client.get(base).content.decode()
    response = client.post(
        f"{base}setup/",
        {
            "framework": Framework.objects.get(year=2566).pk,
            "window_start": "01/03/2571",
            "window_end": "30/04/2571",
            "internal_deadline": "09/04/2571",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "บันทึกกรอบการประเมินและกำหนดการ OIT ของปีงบประมาณ พ.ศ." in page
    assert page.count('href="/o/nathon/oit/items/') == 43
    assert "กำหนดส่งข้อมูลภายในหน่วยงาน <strong>๙ เมษายน ๒๕๗๑</strong>" in page
    with scope(organisation=nathon):
        divisions = {
            status.item.title: status.division.name if status.division else None
            for status in ItemStatus.objects.filter(fiscal_year=new_year).select_related(
                "item", "division"
            )
        }
        assert OitYear.objects.get(fiscal_year=new_year).window_end.isoformat() == "2028-04-30"
    assert divisions["แผนดำเนินงานและการใช้จ่ายงบประมาณประจำปี"] == "สำนักปลัด"  # "สำนักปลัด, กองคลัง"
    assert divisions["แผนการจัดซื้อจัดจ้างหรือการจัดหาพัสดุ"] == "กองคลัง"
    assert divisions["มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"] is None  # the portal's


def test_deadlines_out_of_order_are_explained_and_kept(client_of, coordinator, new_year):
    response = client_of(coordinator).post(
        f"/o/nathon/oit/{new_year.year}/setup/",
        {
            "framework": Framework.objects.get(year=2566).pk,
            "window_start": "01/03/2571",
            "window_end": "30/04/2571",
            "internal_deadline": "09/05/2571",
        },
    )
    page = response.content.decode()
    assert "กำหนดส่งข้อมูลภายในหน่วยงานต้องก่อนวันสุดท้ายของ ป.ป.ช." in page
    assert 'value="09/05/2571"' in page


def test_staff_see_the_setup_but_no_form(client_of, staff_palad, this_year):
    page = client_of(staff_palad).get(f"/o/nathon/oit/{this_year.year}/setup/").content.decode()
    assert "ปี พ.ศ. ๒๕๖๖" in page
    assert '<form method="post" novalidate>' not in page


def test_only_the_coordinator_writes_the_note(client_of, coordinator, staff_palad, status_of):
    status = status_of("E-Service")
    url = f"/o/nathon/oit/items/{status.pk}/"
    assert "หมายเหตุของผู้ประสานงาน" in client_of(coordinator).get(url).content.decode()
    staff_page = client_of(staff_palad).get(url).content.decode()
    assert 'name="note"' not in staff_page
    assert "ไม่มี URL" in staff_page  # the coordinator's note is shown to the staff


def test_a_deadline_outside_the_year_is_refused_at_the_top_of_the_page(
    client_of, coordinator, new_year
):
    response = client_of(coordinator).post(
        f"/o/nathon/oit/{new_year.year}/setup/",
        {
            "framework": Framework.objects.get(year=2566).pk,
            "window_start": "01/03/2571",
            "window_end": "๓๐/๐๔/๒๕๗๒",  # a year late, in Thai digits
            "internal_deadline": "09/04/2571",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>ข้อผิดพลาด: " in page
    start = page.index('id="error-summary"')
    summary = page[start : page.index("</ul>", start)]
    assert 'role="alert" tabindex="-1" autofocus' in page
    assert '<a href="#id_window_end">วันสุดท้ายของการนำเข้าข้อมูลในระบบ ITAS</a>' in summary
    assert "วันที่ต้องอยู่ในปีงบประมาณ พ.ศ. ๒๕๗๑ (๑ ตุลาคม ๒๕๗๐ ถึง ๓๐ กันยายน ๒๕๗๑)" in summary
    assert 'value="๓๐/๐๔/๒๕๗๒"' in page  # as typed, to correct
    with scope(organisation=new_year.organisation):
        assert not OitYear.objects.filter(fiscal_year=new_year).exists()
