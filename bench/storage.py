"""Media storage figures: a local folder beside an S3 bucket on the loopback server.

For each backend: the time to store a file (``storage.save``, as an upload does: the folder's
file is fsynced, the bucket's PUT has returned) and to read it back through the download view's
path (``ita_portal.storage.file_response``: the body streamed in 256 KiB chunks), at 100 KiB,
1 MiB and 10 MiB; the median of ``--repeat`` runs and its throughput. For the bucket also the
other way a published PDF could be handed out, a short-lived presigned URL (what a 302 would
send the browser to): the time to sign it, and the browser's GET of it from the server.
Figures are printed, not asserted.

    scripts/with-s3.sh .venv/bin/python bench/storage.py [--repeat 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings.dev")

import django

django.setup()

import boto3  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from storages.backends.s3 import S3Storage  # noqa: E402

from ita_portal.settings.env import env_storage  # noqa: E402
from ita_portal.storage import file_response  # noqa: E402
from ita_portal.uploads import DurableFileSystemStorage  # noqa: E402

SIZES = {"100 KiB": 100 * 1024, "1 MiB": 1024 * 1024, "10 MiB": 10 * 1024 * 1024}


def _median_ms(run, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _download(storage, name: str) -> int:
    response = file_response(storage, name, content_type="application/pdf", filename="x.pdf")
    received = sum(len(chunk) for chunk in response.streaming_content)
    response.close()
    return received


def _row(label: str, size: int, ms: float) -> str:
    return f"  {label:<34} {ms:8.1f} ms  {size / 1024 / 1024 / (ms / 1000):8.1f} MiB/s"


def bench(storage, label: str, repeat: int) -> None:
    print(f"== {label}")
    for size_label, size in SIZES.items():
        data = os.urandom(size)
        names: list[str] = []

        def save(data=data, names=names):
            names.append(storage.save(f"bench/{uuid.uuid4().hex}.pdf", ContentFile(data)))

        upload = _median_ms(save, repeat)
        name = names[-1]
        download = _median_ms(lambda name=name: _download(storage, name), repeat)
        print(_row(f"store {size_label}", size, upload))
        print(_row(f"stream through the view {size_label}", size, download))
        if isinstance(storage, S3Storage):
            sign = _median_ms(lambda name=name: storage.url(name), repeat)
            url = storage.url(name)

            def fetch(url=url):
                with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310 - loopback
                    while answer.read(256 * 1024):
                        pass

            presigned = _median_ms(fetch, repeat)
            print(f"  {'sign a presigned URL':<34} {sign:8.2f} ms")
            print(_row(f"GET the presigned URL {size_label}", size, presigned))
        for stored in names:
            storage.delete(stored)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ita-bench-storage-") as folder:
        bench(DurableFileSystemStorage(location=folder), f"local folder ({folder})", args.repeat)
    if os.environ.get("ITA_STORAGE") != "s3":
        print("(no S3 server: run through scripts/with-s3.sh for the bucket's figures)")
        return
    bucket = f"ita-bench-{uuid.uuid4().hex[:8]}"
    options = env_storage(os.environ | {"AWS_STORAGE_BUCKET_NAME": bucket})["OPTIONS"]
    client = boto3.client(
        "s3",
        endpoint_url=options["endpoint_url"],
        region_name=options["region_name"],
        aws_access_key_id=options.get("access_key"),
        aws_secret_access_key=options.get("secret_key"),
    )
    client.create_bucket(Bucket=bucket)
    try:
        bench(S3Storage(**options), f"S3 bucket on {options['endpoint_url']}", args.repeat)
    finally:
        client.delete_bucket(Bucket=bucket)


if __name__ == "__main__":
    main()
