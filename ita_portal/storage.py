"""The media storage (``STORAGES["default"]``) as the portal uses it, on a local folder or an S3
bucket alike.

* ``file_response``: a stored file streamed to someone a view has already allowed, chunk by
  chunk from the folder or the bucket (django-storages' own ``open()`` would first copy the
  whole object into a temporary file), with its length. Files never leave the bucket any other
  way: objects are private and the portal makes no URL into the bucket for a browser.
* ``STORAGE_ERRORS``: what a failing storage raises (a full disk, an unreachable server).
* ``storage_ready``: a round trip to the storage, for ``/readyz``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import Storage, default_storage
from django.http import FileResponse
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

STORAGE_ERRORS: tuple[type[Exception], ...] = (OSError, BotoCoreError, ClientError)

CHUNK = 256 * 1024


class StoredFileResponse(FileResponse):
    block_size = CHUNK  # Django's 4 KiB means 64 reads of a bucket's stream per MiB


def is_s3(storage: Storage) -> bool:
    # isinstance sees through default_storage, a lazy object that reports its target's class.
    return isinstance(storage, S3Storage)


def open_stream(storage: Storage, name: str) -> tuple[IO[bytes], int]:
    """A stream of the stored file ``name`` and its size in bytes. FileNotFoundError when the
    file is not there."""
    if is_s3(storage):
        key = storage._normalize_name(clean_name(name))
        try:
            found = storage.connection.meta.client.get_object(Bucket=storage.bucket_name, Key=key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in {"NoSuchKey", "404"}:
                raise FileNotFoundError(name) from None
            raise
        return found["Body"], found["ContentLength"]
    handle = storage.open(name, "rb")
    return handle, storage.size(name)


def file_response(
    storage: Storage,
    name: str,
    *,
    content_type: str,
    filename: str = "",
    as_attachment: bool = True,
) -> FileResponse:
    """The stored file as a streamed response with Content-Length, Content-Disposition (the
    person's own file name, RFC 6266/5987 by Django) and ``nosniff``. Caching headers and the
    ETag are the view's."""
    stream, size = open_stream(storage, name)
    response = StoredFileResponse(
        stream, as_attachment=as_attachment, filename=filename, content_type=content_type
    )
    response["Content-Length"] = str(size)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def storage_ready(storage: Storage | None = None) -> str | None:
    """None when the storage can be used, else why not (for an operator: no secrets, no
    endpoint). S3: the bucket answers a HEAD with our credentials; a folder: it is writable,
    or not made yet (the first upload makes it)."""
    storage = storage or default_storage
    try:
        if is_s3(storage):
            storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
            return None
        root = Path(storage.location)
        if root.exists() and not os.access(root, os.W_OK | os.X_OK):
            return "the media folder is not writable"
    except ClientError as error:
        return f"the bucket answered {error.response.get('Error', {}).get('Code', '?')}"
    except STORAGE_ERRORS as error:
        return f"the storage cannot be reached ({type(error).__name__})"
    return None
