"""The coordinator builds a measure with two steps for two divisions; กองคลัง reports its step
with a photo and a link; the dashboard follows; สำนักปลัด cannot open the step (404). A failed
submit with an oversized file keeps the typed Thai text."""

import io
import re

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image
from playwright.sync_api import Page, expect

from ita_portal import thai
from measures.models import Indicator, MeasureStep

from .conftest import SCREENSHOTS
from .helpers import fits, log_in, log_out

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

MEASURE = "มาตรการส่งเสริมการเปิดเผยข้อมูลการจัดซื้อจัดจ้างต่อสาธารณะ"
STEP_PALAD = "จัดประชุมชี้แจงแนวทางการเปิดเผยข้อมูลสาธารณะให้แก่บุคลากรทุกส่วนราชการ"
STEP_KLANG = "เผยแพร่ประกาศผลการจัดซื้อจัดจ้างและสรุปผลรายเดือน (สขร.๑) บนเว็บไซต์ของหน่วยงาน"
OUTPUT = "เผยแพร่ประกาศผู้ชนะการเสนอราคาครบทุกโครงการ และสรุปผล สขร.๑ ทุกเดือน รวม ๑๒ ฉบับ"


def _add_step(page: Page, text: str, division: str, start: str, end: str, *, both_rounds: bool):
    page.get_by_role("link", name="เพิ่มขั้นตอน").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("เพิ่มขั้นตอนของมาตรการ")
    page.get_by_label("วิธีการดำเนินการ / ขั้นตอน").fill(text)
    page.get_by_label(division, exact=True).check()
    page.get_by_label("เริ่มเดือน").select_option(label=start)
    page.get_by_label("ถึงเดือน").select_option(label=end)
    page.get_by_label("ติดตามรอบ ๖ เดือน").check()
    page.get_by_label("ติดตามรอบ ๑๒ เดือน").set_checked(both_rounds)
    return page


