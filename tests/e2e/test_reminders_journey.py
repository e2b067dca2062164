"""The notification centre in a browser: the top bar's count, opening a reminder (a POST) that
leads to the page to act on, and the settings page; screenshots at 1366 px and 390 px."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import SCREENSHOTS
from .helpers import fits, log_in, log_out

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def _shoot(page: Page, name: str):
    for size, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
        page.set_viewport_size(size)
        assert fits(page), f"{name}{suffix} scrolls sideways"
        page.screenshot(path=f"{SCREENSHOTS}/reminders-{name}{suffix}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_a_reminder_in_the_notification_centre_leads_to_the_work(page: Page, portal):
    log_in(page, portal, "nathon_staff_palad")
    bell = page.get_by_role("link", name=re.compile("การแจ้งเตือน"))
    expect(bell).to_contain_text(re.compile(r"\d"))
    _shoot(page, "top-bar")
    bell.click()
    expect(page.get_by_role("heading", name="การแจ้งเตือน")).to_be_visible()
    _shoot(page, "notifications")
    page.get_by_role("button", name=re.compile("งานที่ใกล้ครบกำหนด")).first.click()
    expect(page).to_have_url(re.compile(r"/o/nathon/progress/\d+/\?round=6$"))
    page.goto(f"{portal}/o/nathon/reminders/")
    _shoot(page, "settings-staff")
    log_out(page)
    log_in(page, portal, "nathon_coordinator")
    page.goto(f"{portal}/o/nathon/reminders/")
    expect(page.get_by_role("heading", name="LINE Official Account ของหน่วยงาน")).to_be_visible()
    _shoot(page, "settings-coordinator")
