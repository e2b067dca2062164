"""The storage tests' backends: a local folder, and a bucket each on a real S3-compatible server.

The server is the one `make test` starts (scripts/with-s3.sh: moto's standalone server on
127.0.0.1, its address in ITA_STORAGE/AWS_*, which ita_portal/settings/test.py keeps as
``ITA_TEST_S3``); when pytest runs without it, this process starts moto's threaded server on a
free loopback port itself, so that the S3 tests never silently skip. boto3 is only ever given
that endpoint and fixed test keys: nothing reaches a cloud.

* ``media_storage`` (parametrised ``local``/``s3``): the test's own empty media storage, in
  ``STORAGES["default"]`` for the code under test; ``.env`` holds what a subprocess needs to
  use the same storage.
* ``s3_bucket``: a further empty bucket on the same server (a "fresh bucket" to restore into).
"""

from __future__ import annotations

import hashlib
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from storages.backends.s3 import S3Storage

from ita_portal.media import walk
from ita_portal.settings.env import env_storage
from ita_portal.storage import is_s3

TEST_KEYS = {"AWS_ACCESS_KEY_ID": "ita-test-key", "AWS_SECRET_ACCESS_KEY": "ita-test-secret"}


@dataclass
class S3Server:
    endpoint_url: str
    keys: dict[str, str]
    region: str = "us-east-1"

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=self.keys["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.keys["AWS_SECRET_ACCESS_KEY"],
        )

    def env(self, bucket: str) -> dict[str, str]:
        """The environment of a process that uses ``bucket`` as its media storage."""
        return {
            "ITA_STORAGE": "s3",
            "ITA_TEST_STORAGE": "s3",
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint_url,
            "AWS_S3_REGION_NAME": self.region,
            "AWS_S3_ADDRESSING_STYLE": "path",
            "AWS_EC2_METADATA_DISABLED": "true",
            **self.keys,
        }

    def new_bucket(self) -> str:
        name = f"ita-test-{uuid.uuid4().hex[:16]}"
        self.client().create_bucket(Bucket=name)
        return name

    def drop_bucket(self, name: str) -> None:
        client = self.client()
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
            for entry in page.get("Contents", ()):
                client.delete_object(Bucket=name, Key=entry["Key"])
        client.delete_bucket(Bucket=name)


@dataclass
class MediaStorage:
    backend: str  # "local" or "s3"
    storage: Storage
    env: dict[str, str] = field(default_factory=dict)
    fresh: Callable[[], MediaStorage] | None = None  # another empty one of the same backend

    def names(self) -> list[str]:
        """Every stored file name, sorted."""
        try:
            return sorted(walk(self.storage))
        except FileNotFoundError:  # a media folder that no upload has made yet
            return []

    def hashes(self) -> dict[str, str]:
        """The SHA-256 of every stored file, read back from the folder or the bucket."""
        found = {}
        for name in self.names():
            with self.storage.open(name, "rb") as handle:
                found[name] = hashlib.sha256(handle.read()).hexdigest()
        return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    configured = django_settings.ITA_TEST_S3
    if configured is not None:
        options = configured["OPTIONS"]
        yield S3Server(
            options["endpoint_url"],
            {
                "AWS_ACCESS_KEY_ID": options.get("access_key", TEST_KEYS["AWS_ACCESS_KEY_ID"]),
                "AWS_SECRET_ACCESS_KEY": options.get(
                    "secret_key", TEST_KEYS["AWS_SECRET_ACCESS_KEY"]
                ),
            },
            options["region_name"],
        )
        return
    from moto.server import ThreadedMotoServer

    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield S3Server(f"http://127.0.0.1:{port}", dict(TEST_KEYS))
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_server) -> Iterator[str]:
    name = s3_server.new_bucket()
    yield name
    s3_server.drop_bucket(name)


def _local(folder: Path) -> MediaStorage:
    return MediaStorage(
        "local",
        FileSystemStorage(location=folder),
        {"MEDIA_ROOT": str(folder)},
        fresh=lambda: _local(folder.with_name(f"{folder.name}-{uuid.uuid4().hex[:6]}")),
    )


def _s3(server: S3Server, bucket: str, made: list[str]) -> MediaStorage:
    def fresh() -> MediaStorage:
        made.append(server.new_bucket())
        return _s3(server, made[-1], made)

    env = server.env(bucket)
    options = env_storage(env)["OPTIONS"]
    return MediaStorage("s3", S3Storage(**options), env, fresh=fresh)


@pytest.fixture(params=["local", "s3"])
def media_storage(request, settings, tmp_path: Path) -> Iterator[MediaStorage]:
    """The test's empty media storage, made ``STORAGES["default"]``."""
    made: list[str] = []
    if request.param == "local":
        settings.MEDIA_ROOT = tmp_path / "media"
        yield _local(settings.MEDIA_ROOT)
        return
    server: S3Server = request.getfixturevalue("s3_server")
    chosen = _s3(server, request.getfixturevalue("s3_bucket"), made)
    settings.STORAGES = {**settings.STORAGES, "default": env_storage(chosen.env)}
    assert is_s3(storages["default"])  # the code under test really writes into the bucket
    yield chosen
    for bucket in made:
        server.drop_bucket(bucket)
