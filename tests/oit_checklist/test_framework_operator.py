"""The operator's frameworks at /site/frameworks/: upload (checked whole, Thai errors by line,
nothing written), the comparison of a renumbered 33-item framework with FY2566, confirm,
re-load in place, next year's draft made in the portal and edited with history, the template
download; only operators see any of it, and a draft stays invisible to coordinators and to the
public."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from oit_checklist import services
from oit_checklist.models import ComponentTick, Framework, ItemStatus, OitItem
from tests.routes import routes

from .conftest import (
    HEADER,
    OPEN_DATA,
    ROWS,
    STRUCTURE_2568,
    fields,
    framework_33_rows,
    framework_33_text,
    xlsx_of,
)

pytestmark = pytest.mark.django_db

FRAMEWORKS = "/site/frameworks/"


@pytest.fixture
def operator(client_of, site_admin):
    return client_of(site_admin)


def _upload(client, name: str, data: bytes, year: str = "2568"):
    return client.post(
        FRAMEWORKS,
        {"file": SimpleUploadedFile(name, data), "year": year, "agency_type": "lao"},
        follow=True,
    )


def _text(response) -> str:
    """The page's text without tags, spaces squeezed: what a reader sees."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text)


# ---------------------------------------------------------------------------------------------
# Who may come in


OPERATOR_ROUTES = routes("site/frameworks/")


def _fill(route: str) -> str:
    with scopes_disabled():
        framework = Framework.objects.get(year=2566)
        item = framework.items.first()
    return "/" + route.replace("<int:framework>", str(framework.pk)).replace(
        "<int:oititem>", str(item.pk)
    )


def test_only_operators_reach_the_framework_pages(client, client_of, coordinator, operator):
    assert len(OPERATOR_ROUTES) >= 10
    member = client_of(coordinator)
    for route in OPERATOR_ROUTES:
        url = _fill(route)
        for method in ("get", "post"):
            anonymous = getattr(client, method)(url)
            assert anonymous.status_code == 302, url
            assert anonymous["Location"].startswith("/accounts/login/?next="), url
            assert getattr(member, method)(url).status_code == 404, url
        assert operator.get(url).status_code in {200, 405}, url


def test_the_top_bar_links_the_frameworks_for_operators_only(operator, client_of, coordinator):
    assert (
        'href="/site/frameworks/">กรอบการประเมิน OIT</a>' in operator.get("/site/").content.decode()
    )
    page = client_of(coordinator).get("/o/nathon/").content.decode()
    assert "/site/frameworks/" not in page


# ---------------------------------------------------------------------------------------------
# Upload, compare, confirm


def test_a_renumbered_33_item_framework_is_compared_with_fy2566(operator):
    response = _upload(operator, "oit_2568.xlsx", xlsx_of(framework_33_rows(2568)))
    page = _text(response)
    assert "นำเข้ากรอบการประเมินปี พ.ศ. ๒๕๖๘ ฉบับร่าง แล้ว: ๓๓ ข้อ" in page
    assert "ฉบับร่าง: เห็นเฉพาะผู้ดูแลระบบ" in page
    assert "เทียบกับกรอบปี พ.ศ. ๒๕๖๖" in page
    assert "๔๓ → ๓๓ ข้อ" in page
    assert "เหมือนเดิม ๑" in page  # ๐๒ ข้อมูลผู้บริหาร keeps its number and text
    assert "เลขข้อเปลี่ยน ๓๐" in page
    assert "เนื้อหาเปลี่ยน ๑" in page  # ๐๑ became โครงสร้างและอำนาจหน้าที่
    assert "ข้อใหม่ ๑" in page
    assert "ข้อที่ตัดออก ๑๑" in page  # nine dropped, two merged into others
    assert f"ข้อ ๐๗ {OPEN_DATA}" in page
    source = response.content.decode()
    # renumbered: the e-service item ๐๑๘ is now ๐๑๓, in another sub-indicator
    assert re.search(r"ข้อ ๐๑๘</td>\s*<td[^>]*>ข้อ ๐๑๓</td>\s*<td>E-Service", source)
    assert "ตัวชี้วัดย่อย:</span> <del>๙.๒</del> → <ins>๙.๑</ins>" in source
    # the changed component, old and new, marked where they differ
    assert re.search(r"<del>[^<]*๖</del>", source) and re.search(r"<ins>[^<]*๘</ins>", source)
    # merges: อำนาจหน้าที่ into the structure item, Q&A into the contact item
    assert "ข้อ ๐๓ อำนาจหน้าที่ รวมเข้าข้อ ๐๑" in page
    assert "ข้อ ๐๘ Q&A รวมเข้าข้อ ๐๔" in page
    assert "ข้อ ๐๖ กฎหมายที่เกี่ยวข้อง" in page  # removed
    assert f"ข้อมูล:</span> <del>โครงสร้าง</del> → <ins>{STRUCTURE_2568}</ins>" in source
    # the measures pair keeps its flag under new numbers
    assert "ข้อ ๐๔๒ มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ข้อ ๐๓๒" in page
    assert "ข้อ ๐๔๓ การดำเนินการตามมาตรการ" in page and "ข้อ ๐๓๓ การดำเนินการตามมาตรการ" in page
    with scopes_disabled():
        draft = Framework.objects.get(year=2568)
        assert draft.is_draft and draft.items.count() == 33
        assert draft.sub_indicators.count() == 5


