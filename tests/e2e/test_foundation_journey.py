"""A coordinator logs in, finds her organisation and year, opens the next fiscal year."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from ita_portal import thai
from organisations.demo import DEMO_PASSWORD

from .conftest import SCREENSHOTS
from .helpers import fits, log_out

pytestmark = pytest.mark.e2e


def _log_in(page: Page, portal: str, username: str, password: str = DEMO_PASSWORD):
    page.goto(f"{portal}/o/nathon/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/o/nathon/"))
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def test_coordinator_journey(page: Page, portal):
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, portal, "nathon_coordinator", "not-her-password")
    expect(page.get_by_role("alert")).to_contain_text("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง")
    expect(page.get_by_label("ชื่อผู้ใช้")).to_have_value("nathon_coordinator")
    page.screenshot(path=f"{SCREENSHOTS}/login-error.png", full_page=True)

    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    year = thai.fiscal_year_of(timezone.localdate())
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"ปีงบประมาณ พ.ศ. {thai.thai_digits(year)}"
    )
    # the brand link: its name is what it shows (the short name), for voice control
    expect(page.get_by_role("link", name=re.compile(r"^อบต\.นาทอน"))).to_be_visible()
    expect(page.get_by_text("ว่าที่ร้อยตรีหญิง นิตยา สันหลี่")).to_be_visible()
    # The shipped font, not a fallback from the host, draws the Thai text.
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ปีงบประมาณ')")
    page.screenshot(path=f"{SCREENSHOTS}/dashboard-coordinator.png", full_page=True)

    page.get_by_role("button", name="หน่วยงาน").click()  # the organisation's menu
    page.get_by_role("link", name="ปีงบประมาณ", exact=True).click()
    next_year = thai.thai_digits(year + 1)
    expect(page.get_by_label("ปีงบประมาณ (พ.ศ.)")).to_have_value(next_year)
    page.get_by_role("button", name="เปิดปีงบประมาณ").click()
    expect(page.get_by_role("status")).to_contain_text(f"เปิดปีงบประมาณ พ.ศ. {next_year}แล้ว")
    expect(page.get_by_role("cell", name=f"พ.ศ. {next_year}")).to_be_visible()

    page.get_by_role("button", name="ออกจากระบบ").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def test_outsider_meets_404_and_staff_sees_phone_layout(page: Page, portal):
    page.set_viewport_size({"width": 390, "height": 844})
    _log_in(page, portal, "nathon_staff_klang")
    expect(page.get_by_text(re.compile("ขั้นตอนของมาตรการที่ต้องรายงานรอบ"))).to_be_visible()
    # No horizontal scrolling on a phone.
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/dashboard-staff-phone.png", full_page=True)

    log_out(page)
    page.get_by_label("ชื่อผู้ใช้").fill("naok_coordinator")
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page).to_have_url(re.compile(r"/o/naok/$"))
    response = page.goto(f"{portal}/o/nathon/")
    assert response.status == 404


def test_typed_text_survives_an_expired_session(page: Page, portal):
    """The session ends while a staff member types; after logging in again the text is back."""
    page.set_viewport_size({"width": 1366, "height": 768})
    _log_in(page, portal, "nathon_staff_klang")
    page.get_by_role("link", name="รายงานผลการดำเนินการ").click()
    page.get_by_role("link", name=re.compile("จัดให้มีการขออนุญาตในการยืมทรัพย์สิน")).click()
    form_url = page.url
    text = "จัดทำทะเบียนคุมการยืมครุภัณฑ์ครบทุกกองแล้ว"
    page.get_by_label("ผลการดำเนินการ (output)").fill(text)

    page.context.clear_cookies()  # the session expires
    page.get_by_role("button", name="บันทึกผลการดำเนินการ").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("ชื่อผู้ใช้").fill("nathon_staff_klang")
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()

    page.goto(form_url)
    expect(page.get_by_text("กู้คืนข้อความที่ท่านพิมพ์ค้างไว้")).to_be_visible()
    expect(page.get_by_label("ผลการดำเนินการ (output)")).to_have_value(text)
    page.get_by_role("button", name="บันทึกผลการดำเนินการ").click()
    expect(page.get_by_role("status").first).to_contain_text("บันทึกผลการดำเนินการ")
    page.goto(form_url)  # saved: nothing left to restore
    expect(page.get_by_text("กู้คืนข้อความที่ท่านพิมพ์ค้างไว้")).to_have_count(0)
    expect(page.get_by_label("ผลการดำเนินการ (output)")).to_have_value(text)
