"""The operator brings in next year's OIT framework from an Excel file, reads the comparison with
FY2566 and confirms it; the coordinator of นาทอน moves FY2571 to it and opens readiness."""

import re

import pytest
from django_scopes import scope
from playwright.sync_api import Page, expect

from oit_checklist import services
from oit_checklist.models import Framework, ItemStatus
from organisations.models import FiscalYear, Organisation
from tests.oit_checklist.conftest import OPEN_DATA, framework_33_rows, xlsx_of

from .conftest import SCREENSHOTS
from .helpers import fits, log_in, log_in_operator, log_out

pytestmark = pytest.mark.e2e


@pytest.fixture
def year_2571(portal):
    """นาทอน opened FY2571 on FY2566's framework, and กองคลัง gave the e-service URL."""
    nathon = Organisation.objects.get(slug="nathon")
    with scope(organisation=nathon):
        year, _ = FiscalYear.objects.get_or_create(organisation=nathon, year=2571)
        services.oit_year_configure(
            organisation=nathon,
            fiscal_year=year,
            framework=Framework.objects.get(year=2566),
            window_start=None,
            window_end=None,
            internal_deadline=None,
        )
        e_service = ItemStatus.objects.get(fiscal_year=year, item__title="E-Service")
        services.item_status_update(
            item_status=e_service,
            present_components=set(e_service.item.components.values_list("pk", flat=True)),
            urls=["https://www.nathon.go.th/e-service"],
            progress="",
            state="done",
        )
    return year


def _shoot(page: Page, name: str):
    assert fits(page), f"{name} scrolls sideways"
    page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def test_operator_loads_next_years_framework_and_the_coordinator_moves_to_it(
    page: Page, portal, year_2571, tmp_path
):
    xlsx = tmp_path / "oit_items_2568.xlsx"
    xlsx.write_bytes(xlsx_of(framework_33_rows(2568)))
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in_operator(page, portal, "admin")
    expect(page).to_have_url(re.compile(r"/site/organisations/$"))

    page.get_by_role("link", name="กรอบการประเมิน OIT").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("กรอบการประเมิน OIT (๑)")
    _shoot(page, "frameworks-desktop")
    page.get_by_label("ไฟล์กรอบการประเมิน (.xlsx หรือ .tsv)").set_input_files(str(xlsx))
    page.get_by_label("ปีที่ประเมิน (พ.ศ.)").first.fill("๒๕๖๘")
    page.get_by_role("button", name="ตรวจและนำเข้า").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("กรอบการประเมิน OIT ปี พ.ศ. ๒๕๖๘")
    expect(page.get_by_text("ฉบับร่าง: เห็นเฉพาะผู้ดูแลระบบ")).to_be_visible()
    comparison = page.get_by_role("region", name="เทียบกับกรอบปี พ.ศ. ๒๕๖๖")
    expect(comparison.get_by_text("เลขข้อเปลี่ยน ๓๐")).to_be_visible()
    expect(comparison.get_by_text("ข้อที่ตัดออก ๑๑")).to_be_visible()
    expect(comparison.get_by_text(f"ข้อ ๐๗ {OPEN_DATA}")).to_be_visible()
    expect(comparison.get_by_text("รวมเข้าข้อ ๐๑").first).to_be_visible()
    _shoot(page, "framework-draft-desktop")
    page.get_by_role("button", name="ยืนยันและเผยแพร่กรอบปี พ.ศ. ๒๕๖๘").click()
    expect(
        page.get_by_role("status").filter(has_text="เผยแพร่กรอบการประเมินปี พ.ศ. ๒๕๖๘ แล้ว")
    ).to_be_visible()
    log_out(page)

    log_in(page, portal, "nathon_coordinator")
    page.goto(f"{portal}/o/nathon/oit/2571/")
    banner = page.get_by_role("status").filter(has_text="ที่ใหม่กว่าเผยแพร่แล้ว")
    expect(banner).to_contain_text("มีกรอบการประเมิน OIT ปี พ.ศ. ๒๕๖๘")
    banner.get_by_role("link", name="ดูการย้ายไปใช้กรอบปี พ.ศ. ๒๕๖๘").click()
    expect(page.get_by_text("จับคู่ได้ ๓๒ ข้อ (เลขข้อเปลี่ยน ๓๐ ข้อ)")).to_be_visible()
    expect(page.get_by_text("ข้อใหม่ที่ต้องมอบหมายเอง (๑)")).to_be_visible()
    _shoot(page, "framework-move-desktop")
    page.get_by_role("button", name="ย้ายไปใช้กรอบการประเมินปี พ.ศ. ๒๕๖๘").click()
    expect(page.get_by_role("status").filter(has_text="ข้อมูลตามกรอบเดิมยังเก็บไว้ครบ")).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("ย้ายจากกรอบปี พ.ศ. ๒๕๖๖ แล้ว"))
    ).to_be_visible()
    _shoot(page, "framework-moved-desktop")

    page.get_by_role("link", name="ดูความพร้อม").click()
    expect(page.get_by_text("ตามกรอบการประเมินปี พ.ศ. ๒๕๖๘")).to_be_visible()
    expect(page.get_by_text(re.compile(r"^[๐-๙]+/๓๓$"))).to_be_visible()
    _shoot(page, "oit-readiness-33-desktop")

    page.get_by_role("navigation", name="เมนูรายการ OIT").get_by_role(
        "link", name="แบบกรอก ITAS"
    ).click()
    row = page.get_by_role("row").filter(has_text="E-Service")
    expect(row).to_contain_text("๐๑๓")
    expect(row).to_contain_text("https://www.nathon.go.th/e-service")
    _shoot(page, "oit-itas-desktop")


