"""The EIT survey QR code: set by the coordinator, drawn as SVG, printed on an A4 poster; the
tests decode it with zxing-cpp (a QR reader that is not ours) from rendered pixels."""

import base64
import subprocess
import tempfile
from pathlib import Path

import pytest
import zxingcpp
from django.core.cache import cache
from django_tasks_db.models import DBTaskResult
from PIL import Image

from organisations.models import Organisation
from tests.worker import run_tasks_here

SURVEY = "https://itas.nacc.go.th/go/eit/n4th0n"


def _pdf_pages_to_png(pdf: bytes, resolution: int = 150) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["/usr/bin/pdftoppm", "-png", "-r", str(resolution), str(source), f"{folder}/page"],
            check=True,
        )
        return [Image.open(path).copy() for path in sorted(Path(folder).glob("page*.png"))]


def _decode(image: Image.Image) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(image)]


def _svg_pixels(svg: bytes) -> Image.Image:
    """Rasterise an SVG (through WeasyPrint and pdftoppm, no browser)."""
    from weasyprint import HTML

    data = base64.b64encode(svg).decode()
    html = f'<img src="data:image/svg+xml;base64,{data}" style="width:8cm;height:8cm">'
    return _pdf_pages_to_png(HTML(string=html).write_pdf())[0]


def test_qr_svg_decodes_to_the_survey_url(client, nathon):
    assert nathon.eit_survey_url == SURVEY  # the demo's (invented) survey link
    response = client.get("/p/nathon/eit/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert "public" in response["Cache-Control"]
    assert _decode(_svg_pixels(response.content)) == [SURVEY]
    again = client.get("/p/nathon/eit/qr.svg", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db(transaction=True)
def test_poster_is_rendered_by_the_worker_then_an_a4_pdf_with_the_qr_and_the_name(
    client, demo, media_storage
):
    # An empty folder or bucket: no poster stored by another test; nor a flag that the worker
    # was asked already (the other backend's run of this test).
    cache.clear()
    # The first visitor gets a Thai waiting page that reloads itself, and no PDF is rendered in
    # the request: the worker is asked for it.
    waiting = client.get("/p/nathon/eit/poster.pdf")
    assert waiting.status_code == 202
    assert waiting["Content-Type"].startswith("text/html")
    assert "no-store" in waiting["Cache-Control"]
    page = waiting.content.decode()
    assert "กำลังจัดทำไฟล์ PDF" in page and "โปสเตอร์แบบสำรวจ EIT" in page
    assert '<meta http-equiv="refresh"' in page
    assert "ติดต่อหน่วยงาน" in page and "ผู้ดูแลระบบ" not in page  # words for a citizen
    (task,) = DBTaskResult.objects.filter(task_path="reports.tasks.render_eit_poster")
    assert client.get("/p/nathon/eit/poster.pdf").status_code == 202  # asked only once
    assert DBTaskResult.objects.filter(task_path="reports.tasks.render_eit_poster").count() == 1

    run_tasks_here()

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL", task.traceback
    response = client.get("/p/nathon/eit/poster.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"]
    content = b"".join(response.streaming_content)
    pages = _pdf_pages_to_png(content)
    assert len(pages) == 1
    width, height = pages[0].size
    assert round(height / width, 2) == round(297 / 210, 2)  # A4 portrait
    assert _decode(pages[0]) == [SURVEY]
    Path("var/screenshots").mkdir(parents=True, exist_ok=True)
    pages[0].save("var/screenshots/public-eit-poster.png")
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    text = text.replace("\u0e4d\u0e32", "\u0e33")  # poppler spells SARA AM as NIKHAHIT + AA
    assert "องค์การบริหารส่วนตำบลนาทอน" in text
    assert "แบบสำรวจ" in text
    again = client.get("/p/nathon/eit/poster.pdf", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304

    # A new survey URL is a new poster: waiting again, then the new code.
    Organisation.objects.filter(slug="nathon").update(eit_survey_url=SURVEY + "-2570")
    changed = client.get("/p/nathon/eit/poster.pdf", HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 202
    run_tasks_here()
    response = client.get("/p/nathon/eit/poster.pdf")
    assert response.status_code == 200
    pages = _pdf_pages_to_png(b"".join(response.streaming_content))
    assert _decode(pages[0]) == [SURVEY + "-2570"]


def test_without_a_survey_url_there_is_no_qr(client, naok):
    assert naok.eit_survey_url == ""
    assert client.get("/p/naok/eit/qr.svg").status_code == 404
    assert client.get("/p/naok/eit/poster.pdf").status_code == 404
    assert "eit/qr.svg" not in client.get("/p/naok/").content.decode()


def test_coordinator_sets_the_survey_url_and_the_qr_follows(client, client_of, coordinator):
    staff = client_of(coordinator)
    new = "https://itas.nacc.go.th/go/eit/nathon-2570"
    response = staff.post("/o/nathon/public-site/", {"eit_survey_url": new}, follow=True)
    assert "บันทึกลิงก์แบบสำรวจ EIT แล้ว" in response.content.decode()
    assert Organisation.objects.get(slug="nathon").eit_survey_url == new
    assert _decode(_svg_pixels(client.get("/p/nathon/eit/qr.svg").content)) == [new]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("ไม่ใช่ลิงก์", "กรุณากรอกลิงก์ให้ถูกต้อง"),
        ("ftp://itas.nacc.go.th/eit", "ลิงก์ต้องเริ่มด้วย https://"),
        ("https://itas.nacc.go.th/" + "a" * 500, "ลิงก์ยาวเกิน ๕๐๐ ตัวอักษร"),
    ],
)
def test_a_wrong_survey_url_is_a_thai_message(client_of, coordinator, value, message):
    response = client_of(coordinator).post("/o/nathon/public-site/", {"eit_survey_url": value})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert Organisation.objects.get(slug="nathon").eit_survey_url == SURVEY


def test_only_the_coordinator_sets_the_survey_url(client_of, staff_palad, approvers):
    for user in [staff_palad, approvers[-1]]:
        client = client_of(user)
        assert client.get("/o/nathon/public-site/").status_code == 200
        response = client.post("/o/nathon/public-site/", {"eit_survey_url": "https://x.example"})
        assert response.status_code == 403
    assert Organisation.objects.get(slug="nathon").eit_survey_url == SURVEY
