"""The FY2568 results report goes round the executives in a real browser: withdrawn and
resubmitted, approved by หัวหน้าสำนักปลัด → รองปลัด → ปลัด → นายก, published by the real task
worker; and a return by รองปลัด with its reason, revised and resubmitted from the first approver."""

import io
import re

import pdfplumber
import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page, expect

from organisations.demo import DEMO_PASSWORD
from tests.worker import run_worker

from .conftest import SCREENSHOTS
from .helpers import fits, log_in, log_out

pytestmark = pytest.mark.e2e

TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ รอบ ๖ เดือน"
APPROVERS = [
    ("nathon_head_palad", "เห็นควรอนุมัติ"),
    ("nathon_deputy", "เห็นควรอนุมัติ"),
    ("nathon_palad", "เห็นควรอนุมัติ"),
    ("nathon_mayor", "ทราบ/อนุมัติ ดำเนินการในส่วนที่เกี่ยวข้องต่อไป"),
]


def _signature_png() -> bytes:
    image = Image.new("RGB", (300, 90), "white")
    ImageDraw.Draw(image).line([(20, 60), (120, 20), (200, 70), (280, 30)], fill="navy", width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _open_report(page: Page, portal: str):
    page.goto(f"{portal}/o/nathon/reports/")
    page.get_by_role("link", name=TITLE).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


def _decide(page: Page, portal: str, username: str, choice: str, comment: str = ""):
    log_in(page, portal, username)
    # The dashboard names what waits for this approver, and only that.
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_role("link", name="พิจารณา", exact=True).click()
    page.get_by_label(choice, exact=True).check()
    if comment:
        page.get_by_label("ความเห็น / เหตุผล").fill(comment)
    page.get_by_label("ยืนยันด้วยรหัสผ่านของท่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ยืนยันผลการพิจารณา").click()
    # Back to one's queue, where this report no longer waits.
    expect(page.get_by_role("heading", level=1)).to_have_text("รายงานที่รอการพิจารณาของท่าน")
    expect(page.get_by_role("link", name=TITLE)).to_have_count(0)
    log_out(page)


def test_four_executives_approve_in_order_and_the_worker_publishes(page: Page, portal):
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, portal, "nathon_coordinator")
    _open_report(page, portal)
    expect(page.get_by_text("รอการพิจารณาลำดับที่ ๒")).to_be_visible()  # the demo's state
    # Withdrawing asks first; its cancel goes back and changes nothing.
    page.get_by_role("link", name="ถอนเรื่องคืน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ถอนเรื่องคืนหรือไม่")
    expect(page.get_by_text("รองปลัดองค์การบริหารส่วนตำบลนาทอน (นางสาวสรวิทย์ ตาเดอีน)")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/report-withdraw-confirm.png", full_page=True)
    page.get_by_role("link", name="ยกเลิก ไม่ถอนเรื่องคืน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("รอการพิจารณาลำดับที่ ๒")).to_be_visible()
    page.get_by_role("link", name="ถอนเรื่องคืน").click()
    page.get_by_role("button", name="ถอนเรื่องคืน").click()
    expect(page.get_by_role("heading", name="ถอนเรื่องคืนแล้ว")).to_be_visible()
    # Submitting asks first too, naming who is told: the first approver.
    page.get_by_role("link", name="ส่งเสนอพิจารณา").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ส่งรายงานนี้เสนอพิจารณาหรือไม่")
    expect(page.get_by_text("ระบบจะแจ้งหัวหน้าสำนักปลัด (นางซาริต้า เต็นหลี่)")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/report-submit-confirm.png", full_page=True)
    assert fits(page)
    page.get_by_role("link", name="ยกเลิก ไม่ส่งเสนอพิจารณา").click()
    expect(page.get_by_role("heading", name="ถอนเรื่องคืนแล้ว")).to_be_visible()  # still back
    page.get_by_role("link", name="ส่งเสนอพิจารณา").click()
    page.get_by_role("button", name="ส่งเสนอพิจารณา").click()
    expect(page.get_by_text("รอการพิจารณาลำดับที่ ๑")).to_be_visible()  # from the first again
    page.screenshot(path=f"{SCREENSHOTS}/report-in-review.png", full_page=True)
    assert fits(page)
    # The PDF preview is made by the worker: the page says so and reloads itself.
    page.get_by_role("link", name="ดูตัวอย่าง PDF").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("กำลังจัดทำไฟล์ PDF")
    page.screenshot(path=f"{SCREENSHOTS}/report-pdf-waiting.png", full_page=True)
    expect(page.get_by_role("link", name="กลับไปยังหน้าเดิม")).to_be_visible()
    page.go_back()  # (not a click: the page may be reloading itself at that moment)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    log_out(page)

    # หัวหน้าสำนักปลัด adds a signature image first: it is printed in their block.
    log_in(page, portal, "nathon_head_palad")
    page.get_by_role("link", name="ลายมือชื่อ").click()
    page.get_by_label("ไฟล์ภาพลายมือชื่อ (PNG หรือ JPEG)").set_input_files(
        {"name": "ลายเซ็น.png", "mimeType": "image/png", "buffer": _signature_png()}
    )
    page.get_by_role("button", name="บันทึกลายมือชื่อ").click()
    expect(page.get_by_role("status").filter(has_text="บันทึกลายมือชื่อแล้ว")).to_be_visible()
    expect(page.get_by_role("img", name="ลายมือชื่อของ นางซาริต้า เต็นหลี่")).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/signature.png", full_page=True)
    log_out(page)

    for username, choice in APPROVERS:
        _decide(page, portal, username, choice)

    log_in(page, portal, "nathon_coordinator")
    _open_report(page, portal)
    expect(page.get_by_text("กำลังจัดทำไฟล์ PDF ฉบับเผยแพร่")).to_be_visible()
    run_worker()
    page.reload()
    expect(page.get_by_text("เผยแพร่แล้ว").first).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/report-published.png", full_page=True)

    link = page.get_by_role("link", name="ดาวน์โหลด PDF ฉบับเผยแพร่")
    response = page.request.get(portal + link.get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(response.body())) as document:
        text = "".join("".join(p.extract_text().split()) for p in document.pages)
    text = text.replace("\u0e4d\u0e32", "\u0e33")  # the text layer spells SARA AM as ํ + า
    for heading in ("ความเห็นหัวหน้าสำนักปลัด", "ความเห็นรองปลัด", "ความเห็นปลัด", "ความเห็นนายก"):
        assert heading in text
    assert text.count("☑") >= 4  # each executive's ticked box
    log_out(page)

    # Nobody is asked any more to decide the published report.
    log_in(page, portal, "nathon_deputy")
    expect(page.get_by_role("button", name=re.compile("รอการพิจารณาของท่าน$"))).to_have_count(0)
    page.get_by_role("link", name="การแจ้งเตือน").click()
    settled = page.get_by_text("ไม่รอการพิจารณาของท่านแล้ว (ตอนนี้: เผยแพร่แล้ว)")
    expect(settled.first).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/notifications-settled.png", full_page=True)


def test_a_return_with_its_reason_is_revised_and_starts_again(page: Page, portal):
    page.set_viewport_size({"width": 390, "height": 844})  # the deputy reads on a phone
    reason = "ขอให้แนบภาพถ่ายกิจกรรมของมาตรการที่ ๒ ก่อนเสนอปลัด"
    log_in(page, portal, "nathon_deputy")
    page.get_by_role("link", name=TITLE).first.click()
    page.get_by_role("link", name="พิจารณา", exact=True).click()
    page.get_by_label("ไม่เห็นควรอนุมัติ เนื่องจาก (ระบุเหตุผล)").check()
    page.get_by_label("ยืนยันด้วยรหัสผ่านของท่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ยืนยันผลการพิจารณา").click()
    # No reason: refused in Thai, the choice kept.
    expect(page.locator("#error-summary")).to_contain_text("โปรดระบุเหตุผล")  # at the top
    expect(page.locator("form").get_by_text("โปรดระบุเหตุผล")).to_be_visible()
    expect(page.get_by_label("ไม่เห็นควรอนุมัติ เนื่องจาก (ระบุเหตุผล)")).to_be_checked()
    page.screenshot(path=f"{SCREENSHOTS}/report-decide-phone.png", full_page=True)
    assert fits(page)
    page.get_by_label("ความเห็น / เหตุผล").fill(reason)
    if page.get_by_label("ยืนยันด้วยรหัสผ่านของท่าน").count():
        page.get_by_label("ยืนยันด้วยรหัสผ่านของท่าน").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ยืนยันผลการพิจารณา").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("รายงานที่รอการพิจารณาของท่าน")
    log_out(page)

    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, portal, "nathon_coordinator")
    # On the dashboard: who sent it back and why.
    expect(page.get_by_text(f"เหตุผล (นางสาวสรวิทย์ ตาเดอีน): {reason}")).to_be_visible()
    _open_report(page, portal)
    alert = page.get_by_role("alert").filter(has_text="ส่งกลับแก้ไข")
    expect(alert).to_contain_text(reason)
    page.screenshot(path=f"{SCREENSHOTS}/report-returned.png", full_page=True)
    page.get_by_role("link", name="แก้ไขบันทึกข้อความ").click()
    body = page.get_by_label("ข้อความ")
    body.fill(body.input_value() + "\nพร้อมนี้ได้แนบภาพถ่ายกิจกรรมของมาตรการที่ ๒ เพิ่มเติมแล้ว")
    page.get_by_role("button", name="บันทึก").click()
    page.get_by_role("link", name="ส่งเสนอพิจารณา").click()
    page.screenshot(path=f"{SCREENSHOTS}/report-submit-confirm-phone.png", full_page=True)
    page.get_by_role("button", name="ส่งเสนอพิจารณา").click()
    expect(page.get_by_text("รอการพิจารณาลำดับที่ ๑")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("การพิจารณา \\(ครั้งที่ ๒\\)"))).to_be_visible()
    expect(page.get_by_text(reason).first).to_be_visible()  # the earlier round stays
    log_out(page)

    log_in(page, portal, "nathon_head_palad")
    page.goto(f"{portal}/o/nathon/reports/queue/")
    expect(page.get_by_role("link", name=TITLE)).to_be_visible()
    page.screenshot(path=f"{SCREENSHOTS}/report-queue.png", full_page=True)