@pytest.mark.parametrize(("width", "height", "name"), [(1366, 768, "desktop"), (390, 844, "phone")])
def test_the_framework_pages_fit_the_screen(page: Page, portal, year_2571, width, height, name):
    page.set_viewport_size({"width": width, "height": height})
    log_in_operator(page, portal, "admin")
    expect(page).to_have_url(re.compile(r"/site/organisations/$"))
    page.goto(f"{portal}/site/frameworks/")
    _shoot(page, f"frameworks-{name}")
    page.get_by_role("button", name="สร้างฉบับร่าง").click()  # FY2567 from FY2566
    expect(page.get_by_text("เหมือนเดิม ๔๓")).to_be_visible()
    _shoot(page, f"framework-detail-{name}")
    page.get_by_role("link", name="แก้ไข ข้อ ๐๑๘").click()
    page.get_by_label("ข้อมูล (ชื่อข้อ)").fill("E-Service (บริการออนไลน์)")
    page.get_by_label("เลขข้อ (เลขอารบิก)").fill("๑๗")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.locator("#error-summary")).to_contain_text("เลขข้อ 17 เป็นของข้อ ๐๑๗")  # at the top
    expect(
        page.locator("form").get_by_text("เลขข้อ 17 เป็นของข้อ ๐๑๗")
    ).to_be_visible()  # beside the field
    expect(page.get_by_label("ข้อมูล (ชื่อข้อ)")).to_have_value("E-Service (บริการออนไลน์)")
    _shoot(page, f"framework-item-{name}")
    log_out(page)

    log_in(page, portal, "nathon_coordinator")
    page.goto(f"{portal}/o/nathon/oit/2571/itas/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("แบบกรอกข้อมูล OIT ในระบบ ITAS")
    _shoot(page, f"oit-itas-{name}")
    page.goto(f"{portal}/o/nathon/oit/2571/move/")
    expect(page.get_by_text("ยังไม่มีกรอบการประเมินที่ใหม่กว่าเผยแพร่")).to_be_visible()  # a draft
    _shoot(page, f"framework-move-none-{name}")