def test_confirm_publishes_and_the_history_says_who(operator, site_admin):
    response = _upload(operator, "oit_2568.xlsx", xlsx_of(framework_33_rows(2568)))
    draft = Framework.objects.get(year=2568)
    response = operator.post(
        reverse("site_framework_publish", kwargs={"framework": draft.pk}), follow=True
    )
    page = _text(response)
    assert "เผยแพร่กรอบการประเมินปี พ.ศ. ๒๕๖๘ แล้ว" in page
    assert "เผยแพร่แล้ว" in page and "ยืนยันและเผยแพร่" not in page
    assert f"{site_admin.full_name} เผยแพร่" in page
    assert f"{site_admin.full_name} นำเข้าจากไฟล์ oit_2568.xlsx" in page
    draft.refresh_from_db()
    assert not draft.is_draft and draft.published_by == site_admin


def test_a_bad_file_is_refused_whole_in_thai_by_line_and_the_year_is_kept(operator):
    rows = framework_33_rows(2568)
    rows[4][8] = ""
    rows[9][11] = "measures"
    response = _upload(operator, "oit_2568.xlsx", xlsx_of(rows))
    page = _text(response)
    assert "ยังไม่ได้นำเข้า: ไฟล์มีข้อผิดพลาด ๒ รายการ ไม่มีข้อมูลใดถูกบันทึก" in page
    assert "แถวที่ 6: ช่อง item_title ว่าง" in page
    assert "แถวที่ 11: produced_by_portal 'measures' ต้องเป็น" in page
    assert 'value="2568"' in response.content.decode()
    assert not Framework.objects.filter(year=2568).exists()

    response = _upload(operator, "oit_2568.xlsm", xlsx_of(framework_33_rows(2568)))
    assert "ไม่รับไฟล์ Excel ที่มีมาโคร" in _text(response)
    response = _upload(operator, "oit_2568.tsv", framework_33_text(2568).encode(), year="๒๕๖๙")
    assert "framework_year เป็น 2568 ไม่ตรงกับ --year 2569" in _text(response)
    assert not Framework.objects.filter(year__in=[2568, 2569]).exists()


