"""The page a person sees when a request fails (a bug, or the database down for a moment,
as in the `make drills` PostgreSQL drill): Thai, styled, and made without the database."""

from django.test import Client
from django.views.defaults import server_error

from .test_security import _inline_code


def test_a_failing_request_gets_the_thai_page_without_touching_the_database(rf):
    # No django_db mark: pytest-django makes any database access here raise.
    response = server_error(rf.get("/o/nathon/progress/2570/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="th">' in page
    assert "<title>ระบบขัดข้องชั่วคราว · ITA Portal</title>" in page
    assert "ระบบไม่สามารถทำรายการนี้ได้ในขณะนี้" in page
    assert "Server Error" not in page
    assert "/static/css/portal.css" in page
    assert _inline_code(page) == []


def test_an_outsider_gets_the_thai_not_found_page_naming_nothing(client_of, outsider):
    response = client_of(outsider).get("/o/nathon/progress/2570/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in page and '<html lang="th">' in page
    assert "นาทอน" not in page  # not even whose page it was
    assert _inline_code(page) == []


def test_a_refused_action_gets_the_thai_forbidden_page(client_of, staff_palad):
    response = client_of(staff_palad).post("/o/nathon/reports/new/", {"kind": "plan"})
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์ทำรายการนี้" in response.content.decode()


def test_a_stale_form_gets_the_thai_page_that_says_nothing_was_saved(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post("/o/nathon/reports/new/", {"kind": "plan", "year": "2570"})
    page = response.content.decode()
    assert response.status_code == 403
    assert "แบบฟอร์มหมดอายุ" in page and "ยังไม่ได้บันทึกข้อมูล" in page
