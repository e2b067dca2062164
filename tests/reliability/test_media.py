"""Media files and database rows never disagree: a row always has its file, an orphan file is
found and removed by `manage.py cleanup_media`, and a full disk saves nothing half. Uploads,
the cleanup and a rolled-back upload run on a local folder and on an S3 bucket alike."""

import io
import socket
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django_scopes import scope

from ita_portal import media, uploads
from ita_portal.settings.env import env_storage
from measures import services
from measures.models import MeasureStep, ProgressEntry, ProgressEvidence
from oit_checklist.models import Evidence, ItemStatus

from .storages import FULL_DISK

pytestmark = pytest.mark.django_db

ASSET_STEP = "จัดให้มีการตรวจสอบวัสดุและครุภัณฑ์ของหน่วยงานเป็นระยะ"  # กองคลัง
PROCUREMENT_REPORT = "รายงานผลการจัดซื้อจัดจ้างหรือการจัดหาพัสดุประจำปี"  # กองคลัง
PDF = b"%PDF-1.7\n" + b"0" * 4000 + b"\n%%EOF\n"
MIN_AGE_SECONDS = 2


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def _step(nathon) -> MeasureStep:
    with scope(organisation=nathon):
        return MeasureStep.objects.get(
            measure__plan__fiscal_year__year=2568, text__startswith=ASSET_STEP
        )


def _photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (20, 120, 60)).save(out, format="JPEG")
    return out.getvalue()


def _report(client, step, **extra):
    data = {
        "version": 0,
        "status": "done",
        "output": "ตรวจนับครุภัณฑ์ครบทุกรายการแล้ว",
        "outcome": "ครุภัณฑ์พร้อมใช้งานทุกรายการ",
        "file_caption": "รายงานการตรวจนับ",
        "effective_date": "20/03/2568",
    } | extra
    return client.post(f"/o/nathon/progress/steps/{step.pk}/?round=6", data)


def test_every_file_column_is_found_through_the_app_registry():
    labels = {column.label for column in media.file_columns()}
    assert {
        "measures.ProgressEvidence.file",
        "measures.ProgressEvidence.thumbnail",
        "oit_checklist.Evidence.file",
        "oit_checklist.Evidence.thumbnail",
        "organisations.Organisation.logo",
        "organisations.User.signature",
        "reports.Report.pdf",
    } <= labels
    assert not any(label.split(".")[1].startswith("Historical") for label in labels)


def test_cleanup_lists_then_removes_only_orphans(
    client_of, staff_klang, nathon, media_storage, capsys
):
    step = _step(nathon)
    response = _report(
        client_of(staff_klang), step, evidence_file=SimpleUploadedFile("ภาพ.jpg", _photo())
    )
    assert response.status_code == 302
    with scope(organisation=nathon):
        evidence = ProgressEvidence.objects.get(progress__step=step)
    kept = {evidence.file.name, evidence.thumbnail.name}
    orphan = default_storage.save("evidence/2025/03/left-by-a-crash.pdf", ContentFile(PDF))
    # An object's time in a bucket cannot be set back: the orphan is made older by waiting,
    # and the cleanup's minimum age is two seconds instead of an hour.
    time.sleep(MIN_AGE_SECONDS + 1.5)
    in_flight = default_storage.save("evidence/2025/03/committing-now.pdf", ContentFile(PDF))
    min_age = str(MIN_AGE_SECONDS / 60)

    call_command("cleanup_media", "--min-age", min_age)  # dry run
    out = capsys.readouterr().out
    assert f"ไม่มีแถวใดอ้างถึง: {orphan}" in out
    assert in_flight not in out
    assert "ไฟล์กำพร้าพบ (ยังไม่ลบ ใช้ --delete เพื่อลบ) 1 ไฟล์" in out
    assert set(media_storage.names()) == kept | {orphan, in_flight}

    call_command("cleanup_media", "--delete", "--min-age", min_age)
    assert f"ลบ: {orphan}" in capsys.readouterr().out
    assert set(media_storage.names()) == kept | {in_flight}

    call_command("cleanup_media", "--delete", "--min-age", "0")
    capsys.readouterr()
    assert set(media_storage.names()) == kept
    with scope(organisation=nathon):
        evidence.refresh_from_db()  # the row and its files are untouched
    assert default_storage.open(evidence.file.name).read(3) == b"\xff\xd8\xff"