def _jpeg(path) -> str:
    image = Image.new("RGB", (640, 480), (46, 125, 79))
    for x in range(0, 640, 40):  # a little texture, so that it looks like a photo in the shot
        image.paste((240, 200, 60), (x, 200, x + 20, 280))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_measure_built_reported_and_followed(page: Page, portal, settings, tmp_path):
    year = thai.fiscal_year_of(timezone.localdate()) + 1  # a new, empty fiscal year
    thai_year = thai.thai_digits(year)
    page.set_viewport_size(DESKTOP)

    # The coordinator opens the next fiscal year and builds a measure with two steps.
    log_in(page, portal, "nathon_coordinator")
    page.get_by_role("button", name="หน่วยงาน").click()  # the organisation's menu
    page.get_by_role("link", name="ปีงบประมาณ", exact=True).click()
    expect(page.get_by_label("ปีงบประมาณ (พ.ศ.)")).to_have_value(thai_year)
    page.get_by_role("button", name="เปิดปีงบประมาณ").click()
    expect(page.get_by_role("status")).to_contain_text(f"เปิดปีงบประมาณ พ.ศ. {thai_year}แล้ว")

    page.goto(f"{portal}/o/nathon/plan/{year}/")
    expect(page.get_by_text(f"ยังไม่มีมาตรการในแผนของปีงบประมาณ พ.ศ. {thai_year}")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/measures-plan-empty.png", full_page=True)

    page.get_by_role("link", name="เพิ่มมาตรการ").click()
    page.get_by_label("มาตรการ/แนวทาง").fill(MEASURE)
    with scopes_disabled():
        indicator = str(Indicator.objects.get(number=9))
    page.get_by_label("ตัวชี้วัดที่มาตรการนี้ตอบ").select_option(label=indicator)
    page.get_by_label("ประเด็นจากผลการประเมิน").fill("ข้อมูลการจัดซื้อจัดจ้างบนเว็บไซต์ยังไม่ครบทุกเดือน")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกแล้ว")
    expect(page.get_by_text("ยังไม่มีขั้นตอน")).to_be_visible()

    _add_step(page, STEP_PALAD, "สำนักปลัด", "ตุลาคม", "ธันวาคม", both_rounds=False)
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกแล้ว")

    _add_step(page, STEP_KLANG, "กองคลัง", "ตุลาคม", "กันยายน", both_rounds=True)
    page.screenshot(path=f"{SCREENSHOTS}/measures-step-form.png", full_page=True)
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกแล้ว")

    rows = page.locator(".ita-plan-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(f"(๑) {STEP_PALAD}")
    expect(rows.nth(0)).to_contain_text("สำนักปลัด")
    expect(rows.nth(0)).to_contain_text("รอบ ๖ เดือน")
    expect(rows.nth(0)).not_to_contain_text("รอบ ๑๒ เดือน")
    expect(rows.nth(1)).to_contain_text(f"(๒) {STEP_KLANG}")
    expect(rows.nth(1)).to_contain_text("กองคลัง")
    expect(rows.nth(1)).to_contain_text("รอบ ๑๒ เดือน")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/measures-plan-new-year.png", full_page=True)
    with scopes_disabled():
        klang_step = MeasureStep.objects.get(text=STEP_KLANG)
    progress_url = f"{portal}/o/nathon/progress/steps/{klang_step.pk}/?round=6"
    log_out(page)

    # กองคลัง sees only its own step of that year.
    log_in(page, portal, "nathon_staff_klang")
    page.get_by_role("link", name="รายงานผลการดำเนินการ", exact=True).click()
    page.get_by_role("navigation", name="ปีงบประมาณ").get_by_role(
        "link", name=f"พ.ศ. {thai_year}"
    ).click()
    expect(page.get_by_role("heading", name=MEASURE)).to_be_visible()
    expect(page.get_by_role("link", name=STEP_KLANG)).to_be_visible()
    expect(page.get_by_text(STEP_PALAD)).to_have_count(0)
    expect(page.get_by_text("ยังไม่ได้รายงาน")).to_be_visible()
    page.get_by_role("link", name=STEP_KLANG).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("รายงานผลการดำเนินการ รอบ ๖ เดือน")

    # An oversized file: the submit fails in Thai and the typed text stays.
    settings.ITA_MAX_UPLOAD_MB = 1
    page.get_by_label("อยู่ระหว่างดำเนินการ").check()
    page.get_by_label("ผลการดำเนินการ (output)").fill(OUTPUT)
    page.get_by_label("ข้อเสนอแนะ").fill("ควรมอบหมายผู้รับผิดชอบสำรองเมื่อเจ้าหน้าที่พัสดุลา")
    big = tmp_path / "สรุปผล-สขร1-ทั้งปี.pdf"
    big.write_bytes(b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 300_000))
    page.get_by_label("แนบไฟล์หลักฐาน").set_input_files(str(big))
    page.get_by_label("คำอธิบายไฟล์").fill("สรุปผลการจัดซื้อจัดจ้าง ทั้งปี")
    page.get_by_label("วันที่ดำเนินการ (ของหลักฐาน)").fill(f"30/11/{year - 1}")
    page.get_by_role("button", name="บันทึกผลการดำเนินการ").click()
    error = page.locator(".invalid-feedback, .text-danger").filter(has_text="เกินขนาดที่รับได้")
    expect(error).to_contain_text("เกินขนาดที่รับได้ ๑ MB")
    expect(page.get_by_label("ผลการดำเนินการ (output)")).to_have_value(OUTPUT)
    expect(page.get_by_label("ข้อเสนอแนะ")).to_have_value("ควรมอบหมายผู้รับผิดชอบสำรองเมื่อเจ้าหน้าที่พัสดุลา")
    expect(page.get_by_label("อยู่ระหว่างดำเนินการ")).to_be_checked()
    expect(page.get_by_label("คำอธิบายไฟล์")).to_have_value("สรุปผลการจัดซื้อจัดจ้าง ทั้งปี")
    page.screenshot(path=f"{SCREENSHOTS}/measures-progress-too-large.png", full_page=True)
    settings.ITA_MAX_UPLOAD_MB = 20

    # Now the real report: done, with a photo and a link.
    page.get_by_label("ดำเนินการแล้ว", exact=True).check()
    page.get_by_label("แนบไฟล์หลักฐาน").set_input_files(_jpeg(tmp_path / "บอร์ดประกาศ.jpg"))
    page.get_by_label("คำอธิบายไฟล์").fill("ภาพบอร์ดประกาศผลการจัดซื้อจัดจ้างหน้าสำนักงาน")
    page.get_by_label("ลิงก์หลักฐาน").fill("https://www.nathon.go.th/procurement/2571")
    page.get_by_label("คำอธิบายลิงก์").fill("หน้าประกาศจัดซื้อจัดจ้างบนเว็บไซต์")
    page.get_by_role("button", name="บันทึกผลการดำเนินการ").click()

    expect(page.get_by_role("status")).to_contain_text("บันทึกผลการดำเนินการรอบ ๖ เดือนแล้ว")
    expect(page.get_by_label("ผลการดำเนินการ (output)")).to_have_value(OUTPUT)
    expect(page.get_by_label("ดำเนินการแล้ว", exact=True)).to_be_checked()
    evidence = page.get_by_role("region", name=re.compile("หลักฐานรอบ ๖ เดือน"))
    expect(evidence.get_by_role("heading")).to_have_text("หลักฐานรอบ ๖ เดือน (๒)")
    thumbnail = evidence.get_by_role("img", name="ภาพบอร์ดประกาศผลการจัดซื้อจัดจ้างหน้าสำนักงาน")
    expect(thumbnail).to_be_visible()
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")
    thumbnail_url = thumbnail.evaluate("img => img.src")
    link = evidence.get_by_role("link", name="หน้าประกาศจัดซื้อจัดจ้างบนเว็บไซต์")
    expect(link).to_have_attribute("href", "https://www.nathon.go.th/procurement/2571")
    expect(evidence).to_contain_text(f"วันที่ดำเนินการ ๓๐ พฤศจิกายน {thai.thai_digits(year - 1)}")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/measures-progress-form.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/measures-progress-form-phone.png", full_page=True)
    page.set_viewport_size(DESKTOP)

    # The dashboard counts the step as reported, in its measure and for กองคลัง.
    page.goto(f"{portal}/o/nathon/progress/{year}/dashboard/?round=6")
    expect(page.get_by_role("heading", level=1)).to_have_text("ความก้าวหน้าตามมาตรการ")
    expect(page.get_by_text("รายงานแล้ว ๑ จาก ๒ ขั้นตอน (๕๐%)")).to_be_visible()
    per_division = page.get_by_role("region", name="รายส่วนราชการ")
    expect(per_division.get_by_role("listitem").filter(has_text="กองคลัง")).to_contain_text("๑/๑")
    expect(per_division.get_by_role("listitem").filter(has_text="สำนักปลัด")).to_contain_text("๐/๑")
    per_measure = page.get_by_role("region", name="รายมาตรการ")
    expect(per_measure.get_by_role("listitem").filter(has_text=MEASURE)).to_contain_text("๑/๒")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/measures-dashboard.png", full_page=True)
    log_out(page)

    # สำนักปลัด learns nothing about กองคลัง's step.
    log_in(page, portal, "nathon_staff_palad")
    response = page.goto(progress_url)
    assert response.status == 404
    assert page.goto(thumbnail_url).status == 404  # nor its evidence


@pytest.mark.parametrize(("viewport", "name"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_demo_year_pages_fit_the_screen(page: Page, portal, viewport, name):
    """The copied demo plan of the current year: a full plan, a staff form, the dashboard."""
    year = thai.fiscal_year_of(timezone.localdate())
    page.set_viewport_size(viewport)
    log_in(page, portal, "nathon_coordinator")
    page.goto(f"{portal}/o/nathon/plan/{year}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"ปีงบประมาณ พ.ศ. {thai.thai_digits(year)}"
    )
    expect(page.locator(".ita-plan-table tbody tr").first).to_be_visible()
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/measures-plan-{name}.png", full_page=True)

    page.goto(f"{portal}/o/nathon/progress/{year}/dashboard/?round=6")
    expect(page.get_by_role("heading", name="รายส่วนราชการ")).to_be_visible()
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/measures-dashboard-{name}.png", full_page=True)
    log_out(page)

    log_in(page, portal, "nathon_staff_klang")
    page.goto(f"{portal}/o/nathon/progress/{year}/?round=6")
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/measures-progress-list-{name}.png", full_page=True)
    page.locator("main .list-group-item a").first.click()
    expect(page.get_by_role("button", name="บันทึกผลการดำเนินการ")).to_be_visible()
    assert fits(page)
    page.screenshot(path=f"{SCREENSHOTS}/measures-progress-demo-{name}.png", full_page=True)
