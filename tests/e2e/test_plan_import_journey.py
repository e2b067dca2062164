"""The coordinator brings last year's plan in from its Word file: upload, the review page with
one responsible name the portal does not know, a refused confirmation that keeps the page, the
name mapped to กองคลัง, confirmed, and the plan shows every step with its history."""

import re

import pytest
from django_scopes import scope
from playwright.sync_api import Page, expect

from organisations import services as organisation_services
from organisations.models import Organisation
from tests.measures import plan_files

from .conftest import SCREENSHOTS
from .helpers import fits, log_in

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
SECTION = "งานการเงินและบัญชี"  # a section of กองคลัง, not one of นาทอน's divisions
FILE = "มาตรการส่งเสริมคุณธรรม-๒๕๖๘.docx"


def _shots(page: Page, name: str):
    for size, suffix in ((DESKTOP, "desktop"), (PHONE, "phone")):
        page.set_viewport_size(size)
        assert fits(page), f"{name} scrolls sideways at {size['width']} px"
        page.screenshot(path=f"{SCREENSHOTS}/{name}-{suffix}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_plan_brought_in_from_word(page: Page, portal, tmp_path):
    nathon = Organisation.objects.get(slug="nathon")
    with scope(organisation=nathon):
        organisation_services.fiscal_year_create(organisation=nathon, year=2571)
    path = tmp_path / FILE
    path.write_bytes(plan_files.seed_001_docx(measure_4_responsible=f"{SECTION}/"))
    page.set_viewport_size(DESKTOP)

    log_in(page, portal, "nathon_coordinator")
    page.goto(f"{portal}/o/nathon/plan/2571/")
    page.get_by_role("link", name="นำเข้าจากไฟล์ Word/Excel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "นำเข้าแผนมาตรการจากไฟล์ Word หรือ Excel"
    )
    _shots(page, "plan-import-upload")
    page.get_by_label("ไฟล์แผนมาตรการ").set_input_files(str(path))
    page.get_by_role("button", name="อ่านไฟล์").click()

    # The review: nothing is saved yet; one name to map, highlighted with where it occurs.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "ตรวจก่อนนำเข้าสู่แผน ปีงบประมาณ พ.ศ. ๒๕๗๑"
    )
    summary = page.locator("#import-summary")
    expect(summary).to_contain_text("อ่านได้ ๔ มาตรการ ๑๑ ขั้นตอน")
    expect(summary).to_contain_text("ต้องเลือกอีก ๑ รายการ")
    unknown = page.get_by_role("region", name="ผู้รับผิดชอบที่ระบบไม่รู้จัก")
    expect(unknown).to_contain_text(f"“{SECTION}” (๓ รายการ)")
    expect(page.get_by_text(f"ไม่รู้จัก: {SECTION}")).to_have_count(3)
    measures = page.get_by_role("region", name="มาตรการและวิธีการดำเนินการที่จะสร้าง")
    expect(measures).to_contain_text(f"๑. {plan_files.SEED_001_M1}")
    expect(measures).to_contain_text("(๒) จัดให้มีการบริการในรูปแบบออนไลน์")
    expect(measures).to_contain_text("ก.พ. - มี.ค. พ.ศ. ๒๕๗๑")
    expect(measures).to_contain_text("ในไฟล์: ก.พ. - มี.ค. พ.ศ. ๒๕๖๘")
    _shots(page, "plan-import-review")

    # Confirming before mapping the name: refused in Thai, the page stays as it was.
    page.get_by_role("button", name="ยืนยันการนำเข้า").click()
    summary_of_errors = page.locator("#error-summary")
    expect(summary_of_errors).to_be_focused()
    expect(summary_of_errors).to_contain_text(f"ยังไม่ได้เลือกว่า “{SECTION}” คือส่วนราชการใด")
    expect(page.locator(".invalid-feedback")).to_contain_text(
        f"ยังไม่ได้เลือกว่า “{SECTION}” คือส่วนราชการใด"
    )
    expect(page.locator("#import-summary")).to_contain_text("อ่านได้ ๔ มาตรการ ๑๑ ขั้นตอน")

    page.get_by_label(re.compile(SECTION)).select_option(label="กองคลัง")
    page.get_by_role("button", name="ยืนยันการนำเข้า").click()

    # The plan, written in one go.
    expect(page).to_have_url(re.compile(r"/o/nathon/plan/2571/$"))
    expect(page.get_by_role("status")).to_contain_text(
        f"นำเข้า ๔ มาตรการ ๑๑ ขั้นตอน จากไฟล์ “{FILE}” แล้ว"
    )
    rows = page.locator(".ita-plan-table tbody tr")
    expect(rows).to_have_count(11)
    asset = rows.filter(has_text=plan_files.SEED_001_M4_STEPS[0])
    expect(asset).to_contain_text("กองคลัง")
    expect(asset).to_contain_text("ก.พ. - ก.ย. พ.ศ. ๒๕๗๑")
    _shots(page, "plan-import-done")

    asset.get_by_role("link", name="แก้ไขขั้นตอน").click()
    expect(page.get_by_role("region", name="ประวัติการแก้ไข")).to_contain_text(f"นำเข้าจากไฟล์ {FILE}")
