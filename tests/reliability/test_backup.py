"""`manage.py backup` and `manage.py restore` on PostgreSQL: the demo with its files goes into
one archive and comes back, in a fresh database and a fresh media storage (a folder, or a bucket
on the S3 server), with every table's row count and every file's SHA-256 (published PDFs
included) the same."""

import hashlib
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg2
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django_scopes import scope, scopes_disabled

from measures import services
from measures.models import MeasureStep
from organisations.models import FiscalYear, Organisation, User
from reports.models import Report
from tests.demo_copy import restore_session_copy
from tests.s3 import MediaStorage

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.7\n" + b"1" * 5000 + b"\n%%EOF\n"


def _counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from pg_tables
        counts[table] = cursor.fetchone()[0]
    return counts


def _other_database(name: str) -> str:
    """A database of this test run beside the test database, named after it: each xdist worker
    has its own test database (test_ita_gw0, ...), so two workers never share one."""
    return f"{connection.settings_dict['NAME']}_{name}"


def _restore(archive: Path, database: str, media: MediaStorage) -> subprocess.CompletedProcess:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{database}",
        **media.env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def populated(transactional_db, media_storage):
    """The demo, committed (pg_dump sees only committed rows), with evidence files and a
    published report PDF. (The suite's copy of the demo, its files written to this media
    storage: the FY2567 report's publication waits in the queue, this report is published.)"""
    restore_session_copy()
    with scopes_disabled():
        nathon = Organisation.objects.get(slug="nathon")
        staff = User.objects.get(username="nathon_staff_klang")
        step = MeasureStep.objects.filter(organisation=nathon).first()
    with scope(organisation=nathon):
        entry = services.progress_entry_get_or_create(target=step, round_=6)
        for n in range(3):
            services.evidence_add_file(
                progress=entry,
                upload=SimpleUploadedFile(f"หลักฐาน{n}.pdf", PDF + bytes([n])),
                caption=f"หลักฐานที่ {n}",
                effective_date="2025-03-20",
                user=staff,
            )
        report = Report.objects.create(
            organisation=nathon,
            fiscal_year=FiscalYear.objects.get(organisation=nathon, year=2568),
            kind="plan",
            title="แผนมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
            status="published",
            drafter=staff,
            pdf_sha256=hashlib.sha256(PDF).hexdigest(),
            pdf_size=len(PDF),
        )
        report.pdf.save("plan-2568.pdf", ContentFile(PDF))
    assert len(media_storage.names()) >= 4
    return media_storage


def test_backup_then_restore_into_a_fresh_database(populated, tmp_path):
    archive = tmp_path / "ita.tar"
    call_command("backup", "--out", str(archive))
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert names[0] == "manifest.json"
    assert "database.dump" in names
    assert sum(name.startswith("media/evidence/") for name in names) >= 3

    restored = _other_database(f"restored_{populated.backend}")
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{restored}"')
        before = _counts(cursor)
    restored_media = populated.fresh()
    done = _restore(archive, restored, restored_media)
    assert done.returncode == 0, done.stderr
    assert "ตรงตาม SHA-256 ทุกไฟล์" in done.stdout

    db = connection.settings_dict
    other = psycopg2.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=restored)
    try:
        with other.cursor() as cursor:
            after = _counts(cursor)
            cursor.execute("SELECT pdf, pdf_sha256 FROM reports_report WHERE pdf <> ''")
            published = cursor.fetchall()
    finally:
        other.close()
    assert after == before
    assert before["measures_progressevidence"] >= 3
    assert restored_media.hashes() == populated.hashes()
    assert published
    for name, sha in published:
        assert restored_media.hashes()[name] == sha

    again = _restore(archive, restored, populated.fresh())
    assert again.returncode != 0
    assert "is not empty" in again.stderr


def test_a_damaged_archive_is_refused_before_anything_is_written(populated, tmp_path):
    archive = tmp_path / "ita.tar"
    call_command("backup", "--out", str(archive))
    data = bytearray(archive.read_bytes())
    marker = data.find(PDF[:40])  # inside the first media file's content
    data[marker + 20] ^= 0xFF
    archive.write_bytes(bytes(data))
    damaged = _other_database(f"damaged_{populated.backend}")
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{damaged}"')
    media = populated.fresh()
    done = _restore(archive, damaged, media)
    assert done.returncode != 0
    assert "SHA-256 differs from the manifest" in done.stderr
    assert media.names() == []
    db = connection.settings_dict
    other = psycopg2.connect(host=db["HOST"], port=db["PORT"], user=db["USER"], dbname=damaged)
    try:
        with other.cursor() as cursor:
            assert _counts(cursor) == {}
    finally:
        other.close()
