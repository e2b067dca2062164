"""What lies in the media storage, and which of it the database still references.

Every FileField and ImageField of every installed model is found through the app registry, so
a new model with a file (a logo, a signature, a published PDF, evidence) is covered without a
list to keep up to date. Historical models (simple_history) keep file names as text and do
not count: a file only a history row names is no longer in use.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import Storage, storages
from django.db import models
from django_scopes import scopes_disabled

from ita_portal import kept_uploads
from ita_portal.storage import is_s3


@dataclass(frozen=True)
class FileColumn:
    model: type[models.Model]
    field: models.FileField

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field.name}"


def file_columns() -> list[FileColumn]:
    return [
        FileColumn(model, field)
        for model in apps.get_models()
        if not model._meta.proxy
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def referenced_names() -> dict[str, str]:
    """Storage name → the column that references it, over every row of every model."""
    names: dict[str, str] = {}
    with scopes_disabled():
        for column in file_columns():
            rows = column.model._base_manager.exclude(**{column.field.name: ""}).exclude(
                **{f"{column.field.name}__isnull": True}
            )
            for name in rows.values_list(column.field.name, flat=True).iterator():
                names[name] = column.label
    return names


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name below ``folder``, recursively."""
    directories, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from walk(storage, f"{folder}/{directory}" if folder else directory)


def files_with_times(storage: Storage) -> Iterator[tuple[str, float]]:
    """(name, modification time as a timestamp) of every file. A bucket is listed in pages of a
    thousand keys with their times (no request per object); a folder is walked."""
    if not is_s3(storage):
        for name in walk(storage):
            yield name, storage.get_modified_time(name).timestamp()
        return
    prefix = f"{storage.location}/" if storage.location else ""
    pages = storage.connection.meta.client.get_paginator("list_objects_v2")
    for page in pages.paginate(Bucket=storage.bucket_name, Prefix=prefix):
        for entry in page.get("Contents", ()):
            name = entry["Key"].removeprefix(prefix)
            if name and not name.endswith("/"):  # a "folder" made by another tool
                yield name, entry["LastModified"].timestamp()


@dataclass
class MediaAudit:
    orphans: list[str] = field(default_factory=list)
    too_recent: list[str] = field(default_factory=list)  # may be an upload still committing
    missing: list[tuple[str, str]] = field(default_factory=list)  # (column, name): row, no file
    referenced: int = 0


def audit(*, min_age_seconds: float, storage: Storage | None = None) -> MediaAudit:
    storage = storage or storages["default"]
    referenced = referenced_names()
    result = MediaAudit(referenced=len(referenced))
    present = set()
    now = time.time()
    for name, modified in sorted(files_with_times(storage)) if _exists(storage) else []:
        present.add(name)
        if name in referenced or name.startswith(kept_uploads.PREFIX):
            continue  # a kept upload belongs to no row yet; kept_uploads sweeps its own
        age = now - modified
        (result.orphans if age >= min_age_seconds else result.too_recent).append(name)
    result.missing = sorted(
        (column, name) for name, column in referenced.items() if name not in present
    )
    return result


def _exists(storage: Storage) -> bool:
    try:
        storage.listdir("")
    except FileNotFoundError:
        return False
    return True
