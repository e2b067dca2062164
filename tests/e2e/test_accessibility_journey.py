"""The public site and the staff pages to WCAG 2.1 AA in a real Chromium (issue 18): axe-core finds
nothing on the public pages at an office screen and a phone, nor on the coordinator's dashboard,
plan, OIT checklist and reports; the text that failed the audit reads at 4.5:1 or more; a
keyboard user sees where the focus is; the results table scrolls by keyboard on a phone;
/robots.txt and /favicon.ico answer and every public page describes itself."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .conftest import SCREENSHOTS
from .helpers import log_in

pytestmark = pytest.mark.e2e

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
REPORT = "/p/nathon/2567/reports/results/?round=12"

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
    # The coordinator's main pages: nothing for axe either.
    for path in ["/o/nathon/plan/2568/", "/o/nathon/oit/", "/o/nathon/reports/", "/o/nathon/"]:
        page.goto(f"{portal}{path}")
        assert _axe_violations(page) == [], path
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
