"""The coordinator writes the preparation meeting's minutes through the form pages."""

import datetime as dt

import pytest
from django_scopes import scope

from oit_checklist.models import OitItem
from organisations.models import Division, FiscalYear
from reports.models.minutes import AttendeeKind, Meeting

pytestmark = pytest.mark.django_db

YEAR = 2570


def _management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def _meeting_post(nathon, **changes) -> dict:
    with scope(organisation=nathon):
        palad = Division.objects.get(name="สำนักปลัด")
        klang = Division.objects.get(name="กองคลัง")
    executives = OitItem.objects.get(framework__year=2566, number="02")
    data = {
        "title": "การประชุมเตรียมความพร้อมเข้ารับการประเมิน ITA",
        "number": "๒/๒๕๗๐",
        "date": "20/11/2569",
        "start_time": "13:30",
        "place": "ห้องประชุมองค์การบริหารส่วนตำบลนาทอน",
        "chair_name": "นายสุริยนต์ อยู่ล้าย",
        "chair_position": "ปลัดองค์การบริหารส่วนตำบลนาทอน",
        "agenda_1": "ประธานแจ้งคำสั่งมอบหมายผู้รับผิดชอบการประเมิน ITA",
        "resolution_1": "รับทราบ",
        "agenda_4": "พิจารณาข้อบกพร่องของแบบวัด OIT ปีที่ผ่านมา",
        "resolution_4": "รับทราบพร้อมไปดำเนินการปรับปรุงแก้ไข",
        "closing_time": "15:00",
        "recorder_name": "ว่าที่ร้อยตรีหญิง นิตยา สันหลี่",
        "recorder_position": "นิติกรปฏิบัติการ",
        "checker_name": "นายสุริยนต์ อยู่ล้าย",
        "checker_position": "ปลัดองค์การบริหารส่วนตำบลนาทอน",
        **_management("present", 3),
        "present-0-name": "นายสุริยนต์ อยู่ล้าย",
        "present-0-position": "ปลัดองค์การบริหารส่วนตำบลนาทอน",
        "present-1-name": "นางซาริต้า เต็นหลี่",
        "present-1-position": "หัวหน้าสำนักปลัด",
        **_management("absent", 1),
        "absent-0-name": "นางสาวสรวิทย์ ตาเดอีน",
        "absent-0-position": "รองปลัดองค์การบริหารส่วนตำบลนาทอน",
        "absent-0-note": "ติดราชการ",
        **_management("guest", 1),
        **_management("deficiencies", 3),
        "deficiencies-0-item": str(executives.pk),
        "deficiencies-0-problem": "ขาดหมายเลขโทรศัพท์ของผู้บริหาร",
        "deficiencies-0-division": str(palad.pk),
        "deficiencies-0-deadline": "15/01/2570",
        "deficiencies-1-item_text": "ข้อ ๐๓๘ การเสริมสร้างวัฒนธรรมองค์กร",
        "deficiencies-1-problem": "ไม่ได้แสดงกฎหมายที่เกี่ยวข้อง",
        "deficiencies-1-division": str(klang.pk),
        "deficiencies-1-deadline": "28/02/2570",
    }
    data.update(changes)
    return data


def test_coordinator_creates_a_meeting_with_attendees_and_deficiencies(
    client_of, coordinator, nathon
):
    client = client_of(coordinator)
    page = client.get(f"/o/nathon/reports/{YEAR}/minutes/new/")
    assert page.status_code == 200
    assert "ข้อ ๐๒ ข้อมูลผู้บริหาร" in page.content.decode()  # items to pick from

    response = client.post(f"/o/nathon/reports/{YEAR}/minutes/new/", _meeting_post(nathon))
    assert response.status_code == 302
    assert response["Location"] == f"/o/nathon/reports/{YEAR}/minutes/"

    with scope(organisation=nathon):
        meeting = Meeting.objects.get(number="๒/๒๕๗๐")
        assert meeting.fiscal_year == FiscalYear.objects.get(year=YEAR)
        assert meeting.closing_time == dt.time(15, 0)
        present = list(meeting.attendees.filter(kind=AttendeeKind.PRESENT))
        assert [(a.name, a.position) for a in present] == [
            ("นายสุริยนต์ อยู่ล้าย", "ปลัดองค์การบริหารส่วนตำบลนาทอน"),
            ("นางซาริต้า เต็นหลี่", "หัวหน้าสำนักปลัด"),
        ]
        absent = meeting.attendees.get(kind=AttendeeKind.ABSENT)
        assert (absent.name, absent.note) == ("นางสาวสรวิทย์ ตาเดอีน", "ติดราชการ")
        deficiencies = list(meeting.deficiencies.select_related("item", "division"))
        assert [d.item_label for d in deficiencies] == [
            "ข้อ ๐๒ ข้อมูลผู้บริหาร",
            "ข้อ ๐๓๘ การเสริมสร้างวัฒนธรรมองค์กร",
        ]
        assert [d.division.name for d in deficiencies] == ["สำนักปลัด", "กองคลัง"]
        assert deficiencies[1].deadline == dt.date(2027, 2, 28)

    listing = client.get(f"/o/nathon/reports/{YEAR}/minutes/").content.decode()
    assert "๒/๒๕๗๐" in listing

    # Editing shows what was saved; removing a deficiency row removes it.
    edit_url = f"/o/nathon/reports/minutes/{meeting.pk}/"
    page = client.get(edit_url).content.decode()
    assert "ขาดหมายเลขโทรศัพท์ของผู้บริหาร" in page
    with scope(organisation=nathon):
        first, second = deficiencies
    data = _meeting_post(nathon)
    data.update(_management("deficiencies", 2, initial=2))
    data.update(
        {
            "deficiencies-0-id": str(first.pk),
            "deficiencies-1-id": str(second.pk),
            "deficiencies-1-DELETE": "on",
        }
    )
    assert client.post(edit_url, data).status_code == 302
    with scope(organisation=nathon):
        assert [d.problem for d in Meeting.objects.get(pk=meeting.pk).deficiencies.all()] == [
            "ขาดหมายเลขโทรศัพท์ของผู้บริหาร"
        ]


