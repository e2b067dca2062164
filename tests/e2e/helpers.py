"""What every journey does: log in, log out on any screen size, check nothing scrolls sideways."""

import re

from playwright.sync_api import Page, expect

from organisations.demo import DEMO_PASSWORD


def log_in(page: Page, portal: str, username: str, landing: str = r"/o/nathon/$"):
    page.goto(f"{portal}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page).to_have_url(re.compile(landing))


def log_out(page: Page):
    menu = page.get_by_role("button", name="เปิดเมนู")
    if menu.is_visible():  # a phone: the menu is folded
        menu.click()
        # Wait until Bootstrap's collapse transition has ended, or the click can land on a
        # button that is still moving and nothing happens.
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
        expect(page.locator("#main-nav")).not_to_have_class(re.compile(r"collapsing"))
    page.get_by_role("button", name="ออกจากระบบ").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))


def fits(page: Page) -> bool:
    """True when the page needs no sideways scrolling."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
