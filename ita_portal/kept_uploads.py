"""A file chosen in a form whose save was refused is kept, so that it need not be chosen again.

The browser forgets a chosen file when the page comes back with errors. When the file itself
passed its checks, the form keeps a copy in the media storage under ``kept-uploads/`` (the
folder or the bucket every web machine shares: the next submit may reach another machine; it
belongs to no record yet, so ``cleanup_media`` leaves it to this module) and the page carries a
signed token naming it, the person who chose it and when. The next submit of that person,
within a day, takes the file back unless a new file is chosen or "ไม่ใช้ไฟล์นี้" is ticked; it
is checked again like any upload. Kept files are removed when taken into a saved record, and
any older than a day when the next file is kept.
"""

from __future__ import annotations

import time
import uuid
from pathlib import PurePath

from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

MAX_AGE = 24 * 60 * 60  # seconds
PREFIX = "kept-uploads/"
_SALT = "ita_portal.kept_uploads"


def _sweep() -> None:
    """Remove kept files older than MAX_AGE (nobody can take them back any more)."""
    limit = time.time() - MAX_AGE
    try:
        _, names = default_storage.listdir(PREFIX)
    except FileNotFoundError:  # nothing kept yet (a folder that does not exist)
        return
    for name in names:
        try:
            if default_storage.get_modified_time(PREFIX + name).timestamp() < limit:
                default_storage.delete(PREFIX + name)
        except FileNotFoundError:  # another worker swept it first
            pass


def keep(upload: UploadedFile, *, user_id: int) -> str:
    """Keep a copy of ``upload``; the token to give back to ``take``."""
    _sweep()
    upload.seek(0)
    stored = default_storage.save(PREFIX + uuid.uuid4().hex, upload)[len(PREFIX) :]
    upload.seek(0)
    name = PurePath(upload.name or "file").name
    return signing.dumps(
        {"file": stored, "name": name, "type": upload.content_type or "", "user": user_id},
        salt=_SALT,
    )


def _read(token: str, *, user_id: int) -> dict | None:
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE)
    except signing.BadSignature:  # also an expired one
        return None
    if data.get("user") != user_id or not str(data.get("file", "")).isalnum():
        return None
    return data


def name_of(token: str, *, user_id: int) -> str:
    """The file name a token names (to show), or "" when the token is not this person's."""
    data = _read(token, user_id=user_id)
    return data["name"] if data and default_storage.exists(PREFIX + data["file"]) else ""


def take(token: str, *, user_id: int) -> UploadedFile | None:
    """The kept file named by ``token`` as an upload, or None (not this person's, expired, gone)."""
    data = _read(token, user_id=user_id)
    if data is None:
        return None
    try:
        with default_storage.open(PREFIX + data["file"], "rb") as kept:
            content = kept.read()
    except FileNotFoundError:
        return None
    return SimpleUploadedFile(data["name"], content, data["type"] or "application/octet-stream")


def forget(token: str, *, user_id: int) -> None:
    """Remove the kept file of ``token`` (it is in a saved record now)."""
    data = _read(token, user_id=user_id)
    if data is not None:
        default_storage.delete(PREFIX + data["file"])
