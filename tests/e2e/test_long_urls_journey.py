"""A 300-character URL typed into a step, its result and its evidence, and given to an OIT
item: every staff page that shows it stays inside the screen at 1366 px and 390 px, the URL
wraps inside its own box (measured from the element boxes), and Thai words keep their width."""

import pytest
from django.utils import timezone
from django_scopes import scope
from playwright.sync_api import Page, expect

from measures import services
from measures.models import MeasureStep
from oit_checklist.models import ItemStatus, ItemUrl
from organisations.models import FiscalYear, Organisation, User

from .conftest import SCREENSHOTS
from .helpers import fits, log_in

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
YEAR = 2570
LONG_URL = "https://www.nathon.go.th/ita/" + "2570/%E0%B8%82%E0%B9%88%E0%B8%B2%E0%B8%A7-" * 7
LONG_URL = LONG_URL[:300]

# The URL's text, wherever it is written, lies inside the box around it (its cell, list item,
# paragraph): measured from the text's own boxes (a Range), so it does not matter how it is marked.
INSIDE = """(url) => {
  const out = [];
  let found = 0;
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.includes(url.slice(0, 40))) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (!box.width) continue;
    found += 1;
    const holder = node.parentElement.closest('td, th, li, p, dd, div').getBoundingClientRect();
    if (box.left < holder.left - 1 || box.right > holder.right + 1) {
      out.push(`${node.parentElement.tagName} ${box.right} > ${holder.right}`);
    }
  }
  return {found, out};
}"""
# Every table is no wider than the box it sits in (1,850 px in 1,116 px was the complaint).
TABLES_FIT = """() => [...document.querySelectorAll('main table')]
  .filter(t => t.getClientRects().length)
  .filter(t => t.getBoundingClientRect().width > t.parentElement.clientWidth + 1)
  .map(t => `${t.className} ${t.getBoundingClientRect().width} > ${t.parentElement.clientWidth}`)"""


def _long_url_everywhere() -> dict:
    nathon = Organisation.objects.get(slug="nathon")
    with scope(organisation=nathon):
        coordinator = User.objects.get(username="nathon_coordinator")
        year = FiscalYear.objects.get(year=YEAR)
        step = MeasureStep.objects.filter(
            measure__plan__fiscal_year=year, divisions__name="สำนักปลัด"
        ).first()
        step.text = f"ประชาสัมพันธ์มาตรการผ่านเว็บไซต์ของหน่วยงาน {LONG_URL} ภายในสิบห้าวัน"
        step.save(update_fields=["text"])
        entry = services.progress_entry_get_or_create(target=step, round_=12)
        entry = services.progress_save(
            target=step,
            round_=12,
            expected_version=entry.version,
            user=coordinator,
            status="done",
            output=f"เผยแพร่ประกาศแล้วที่ {LONG_URL}",
            outcome="ประชาชนเข้าถึงข้อมูลได้ครบถ้วน",
            suggestion="",
            remark=f"ดูหลักฐานที่{LONG_URL}",
        )
        services.evidence_add_link(
            progress=entry,
            url=LONG_URL,
            caption="ประกาศบนเว็บไซต์ของหน่วยงาน",
            effective_date=timezone.localdate().replace(year=2026, month=12, day=1),
            user=coordinator,
        )
        status = ItemStatus.objects.filter(fiscal_year=year).order_by("item__order").first()
        ItemUrl.objects.create(organisation=nathon, item_status=status, url=LONG_URL, order=9)
    return {"step": step.pk, "status": status.pk}


def test_a_long_url_stays_inside_every_staff_page(page: Page, portal):
    ids = _long_url_everywhere()
    pages = {
        "plan": f"/o/nathon/plan/{YEAR}/",
        "progress-list": f"/o/nathon/progress/{YEAR}/?round=12",
        "progress-step": f"/o/nathon/progress/steps/{ids['step']}/?round=12",
        "oit-item": f"/o/nathon/oit/items/{ids['status']}/",
        "preview-plan": f"/o/nathon/reports/{YEAR}/preview/plan/",
        "preview-results": f"/o/nathon/reports/{YEAR}/preview/results/",
    }
    page.set_viewport_size(DESKTOP)
    log_in(page, portal, "nathon_coordinator")
    for name, path in pages.items():
        for size, viewport in (("1366", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            page.goto(f"{portal}{path}")
            expect(page.locator("main")).to_be_visible()
            page.screenshot(path=f"{SCREENSHOTS}/long-url-{name}-{size}.png", full_page=True)
            assert fits(page), (name, size)
            boxes = page.evaluate(INSIDE, LONG_URL)
            assert boxes["found"] and boxes["out"] == [], (name, size)
            if viewport is DESKTOP:
                assert page.evaluate(TABLES_FIT) == [], (name, size)
