"""A published report's PDF on both media backends: a local folder and a bucket of the loopback
S3 server (scripts/with-s3.sh).

On the demo's published report (นาทอน's FY2567 results, ``manage.py load_demo``), for each
backend:

* ``render + store``: after one untimed run (the worker warms its renderer up once, when it
  starts), what the publication task does (``reports.services.report_publish``):
  ``render_report_pdf`` (the renderer reads any image, a logo or a signature, from that
  storage), then the PDF saved into it; the median of ``--repeat`` runs, and the store alone;
* ``public download``: gunicorn (2 workers, loopback) serving that storage, and one anonymous
  visitor getting the public PDF (``/p/nathon/2567/reports/results/v1/pdf/``) ``--downloads``
  times over a keep-alive connection (after a few untimed ones): p50, p95 and MiB/s, every
  body's SHA-256 checked against its ETag.

The bucket starts as a copy of the demo's media folder (as a deployment moving to S3 copies
it), and is removed afterwards. Figures are printed, not asserted.

    scripts/with-postgres.sh scripts/with-s3.sh scripts/bench.sh .venv/bin/python   (make bench)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import setup
from drill_parts import Server

ORG, YEAR, KIND = "nathon", 2567, "results"
MIB = 1024 * 1024
WARM_UP = 4  # untimed downloads first (gunicorn's 2 workers)


def backends(bucket: str | None) -> dict[str, dict]:
    """name → (STORAGES["default"], the environment of a server using it)."""
    from django.conf import settings

    from ita_portal.settings.env import LOCAL_STORAGE, env_storage

    found = {
        "folder": {
            "storage": {**LOCAL_STORAGE, "OPTIONS": {"location": str(settings.MEDIA_ROOT)}},
            "env": {"ITA_STORAGE": "local", "MEDIA_ROOT": str(settings.MEDIA_ROOT)},
        }
    }
    if bucket:
        env = {"ITA_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": bucket, "AWS_LOCATION": ""}
        found["bucket"] = {"storage": env_storage(os.environ | env), "env": env}
    return found


def copy_media_into(bucket: str, storage) -> int:
    from django.conf import settings

    client = storage.connection.meta.client
    root = Path(settings.MEDIA_ROOT)
    files = [p for p in root.rglob("*") if p.is_file()]
    for path in files:
        client.upload_file(str(path), bucket, str(path.relative_to(root)))
    return len(files)


def render_and_store(report, repeat: int) -> tuple[float, float, int]:
    """Median seconds of render + store and of the store alone, and the PDF's size."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django_scopes import scope

    from reports.documents.pdf import render_report_pdf

    whole, stores, size = [], [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        with scope(organisation=report.organisation):
            pdf = render_report_pdf(report)
        rendered = time.perf_counter()
        name = default_storage.save(f"bench/{uuid.uuid4().hex}.pdf", ContentFile(pdf))
        done = time.perf_counter()
        whole.append(done - started)
        stores.append(done - rendered)
        size = len(pdf)
        default_storage.delete(name)
    return statistics.median(whole), statistics.median(stores), size


def downloads(base: str, path: str, count: int) -> tuple[list[float], int, bool]:
    session = requests.Session()
    for _ in range(WARM_UP):  # each gunicorn worker's first request (imports, connections)
        session.get(base + path, timeout=60)
    times, size, hashes_ok = [], 0, True
    for _ in range(count):
        started = time.perf_counter()
        answer = session.get(base + path, timeout=60)
        times.append(time.perf_counter() - started)
        size = len(answer.content)
        etag = answer.headers.get("ETag", "").strip('"')
        hashes_ok &= (
            answer.status_code == 200 and hashlib.sha256(answer.content).hexdigest() == etag
        )
    return times, size, hashes_ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--downloads", type=int, default=30)
    args = parser.parse_args()
    s3 = os.environ.get("ITA_STORAGE") == "s3" and os.environ.get("AWS_S3_ENDPOINT_URL")
    os.environ["ITA_STORAGE"] = "local"  # this process starts on the demo's folder
    setup()
    from django.conf import settings
    from django.core.files.storage import default_storage
    from django.test import override_settings
    from django_scopes import scopes_disabled

    from reports.models import Report

    with scopes_disabled():
        report = Report.objects.select_related("organisation", "fiscal_year").get(
            organisation__slug=ORG, fiscal_year__year=YEAR, kind=KIND, status="published"
        )
    path = f"/p/{ORG}/{YEAR}/reports/{KIND}/v{report.version}/pdf/"
    bucket = f"ita-bench-{uuid.uuid4().hex[:8]}" if s3 else None
    created = False
    work = Path(tempfile.mkdtemp(prefix="ita-bench-published-"))
    rows = []
    render_and_store(report, 1)  # the renderer's one-off warm-up, on the folder
    try:
        for name, backend in backends(bucket).items():
            with override_settings(STORAGES={**settings.STORAGES, "default": backend["storage"]}):
                if name == "bucket":
                    client = default_storage.connection.meta.client
                    client.create_bucket(Bucket=bucket)
                    created = True
                    copied = copy_media_into(bucket, default_storage)
                    print(f"  bucket {bucket}: the demo's {copied} media files copied in")
                whole, store, size = render_and_store(report, args.repeat)
            (work / name / "media").mkdir(parents=True)
            server = Server(
                work / name,
                work / name / "media",
                env={"DJANGO_SETTINGS_MODULE": "ita_portal.settings.dev", "DEBUG": "0"}
                | backend["env"],
            )
            try:
                server.start()
                times, downloaded, ok = downloads(server.base, path, args.downloads)
            finally:
                server.stop()
            times.sort()
            p50 = statistics.median(times)
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            rows.append((name, size, whole, store, downloaded, p50, p95, ok))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if created:
            from storages.backends.s3 import S3Storage

            client = S3Storage(**backends(bucket)["bucket"]["storage"]["OPTIONS"]).connection
            client = client.meta.client
            for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                for entry in page.get("Contents", ()):
                    client.delete_object(Bucket=bucket, Key=entry["Key"])
            client.delete_bucket(Bucket=bucket)

    print(
        f"\npublished PDF ({ORG} FY{YEAR} {KIND}): render + store median of {args.repeat}, "
        f"public download of {args.downloads} by one visitor; {os.cpu_count()} cores shared"
    )
    print(
        f"{'backend':<8}{'PDF KiB':>8}{'render+store s':>15}{'store ms':>9}"
        f"{'download p50 ms':>16}{'p95 ms':>8}{'MiB/s':>7}  ETag = SHA-256"
    )
    for name, size, whole, store, downloaded, p50, p95, ok in rows:
        print(
            f"{name:<8}{size / 1024:>8.0f}{whole:>15.2f}{store * 1000:>9.1f}"
            f"{p50 * 1000:>16.1f}{p95 * 1000:>8.1f}{downloaded / MIB / p50:>7.1f}  "
            f"{'every body' if ok else 'NOT every body'}"
        )
    if not bucket:
        print("(no S3 server: run through scripts/with-s3.sh for the bucket's figures)")


if __name__ == "__main__":
    main()
