"""A refused save on a phone: the page opens on an error summary at the top that has the focus,
says what to fix and links to each field; the title says ข้อผิดพลาด; nothing typed is lost."""

import re

import pytest
from django_scopes import scope
from PIL import Image
from playwright.sync_api import Page, expect

from measures.models import MeasureStep
from organisations.models import FiscalYear, Organisation

from .conftest import SCREENSHOTS
from .helpers import fits, log_in

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
OUTPUT = "จัดประชุมชี้แจงบุคลากรทุกส่วนราชการแล้ว ๒ ครั้ง"


def _step() -> int:
    nathon = Organisation.objects.get(slug="nathon")
    with scope(organisation=nathon):
        year = FiscalYear.objects.get(year=2570)
        return (
            MeasureStep.objects.filter(measure__plan__fiscal_year=year, divisions__name="สำนักปลัด")
            .first()
            .pk
        )


@pytest.mark.parametrize(("size", "viewport"), [("390", PHONE), ("1366", DESKTOP)])
def test_a_refused_save_opens_on_a_focused_summary(page: Page, portal, size, viewport, tmp_path):
    page.set_viewport_size(viewport)
    log_in(page, portal, "nathon_staff_palad")
    page.goto(f"{portal}/o/nathon/progress/steps/{_step()}/?round=12")
    page.get_by_label("ผลการดำเนินการ (output)").fill(OUTPUT)
    photo = tmp_path / "ภาพการประชุมชี้แจง.jpg"
    Image.new("RGB", (640, 480), (46, 125, 79)).save(photo, format="JPEG")
    page.get_by_label("แนบไฟล์หลักฐาน").set_input_files(str(photo))
    page.get_by_label("คำอธิบายไฟล์").fill("ภาพการประชุมชี้แจงบุคลากร")
    page.get_by_label("ลิงก์หลักฐาน").fill("https://www.nathon.go.th/news/2570/1")
    page.get_by_label("คำอธิบายลิงก์").fill("ข่าวการประชุมชี้แจง")
    date = page.get_by_label("วันที่ดำเนินการ (ของหลักฐาน)")
    expect(date).to_have_attribute("placeholder", "วว/ดด/ปปปป (พ.ศ.)")
    date.fill("20/02/2027")  # ค.ศ. by mistake
    page.get_by_role("button", name="บันทึกผลการดำเนินการ").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("บันทึกไม่สำเร็จ กรุณาแก้ไขรายการต่อไปนี้")
    expect(summary).to_contain_text("ปี 2027 เป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.)")
    expect(page).to_have_title(re.compile(r"^ข้อผิดพลาด: รายงานผล"))
    expect(page.get_by_label("ผลการดำเนินการ (output)")).to_have_value(OUTPUT)
    expect(date).to_have_value("20/02/2027")
    expect(page.locator("#kept-file")).to_contain_text(
        "เก็บไฟล์ที่เลือกไว้แล้ว: ภาพการประชุมชี้แจง.jpg จะแนบเมื่อกดบันทึกอีกครั้ง"
    )
    page.screenshot(path=f"{SCREENSHOTS}/refused-save-summary-{size}.png")
    page.screenshot(path=f"{SCREENSHOTS}/refused-save-kept-file-{size}.png", full_page=True)

    summary.get_by_role("link", name="วันที่ดำเนินการ (ของหลักฐาน)").click()
    expect(date).to_be_focused()
    date.fill("20/02/2570")
    page.get_by_role("button", name="บันทึกผลการดำเนินการ").click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกผลการดำเนินการรอบ ๑๒ เดือนแล้ว")
    evidence = page.get_by_role("region", name=re.compile("หลักฐานรอบ ๑๒ เดือน"))
    expect(evidence.get_by_role("img", name="ภาพการประชุมชี้แจงบุคลากร")).to_be_visible()
    expect(evidence.get_by_text("วันที่ดำเนินการ ๒๐ กุมภาพันธ์ ๒๕๗๐")).to_have_count(2)
    page.screenshot(path=f"{SCREENSHOTS}/refused-save-then-saved-{size}.png", full_page=True)

    # Deleting evidence asks first; cancelling deletes nothing.
    expect(evidence.get_by_role("heading")).to_have_text("หลักฐานรอบ ๑๒ เดือน (๒)")
    evidence.get_by_role("link", name="ลบหลักฐานนี้").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ลบหลักฐานนี้หรือไม่")
    expect(page.get_by_text("นำกลับคืนไม่ได้")).to_be_visible()
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/confirm-delete-evidence-{size}.png", full_page=True)
    page.get_by_role("link", name="ยกเลิก ไม่ลบหลักฐาน").click()
    expect(evidence.get_by_role("heading")).to_have_text("หลักฐานรอบ ๑๒ เดือน (๒)")
    evidence.get_by_role("link", name="ลบหลักฐานนี้").first.click()
    page.get_by_role("button", name="ลบหลักฐาน").click()
    expect(page.get_by_role("status")).to_contain_text("ลบหลักฐานแล้ว")
    expect(evidence.get_by_role("heading")).to_have_text("หลักฐานรอบ ๑๒ เดือน (๑)")
    expect(page).not_to_have_title(re.compile("ข้อผิดพลาด"))


def test_every_date_box_is_a_buddhist_era_text_box(page: Page, portal):
    """The OIT deadlines and the meeting's dates: text boxes that say พ.ศ., no date picker in
    ค.ศ., on a desktop and on a phone; a year in ค.ศ. is refused in Thai, naming the year."""
    pages = {
        "oit-setup": "/o/nathon/oit/2570/setup/",
        "meeting-form": "/o/nathon/reports/2570/minutes/new/",
    }
    page.set_viewport_size(DESKTOP)
    log_in(page, portal, "nathon_coordinator")
    for name, path in pages.items():
        for size, viewport in (("1366", DESKTOP), ("390", PHONE)):
            page.set_viewport_size(viewport)
            page.goto(f"{portal}{path}")
            boxes = page.locator("input[data-be-date]")
            assert boxes.count() >= 1
            for index in range(boxes.count()):
                expect(boxes.nth(index)).to_have_attribute("type", "text")
                expect(boxes.nth(index)).to_have_attribute("placeholder", "วว/ดด/ปปปป (พ.ศ.)")
            expect(page.locator("input[type=date]")).to_have_count(0)
            assert fits(page), (name, size)
            page.screenshot(path=f"{SCREENSHOTS}/be-dates-{name}-{size}.png", full_page=True)
        page.locator("input[data-be-date]").first.fill("9/4/2027")
        page.locator("main form button[type=submit]").last.click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("ปี 2027 เป็นปีคริสต์ศักราช (ค.ศ.)")
        assert fits(page), (name, "refused")
        page.screenshot(path=f"{SCREENSHOTS}/be-dates-{name}-refused-390.png", full_page=True)
