"""A citizen on a phone, not logged in: the portal's directory → อบต.นาทอน → FY2567 → the
published results report on the web → its PDF (the stored file, its SHA-256 as shown); the EIT
survey's QR code on the page decodes to the survey URL."""

import hashlib
import io
import re

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Page, expect

from tests.worker import run_worker

from .conftest import SCREENSHOTS
from .helpers import fits

pytestmark = pytest.mark.e2e

SURVEY_URL = "https://itas.nacc.go.th/go/eit/n4th0n"  # organisations.demo
TITLE = (
    "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ รอบ ๑๒ เดือน"
)


def test_a_citizen_reads_a_published_report_and_scans_the_eit_code(page: Page, published_portal):
    portal = published_portal
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{portal}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "รายงานและข้อมูลการประเมิน ITA ของหน่วยงาน"
    )
    page.get_by_label("ค้นหาหน่วยงาน").fill("นาทอน")
    page.get_by_label("ค้นหาหน่วยงาน").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("ผลการค้นหา “นาทอน”: ๑ หน่วยงาน")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/public-home-phone.png", full_page=True)

    page.get_by_role("link", name="องค์การบริหารส่วนตำบลนาทอน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("องค์การบริหารส่วนตำบลนาทอน")
    expect(page.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    # Nothing unpublished: the FY2568 report in review is not listed.
    expect(page.get_by_text("พ.ศ. ๒๕๖๘ รอบ ๖ เดือน")).to_have_count(0)
    qr = page.locator("#eit-qr")
    qr.scroll_into_view_if_needed()
    expect(qr).to_be_visible()
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/public-organisation-phone.png", full_page=True)
    codes = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr.screenshot())))
    assert [code.text for code in codes] == [SURVEY_URL]

    page.get_by_role("link", name="ปีงบประมาณ พ.ศ. ๒๕๖๗").first.click()
    expect(page).to_have_url(re.compile(r"/p/nathon/2567/$"))
    page.get_by_role("link", name=TITLE, exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/p/nathon/2567/reports/results/\?round=12$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    # The approvals as printed, and the measures' results, read on the phone.
    expect(page.get_by_text("นายเอกชัย หลงขาว").first).to_be_visible()
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/public-report-phone.png", full_page=True)

    shown = page.locator("#pdf-sha256").inner_text()
    response = page.request.get(portal + page.locator("#pdf-link").get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["etag"].strip('"') == shown  # cacheable: it never changes
    pdf = response.body()
    assert hashlib.sha256(pdf).hexdigest() == shown


def test_a_citizen_asks_for_the_eit_poster_waits_and_gets_it(page: Page, portal):
    """The poster is made by the task worker: the citizen first sees a Thai waiting page that
    reloads itself, and the PDF arrives on its own once the worker has stored it."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{portal}/p/nathon/")
    page.get_by_role("link", name="โปสเตอร์ A4 สำหรับพิมพ์ (PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("กำลังจัดทำไฟล์ PDF")
    expect(page.get_by_role("status")).to_contain_text("โปสเตอร์แบบสำรวจ EIT")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/public-eit-poster-waiting-phone.png", full_page=True)

    with page.expect_download(timeout=60_000) as download:
        run_worker()  # the page keeps reloading meanwhile
    assert download.value.suggested_filename.endswith(".pdf")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