def test_a_failed_submit_keeps_everything_typed_and_says_why_in_thai(
    client_of, coordinator, nathon
):
    client = client_of(coordinator)
    data = _meeting_post(
        nathon,
        place="",
        closing_time="09:00",  # before the start
        **{
            "deficiencies-0-deadline": "01/10/2569",  # before the meeting
            "deficiencies-2-problem": "พิมพ์ไว้แต่ยังไม่ได้เลือกข้อ",
        },
    )
    with scope(organisation=nathon):
        before = Meeting.objects.count()
    response = client.post(f"/o/nathon/reports/{YEAR}/minutes/new/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "กรุณาระบุสถานที่ประชุม" in page
    assert "เวลาเลิกประชุมต้องหลังเวลาเริ่มประชุม" in page
    assert "กำหนดแล้วเสร็จต้องไม่ก่อนวันประชุม" in page
    assert "กรุณาเลือกข้อ OIT หรือพิมพ์ชื่อข้อ" in page
    assert "กรุณาเลือกส่วนราชการผู้รับผิดชอบ" in page
    # The summary at the top names the rows' errors too, each a link to its field (issue #19).
    assert "<title>ข้อผิดพลาด: " in page
    summary = page[page.index('id="error-summary"') : page.index('id="meeting-form"')]
    assert "กรุณาระบุสถานที่ประชุม" in summary
    assert '<a href="#id_deficiencies-0-deadline">ข้อบกพร่อง OIT ของปีที่ผ่านมา แถวที่ ๑ · ' in summary
    assert "กำหนดแล้วเสร็จต้องไม่ก่อนวันประชุม" in summary
    assert "ข้อบกพร่อง OIT ของปีที่ผ่านมา แถวที่ ๓" in summary
    assert "กรุณาเลือกข้อ OIT หรือพิมพ์ชื่อข้อ" in summary
    # Everything typed is still there.
    for typed in [
        "ประธานแจ้งคำสั่งมอบหมายผู้รับผิดชอบการประเมิน ITA",
        "นางซาริต้า เต็นหลี่",
        "ติดราชการ",
        "ขาดหมายเลขโทรศัพท์ของผู้บริหาร",
        "ข้อ ๐๓๘ การเสริมสร้างวัฒนธรรมองค์กร",
        "พิมพ์ไว้แต่ยังไม่ได้เลือกข้อ",
        'value="01/10/2569"',
    ]:
        assert typed in page, typed
    with scope(organisation=nathon):
        assert Meeting.objects.count() == before


def test_at_least_one_attendee_is_required(client_of, coordinator, nathon):
    data = _meeting_post(nathon)
    data.update({"present-0-name": "", "present-0-position": ""})
    data.update({"present-1-name": "", "present-1-position": ""})
    response = client_of(coordinator).post(f"/o/nathon/reports/{YEAR}/minutes/new/", data)
    page = response.content.decode()
    summary = page[page.index('id="error-summary"') : page.index('id="meeting-form"')]
    assert "ผู้มาประชุม: กรุณาระบุผู้มาประชุมอย่างน้อยหนึ่งคน" in summary


def test_division_staff_cannot_open_the_minutes(client_of, staff_palad, nathon):
    assert client_of(staff_palad).get(f"/o/nathon/reports/{YEAR}/minutes/").status_code == 403


def test_demo_meeting_of_nathon_follows_seed_003(nathon):
    with scope(organisation=nathon):
        meeting = Meeting.objects.get(fiscal_year__year=YEAR)
        labels = [d.item_label for d in meeting.deficiencies.select_related("item")]
        assert labels[:3] == [
            "ข้อ ๐๒ ข้อมูลผู้บริหาร",
            "ข้อ ๐๙ Social Network",
            "ข้อ ๐๑๘ E-Service",
        ]
        assert "ข้อ ๐๓๘ การเสริมสร้างวัฒนธรรมองค์กร (กรอบการประเมินเดิม)" in labels
        assert meeting.attendees.filter(name="นายเสริมศักดิ์ ปากหวาน", kind="guest").exists()


def test_deleting_the_minutes_asks_first(client_of, coordinator, nathon):
    with scope(organisation=nathon):
        meeting = Meeting.objects.get(fiscal_year__year=YEAR)
    client = client_of(coordinator)
    url = f"/o/nathon/reports/minutes/{meeting.pk}/delete/"
    edit = client.get(f"/o/nathon/reports/minutes/{meeting.pk}/").content.decode()
    assert f'href="{url}">ลบรายงานการประชุมนี้…</a>' in edit
    page = client.get(url).content.decode()
    assert "ลบรายงานการประชุมนี้หรือไม่" in page and "นำกลับคืนไม่ได้" in page
    with scope(organisation=nathon):
        assert Meeting.objects.filter(pk=meeting.pk).exists()  # asking deleted nothing
    assert client.post(url).status_code == 302
    with scope(organisation=nathon):
        assert not Meeting.objects.filter(pk=meeting.pk).exists()
