"""``manage.py load_oit_framework``: the shipped FY2566 file, re-loading, and refused files."""

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scope, scopes_disabled

from oit_checklist.demo import FRAMEWORK_FILE
from oit_checklist.models import ComponentTick, Framework, ItemStatus, OitComponent, OitItem
from oit_checklist.services import item_status_update

from .conftest import HEADER, ROWS, fields, framework_text, write

pytestmark = pytest.mark.django_db


def _counts():
    return (Framework.objects.count(), OitItem.objects.count(), OitComponent.objects.count())


def test_shipped_file_loads_43_items_in_their_sub_indicators(capsys, tmp_path):
    # The demo of the test database holds FY2566 already: the same file as a new year 2567.
    text = FRAMEWORK_FILE.read_text(encoding="utf-8").replace("2566\t", "2567\t")
    path = tmp_path / "oit-2567.tsv"
    path.write_text(text, encoding="utf-8")
    call_command("load_oit_framework", str(path), "--year", "2567")
    assert "นำเข้ากรอบการประเมิน OIT ปี พ.ศ. 2567 แล้ว: 43 ข้อ" in capsys.readouterr().out

    framework = Framework.objects.get(year=2567)
    items = list(framework.items.select_related("sub_indicator").order_by("order"))
    assert len(items) == 43
    per_sub = Counter(item.sub_indicator.code for item in items)
    assert per_sub == {"9.1": 10, "9.2": 8, "9.3": 4, "9.4": 4, "9.5": 4, "10.1": 8, "10.2": 5}
    subs = {sub.code: (sub.indicator, sub.title) for sub in framework.sub_indicators.all()}
    assert subs["9.1"] == (9, "ข้อมูลพื้นฐาน")
    assert subs["10.2"] == (10, "มาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    # Labels print exactly as the framework writes them.
    assert [item.label for item in items[:11]] == [
        "๐๑", "๐๒", "๐๓", "๐๔", "๐๕", "๐๖", "๐๗", "๐๘", "๐๙", "๐๑๐", "๐๑๑",
    ]  # fmt: skip
    executives = next(item for item in items if item.title == "ข้อมูลผู้บริหาร")
    assert [c.text for c in executives.components.order_by("order")][1].endswith(
        "ช่องทางการติดต่อของผู้บริหารแต่ละคน"
    )
    produced = {item.produced_by_portal: item.label for item in items if item.produced_by_portal}
    assert produced == {"measures_plan": "๐๔๒", "measures_report": "๐๔๓"}


def test_loading_again_changes_nothing(capsys):
    call_command("load_oit_framework", str(FRAMEWORK_FILE), "--year", "2566")
    before = _counts()
    call_command("load_oit_framework", str(FRAMEWORK_FILE), "--year", "2566")
    assert "ปรับปรุงกรอบการประเมิน OIT ปี พ.ศ. 2566 แล้ว" in capsys.readouterr().out
    assert _counts() == before


def test_edited_file_updates_titles_and_components_and_keeps_statuses(
    tmp_path, nathon, this_year, status_of
):
    executives = status_of("ข้อมูลผู้บริหาร")
    with scope(organisation=nathon):
        first_component = executives.item.components.order_by("order").first()
        item_status_update(
            item_status=executives,
            present_components={first_component.pk},
            urls=["https://www.nathon.go.th/about/executives"],
            progress="",
            state="done",
        )
        ticks = ComponentTick.objects.filter(item_status=executives, present=True).count()
    rows = [fields(row) for row in ROWS]
    for row in rows:
        if row[8] == "ข้อมูลผู้บริหาร":
            row[8] = "ข้อมูลผู้บริหารหน่วยงาน"
            row[9] += " | แสดงหมายเลขโทรศัพท์ของผู้บริหาร"
    path = write(tmp_path, "edited.tsv", framework_text(2566, rows))
    call_command("load_oit_framework", str(path), "--year", "2566")

    with scope(organisation=nathon):
        status = ItemStatus.objects.get(pk=executives.pk)
        assert status.item.title == "ข้อมูลผู้บริหารหน่วยงาน"
        assert status.item.components.count() == 3
        assert ComponentTick.objects.filter(item_status=status, present=True).count() == ticks
        assert status.urls.get().url == "https://www.nathon.go.th/about/executives"


def _refused(tmp_path, text: str, year: int = 2567) -> str:
    before = _counts()
    path = write(tmp_path, "framework.tsv", text)
    with pytest.raises(CommandError) as refused:
        call_command("load_oit_framework", str(path), "--year", str(year))
    assert _counts() == before, "a refused file must write nothing"
    return str(refused.value)


def test_missing_column_is_refused_with_the_line(tmp_path):
    header = HEADER.replace("\titem_title", "")
    rows = ["\t".join(f[:8] + f[9:]) for f in (fields(row) for row in ROWS)]
    message = _refused(tmp_path, "\n".join([header, *rows]).replace("2566\t", "2567\t"))
    assert "บรรทัดที่ 1: ไม่มีคอลัมน์ item_title" in message
    assert "ไม่มีข้อมูลใดถูกบันทึก" in message


def test_duplicate_item_number_is_refused_with_the_line(tmp_path):
    rows = [fields(row) for row in ROWS]
    rows[5][6] = rows[4][6]  # line 7 repeats the number of line 6
    message = _refused(tmp_path, framework_text(2567, rows))
    assert "บรรทัดที่ 7: item_no 05 ซ้ำกับบรรทัดที่ 6" in message


def test_empty_title_is_refused_with_the_line_and_nothing_is_half_loaded(tmp_path):
    rows = [fields(row) for row in ROWS]
    rows[-1][8] = ""  # the last line, after 42 good ones
    message = _refused(tmp_path, framework_text(2567, rows))
    assert "บรรทัดที่ 44: ช่อง item_title ว่าง" in message
    assert not Framework.objects.filter(year=2567).exists()


def test_reloading_a_malformed_file_keeps_the_loaded_framework(tmp_path, demo):
    with scopes_disabled():
        before = list(OitItem.objects.filter(framework__year=2566).values_list("title", flat=True))
    rows = [fields(row) for row in ROWS]
    rows[0][8] = "โครงสร้างใหม่"
    rows[10][8] = ""
    message = _refused(tmp_path, framework_text(2566, rows), year=2566)
    assert "บรรทัดที่ 12" in message
    with scopes_disabled():
        after = list(OitItem.objects.filter(framework__year=2566).values_list("title", flat=True))
    assert after == before


def test_year_in_the_file_must_match_the_option(tmp_path):
    message = _refused(tmp_path, FRAMEWORK_FILE.read_text(encoding="utf-8"), year=2567)
    assert "บรรทัดที่ 2: framework_year เป็น 2566 ไม่ตรงกับ --year 2567" in message


def test_dropping_an_item_that_organisations_track_is_refused(tmp_path, demo):
    rows = [fields(row) for row in ROWS][:-1]
    message = _refused(tmp_path, framework_text(2566, rows), year=2566)
    assert "ไฟล์ไม่มีข้อ 43" in message


def test_the_admin_shows_frameworks_but_does_not_edit_them(client_of, site_admin):
    client = client_of(site_admin)
    framework = Framework.objects.get(year=2566)
    page = client.get(f"/admin/oit_checklist/framework/{framework.pk}/change/")
    assert page.status_code == 200
    assert "ข้อมูลพื้นฐาน" in page.content.decode()
    assert client.post(f"/admin/oit_checklist/framework/{framework.pk}/delete/").status_code == 403
