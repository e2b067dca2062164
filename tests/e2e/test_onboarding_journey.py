"""A new อบต. from nothing, in a real browser and with the real task worker: the operator
creates องค์การบริหารส่วนตำบลหนองแวง and invites its coordinator; the coordinator accepts (the
link read from the worker's mail), invites a staff member and four approvers, opens the fiscal
year's plan and adds a measure; the staff member reports progress; the report goes through the
chain and appears on the public site. No shell, no /admin/, no load_demo."""

import email
import email.policy
import re
import time
from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from playwright.sync_api import Page, expect

from ita_portal import thai
from organisations.models import User
from reports.enums import ReportStatus
from reports.models import Report
from tests.worker import start_worker

from .conftest import SCREENSHOTS
from .helpers import fits, log_in_operator, log_out

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
OPERATOR_PASSWORD = "ผู้ดูแล-จังหวัด-2570"
NAME = "องค์การบริหารส่วนตำบลหนองแวง"
MEASURE = "มาตรการเผยแพร่ข้อมูลการจัดซื้อจัดจ้างต่อสาธารณะ"
STEP = "เผยแพร่ประกาศผลการจัดซื้อจัดจ้างและสรุปผล สขร.๑ ทุกเดือนบนเว็บไซต์"
PEOPLE = [
    # (e-mail, title, first name, last name, role, position, division)
    ("somsri@nongwaeng.go.th", "นางสาว", "สมศรี", "ใจงาม", "staff", None, "กองคลัง"),
    ("head@nongwaeng.go.th", "นาง", "มาลัย", "ศรีสุข", "approver", "หัวหน้าสำนักปลัด", None),
    (
        "deputy@nongwaeng.go.th",
        "นาย",
        "ประเสริฐ",
        "บุญมา",
        "approver",
        "รองปลัดองค์การบริหารส่วนตำบลหนองแวง",
        None,
    ),
    (
        "palad@nongwaeng.go.th",
        "นาย",
        "วิชัย",
        "แก้วกาญจน์",
        "approver",
        "ปลัดองค์การบริหารส่วนตำบลหนองแวง",
        None,
    ),
    (
        "mayor@nongwaeng.go.th",
        "นาย",
        "บุญส่ง",
        "ทองดี",
        "approver",
        "นายกองค์การบริหารส่วนตำบลหนองแวง",
        None,
    ),
]


@pytest.fixture
def operator(transactional_db):
    user = User.objects.create_user(
        "province_operator",
        email="ops@province.go.th",
        password=OPERATOR_PASSWORD,
        first_name="สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด",
        is_staff=True,
    )
    return user


