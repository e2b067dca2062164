"""The ITAS sheet: every item of the year in the framework's order with the URLs to type into
the assessor's system, the components still missing and the division; as a page and as XLSX."""

import io
import re

import openpyxl
import pytest
from django_scopes import scope

from oit_checklist import selectors

pytestmark = pytest.mark.django_db


def test_the_sheet_lists_every_item_in_order_with_its_urls(
    client_of, coordinator, nathon, this_year
):
    page = client_of(coordinator).get(f"/o/nathon/oit/{this_year.year}/itas/").content.decode()
    with scope(organisation=nathon):
        rows = selectors.item_rows(organisation=nathon, fiscal_year=this_year)
    labels = re.findall(r'<td class="ita-nowrap fw-semibold">([^<]+)</td>', page)
    assert labels == [row.item.label for row in rows]
    assert len(labels) == 43
    assert "https://www.nathon.go.th/about/structure" in page
    # seed 003: the executive item still lacks the phone number; e-service has no URL yet
    executives = page[page.index("ข้อมูลผู้บริหาร") :]
    assert "ช่องทางการติดต่อของผู้บริหารแต่ละคน" in executives[:2000]
    e_service = page[page.index(">E-Service") :]
    assert "ยังไม่มี URL" in e_service[:1500]


def test_the_xlsx_has_the_same_rows(client_of, staff_klang, nathon, this_year):
    response = client_of(staff_klang).get(f"/o/nathon/oit/{this_year.year}/itas.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "ข้อ" and sheet["D2"].value == "URL ที่กรอกในระบบ ITAS"
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == 43
    assert rows[0][:2] == ("๐๑", "โครงสร้าง")
    assert rows[0][3] == "https://www.nathon.go.th/about/structure"
    assert rows[17][:2] == ("๐๑๘", "E-Service") and rows[17][3] in (None, "")
    assert rows[41][5] == "จัดทำโดยระบบ (รายงานมาตรการ)"
    assert sheet.freeze_panes == "A3"
