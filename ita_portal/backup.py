"""One archive holds the whole portal: the database and every media file.

The archive is a tar file with ``manifest.json`` first: the format, when and from what it was
made, and the SHA-256 of every other member. On PostgreSQL the database is a ``pg_dump``
custom-format dump (``database.dump``); on SQLite it is a consistent copy of the file made
with SQLite's online backup (``database.sqlite3``). Media files are under ``media/``, read
from the media storage (a folder or an S3 bucket: ``STORAGES["default"]``), so an archive of
one backend restores into the other.

Restoring checks the whole archive against its manifest before anything is written, and only
into an empty database and an empty media storage: a restore never mixes two portals.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import connection
from django.utils import timezone

from ita_portal.media import walk
from ita_portal.storage import is_s3

FORMAT = 1
MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env() -> tuple[dict, list[str]]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}")


def _dump_database(folder: Path) -> str:
    if connection.vendor == "postgresql":
        env, args = _pg_env()
        target = folder / PG_DUMP
        _run(
            [
                shutil.which("pg_dump") or "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-acl",
                *args,
                "--file",
                str(target),
                connection.settings_dict["NAME"],
            ],
            env,
        )
        return PG_DUMP
    if connection.vendor == "sqlite":
        target = folder / SQLITE_COPY
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        copy = sqlite3.connect(str(target))
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
        return SQLITE_COPY
    raise BackupError(f"no backup for the {connection.vendor} database")


def _media_files(storage: Storage, folder: Path) -> list[tuple[str, Path]]:
    """(storage name, a local file with its content) of every media file. A folder's files are
    read where they lie; a bucket's objects are first copied into ``folder`` (the manifest,
    which holds their hashes, goes first in the archive)."""
    names = sorted(walk(storage)) if _has_files(storage) else []
    if not is_s3(storage):
        return [(name, Path(storage.path(name))) for name in names]
    files = []
    for name in names:
        target = folder / "media" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with storage.open(name, "rb") as source, target.open("wb") as sink:
            shutil.copyfileobj(source, sink, CHUNK)
        files.append((name, target))
    return files


def _has_files(storage: Storage) -> bool:
    try:
        return next(walk(storage), None) is not None
    except FileNotFoundError:  # a media folder not made yet
        return False


def backup(out: Path) -> dict:
    """Write the archive to ``out`` (atomically: a temporary name, then renamed). Returns the
    manifest."""
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="ita-backup-") as tmp:
        folder = Path(tmp)
        database = _dump_database(folder)
        members = [(database, folder / database)] + [
            (f"media/{name}", path) for name, path in _media_files(storages["default"], folder)
        ]
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "engine": connection.vendor,
            "database": database,
            "files": {name: sha256_of(path) for name, path in members},
            "sizes": {name: path.stat().st_size for name, path in members},
        }
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
            for name, path in members:
                archive.add(path, arcname=name, recursive=False)
        with partial.open("rb") as stream:
            os.fsync(stream.fileno())
        partial.replace(out)
    return manifest


def _safe(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def verify(archive_path: Path, into: Path) -> dict:
    """Extract the archive into ``into`` and check every member against the manifest. Raises
    BackupError naming the first thing that is wrong."""
    with tarfile.open(archive_path, "r") as archive:
        try:
            manifest = json.load(archive.extractfile(MANIFEST))
        except KeyError:
            raise BackupError(f"{archive_path}: no {MANIFEST}") from None
        if manifest.get("format") != FORMAT:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        expected = manifest["files"]
        seen = set()
        for member in archive.getmembers():
            if member.name == MANIFEST:
                continue
            if not member.isfile() or not _safe(member.name):
                raise BackupError(f"unexpected member {member.name!r}")
            if member.name not in expected:
                raise BackupError(f"{member.name} is not in the manifest")
            target = into / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.extractfile(member) as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink, CHUNK)
            if sha256_of(target) != expected[member.name]:
                raise BackupError(f"{member.name}: SHA-256 differs from the manifest")
            seen.add(member.name)
    missing = set(expected) - seen
    if missing:
        raise BackupError(f"missing from the archive: {', '.join(sorted(missing))}")
    return manifest


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def restore(archive_path: Path) -> dict:
    """Restore the archive into the configured (empty) database and (empty) media storage."""
    storage = storages["default"]
    if not _database_is_empty():
        raise BackupError(
            f"the database {connection.settings_dict['NAME']} is not empty: "
            "restore only into a new, empty database"
        )
    if _has_files(storage):
        raise BackupError(f"the media storage ({_describe(storage)}) is not empty")
    with tempfile.TemporaryDirectory(prefix="ita-restore-") as tmp:
        folder = Path(tmp)
        manifest = verify(archive_path, folder)
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"the archive holds a {manifest['engine']} database, "
                f"the configured one is {connection.vendor}"
            )
        dump = folder / manifest["database"]
        if connection.vendor == "postgresql":
            connection.close()
            env, args = _pg_env()
            _run(
                [
                    shutil.which("pg_restore") or "pg_restore",
                    "--no-owner",
                    "--no-acl",
                    "--exit-on-error",
                    "--single-transaction",
                    *args,
                    "--dbname",
                    connection.settings_dict["NAME"],
                    str(dump),
                ],
                env,
            )
        else:
            connection.close()
            source = sqlite3.connect(str(dump))
            target = sqlite3.connect(str(connection.settings_dict["NAME"]))
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        media = folder / "media"
        for path in sorted(media.rglob("*")) if media.is_dir() else []:
            if not path.is_file():
                continue
            name = path.relative_to(media).as_posix()
            with path.open("rb") as content:
                stored = storage.save(name, File(content, name=name))
            if stored != name:  # pragma: no cover - the storage was empty when we began
                raise BackupError(f"{name} was stored as {stored}: is another process writing?")
    return manifest


def _describe(storage: Storage) -> str:
    if is_s3(storage):
        return f"bucket {storage.bucket_name}" + (
            f", prefix {storage.location}" if storage.location else ""
        )
    return f"folder {storage.location}"
