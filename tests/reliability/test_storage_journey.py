"""Files from upload to the public PDF, on a local folder and on an S3 bucket alike: a staff
member's evidence is stored and downloaded back through the permission-checked view, an
approver's signature is printed (WeasyPrint reads it from the storage) in the report that the
task worker, another process as on another machine, publishes, and the public downloads that
PDF with its SHA-256 as the ETag. In the bucket every object is private."""

import hashlib
import io

import pdfplumber
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from PIL import Image

from measures.models import MeasureStep, ProgressEvidence
from reports import services
from reports.documents.pdf import render_report_pdf
from reports.enums import DecisionValue, ReportKind, ReportStatus
from reports.models import Report
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

ASSET_STEP = "จัดให้มีการตรวจสอบวัสดุและครุภัณฑ์ของหน่วยงานเป็นระยะ"  # กองคลัง
PDF = b"%PDF-1.7\n" + b"7" * 300_000 + b"\n%%EOF\n"  # larger than one streamed chunk


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 90), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _images_on_first_page(pdf: bytes) -> int:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages[0].images)


def test_evidence_is_stored_and_downloaded_back_through_the_view(
    media_storage, client_of, staff_klang, nathon
):
    with scope(organisation=nathon):
        step = MeasureStep.objects.get(
            measure__plan__fiscal_year__year=2568, text__startswith=ASSET_STEP
        )
    client = client_of(staff_klang)
    response = client.post(
        f"/o/nathon/progress/steps/{step.pk}/?round=6",
        {
            "version": 0,
            "status": "done",
            "output": "ตรวจนับครุภัณฑ์ครบทุกรายการแล้ว",
            "outcome": "ครุภัณฑ์พร้อมใช้งานทุกรายการ",
            "file_caption": "รายงานการตรวจนับ",
            "effective_date": "20/03/2568",
            "evidence_file": SimpleUploadedFile("รายงานการตรวจนับครุภัณฑ์.pdf", PDF),
        },
    )
    assert response.status_code == 302
    with scope(organisation=nathon):
        evidence = ProgressEvidence.objects.get(progress__step=step)
    assert media_storage.names() == [evidence.file.name]

    download = client.get(f"/o/nathon/evidence/{evidence.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Length"] == str(len(PDF))
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "%E0%B8" in download["Content-Disposition"]  # the Thai file name, RFC 5987
    assert download["Cache-Control"] == "private, no-store"

    if media_storage.backend == "s3":
        client = media_storage.storage.connection.meta.client
        acl = client.get_object_acl(
            Bucket=media_storage.storage.bucket_name, Key=evidence.file.name
        )
        assert [grant["Permission"] for grant in acl["Grants"]] == ["FULL_CONTROL"]
        assert acl["Grants"][0]["Grantee"]["Type"] == "CanonicalUser"  # the owner, nobody else


@pytest.mark.django_db(transaction=True)  # the worker is another process: rows are committed
def test_a_signature_from_the_storage_is_printed_in_the_pdf_the_worker_publishes(
    media_storage, client, client_of, approvers, nathon
):
    head, deputy, palad, mayor = approvers  # the demo's FY2568 report carries head's approval
    with scope(organisation=nathon):
        report = Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)
        without = _images_on_first_page(render_report_pdf(report))
    upload = SimpleUploadedFile("ลายเซ็น.png", _png())
    client_of(head).post("/accounts/signature/", {"signature": upload})
    head.refresh_from_db()
    # (on a folder, the demo that a transactional test puts back brings its own files too)
    assert head.signature.name in media_storage.names()

    with scope(organisation=nathon):
        for approver in (deputy, palad, mayor):
            services.report_decide(report=report, user=approver, value=DecisionValue.APPROVE)
    run_worker(**media_storage.env)  # `manage.py db_worker`, given the same folder or bucket

    with scope(organisation=nathon):
        report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    # (the demo's FY2567 report, whose publication waited in the queue, is published too)
    assert {head.signature.name, report.pdf.name} <= set(media_storage.names())
    url = f"/p/nathon/2568/reports/results/v{report.version}/pdf/?round={report.round}"
    response = client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == report.pdf_sha256
    assert response["ETag"] == f'"{report.pdf_sha256}"'
    assert response["Content-Length"] == str(report.pdf_size)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert _images_on_first_page(body) == without + 1  # the signature, read from the storage
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
