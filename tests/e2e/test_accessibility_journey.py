"""The public site and the staff pages to WCAG 2.1 AA in a real Chromium (issue 18): axe-core finds
nothing on the public pages at an office screen and a phone, nor on the coordinator's dashboard,
plan, OIT checklist, reports and policies, at both sizes; the text that failed the audit reads
at 4.5:1 or more; a keyboard user sees where the focus is, logs in, reports progress and decides
on a report with Tab, Enter, Space and the arrows of a radio group alone; the results table
scrolls by keyboard on a phone; /robots.txt and /favicon.ico answer and every public page
describes itself."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from organisations.demo import DEMO_PASSWORD

from .conftest import SCREENSHOTS
from .helpers import log_in, log_out

pytestmark = pytest.mark.e2e

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
REPORT = "/p/nathon/2567/reports/results/?round=12"
STAFF_PAGES = [
    "/o/nathon/plan/2568/",
    "/o/nathon/oit/",
    "/o/nathon/reports/",
    "/o/nathon/settings/policies/",
    "/o/nathon/",  # last: the checks below read the dashboard
]

# The contrast of an element's text against the first opaque background behind it, and of its
# focus outline against the same background, computed by the browser from the styles in force.
CONTRAST = """
(element) => {
  const rgb = (value) => value.match(/[\\d.]+/g).map(Number);
  const opaque = (node) => {
    for (; node; node = node.parentElement) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || colour[3] === 1) return colour.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const luminance = ([r, g, b]) => {
    const [R, G, B] = [r, g, b].map((c) => {
      c /= 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const style = getComputedStyle(element);
  const behind = opaque(element.parentElement);
  return {
    text: ratio(rgb(style.color).slice(0, 3), opaque(element)),
    outline: style.outlineStyle === "none" ? 0 : ratio(rgb(style.outlineColor).slice(0, 3), behind),
    outlineWidth: parseFloat(style.outlineWidth),
  };
}
"""


def _axe_violations(page: Page) -> list[str]:
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [
        f"{v['id']}: {[node['target'] for node in v['nodes']]}"
        for v in results.response["violations"]
    ]


def _tab_to(page: Page, locator, limit: int = 60) -> None:
    """Press Tab until ``locator`` has the focus, as a keyboard user reaches it."""
    handle = locator.element_handle()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(el) => document.activeElement === el", handle):
            return
    raise AssertionError("the keyboard never reached the element")


def _focus_ring(page: Page, locator) -> dict:
    _tab_to(page, locator)
    return locator.evaluate(CONTRAST)


@pytest.mark.parametrize("size", SIZES)
def test_the_public_pages_pass_axe_and_describe_themselves(page: Page, published_portal, size):
    portal = published_portal
    page.set_viewport_size(SIZES[size])
    pages = [
        ("home", "/"),
        ("organisation", "/p/nathon/"),
        ("year", "/p/nathon/2567/"),
        ("report", REPORT),
        ("oit-index", "/p/nathon/2570/oit/"),
        ("oit-item", "/p/nathon/2570/oit/1/"),
        ("privacy", "/p/nathon/privacy/"),
        ("website-policy", "/p/nathon/website-policy/"),
        ("site-map", "/p/nathon/sitemap/"),
        ("accessibility", "/p/nathon/accessibility/"),
    ]
    for name, path in pages:
        page.goto(f"{portal}{path}")
        expect(page.locator('meta[name="description"]')).to_have_attribute(
            "content", re.compile(r"\S{10}")
        )
        assert _axe_violations(page) == [], path
        page.screenshot(path=f"{SCREENSHOTS}/a11y-{name}-{size}.png", full_page=True)

    for path, kind in [("/robots.txt", "text/plain"), ("/favicon.ico", "image/vnd.microsoft.icon")]:
        response = page.request.get(f"{portal}{path}")
        assert response.status == 200, path
        assert response.headers["content-type"].startswith(kind)
    assert page.request.get(f"{portal}/sitemap.xml").status == 200


def test_the_grey_text_reads_and_the_focus_shows(page: Page, published_portal):
    portal = published_portal
    page.set_viewport_size(SIZES["desktop"])
    page.goto(f"{portal}{REPORT}")
    subtitle = page.locator("header p.text-secondary").first
    assert subtitle.evaluate(CONTRAST)["text"] >= 4.5
    # A link on the light page: a ring of 3 px at 3:1 or more against the page.
    breadcrumb = page.get_by_role("navigation", name="ตำแหน่งของหน้านี้").get_by_role("link").first
    ring = _focus_ring(page, breadcrumb)
    assert ring["outlineWidth"] >= 2
    assert ring["outline"] >= 3
    page.screenshot(path=f"{SCREENSHOTS}/a11y-focus-link-desktop.png")

    # A form field focused from the keyboard: a ring of 3:1 or more, not Bootstrap's pale halo.
    page.goto(f"{portal}/accounts/login/")
    ring = _focus_ring(page, page.get_by_label("ชื่อผู้ใช้"))
    assert ring["outline"] >= 3, ring
    page.screenshot(path=f"{SCREENSHOTS}/a11y-focus-field-desktop.png")

    log_in(page, portal, "nathon_coordinator")
    # The coordinator's main pages: nothing for axe either, on a phone and at an office screen.
    for size in ["phone", "desktop"]:
        page.set_viewport_size(SIZES[size])
        for path in STAFF_PAGES:
            page.goto(f"{portal}{path}")
            assert _axe_violations(page) == [], (path, size)
    # The dashboard's dates in grey, and the top menu's current item focused from the keyboard.
    dates = page.locator("main .text-secondary").first
    assert dates.evaluate(CONTRAST)["text"] >= 4.5
    brand = page.locator(".ita-topbar .navbar-brand")
    # Voice control: the brand link is called by the words it shows.
    expect(brand).to_have_accessible_name(
        re.compile(r"^" + re.escape(brand.inner_text().split()[0]))
    )
    current = page.locator(".ita-topbar .nav-link.active")
    ring = _focus_ring(page, current)
    assert ring["outline"] >= 3, ring
    page.screenshot(path=f"{SCREENSHOTS}/a11y-focus-menu-desktop.png")

    # The OIT checklist's tabs in the portal's blue, not Bootstrap's #0d6efd (4.16:1).
    page.goto(f"{portal}/o/nathon/oit/")
    tab = page.locator(".nav-tabs .nav-link:not(.active)").first
    assert tab.evaluate(CONTRAST)["text"] >= 4.5


def test_the_results_table_scrolls_by_keyboard_on_a_phone(page: Page, published_portal):
    page.set_viewport_size(SIZES["phone"])
    page.goto(f"{published_portal}{REPORT}")
    region = page.get_by_role("region", name="ตารางผลการดำเนินการ (เลื่อนดูด้านข้างได้)")
    assert region.evaluate("(el) => el.scrollWidth > el.clientWidth")
    _tab_to(page, region, limit=120)
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    expect(region).not_to_have_js_property("scrollLeft", 0)
    region.screenshot(path=f"{SCREENSHOTS}/a11y-results-table-phone.png")


def _activate(page: Page, locator, key: str = "Enter", limit: int = 120) -> None:
    _tab_to(page, locator, limit)
    page.keyboard.press(key)


def _choose_by_keyboard(page: Page, group: str, choice) -> None:
    """Tab into the radio group ``group`` (the focus lands on its checked or its first button),
    Space, then the down arrow until ``choice`` is checked, as a keyboard user picks."""
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.name === {group!r}"):
            break
    page.keyboard.press("Space")
    for _ in range(4):
        if choice.is_checked():
            return
        page.keyboard.press("ArrowDown")
    expect(choice).to_be_checked()


SIX_MONTHS_2568 = (
    "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ รอบ ๖ เดือน"
)


def test_login_progress_and_decision_by_keyboard_alone(page: Page, portal):
    """No mouse: Tab to a control, Enter on links and buttons, Space on a radio button (the
    arrows move within its group), the text typed."""
    page.set_viewport_size(SIZES["desktop"])

    def log_in_by_keyboard(username: str) -> None:
        page.goto(f"{portal}/accounts/login/")
        _tab_to(page, page.get_by_label("ชื่อผู้ใช้"))
        page.keyboard.type(username)
        page.keyboard.press("Tab")
        expect(page.get_by_label("รหัสผ่าน")).to_be_focused()
        page.keyboard.type(DEMO_PASSWORD)
        page.keyboard.press("Enter")
        expect(page).to_have_url(re.compile(r"/o/nathon/$"))

    # สำนักปลัด's officer reports a step of the 6-month round, from the dashboard's list.
    log_in_by_keyboard("nathon_staff_palad")
    step = page.locator("main a[href*='/progress/steps/']").first
    href = step.get_attribute("href")
    _activate(page, step)
    expect(page).to_have_url(re.compile(re.escape(href) + "$"))
    _choose_by_keyboard(page, "status", page.get_by_label("ดำเนินการแล้ว", exact=True))
    page.keyboard.press("Tab")
    expect(page.get_by_label("ผลการดำเนินการ (output)")).to_be_focused()
    page.keyboard.type("ประชุมชี้แจงเจ้าหน้าที่ผู้ให้บริการแล้ว ๒ ครั้ง")
    _activate(page, page.get_by_role("button", name="บันทึกผลการดำเนินการ"))
    expect(page.get_by_role("status").first).to_contain_text("บันทึก")
    page.goto(f"{portal}{href}")
    expect(page.get_by_label("ดำเนินการแล้ว", exact=True)).to_be_checked()
    expect(page.get_by_label("ผลการดำเนินการ (output)")).to_have_value(
        "ประชุมชี้แจงเจ้าหน้าที่ผู้ให้บริการแล้ว ๒ ครั้ง"
    )
    log_out(page)

    # รองปลัด, second in the chain of the FY2568 6-month report, approves it.
    log_in_by_keyboard("nathon_deputy")
    _activate(page, page.get_by_role("link", name=SIX_MONTHS_2568).first)
    expect(page.get_by_role("heading", level=1)).to_have_text(SIX_MONTHS_2568)
    _activate(page, page.get_by_role("link", name="พิจารณา", exact=True))
    expect(page).to_have_url(re.compile(r"/decide/$"))
    _choose_by_keyboard(page, "value", page.get_by_label("เห็นควรอนุมัติ", exact=True))
    _tab_to(page, page.get_by_label("ยืนยันด้วยรหัสผ่านของท่าน"))
    page.keyboard.type(DEMO_PASSWORD)
    _activate(page, page.get_by_role("button", name="ยืนยันผลการพิจารณา"))
    expect(page.get_by_role("heading", level=1)).to_have_text("รายงานที่รอการพิจารณาของท่าน")
    expect(page.get_by_role("link", name=SIX_MONTHS_2568)).to_have_count(0)
