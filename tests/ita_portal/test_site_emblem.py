"""The memo's Garuda (issue #15): an operator uploads it once for the site at /site/emblem/
(checked as a real image by Pillow, within a size limit, refused in Thai otherwise); from then on
every memo prints it instead of the labelled placeholder, on the local disk and on S3 alike."""

import io

import pymupdf
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from PIL import Image

from organisations.models import SiteEmblem
from reports.documents.pdf import render_report_pdf
from reports.enums import ReportKind
from reports.models import Report

PLACEHOLDER = (330, 354)  # static/reports/emblem-placeholder.png


def _png(size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def _memo_images(pdf: bytes) -> list[tuple[int, int]]:
    """(width, height) in pixels of the images on the memo's first page."""
    with pymupdf.open(stream=pdf, filetype="pdf") as document:
        return [(image[2], image[3]) for image in document[0].get_images()]


def test_the_operator_uploads_the_garuda_and_every_memo_prints_it(
    media_storage, client_of, site_admin, nathon
):
    with scope(organisation=nathon):
        report = Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)
        assert PLACEHOLDER in _memo_images(render_report_pdf(report))
    client = client_of(site_admin)
    page = client.get("/site/emblem/").content.decode()
    assert "ยังไม่มีไฟล์ตราครุฑ" in page

    refused = [
        (SimpleUploadedFile("ครุฑ.png", b"<html>not an image</html>"), "ไม่ใช่ไฟล์ภาพ PNG"),
        (SimpleUploadedFile("ครุฑ.svg", b"<svg onload=alert(1)>"), "ไม่รับไฟล์ชนิดนี้"),
        (SimpleUploadedFile("ครุฑ.png", _png((60, 60))), "เล็กเกินไป"),
        (
            SimpleUploadedFile("ครุฑ.png", _png((400, 400)) + b"\0" * (2 * 1024 * 1024)),
            "เกินที่รับได้สำหรับตราครุฑ",
        ),
    ]
    for upload, message in refused:
        response = client.post("/site/emblem/", {"emblem": upload})
        assert response.status_code == 200
        assert message in response.content.decode(), message
    assert not SiteEmblem.objects.exists()

    upload = SimpleUploadedFile("ครุฑ.png", _png((320, 340)))
    response = client.post("/site/emblem/", {"emblem": upload}, follow=True)
    assert "บันทึกตราครุฑแล้ว" in response.content.decode()
    name = SiteEmblem.current_name()
    assert name.startswith("site/") and default_storage.exists(name)
    assert client.get("/site/emblem/image").status_code == 200

    with scope(organisation=nathon):
        images = _memo_images(render_report_pdf(report))
    assert (320, 340) in images and PLACEHOLDER not in images


def test_a_member_cannot_reach_the_emblem_page(client_of, coordinator):
    client = client_of(coordinator)
    assert client.get("/site/emblem/").status_code == 404
    upload = SimpleUploadedFile("ครุฑ.png", _png((320, 340)))
    assert client.post("/site/emblem/", {"emblem": upload}).status_code == 404
    assert not SiteEmblem.objects.exists()
