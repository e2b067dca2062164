"""The pages of the government web standard (issue 18): each organisation's privacy notice and
website policy (the coordinator's text, starting from the portal's template), its site map and
accessibility statement, linked from every page's footer with the organisation's contacts."""

import re
from html import unescape

import pytest

from organisations.models import POLICY_MAX_LENGTH, Organisation
from organisations.policies import default_website_policy
from reports.enums import ReportKind
from reports.links import report_url

from .factories import report_in_state

PAGES = {
    "/p/nathon/privacy/": "นโยบายคุ้มครองข้อมูลส่วนบุคคล",
    "/p/nathon/website-policy/": "นโยบายเว็บไซต์",
    "/p/nathon/sitemap/": "แผนผังเว็บไซต์",
    "/p/nathon/accessibility/": "คำประกาศการเข้าถึง",
}
POLICIES = "/o/nathon/settings/policies/"


def _text(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _footer(page: str) -> str:
    return page[page.index('<footer class="ita-footer') :]


def test_every_public_page_ends_with_the_contacts_and_the_standard_pages(client, nathon):
    footer = _footer(client.get("/p/nathon/").content.decode())
    for url, title in PAGES.items():
        assert f'<a href="{url}">{title}</a>' in footer
    assert '<a href="tel:074780123">074-780123</a>' in footer
    assert 'href="mailto:saraban@nathon.go.th"' in footer
    assert "https://www.facebook.com/nathon.sao" in footer
    assert "ที่ทำการองค์การบริหารส่วนตำบลนาทอน" in footer

    for url, title in PAGES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert f'<h1 class="mb-1">{title}</h1>' in page
        assert "<title>" + title in page
        # A visitor reads the whole public site without a cookie (what the notice promises).
        assert not response.cookies, url


def test_the_privacy_notice_says_what_the_portal_keeps(client, nathon):
    text = _text(client.get("/p/nathon/privacy/").content.decode())
    assert "หน้าเว็บสำหรับประชาชนไม่ตั้งคุกกี้" in text
    assert "หมายเลขไอพี (IP address) และที่อยู่ของหน้าเว็บ เฉพาะเมื่อระบบปฏิเสธคำขอ" in text
    assert "ภาพลายมือชื่อ" in text
    # Its parts are headings a screen reader can jump between, its contacts the organisation's.
    page = client.get("/p/nathon/privacy/").content.decode()
    assert '<h2 class="h5 mt-4">๒. เจ้าหน้าที่และผู้บริหารที่ใช้ระบบ</h2>' in page
    assert "<p>องค์การบริหารส่วนตำบลนาทอน<br>" in page
    assert "อีเมล saraban@nathon.go.th" in text


def test_the_coordinator_writes_the_notice_the_public_reads(client, client_of, coordinator):
    browser = client_of(coordinator)
    form = browser.get(POLICIES).content.decode()
    # The coordinator starts from the template, filled with the organisation.
    assert "๑. ผู้ที่เข้าชมเว็บไซต์" in unescape(form)
    notice = (
        "องค์การบริหารส่วนตำบลนาทอนเก็บเฉพาะบันทึกของเครื่องแม่ข่าย\r\n\r\n"
        "๑. การติดต่อ\r\n\r\nโทร 074-780123 <b>ในเวลาราชการ</b>"
    )
    template = default_website_policy(Organisation.objects.get(slug="nathon"))
    response = browser.post(POLICIES, {"privacy_notice": notice, "website_policy": template})
    assert response.status_code == 302
    saved = Organisation.objects.get(slug="nathon")
    assert saved.privacy_notice.startswith("องค์การบริหารส่วนตำบลนาทอนเก็บเฉพาะ")
    # The template saved as offered stays the template: it follows the contacts when they change.
    assert saved.website_policy == ""

    page = client.get("/p/nathon/privacy/").content.decode()
    assert '<h2 class="h5 mt-4">๑. การติดต่อ</h2>' in page
    assert "<p>โทร 074-780123 &lt;b&gt;ในเวลาราชการ&lt;/b&gt;</p>" in page  # typed, not HTML
    assert "ผู้ที่เข้าชมเว็บไซต์" not in page


def test_a_notice_too_long_is_refused_in_thai_and_kept(client_of, coordinator):
    long_notice = "ข้อมูล" * (POLICY_MAX_LENGTH // 6 + 1)
    response = client_of(coordinator).post(
        POLICIES, {"privacy_notice": long_notice, "website_policy": "นโยบายของหน่วยงาน"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "กรอกได้ไม่เกิน 20000 ตัวอักษร" in page
    assert long_notice in page and "นโยบายของหน่วยงาน" in page
    assert Organisation.objects.get(slug="nathon").privacy_notice == ""


def test_only_the_coordinator_changes_the_policies(client_of, staff_palad):
    browser = client_of(staff_palad)
    page = browser.get(POLICIES).content.decode()
    assert "<textarea" not in page
    assert "๑. ผู้ที่เข้าชมเว็บไซต์" in page  # read, as the public reads it
    response = browser.post(POLICIES, {"privacy_notice": "ไม่มี", "website_policy": "ไม่มี"})
    assert response.status_code == 403
    assert Organisation.objects.get(slug="nathon").privacy_notice == ""


def _settings(**changes) -> dict:
    """นาทอน's settings form as it stands, with ``changes``."""
    organisation = Organisation.objects.get(slug="nathon")
    fields = ["address", "subdistrict", "postcode", "phone", "fax", "email", "facebook_url"]
    return {
        **{name: getattr(organisation, name) for name in fields},
        "publish_on_approval": "on",
        **changes,
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("phone", "โทรหาเราได้", "กรุณากรอกหมายเลขโทรศัพท์เป็นตัวเลขอย่างน้อย ๙ หลัก"),
        ("phone", "074-78", "กรุณากรอกหมายเลขโทรศัพท์เป็นตัวเลขอย่างน้อย ๙ หลัก"),
        ("fax", "แฟกซ์ของสำนักปลัด", "กรุณากรอกหมายเลขโทรสารเป็นตัวเลขอย่างน้อย ๙ หลัก"),
        ("facebook_url", "https://nathon.go.th/fb", "ต้องเป็นลิงก์ของ facebook.com"),
    ],
)
def test_contacts_are_checked_in_thai(client_of, coordinator, field, value, message):
    response = client_of(coordinator).post("/o/nathon/settings/", _settings(**{field: value}))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert value in unescape(page)


def test_a_phone_as_offices_write_it_is_kept_and_dialled(client, client_of, coordinator):
    data = _settings(phone="๐ ๗๔๗๘ ๐๑๒๓ ต่อ 12, 081 234 5678")
    assert client_of(coordinator).post("/o/nathon/settings/", data).status_code == 302
    assert Organisation.objects.get(slug="nathon").phone == "0 7478 0123 ต่อ 12, 081 234 5678"
    footer = _footer(client.get("/p/nathon/").content.decode())
    assert '<a href="tel:074780123">0 7478 0123 ต่อ 12, 081 234 5678</a>' in footer


def test_the_fax_number_is_kept_and_shown_beside_the_phone(client, client_of, coordinator):
    data = _settings(fax="๐๗๔-๗๘๐๑๒๔")
    assert client_of(coordinator).post("/o/nathon/settings/", data).status_code == 302
    assert Organisation.objects.get(slug="nathon").fax == "074-780124"
    assert "โทรสาร 074-780124" in _footer(client.get("/p/nathon/").content.decode())


def test_the_site_map_lists_the_published_reports_and_the_oit_years(client, nathon, oit_year):
    report = report_in_state(nathon, year=2568, kind=ReportKind.RESULTS)
    page = client.get("/p/nathon/sitemap/").content.decode()
    assert f'<a href="{report_url(report)}">{report.title}</a>' in page.replace("&amp;", "&")
    assert f'href="/p/nathon/{oit_year.year}/oit/"' in page
    assert 'href="/p/nathon/2568/"' in page