@pytest.fixture
def mailbox(tmp_path, live_server, transactional_db):
    """A real worker for the whole journey; its mail goes into files we read."""
    folder = tmp_path / "mail"
    folder.mkdir()
    worker = start_worker(
        tmp_path / "worker.log",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(folder),
        PORTAL_URL=live_server.url,
    )
    try:
        yield folder
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def _link_for(folder: Path, address: str, seen: set[str], timeout: float = 60) -> str:
    """The newest invitation link mailed to ``address`` that we have not used yet."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for path in sorted(folder.iterdir()):
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if not raw.strip():
                    continue
                message = email.message_from_bytes(raw, policy=email.policy.default)
                if address not in str(message["To"]):
                    continue
                body = message.get_body(preferencelist=("plain",)).get_content()
                found = re.search(r"https?://\S+/accounts/invite/[\w-]+/", body)
                if found and found.group(0) not in seen:
                    seen.add(found.group(0))
                    return found.group(0)
        time.sleep(0.2)
    raise AssertionError(f"no invitation mailed to {address} within {timeout} s")


def _accept(page: Page, link: str, username: str, password: str):
    _accept_as(page, link, username, password, landing=r"/o/nongwaeng/$")


def _accept_as(page: Page, link: str, username: str, password: str, *, landing: str):
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("เปิดใช้งานบัญชี")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.locator("#id_new_password1").fill(password)
    page.get_by_label("ยืนยันรหัสผ่านใหม่").fill(password)
    page.get_by_role("button", name="เปิดใช้งานและเข้าสู่ระบบ").click()
    expect(page).to_have_url(re.compile(landing))


def _login(page: Page, portal: str, username: str, password: str):
    page.goto(f"{portal}/accounts/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.get_by_role("button", name="เข้าสู่ระบบ").click()


def _shoot(page: Page, name: str):
    """The page at 1366 px and 390 px, neither scrolling sideways."""
    for size, suffix in ((DESKTOP, ""), (PHONE, "-phone")):
        page.set_viewport_size(size)
        assert fits(page), f"{name}{suffix} scrolls sideways"
        page.screenshot(path=f"{SCREENSHOTS}/onboarding-{name}{suffix}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_a_new_organisation_from_nothing_to_its_first_publication(
    page: Page, live_server, operator, mailbox
):
    portal = live_server.url
    seen: set[str] = set()
    page.set_viewport_size(DESKTOP)

    # The operator creates the organisation from the อบต. template and invites its coordinator.
    log_in_operator(page, portal, "province_operator", OPERATOR_PASSWORD)
    expect(page).to_have_url(re.compile(r"/site/organisations/$"))
    _shoot(page, "site-organisations")
    page.get_by_role("link", name="สร้างหน่วยงานใหม่").click()
    page.get_by_label("ประเภท").select_option(label="องค์การบริหารส่วนตำบล (อบต.)")
    page.get_by_label("ชื่อหน่วยงาน").fill("หนองแวง")  # not the full name: refused, kept
    page.get_by_label("ชื่อย่อ").fill("อบต.หนองแวง")
    page.get_by_label("อำเภอ").fill("เกษตรวิสัย")
    page.get_by_label("จังหวัด").fill("ร้อยเอ็ด")
    page.get_by_label("รหัสไปรษณีย์").fill("45150")
    page.get_by_label("รหัสหนังสือ (ที่)").fill("รอ ๗๔๓๐๑")
    page.get_by_role("button", name="สร้างหน่วยงาน").click()
    expect(page.locator("#error-summary")).to_contain_text(
        "ต้องเป็นชื่อเต็ม ขึ้นต้นด้วย “องค์การบริหารส่วนตำบล”"
    )  # at the top
    expect(
        page.locator("form").get_by_text("ต้องเป็นชื่อเต็ม ขึ้นต้นด้วย “องค์การบริหารส่วนตำบล”")
    ).to_be_visible()
    expect(page.get_by_label("อำเภอ")).to_have_value("เกษตรวิสัย")
    _shoot(page, "site-organisation-create-error")
    page.get_by_label("ชื่อหน่วยงาน").fill(NAME)
    page.get_by_role("button", name="สร้างหน่วยงาน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.get_by_text("/p/nongwaeng/")).to_be_visible()
    page.get_by_label("คำนำหน้านาม").select_option("ว่าที่ร้อยตรีหญิง")
    page.locator("#id_first_name").fill("กัลยา")
    page.get_by_label("นามสกุล").fill("พรหมมา")
    page.get_by_label("อีเมล").fill("kanlaya@nongwaeng.go.th")
    page.get_by_role("button", name="ส่งคำเชิญ").click()
    expect(page.get_by_role("status")).to_contain_text("ส่งคำเชิญผู้ประสานงาน ITA")
    expect(page.get_by_text("รอตั้งรหัสผ่าน")).to_be_visible()
    _shoot(page, "site-organisation")
    log_out(page)

    # The coordinator accepts and invites a staff member and four approvers.
    _accept(page, _link_for(mailbox, "kanlaya@nongwaeng.go.th", seen), "kanlaya", "กัลยา-หนองแวง-70")
    expect(page.get_by_role("heading", name="เริ่มต้นใช้งาน")).to_be_visible()
    _shoot(page, "coordinator-dashboard")
    for address, title, first, last, role, position, division in PEOPLE:
        page.goto(f"{portal}/o/nongwaeng/people/invite/")
        page.get_by_label("อีเมล").fill(address)
        page.get_by_label("คำนำหน้านาม").select_option(title)
        page.locator("#id_first_name").fill(first)
        page.get_by_label("นามสกุล").fill(last)
        page.locator(f"input[name=role][value={role}]").check()
        if position:
            page.get_by_label("ตำแหน่ง", exact=True).select_option(label=position)
        if division:
            page.get_by_label(division, exact=True).check()
        if address == PEOPLE[0][0]:
            _shoot(page, "member-invite")
        page.get_by_role("button", name="บันทึกและส่งคำเชิญ").click()
        expect(page.get_by_role("status")).to_contain_text(f"ส่งคำเชิญถึง {title}")
    expect(page.locator("main table tbody tr")).to_have_count(6)
    _shoot(page, "people")
    page.get_by_role("link", name="นายประเสริฐ บุญมา").click()
    expect(page.get_by_text("ส่งคำเชิญทางอีเมล")).to_be_visible()  # the history
    _shoot(page, "member-detail")
    page.goto(f"{portal}/o/nongwaeng/settings/")
    page.get_by_label("เพจ Facebook").fill("https://www.facebook.com/nongwaeng.sao")
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกการตั้งค่าหน่วยงานแล้ว")
    _shoot(page, "settings")
    page.get_by_role("link", name="ส่วนราชการ", exact=True).click()
    _shoot(page, "divisions")
    page.get_by_role("link", name="ตำแหน่ง", exact=True).click()
    _shoot(page, "positions")

    # The fiscal year the template opened: its plan gets one measure with one step for กองคลัง.
    year = thai.fiscal_year_of(timezone.localdate())
    page.goto(f"{portal}/o/nongwaeng/years/")
    expect(page.locator("main")).to_contain_text(thai.thai_digits(year))
    page.goto(f"{portal}/o/nongwaeng/plan/{year}/")
    page.get_by_role("link", name="เพิ่มมาตรการ").click()
    page.get_by_label("มาตรการ/แนวทาง").fill(MEASURE)
    page.get_by_label("ตัวชี้วัดที่มาตรการนี้ตอบ").select_option(index=1)
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกแล้ว")
    page.get_by_role("link", name="เพิ่มขั้นตอน").click()
    page.get_by_label("วิธีการดำเนินการ / ขั้นตอน").fill(STEP)
    page.get_by_label("กองคลัง", exact=True).check()
    page.get_by_label("เริ่มเดือน").select_option(label="ตุลาคม")
    page.get_by_label("ถึงเดือน").select_option(label="กันยายน")
    page.get_by_label("ติดตามรอบ ๖ เดือน").check()
    page.get_by_role("button", name="บันทึก", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกแล้ว")
    log_out(page)

    # The staff member of กองคลัง accepts and reports the step's progress.
    _accept(page, _link_for(mailbox, PEOPLE[0][0], seen), "somsri", "สมศรี-กองคลัง-70")
    page.goto(f"{portal}/o/nongwaeng/progress/{year}/?round=6")
    page.get_by_role("link", name=STEP).click()
    page.get_by_label("ดำเนินการแล้ว", exact=True).check()
    page.get_by_label("ผลการดำเนินการ (output)").fill("เผยแพร่ประกาศครบทุกเดือน รวม ๖ ฉบับ")
    page.get_by_role("button", name="บันทึกผลการดำเนินการ").click()
    expect(page.get_by_role("status")).to_contain_text("บันทึกผลการดำเนินการรอบ ๖ เดือนแล้ว")
    log_out(page)

    # The coordinator drafts the plan report and submits it to the template's chain.
    _login(page, portal, "kanlaya", "กัลยา-หนองแวง-70")
    page.goto(f"{portal}/o/nongwaeng/reports/")
    page.get_by_label("ประเภทรายงาน").select_option("plan")
    page.get_by_role("button", name="สร้างรายงาน").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("มาตรการส่งเสริมคุณธรรม")
    page.get_by_role("link", name="ส่งเสนอพิจารณา").click()  # asks first
    page.get_by_role("button", name="ส่งเสนอพิจารณา").click()
    expect(page.get_by_text("รอการพิจารณาลำดับที่ ๑")).to_be_visible()
    log_out(page)

    # Each executive accepts their invitation and approves, in the chain's order.
    for number, (address, *_rest) in enumerate(PEOPLE[1:], start=1):
        username = address.split("@")[0]
        password = f"{username}-หนองแวง-70"
        _accept(page, _link_for(mailbox, address, seen), username, password)
        page.goto(f"{portal}/o/nongwaeng/reports/queue/")
        page.get_by_role("link", name=re.compile("มาตรการส่งเสริมคุณธรรม")).first.click()
        page.get_by_role("link", name="พิจารณา", exact=True).click()
        page.locator("input[name=value][value=approve]").check()
        page.get_by_label("ยืนยันด้วยรหัสผ่านของท่าน").fill(password)
        page.get_by_role("button", name="ยืนยันผลการพิจารณา").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("รายงานที่รอการพิจารณาของท่าน")
        log_out(page)
        assert number <= 4

    # The worker publishes it (waited for in the database: the public page may be cached by the
    # browser for minutes); then the public page of หนองแวง lists it with its PDF.
    deadline = time.monotonic() + 120
    with scopes_disabled():
        published = Report.objects.filter(
            organisation__slug="nongwaeng", status=ReportStatus.PUBLISHED
        )
        while not published.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
    page.goto(f"{portal}/p/nongwaeng/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    page.get_by_role("link", name=re.compile("มาตรการส่งเสริมคุณธรรม")).first.click()
    expect(page.get_by_text("SHA-256").first).to_be_visible()
    _shoot(page, "public-report")


def test_account_pages_and_password_reset_fit_the_screen(page: Page, live_server, operator):
    portal = live_server.url
    page.goto(f"{portal}/accounts/login/")
    page.get_by_role("link", name="ลืมรหัสผ่าน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ลืมรหัสผ่าน")
    _shoot(page, "password-reset")
    page.get_by_label("อีเมลที่ใช้กับบัญชีของท่าน").fill("nobody@example.go.th")
    page.get_by_role("button", name="ส่งลิงก์ตั้งรหัสผ่านใหม่").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ตรวจสอบอีเมลของท่าน")
    page.goto(f"{portal}/accounts/invite/not-a-real-token/")
    expect(page.get_by_role("alert")).to_contain_text("ลิงก์นี้ใช้ไม่ได้")
    _shoot(page, "invitation-invalid")
    log_in_operator(page, portal, "province_operator", OPERATOR_PASSWORD)
    page.goto(f"{portal}/accounts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("บัญชีของท่าน")
    _shoot(page, "account")
    page.get_by_role("link", name="เปลี่ยนรหัสผ่าน").click()
    page.wait_for_url(f"{portal}/accounts/password_change/")  # not the account page unloading
    _shoot(page, "password-change")


def test_an_activation_sheet_for_an_officer_without_email(page: Page, live_server, operator):
    from organisations import imports, onboarding, services

    organisation = onboarding.organisation_create(
        actor=operator,
        kind="tambon_municipality",
        name="เทศบาลตำบลหนองแวง",
        short_name="ทต.หนองแวง",
        slug="nongwaeng-town",
        address="",
        subdistrict="",
        district="เกษตรวิสัย",
        province="ร้อยเอ็ด",
        postcode="",
        phone="",
        email="",
        website="",
        document_prefix="",
    )
    membership = imports.coordinator_invite(
        organisation=organisation,
        actor=operator,
        email="clerk@nongwaeng.go.th",
        title="นาย",
        first_name="ธนา",
        last_name="ใจดี",
    )
    with scope(organisation=organisation):
        token = services.invitation_resend(membership=membership, actor=operator)
    assert token == ""  # an address: mailed, not printed
    user = membership.user
    user.set_password(OPERATOR_PASSWORD)
    user.save()
    _login(page, live_server.url, user.username, OPERATOR_PASSWORD)
    page.goto(f"{live_server.url}/o/nongwaeng-town/people/invite/")
    page.get_by_label("คำนำหน้านาม").select_option("นาง")
    page.locator("#id_first_name").fill("บุญเรือน")
    page.get_by_label("นามสกุล").fill("ศรีงาม")
    page.locator("input[name=role][value=staff]").check()
    page.get_by_label("สำนักปลัดเทศบาล", exact=True).check()
    page.get_by_role("button", name="บันทึกและส่งคำเชิญ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ใบรหัสเปิดใช้งาน ITA Portal")
    link = page.locator("[data-activation-link]").get_attribute("href")
    _shoot(page, "activation-sheet")
    page.emulate_media(media="print")
    page.screenshot(path=f"{SCREENSHOTS}/onboarding-activation-sheet-print.png", full_page=True)
    page.emulate_media(media="screen")
    log_out(page)
    _accept_as(page, link, "boonruean", "ร้อยเอ็ด-เกษตร-2570", landing=r"/o/nongwaeng-town/$")
