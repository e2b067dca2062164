"""What every journey does: log in, log out on any screen size, check nothing scrolls sideways."""

import re
import time

from playwright.sync_api import Page, expect

from organisations.demo import DEMO_PASSWORD


def log_in(page: Page, portal: str, username: str, landing: str = r"/o/nathon/$"):
    page.goto(f"{portal}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page).to_have_url(re.compile(landing))


def log_in_operator(page: Page, portal: str, username: str, password: str = DEMO_PASSWORD):
    """An operator (is_staff) logs in with the second factor it must use: set up on its first
    login, asked for on the next. The code is what an authenticator app shows, computed by
    django-otp's TOTP from the device in the database."""
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(f"{portal}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page).to_have_url(re.compile(r"/accounts/otp/"))
    device = TOTPDevice.objects.filter(user__username=username).order_by("-confirmed").first()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    while device.last_t is not None and totp.t() <= device.last_t:  # a code is used once
        time.sleep(1)
    page.get_by_label("รหัส ๖ หลักจากแอปยืนยันตัวตน").fill(f"{totp.token():06d}")
    page.get_by_role("button", name="ยืนยัน" if device.confirmed else "เปิดใช้งาน").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/"))


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
    """True when the page needs no sideways scrolling. Measured once the page a click has just
    opened is parsed: measured earlier, the new document had no documentElement yet (the
    onboarding journey failed so, twice, on a loaded machine)."""
    page.wait_for_load_state("domcontentloaded")
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