def test_cleanup_reports_a_row_whose_file_is_missing(client_of, staff_klang, nathon, media_storage):
    step = _step(nathon)
    _report(client_of(staff_klang), step, evidence_file=SimpleUploadedFile("ผล.pdf", PDF))
    with scope(organisation=nathon):
        evidence = ProgressEvidence.objects.get(progress__step=step)
    default_storage.delete(evidence.file.name)
    err = io.StringIO()
    call_command("cleanup_media", stderr=err, stdout=io.StringIO())
    assert f"ไม่พบไฟล์ของ measures.ProgressEvidence.file: {evidence.file.name}" in err.getvalue()


def test_a_rolled_back_upload_leaves_no_file(staff_klang, nathon, media_storage):
    step = _step(nathon)
    with scope(organisation=nathon):
        entry = services.progress_entry_get_or_create(target=step, round_=6)
        with pytest.raises(RuntimeError), uploads.atomic_with_files():
            services.evidence_add_file(
                progress=entry,
                upload=SimpleUploadedFile("ภาพ.jpg", _photo()),
                caption="ภาพการตรวจนับ",
                effective_date="2025-03-20",
                user=staff_klang,
            )
            assert len(media_storage.names()) == 2  # the image and its thumbnail, written first
            raise RuntimeError("the request failed after the upload")
        assert not ProgressEvidence.objects.filter(progress__step=step).exists()
    assert media_storage.names() == []


@override_settings(STORAGES=FULL_DISK)
def test_full_disk_on_progress_keeps_what_was_typed_and_saves_nothing(
    client_of, staff_klang, nathon, media_root
):
    step = _step(nathon)
    response = _report(
        client_of(staff_klang), step, evidence_file=SimpleUploadedFile("ผลการตรวจนับ.pdf", PDF)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "พื้นที่เก็บไฟล์ของระบบเต็ม จึงยังไม่ได้บันทึกสิ่งใดไว้" in page
    assert "ตรวจนับครุภัณฑ์ครบทุกรายการแล้ว</textarea>" in page
    assert "ครุภัณฑ์พร้อมใช้งานทุกรายการ</textarea>" in page
    assert 'value="รายงานการตรวจนับ"' in page
    with scope(organisation=nathon):
        assert not ProgressEntry.objects.filter(step=step).exists()
        assert not ProgressEvidence.objects.filter(progress__step=step).exists()
    assert _files(media_root) == []  # the half-written file is gone too


@override_settings(STORAGES=FULL_DISK)
def test_full_disk_on_an_oit_item_says_so_and_saves_nothing(
    client_of, staff_klang, nathon, media_root
):
    with scope(organisation=nathon):
        status = ItemStatus.objects.get(fiscal_year__year=2570, item__title=PROCUREMENT_REPORT)
    response = client_of(staff_klang).post(
        f"/o/nathon/oit/items/{status.pk}/evidence/",
        {"file": SimpleUploadedFile("ภาพหน้าเว็บ.jpg", _photo())},
        follow=True,
    )
    assert "พื้นที่เก็บไฟล์ของระบบเต็ม จึงยังไม่ได้บันทึกสิ่งใดไว้" in response.content.decode()
    with scope(organisation=nathon):
        assert not Evidence.objects.filter(item_status=status).exists()
    assert _files(media_root) == []


def test_an_unreachable_bucket_keeps_what_was_typed_and_saves_nothing(
    client_of, staff_klang, nathon, settings, s3_server
):
    with socket.socket() as closed:  # a loopback port where nothing listens
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    env = s3_server.env("ita-media") | {"AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}"}
    settings.STORAGES = {**settings.STORAGES, "default": env_storage(env)}
    step = _step(nathon)
    response = _report(
        client_of(staff_klang), step, evidence_file=SimpleUploadedFile("ผลการตรวจนับ.pdf", PDF)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ระบบเขียนไฟล์ลงพื้นที่เก็บไฟล์ไม่ได้ จึงยังไม่ได้บันทึกสิ่งใดไว้" in page
    assert "ตรวจนับครุภัณฑ์ครบทุกรายการแล้ว</textarea>" in page
    with scope(organisation=nathon):
        assert not ProgressEntry.objects.filter(step=step).exists()