def test_loading_a_published_year_again_compares_then_updates_in_place(
    operator, nathon, this_year, status_of
):
    executives = status_of("ข้อมูลผู้บริหาร")
    with scope(organisation=nathon):
        component = executives.item.components.order_by("order").first()
        services.item_status_update(
            item_status=executives,
            present_components={component.pk},
            urls=["https://www.nathon.go.th/executives"],
            progress="",
            state="done",
        )
    rows = [fields(row) for row in ROWS]
    rows[1][9] += " | แสดงช่องทางการติดต่อ LINE OA ของผู้บริหาร"
    tsv = "\n".join([HEADER, *("\t".join(row) for row in rows)])
    response = _upload(operator, "oit_items_2566.tsv", tsv.encode(), year="2566")
    page = _text(response)
    assert "นำเข้ากรอบการประเมินปี พ.ศ. ๒๕๖๖ อีกครั้ง" in page
    assert "เนื้อหาเปลี่ยน ๑" in page and "เหมือนเดิม ๔๒" in page
    assert "แสดงช่องทางการติดต่อ LINE OA ของผู้บริหาร" in page
    with scopes_disabled():
        assert executives.item.components.count() == 2, "nothing written before the confirm"

    form = dict(re.findall(r'name="(\w+)" value="([^"]*)"', response.content.decode()))
    response = operator.post(
        reverse("site_framework_reload"),
        {key: form[key] for key in ("text", "year", "agency_type", "source_name")},
        follow=True,
    )
    assert "ปรับปรุงกรอบการประเมินปี พ.ศ. ๒๕๖๖ แล้ว: ๔๓ ข้อ" in _text(response)
    with scope(organisation=nathon):
        status = ItemStatus.objects.get(pk=executives.pk)
        assert status.item.components.count() == 3
        assert ComponentTick.objects.filter(item_status=status, present=True).count() == 1
        assert status.urls.get().url == "https://www.nathon.go.th/executives"


# ---------------------------------------------------------------------------------------------
# Next year's framework made in the portal


def test_next_years_draft_is_copied_edited_with_history_and_published(operator, site_admin):
    response = operator.post(
        reverse("site_framework_new"), {"year": "๒๕๖๗", "agency_type": "lao"}, follow=True
    )
    page = _text(response)
    assert "สร้างฉบับร่างกรอบการประเมินปี พ.ศ. ๒๕๖๗ จากกรอบปี พ.ศ. ๒๕๖๖แล้ว" in page
    assert "เหมือนเดิม ๔๓" in page
    draft = Framework.objects.get(year=2567)
    e_service = draft.items.get(title="E-Service")
    url = reverse("site_framework_item", kwargs={"framework": draft.pk, "oititem": e_service.pk})

    # a failed save keeps what was typed and says why beside the field
    sub = draft.sub_indicators.get(code="9.2")
    typed = {
        "sub_indicator": sub.pk,
        "group_title": "การให้บริการ",
        "number": "๑๗",  # taken by the satisfaction survey
        "label": "o17",
        "title": "E-Service (บริการออนไลน์)",
        "components": "แสดงช่องทางบริการออนไลน์\nเข้าถึงได้จากเว็บไซต์หลัก\nมีระบบติดตามคำขอ",
        "default_responsible": "สำนักปลัด",
        "produced_by_portal": "",
    }
    refused = operator.post(url, typed)
    assert "เลขข้อ 17 เป็นของข้อ ๐๑๗ รายงานผลการสำรวจความพึงพอใจการให้บริการ อยู่แล้ว" in _text(refused)
    assert "มีระบบติดตามคำขอ" in refused.content.decode()
    number_field = refused.content.decode().split('name="number"')[1][:300]
    assert "is-invalid" in number_field  # the message stands beside the number

    response = operator.post(url, {**typed, "number": "44"}, follow=True)
    assert "บันทึกข้อ o17 E-Service (บริการออนไลน์) แล้ว" in _text(response)
    e_service.refresh_from_db()
    assert (e_service.number, e_service.label) == ("44", "o17")
    assert [c.text for c in e_service.components.order_by("order")][2] == "มีระบบติดตามคำขอ"
    assert draft.items.order_by("order").last() == e_service or e_service.sub_indicator == sub

    history = _text(operator.get(url))
    assert f"{site_admin.full_name} แก้ไขข้อ ๐๑๘" in history
    assert "ข้อ o17: เลขข้อ 18 → 44" in history
    assert "ข้อ o17: ข้อมูล E-Service → E-Service (บริการออนไลน์)" in history
    assert "องค์ประกอบที่ ๓: เพิ่ม “มีระบบติดตามคำขอ”" in history

    add = operator.post(
        reverse("site_framework_item_add", kwargs={"framework": draft.pk}),
        {**typed, "number": "45", "label": "o45", "title": "ข้อมูลเปิดภาครัฐ (Open Data)"},
        follow=True,
    )
    assert "เพิ่มข้อ o45 ข้อมูลเปิดภาครัฐ (Open Data) แล้ว" in _text(add)
    laws = draft.items.get(title="กฎหมายที่เกี่ยวข้อง")
    operator.post(
        reverse("site_framework_item_remove", kwargs={"framework": draft.pk, "oititem": laws.pk})
    )
    page = _text(operator.get(reverse("site_framework", kwargs={"framework": draft.pk})))
    # the renamed and rewritten e-service no longer matches FY2566's: new, and the old removed
    assert "ข้อใหม่ ๒" in page and "ข้อที่ตัดออก ๒" in page
    assert "ลบข้อ ๐๖ กฎหมายที่เกี่ยวข้อง" in page  # the draft's history

    operator.post(reverse("site_framework_publish", kwargs={"framework": draft.pk}))
    draft.refresh_from_db()
    assert not draft.is_draft
    response = operator.post(url, {**typed, "number": "46"}, follow=True)
    assert "เผยแพร่แล้ว จึงแก้ไขในระบบไม่ได้" in _text(response)
    assert OitItem.objects.get(pk=e_service.pk).number == "44"


