"""Staff of กองคลัง report an OIT item; readiness follows; another division cannot open it."""

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from ita_portal import thai
from oit_checklist.models import ItemUrl
from oit_checklist.weblinks import OFF_SITE

from .conftest import SCREENSHOTS
from .helpers import fits, log_in, log_out

pytestmark = pytest.mark.e2e

ITEM = "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"


def test_klang_staff_reports_an_item_and_readiness_follows(page: Page, portal):
    year = thai.thai_digits(thai.fiscal_year_of(timezone.localdate()))
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, portal, "nathon_staff_klang")

    page.get_by_role("link", name="รายการ OIT").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"รายการ OIT ปีงบประมาณ พ.ศ. {year}")
    expect(page.get_by_text("แสดงเฉพาะข้อที่ส่วนราชการของท่านรับผิดชอบ (๔ ข้อ)")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/oit-checklist-staff.png", full_page=True)

    page.get_by_role("link", name=ITEM).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"ข้อ ๐๒๒ {ITEM}")
    item_url = page.url
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()
    page.get_by_label("URL ที่แสดงข้อมูลข้อนี้").fill(
        "https://www.nathon.go.th/procurement/annual-report\n"
        "https://www.facebook.com/nathon.satun/posts/2570"
    )
    page.get_by_label("ผลการดำเนินการ").fill("เผยแพร่รายงานผลการจัดซื้อจัดจ้างประจำปีแล้ว")
    page.get_by_label("☑ ดำเนินการ").check()
    page.get_by_role("button", name="บันทึก", exact=True).click()

    expect(page.get_by_role("status").filter(has_text="บันทึกข้อ ๐๒๒ แล้ว")).to_be_visible()
    warning = page.get_by_role("status").filter(has_text="facebook.com")
    expect(warning).to_contain_text(OFF_SITE)
    expect(page.get_by_text("นายอนุชา ศรีสวัสดิ์ ·").first).to_be_visible()  # the history
    # Every component and two URLs, but no link checked yet: not ready, and it says why.
    expect(page.locator(".badge", has_text="ยังไม่ตรวจลิงก์")).to_be_visible()
    expect(page.get_by_text("ยังไม่ตรวจลิงก์ ๒ ลิงก์")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/oit-item-saved.png", full_page=True)

    page.get_by_role("link", name=f"รายการ OIT พ.ศ. {year}").click()  # the breadcrumb
    page.get_by_role("navigation", name="เมนูรายการ OIT").get_by_role(
        "link", name="ความพร้อม"
    ).click()
    # The demo's eleven complete items and this one wait for a link check, counted apart.
    expect(page.get_by_text("๐/๔๓")).to_be_visible()
    expect(page.get_by_text("ยังไม่ตรวจลิงก์ ๑๒ ข้อ")).to_be_visible()
    expect(page.get_by_text("https://www.facebook.com/nathon.satun/posts/2570")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/oit-readiness-staff.png", full_page=True)
    # What the link check writes when the item's page opened (oit_checklist.tasks).
    with scopes_disabled():
        ItemUrl.objects.filter(url="https://www.nathon.go.th/procurement/annual-report").update(
            checked_at=timezone.now(), http_status=200
        )
    page.reload()
    expect(page.get_by_text("๑/๔๓")).to_be_visible()
    expect(page.get_by_text("ยังไม่ตรวจลิงก์ ๑๑ ข้อ")).to_be_visible()
    page.goto(item_url)
    expect(page.locator(".badge", has_text="พร้อม")).to_be_visible()

    log_out(page)
    log_in(page, portal, "nathon_staff_palad")
    response = page.goto(item_url)
    assert response.status == 404


@pytest.mark.parametrize(("width", "height", "name"), [(1366, 768, "desktop"), (390, 844, "phone")])
def test_coordinator_checklist_and_readiness_fit_the_screen(
    page: Page, portal, width, height, name
):
    year = thai.fiscal_year_of(timezone.localdate())
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, portal, "nathon_coordinator")

    page.goto(f"{portal}/o/nathon/oit/{year}/")
    expect(page.get_by_role("heading", name="ตัวชี้วัดย่อยที่ ๙.๑ ข้อมูลพื้นฐาน")).to_be_visible()
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/oit-checklist-{name}.png", full_page=True)

    page.goto(f"{portal}/o/nathon/oit/{year}/readiness/")
    expect(page.get_by_role("heading", name="ตามส่วนราชการ")).to_be_visible()
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/oit-readiness-{name}.png", full_page=True)

    page.goto(f"{portal}/o/nathon/oit/{year}/assignments/")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/oit-assignments-{name}.png", full_page=True)

    page.goto(f"{portal}/o/nathon/oit/{year}/")
    page.get_by_role("link", name="ข้อมูลผู้บริหาร").click()
    expect(page.get_by_role("note").first).to_contain_text("ขาดช่องทางการติดต่อผู้บริหาร")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/oit-item-{name}.png", full_page=True)
