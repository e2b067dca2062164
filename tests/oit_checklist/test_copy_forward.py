"""Copying last year's assignments, URLs and notes into a year on a new framework whose items
moved: matched by title and components, never by number; what cannot be matched is listed."""

import pytest
from django.core.management import call_command
from django_scopes import scope

from oit_checklist import selectors, services
from oit_checklist.models import ComponentTick, Framework, ItemStatus
from organisations.models import Division, FiscalYear

from .conftest import ROWS, fields, framework_text, write

pytestmark = pytest.mark.django_db


def _next_framework(tmp_path) -> Framework:
    """FY2567 as a changed framework: e-service and the satisfaction survey swap numbers,
    the contact item is retitled, the laws item is dropped, an Open Data item is new, and the
    measures report gets another title and components (it is found by its flag)."""
    rows = [fields(row) for row in ROWS]
    by_title = {row[8]: row for row in rows}
    by_title["E-Service"][6:8] = ["17", "๐๑๗"]
    by_title["รายงานผลการสำรวจความพึงพอใจการให้บริการ"][6:8] = ["18", "๐๑๘"]
    by_title["ข้อมูลการติดต่อ"][8] = "ช่องทางการติดต่อหน่วยงาน"
    report = by_title["การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"]
    report[8] = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม"
    report[9] = "แสดงผลการดำเนินการตามมาตรการ | เป็นการดำเนินการในปี พ.ศ. ๒๕๖๗"
    rows.remove(by_title["กฎหมายที่เกี่ยวข้อง"])
    open_data = list(by_title["โครงสร้าง"])
    open_data[6:11] = ["44", "๐๔๔", "ข้อมูลเปิดภาครัฐ (Open Data)", "แสดงชุดข้อมูลเปิด", ""]
    rows.insert(9, open_data)
    path = write(tmp_path, "oit_items_2567.tsv", framework_text(2567, rows))
    call_command("load_oit_framework", str(path), "--year", "2567")
    return Framework.objects.get(year=2567)


@pytest.fixture
def next_year(nathon, this_year, tmp_path) -> FiscalYear:
    framework = _next_framework(tmp_path)
    with scope(organisation=nathon):
        year = FiscalYear.objects.create(organisation=nathon, year=this_year.year + 1)
        services.oit_year_configure(
            organisation=nathon,
            fiscal_year=year,
            framework=framework,
            window_start=None,
            window_end=None,
            internal_deadline=None,
        )
        # This year's default for e-service is สำนักปลัด; last year it went to กองคลัง.
        klang = Division.objects.get(name="กองคลัง")
        old = ItemStatus.objects.get(fiscal_year=this_year, item__title="E-Service")
        services.item_statuses_assign(fiscal_year=this_year, assignments={old.pk: (klang, False)})
        services.item_status_update(
            item_status=old,
            present_components=set(),
            urls=["https://www.nathon.go.th/e-service"],
            progress="",
            state="done",
        )
        year.refresh_from_db()
    return year


def _status(nathon, year, title) -> ItemStatus:
    with scope(organisation=nathon):
        return ItemStatus.objects.select_related("item", "division").get(
            fiscal_year=year, item__title=title
        )


def test_preview_lists_matches_renumbered_items_and_what_is_left(
    client_of, coordinator, this_year, next_year
):
    url = f"/o/nathon/oit/{next_year.year}/copy-forward/?source={this_year.pk}"
    page = client_of(coordinator).get(url).content.decode()
    assert "จับคู่ได้ ๔๒ ข้อ (เลขข้อเปลี่ยน ๒ ข้อ)" in page
    assert "ข้อ ๐๑๘ E-Service" in page and "ข้อ ๐๑๗ E-Service" in page
    assert "ข้อของปีก่อนที่ไม่มีคู่ (๑)" in page
    assert "ข้อ ๐๖ กฎหมายที่เกี่ยวข้อง" in page
    assert "ข้อใหม่ที่ต้องมอบหมายเอง (๑)" in page
    assert "ข้อ ๐๔๔ ข้อมูลเปิดภาครัฐ (Open Data)" in page
    with scope(organisation=next_year.organisation):
        # Nothing was written by looking.
        assert not ItemStatus.objects.filter(fiscal_year=next_year, urls__isnull=False).exists()


def test_copy_follows_items_whose_numbers_and_titles_moved(
    client_of, coordinator, nathon, this_year, next_year
):
    client = client_of(coordinator)
    response = client.post(
        f"/o/nathon/oit/{next_year.year}/copy-forward/", {"source": this_year.pk}, follow=True
    )
    page = response.content.decode()
    assert "คัดลอกการมอบหมาย URL และหมายเหตุจากปีงบประมาณ พ.ศ." in page
    assert "มีข้อที่จับคู่ไม่ได้" in page

    e_service = _status(nathon, next_year, "E-Service")
    assert e_service.item.label == "๐๑๗"  # renumbered from ๐๑๘
    assert e_service.division.name == "กองคลัง"
    assert "ไม่มี URL" in e_service.note  # seed 003's lesson travels with the item
    with scope(organisation=nathon):
        assert [u.url for u in e_service.urls.all()] == ["https://www.nathon.go.th/e-service"]
        # Ticks and status describe last year's documents: not copied.
        assert not ComponentTick.objects.filter(item_status__fiscal_year=next_year).exists()
    assert e_service.state == "not_started"

    facebook = _status(nathon, next_year, "Social Network")
    assert facebook.points_outside
    contact = _status(nathon, next_year, "ช่องทางการติดต่อหน่วยงาน")  # matched by components
    with scope(organisation=nathon):
        assert [u.url for u in contact.urls.all()] == ["https://www.nathon.go.th/contact"]
    # The new item has no responsible unit in its framework: a person decides.
    assert _status(nathon, next_year, "ข้อมูลเปิดภาครัฐ (Open Data)").division is None


def test_copying_twice_adds_nothing_twice(nathon, this_year, next_year):
    with scope(organisation=nathon):
        plan = services.checklist_copy_forward(source=this_year, target=next_year)
        count = ItemStatus.objects.filter(fiscal_year=next_year, urls__isnull=False).count()
        services.checklist_copy_forward(source=this_year, target=next_year)
        assert ItemStatus.objects.filter(fiscal_year=next_year, urls__isnull=False).count() == count
    pairs = {(old.item.title, new.title, how) for old, new, how in plan.matched}
    assert (
        "การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรม",
        selectors.MATCH_ROLE,
    ) in pairs
    assert ("ข้อมูลการติดต่อ", "ช่องทางการติดต่อหน่วยงาน", selectors.MATCH_COMPONENTS) in pairs