def test_a_draft_of_a_year_that_exists_is_refused_beside_the_year(operator):
    response = operator.post(reverse("site_framework_new"), {"year": "2566", "agency_type": "lao"})
    assert "มีกรอบการประเมินปี พ.ศ. ๒๕๖๖ ของประเภทหน่วยงานนี้อยู่แล้ว" in _text(response)
    response = operator.post(reverse("site_framework_new"), {"year": "1999", "agency_type": "lao"})
    assert "ไม่ใช่ปี ค.ศ." in _text(response)


def test_the_template_is_the_newest_framework_in_excel(operator):
    response = operator.get(reverse("site_framework_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("framework_year", "indicator", "indicator_title")
    assert len(rows) == 44
    assert rows[18][8] == "E-Service"


# ---------------------------------------------------------------------------------------------
# A draft is the operator's alone


def test_a_draft_is_invisible_to_coordinators_and_to_the_public(
    operator, client, client_of, coordinator, nathon, this_year
):
    _upload(operator, "oit_2568.xlsx", xlsx_of(framework_33_rows(2568)))
    draft = Framework.objects.get(year=2568)
    member = client_of(coordinator)
    with scope(organisation=nathon):
        from organisations.models import FiscalYear

        new_year = FiscalYear.objects.create(organisation=nathon, year=this_year.year + 1)
    setup = member.get(f"/o/nathon/oit/{new_year.year}/setup/").content.decode()
    assert "ปี พ.ศ. ๒๕๖๖" in setup and "๒๕๖๘" not in setup
    refused = member.post(f"/o/nathon/oit/{new_year.year}/setup/", {"framework": draft.pk})
    assert "กรุณาเลือกกรอบการประเมินจากรายการ" in refused.content.decode()
    checklist = member.get(f"/o/nathon/oit/{this_year.year}/").content.decode()
    assert "ที่ใหม่กว่าเผยแพร่แล้ว" not in checklist
    move = member.get(f"/o/nathon/oit/{this_year.year}/move/").content.decode()
    assert "ยังไม่มีกรอบการประเมินที่ใหม่กว่าเผยแพร่" in move
    refused = member.post(f"/o/nathon/oit/{this_year.year}/move/", {"framework": draft.pk})
    assert "ยังไม่มีกรอบการประเมินที่ใหม่กว่าเผยแพร่" in refused.content.decode()
    with scope(organisation=nathon):
        this_year.refresh_from_db()
        assert this_year.framework.year == 2566
    public = _text(client.get(f"/p/nathon/{this_year.year}/oit/"))
    assert "ตามกรอบการประเมินปี พ.ศ. ๒๕๖๖" in public and "๙.๑ ข้อมูลพื้นฐาน" in public
    assert "ข้อมูลพื้นฐานและการบริหารงาน" not in public  # the draft's sub-indicator
