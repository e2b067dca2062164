"""What each member sees and can do on the OIT checklist pages of นาทอน."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope
from PIL import Image

from oit_checklist.models import ComponentTick, Evidence, Framework, ItemStatus, OitReview
from oit_checklist.weblinks import OFF_SITE, ON_SITE_BUT_OUTSIDE_EXPECTED
from organisations.models import Division
from tests.pages import unwrapped

from .conftest import ROWS, fields, framework_text, write

pytestmark = pytest.mark.django_db

PROCUREMENT_REPORT = "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"  # กองคลัง, untouched


def _item_url(status) -> str:
    return f"/o/nathon/oit/items/{status.pk}/"


def _components(nathon, status) -> list[int]:
    with scope(organisation=nathon):
        return list(status.item.components.order_by("order").values_list("pk", flat=True))


def test_checklist_lists_every_item_by_sub_indicator_for_the_coordinator(
    client_of, coordinator, this_year
):
    page = client_of(coordinator).get(f"/o/nathon/oit/{this_year.year}/").content.decode()
    assert "ตัวชี้วัดย่อยที่ ๙.๑ ข้อมูลพื้นฐาน" in page
    assert "ตัวชี้วัดย่อยที่ ๑๐.๒ มาตรการส่งเสริมคุณธรรมและความโปร่งใส" in page
    assert page.count('href="/o/nathon/oit/items/') == 43
    assert "E-Service" in page
    assert "จัดทำโดยระบบ" in page  # the measures pair


def test_the_nav_item_leads_to_the_current_year(client_of, staff_palad, this_year):
    client = client_of(staff_palad)
    assert "รายการ OIT" in client.get("/o/nathon/").content.decode()
    response = client.get("/o/nathon/oit/")
    assert response["Location"] == f"/o/nathon/oit/{this_year.year}/"


def test_staff_sees_only_the_items_of_their_division(client_of, staff_klang, this_year):
    page = client_of(staff_klang).get(f"/o/nathon/oit/{this_year.year}/").content.decode()
    assert PROCUREMENT_REPORT in page
    assert "ข้อมูลผู้บริหาร" not in page
    assert page.count('href="/o/nathon/oit/items/') == 4  # ๐๑๙–๐๒๒


def test_staff_of_another_division_cannot_open_the_item(
    client_of, staff_palad, staff_klang, status_of
):
    status = status_of(PROCUREMENT_REPORT)
    assert client_of(staff_klang).get(_item_url(status)).status_code == 200
    other = client_of(staff_palad)
    assert other.get(_item_url(status)).status_code == 404
    assert other.post(_item_url(status), {"state": "done"}).status_code == 404


def test_staff_ticks_components_and_gives_urls_and_readiness_updates(
    client_of, staff_klang, nathon, this_year, status_of
):
    client = client_of(staff_klang)
    readiness = f"/o/nathon/oit/{this_year.year}/readiness/"
    page = client.get(readiness).content.decode()
    # The demo's eleven items with every component and a URL: nobody checked a link yet.
    assert "๐/๔๓" in page and "ยังไม่ตรวจลิงก์ ๑๑ ข้อ" in page

    status = status_of(PROCUREMENT_REPORT)
    response = client.post(
        _item_url(status),
        {
            "components": _components(nathon, status),
            "urls": "https://www.nathon.go.th/procurement/annual-report\n"
            "https://www.facebook.com/nathon.satun/posts/1",
            "progress": "เผยแพร่รายงานผลการจัดซื้อจัดจ้างประจำปี ๒๕๖๙ แล้ว",
            "state": "done",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "บันทึกข้อ ๐๒๒ แล้ว" in page
    assert f"https://www.facebook.com/nathon.satun/posts/1: {OFF_SITE}" in unwrapped(page)
    assert "www.nathon.go.th/procurement/annual-report:" not in page  # on the main site
    # Not ready before a check opened one of its links, and counted apart.
    assert '<span class="badge text-bg-info">ยังไม่ตรวจลิงก์</span>' in page
    assert "ยังไม่ตรวจลิงก์ ๒ ลิงก์" in page
    assert ">พร้อม</span>" not in page
    readiness_page = client.get(readiness).content.decode()
    assert "๐/๔๓" in readiness_page and "ยังไม่ตรวจลิงก์ ๑๒ ข้อ" in readiness_page
    with scope(organisation=nathon):
        status.refresh_from_db()
        assert status.state == "done"
        assert status.urls.count() == 2
        # What the link check writes when the page opened (oit_checklist.tasks).
        status.urls.filter(url__contains="annual-report").update(
            checked_at=timezone.now(), http_status=200
        )
    page = client.get(_item_url(status)).content.decode()
    assert '<span class="badge text-bg-success">พร้อม</span>' in page
    readiness_page = client.get(readiness).content.decode()
    assert "๑/๔๓" in readiness_page and "ยังไม่ตรวจลิงก์ ๑๑ ข้อ" in readiness_page


def test_a_failed_submit_keeps_every_typed_url_and_text(client_of, staff_klang, nathon, status_of):
    status = status_of(PROCUREMENT_REPORT)
    typed = "https://www.nathon.go.th/procurement/ok\nwww.nathon.go.th/no-scheme"
    response = client_of(staff_klang).post(
        _item_url(status),
        {
            "components": _components(nathon, status)[:1],
            "urls": typed,
            "progress": "ข้อความที่พิมพ์ไว้ยาวมาก",
            "state": "done",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "URL บรรทัดที่ ๒ “www.nathon.go.th/no-scheme” ไม่ถูกต้อง" in unwrapped(page)
    assert typed in page
    assert "ข้อความที่พิมพ์ไว้ยาวมาก" in page
    assert 'value="done"  id="id_state_1" required checked' in page
    with scope(organisation=nathon):
        assert not status.urls.exists()
        assert not ComponentTick.objects.filter(item_status=status).exists()


def test_facebook_item_warns_when_given_the_website_instead(
    client_of, staff_palad, nathon, status_of
):
    """Seed 003: item ๐๙ scored zero for giving the website's URL, not the Facebook page's."""
    status = status_of("Social Network")
    assert status.points_outside  # the demo coordinator marked it
    response = client_of(staff_palad).post(
        _item_url(status),
        {
            "components": _components(nathon, status),
            "urls": "https://www.nathon.go.th/",
            "state": "done",
        },
        follow=True,
    )
    assert ON_SITE_BUT_OUTSIDE_EXPECTED in response.content.decode()


def test_readiness_shows_what_is_missing_per_division_and_sub_indicator(
    client_of, approvers, this_year
):
    page = client_of(approvers[-1]).get(f"/o/nathon/oit/{this_year.year}/readiness/")
    text = page.content.decode()
    assert "ตามตัวชี้วัดย่อย" in text and "ตามส่วนราชการ" in text
    assert "กองคลัง" in text
    # Seed 003's zero-score items, as the demo reproduces them:
    assert "ขาดองค์ประกอบ ๑ จาก ๒ ข้อ" in text  # ๐๒ without the executives' phone numbers
    assert "ยังไม่มี URL" in text  # ๐๑๘ e-service
    assert "HTTP 404" in text  # the link the last check found broken
    assert "drive.google.com" in text  # a link that leaves the main website
    assert "วัน" in text and "ถึงกำหนดส่งภายใน" in text


def test_coordinator_assigns_an_item_and_marks_it_as_linking_outside(
    client_of, coordinator, nathon, this_year, status_of
):
    client = client_of(coordinator)
    url = f"/o/nathon/oit/{this_year.year}/assignments/"
    page = client.get(url).content.decode()
    assert page.count("<select") == 41  # every item but the two the portal produces
    e_service = status_of("E-Service")
    with scope(organisation=nathon):
        klang = Division.objects.get(name="กองคลัง")
        data = {}
        for status in ItemStatus.objects.filter(fiscal_year=this_year).select_related("item"):
            if status.item.produced_by_portal:
                continue
            data[f"division_{status.pk}"] = str(status.division_id or "")
            if status.points_outside:
                data[f"outside_{status.pk}"] = "on"
    data[f"division_{e_service.pk}"] = str(klang.pk)
    data[f"outside_{e_service.pk}"] = "on"
    response = client.post(url, data, follow=True)
    assert "บันทึกการมอบหมายแล้ว (เปลี่ยน ๑ ข้อ)" in response.content.decode()
    e_service = status_of("E-Service")
    assert (e_service.division.name, e_service.points_outside) == ("กองคลัง", True)
    history = client.get(_item_url(e_service)).content.decode()
    assert "ส่วนราชการที่รับผิดชอบ: สำนักปลัด → กองคลัง" in history
    assert "ว่าที่ร้อยตรีหญิง นิตยา สันหลี่" in history


def test_staff_cannot_assign_or_change_the_setup(client_of, staff_palad, this_year):
    client = client_of(staff_palad)
    assert client.post(f"/o/nathon/oit/{this_year.year}/assignments/", {}).status_code == 403
    assert client.post(f"/o/nathon/oit/{this_year.year}/setup/", {}).status_code == 403
    assert client.get(f"/o/nathon/oit/{this_year.year}/copy-forward/").status_code == 403


def test_item_page_shows_who_changed_what(client_of, staff_klang, nathon, status_of):
    status = status_of(PROCUREMENT_REPORT)
    client = client_of(staff_klang)
    client.post(
        _item_url(status),
        {
            "components": _components(nathon, status)[:1],
            "urls": "https://www.nathon.go.th/procurement/annual-report",
            "state": "done",
        },
    )
    page = client.get(_item_url(status)).content.decode()
    assert "ประวัติการแก้ไข" in page
    assert "ติ๊กว่ามีแล้ว องค์ประกอบที่ ๑" in page
    assert "เพิ่ม URL https://www.nathon.go.th/procurement/annual-report" in unwrapped(page)
    assert "ความก้าวหน้า: ☐ ยังไม่ได้ดำเนินการ → ☑ ดำเนินการ" in page
    assert "นายอนุชา ศรีสวัสดิ์" in page


def test_approver_reads_but_cannot_edit_an_item(client_of, approvers, status_of):
    status = status_of("E-Service")
    client = client_of(approvers[0])
    page = client.get(_item_url(status)).content.decode()
    assert "องค์ประกอบด้านข้อมูล" in page
    assert "<textarea" not in page.split("ประวัติการแก้ไข")[0].split("หลักฐาน")[0]
    assert client.post(_item_url(status), {"state": "done"}).status_code == 403


def test_items_the_portal_produces_follow_the_reports(client_of, coordinator, status_of):
    status = status_of("การดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    client = client_of(coordinator)
    page = client.get(_item_url(status)).content.decode()
    assert "ข้อนี้ไม่ต้องกรอกเอง" in page
    assert client.post(_item_url(status), {"state": "done"}).status_code == 403


def test_executive_records_a_review_and_staff_cannot(
    client_of, approvers, staff_palad, nathon, this_year
):
    url = f"/o/nathon/oit/{this_year.year}/review/"
    assert client_of(staff_palad).post(url, {"comment": "ok"}).status_code == 403
    mayor = client_of(approvers[-1])
    response = mayor.post(url, {"comment": "ให้สำนักปลัดเพิ่มเบอร์โทรศัพท์ผู้บริหาร"}, follow=True)
    page = response.content.decode()
    assert "บันทึกการตรวจสอบข้อมูล OIT ของท่านแล้ว" in page
    assert "นายเอกชัย หลงขาว" in page
    assert "ขณะนั้นครบถ้วน ๐ จาก ๔๓ ข้อ" in page  # the demo's links are not checked yet
    assert "ให้สำนักปลัดเพิ่มเบอร์โทรศัพท์ผู้บริหาร" in page
    with scope(organisation=nathon):
        # The demo holds the ปลัด's earlier review (it makes the OIT index public).
        newest = OitReview.objects.latest("created_at")
        assert newest.position_title == "นายกองค์การบริหารส่วนตำบลนาทอน"


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (20, 80, 140)).save(out, format="PNG")
    return out.getvalue()


def test_evidence_is_uploaded_and_served_only_to_those_who_may_see_it(
    client_of, staff_klang, staff_palad, coordinator, nathon, status_of
):
    status = status_of(PROCUREMENT_REPORT)
    client = client_of(staff_klang)
    upload = SimpleUploadedFile("ภาพหน้าเว็บ.png", _png())
    response = client.post(f"{_item_url(status)}evidence/", {"file": upload}, follow=True)
    assert "แนบไฟล์ “ภาพหน้าเว็บ.png” แล้ว" in response.content.decode()
    with scope(organisation=nathon):
        evidence = Evidence.objects.get(item_status=status)
    assert evidence.thumbnail

    download = client_of(coordinator).get(f"/o/nathon/oit/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")
    assert client_of(staff_palad).get(f"/o/nathon/oit/evidence/{evidence.pk}/").status_code == 404


def test_a_refused_file_is_explained_in_thai(client_of, staff_klang, nathon, status_of):
    status = status_of(PROCUREMENT_REPORT)
    fake = SimpleUploadedFile("รายงาน.pdf", b"<html><script>alert(1)</script></html>")
    response = client_of(staff_klang).post(
        f"{_item_url(status)}evidence/", {"file": fake}, follow=True
    )
    assert "ไม่ใช่ไฟล์ PDF ตามนามสกุลของไฟล์" in response.content.decode()
    with scope(organisation=nathon):
        assert not Evidence.objects.filter(item_status=status).exists()


def test_the_framework_of_a_year_with_statuses_cannot_be_swapped(
    client_of, coordinator, this_year, tmp_path
):
    rows = [fields(row) for row in ROWS]
    path = write(tmp_path, "f.tsv", framework_text(2567, rows))
    call_command("load_oit_framework", str(path), "--year", "2567")
    other = Framework.objects.get(year=2567)
    response = client_of(coordinator).post(
        f"/o/nathon/oit/{this_year.year}/setup/", {"framework": other.pk}
    )
    assert "จึงเปลี่ยนกรอบการประเมินไม่ได้" in response.content.decode()


def test_dashboard_shows_the_readiness_summary(client_of, staff_klang, coordinator):
    staff = client_of(staff_klang).get("/o/nathon/").content.decode()
    assert "ส่วนราชการของท่านรับผิดชอบ ๔ ข้อ ยังไม่ครบ ๓ ข้อ ยังไม่ตรวจลิงก์ ๑ ข้อ" in staff
    coordinator_page = client_of(coordinator).get("/o/nathon/").content.decode()
    assert "๐/๔๓" in coordinator_page and "ยังไม่ตรวจลิงก์ ๑๑ ข้อ" in coordinator_page
    assert "ดูความพร้อมของข้อมูล OIT" in coordinator_page


def test_a_wrong_file_is_removed_and_the_history_remembers_it(
    client_of,
    staff_klang,
    staff_palad,
    approvers,
    nathon,
    status_of,
    settings,
    django_capture_on_commit_callbacks,
):
    status = status_of(PROCUREMENT_REPORT)
    client = client_of(staff_klang)
    client.post(
        f"{_item_url(status)}evidence/", {"file": SimpleUploadedFile("ผิดไฟล์.pdf", b"%PDF-1.7\n")}
    )
    with scope(organisation=nathon):
        evidence = Evidence.objects.get(item_status=status)
    stored = settings.MEDIA_ROOT / evidence.file.name
    assert stored.exists()
    delete = f"/o/nathon/oit/evidence/{evidence.pk}/delete/"
    assert client_of(staff_palad).post(delete).status_code == 404
    assert client_of(approvers[0]).post(delete).status_code == 403

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(delete, follow=True).content.decode()
    assert "ลบไฟล์ “ผิดไฟล์.pdf” แล้ว" in page
    assert not stored.exists()
    assert "แนบไฟล์ ผิดไฟล์.pdf" in page and "ลบไฟล์ ผิดไฟล์.pdf" in page
    with scope(organisation=nathon):
        assert not Evidence.objects.filter(item_status=status).exists()
