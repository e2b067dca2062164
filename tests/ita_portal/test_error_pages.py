"""The page a person sees when a request fails (a bug, or the database down for a moment,
as in the `make drills` PostgreSQL drill): Thai, styled, and made without the database."""

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
