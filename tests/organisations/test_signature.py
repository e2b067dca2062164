"""A person uploads their signature image at /accounts/signature/: checked by content,
re-encoded without what was hidden in it, stored under a name nobody chose, printed in the memo
blocks of what they approved, and removable."""

import io

import pdfplumber
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from PIL import Image, PngImagePlugin

from organisations.models import User
from reports.documents.pdf import render_report_pdf
from reports.enums import ReportKind
from reports.models import Report


def _png(text: str = "") -> bytes:
    info = PngImagePlugin.PngInfo()
    if text:
        info.add_text("Comment", text)
    buffer = io.BytesIO()
    Image.new("RGB", (300, 90), "white").save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def _images_on_first_page(pdf: bytes) -> int:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages[0].images)


def test_a_signature_is_uploaded_cleaned_printed_and_removed(client_of, approvers, nathon):
    head = approvers[0]  # the demo's FY2568 report carries their approval
    with scope(organisation=nathon):
        report = Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)
        without = _images_on_first_page(render_report_pdf(report))
    client = client_of(head)
    upload = SimpleUploadedFile("ลายเซ็น.png", _png("ที่อยู่บ้าน 12/3 <script>"))
    response = client.post("/accounts/signature/", {"signature": upload}, follow=True)
    assert "บันทึกลายมือชื่อแล้ว" in response.content.decode()

    head.refresh_from_db()
    name = head.signature.name
    assert name.startswith("signatures/") and "ลายเซ็น" not in name
    with default_storage.open(name, "rb") as stored, Image.open(stored) as image:
        assert "Comment" not in image.info  # re-encoded: the hidden text is gone
    image = client.get("/accounts/signature/image/")
    assert image.status_code == 200 and image["X-Content-Type-Options"] == "nosniff"

    with scope(organisation=nathon):
        assert _images_on_first_page(render_report_pdf(report)) == without + 1

    response = client.post("/accounts/signature/", {"remove": "1"}, follow=True)
    assert "ลบลายมือชื่อแล้ว" in response.content.decode()
    assert not User.objects.get(pk=head.pk).signature
    assert not default_storage.exists(name)
    assert client.get("/accounts/signature/image/").status_code == 404


def test_only_an_image_is_taken_and_the_reason_is_given_in_thai(client_of, approvers):
    client = client_of(approvers[1])
    cases = [
        (SimpleUploadedFile("ลายเซ็น.pdf", b"%PDF-1.7\n"), "รับเฉพาะ ภาพ PNG หรือ JPEG"),
        (SimpleUploadedFile("ลายเซ็น.svg", b"<svg onload=alert(1)>"), "ไม่รับไฟล์ชนิดนี้"),
        (SimpleUploadedFile("ลายเซ็น.png", b"<html>not an image</html>"), "ไม่ใช่ไฟล์ภาพ PNG"),
    ]
    for upload, message in cases:
        response = client.post("/accounts/signature/", {"signature": upload})
        assert response.status_code == 200
        assert message in response.content.decode()
    assert not User.objects.get(pk=approvers[1].pk).signature


def test_the_signature_page_needs_a_login(client):
    response = client.get("/accounts/signature/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
