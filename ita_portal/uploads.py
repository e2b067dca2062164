"""Uploaded evidence: checked by content and extension together, stored under names we make.

A file is accepted only when its extension is on the allow-list *and* its first bytes (and for
Office files, its zip directory) say it is that kind of file. Images are re-encoded with Pillow,
which drops EXIF (GPS location included) and anything appended to the image, and get a
thumbnail. SVG, HTML and everything else are refused. Messages are Thai, for the person who
uploaded the file.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import io
import logging
import os
import re
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageOps, UnidentifiedImageError

from ita_portal import thai
from ita_portal.storage import STORAGE_ERRORS, file_response

logger = logging.getLogger(__name__)

THUMBNAIL_SIZE = (480, 360)
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"  # for <input accept>; the server decides


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str
    label: str

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


PDF = FileKind("pdf", "application/pdf", "PDF")
JPEG = FileKind("jpg", "image/jpeg", "ภาพ JPEG")
PNG = FileKind("png", "image/png", "ภาพ PNG")
DOCX = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word",
)
XLSX = FileKind(
    "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
)
KINDS_BY_EXTENSION = {
    "pdf": PDF,
    "jpg": JPEG,
    "jpeg": JPEG,
    "png": PNG,
    "docx": DOCX,
    "xlsx": XLSX,
}
_OFFICE_PART = {DOCX: "word/document.xml", XLSX: "xl/workbook.xml"}

ALLOWED_TEXT = "PDF, ภาพ JPEG/PNG, Word (.docx) หรือ Excel (.xlsx)"
IMAGE_KINDS_BY_EXTENSION = {"jpg": JPEG, "jpeg": JPEG, "png": PNG}
IMAGE_ALLOWED_TEXT = "ภาพ PNG หรือ JPEG"


def max_upload_bytes() -> int:
    return settings.ITA_MAX_UPLOAD_MB * 1024 * 1024


_MAIN_CONTENT_TYPE = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}

# Evidence goes public after a review, so what it may carry is narrow (issue #20):
# * Office files are zips: at most this many members and this many bytes once inflated (a zip
#   bomb of 1 GiB fits in 1 MiB), no macros (vbaProject.bin, a macro-enabled content type:
#   a .docm/.xlsm renamed .docx/.xlsx), and the main part of the declared kind;
# * PDFs must not run anything when opened: no JavaScript, open action, launch action or
#   embedded file. They are refused, not stripped: rewriting a PDF could break a signature on
#   it, and printing it to PDF again ("Microsoft Print to PDF") makes a clean copy;
# * images at most this many pixels (a 12,000 × 12,000 PNG is 40 KB and 576 MB in memory).
OFFICE_MAX_MEMBERS = 1000
OFFICE_MAX_INFLATED_MB = 100
IMAGE_MAX_MEGAPIXELS = 50
PDF_ACTIVE_NAMES = ("/JavaScript", "/OpenAction", "/Launch", "/EmbeddedFile")
_PDF_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n")
PDF_MAX_INFLATED_MB = 200


def _content_matches(kind: FileKind, head: bytes, upload: UploadedFile) -> bool:
    if kind is PDF:
        return head.startswith(b"%PDF-")
    if kind is JPEG:
        return head.startswith(b"\xff\xd8\xff")
    if kind is PNG:
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if not head.startswith(b"PK\x03\x04"):
        return False
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if _OFFICE_PART[kind] not in names or "[Content_Types].xml" not in names:
                return False
            if len(names) > OFFICE_MAX_MEMBERS:
                return True  # a kind of its own: refused by _office_refusal, with the reason
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, KeyError, OSError):
        return False
    return _MAIN_CONTENT_TYPE[kind].encode() in types or b"macroEnabled" in types


def _office_refusal(kind: FileKind, upload: UploadedFile) -> str | None:
    """Why the Office file must not be taken, in Thai, or None."""
    upload.seek(0)
    with zipfile.ZipFile(upload) as archive:
        members = archive.infolist()
        if len(members) > OFFICE_MAX_MEMBERS:
            return (
                f"มีไฟล์ย่อยอยู่ภายใน {thai.thai_number(len(members), 0)} ไฟล์ "
                f"เกินกว่าที่เอกสาร{kind.label}ทั่วไปมี ({thai.thai_number(OFFICE_MAX_MEMBERS, 0)} ไฟล์)"
            )
        inflated = sum(member.file_size for member in members)
        if inflated > OFFICE_MAX_INFLATED_MB * 1024 * 1024:
            return (
                f"เมื่อขยายแล้วมีขนาด {thai.thai_number(inflated / 1024 / 1024, 0)} MB "
                f"เกิน {thai.thai_number(OFFICE_MAX_INFLATED_MB, 0)} MB "
                "(ไฟล์อาจถูกสร้างมาเพื่อทำให้ระบบล่ม)"
            )
        types = archive.read("[Content_Types].xml")
        macros = any(m.filename.lower().endswith("vbaproject.bin") for m in members)
        if macros or b"macroEnabled" in types or b"vbaProject" in types:
            return "มีมาโคร (โปรแกรมที่ทำงานเมื่อเปิดไฟล์) ซึ่งระบบไม่รับ กรุณาบันทึกเป็น .docx หรือ .xlsx ธรรมดา"
    return None


def _pdf_names(data: bytes) -> bytes:
    """PDF names as the reader sees them: ``/J#61vaScript`` is ``/JavaScript``."""
    return _PDF_NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def _pdf_parts(data: bytes):
    """The raw file and each compressed stream in it inflated (object streams hide the
    dictionaries of PDF 1.5 files), within PDF_MAX_INFLATED_MB in all."""
    yield data
    budget = PDF_MAX_INFLATED_MB * 1024 * 1024
    for match in _PDF_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        try:
            inflated = inflater.decompress(data[match.end() :], budget)
        except zlib.error:
            continue
        budget -= len(inflated)
        yield inflated
        if budget <= 0:
            return


def _pdf_refusal(upload: UploadedFile) -> str | None:
    upload.seek(0)
    data = upload.read()
    found = []
    for part in _pdf_parts(data):
        names = _pdf_names(part)
        found += [name for name in PDF_ACTIVE_NAMES if name.encode() in names and name not in found]
    if not found:
        return None
    return (
        f"มีส่วนที่ทำงานเองเมื่อเปิดไฟล์ ({', '.join(found)}) ซึ่งระบบไม่รับ เพราะหลักฐานจะเผยแพร่ต่อประชาชน "
        "กรุณาเปิดไฟล์แล้วสั่งพิมพ์เป็น PDF ใหม่ (เช่น Microsoft Print to PDF) แล้วแนบไฟล์ที่ได้"
    )


def _file_of(kind: FileKind) -> str:
    """``ไฟล์ PDF ``, ``ไฟล์ภาพ PNG ``: the kind in a sentence, Latin words spaced from Thai."""
    return f"ไฟล์{kind.label} " if kind.label.startswith("ภาพ") else f"ไฟล์ {kind.label} "


def validate_upload(
    upload: UploadedFile,
    *,
    kinds: dict[str, FileKind] = KINDS_BY_EXTENSION,
    allowed_text: str = ALLOWED_TEXT,
) -> FileKind:
    """The kind of ``upload``, or a ValidationError saying in Thai what is wrong with it.
    ``kinds`` (by extension) narrows what is taken, ``allowed_text`` says it to the person."""
    name = upload.name or ""
    if upload.size is not None and upload.size > max_upload_bytes():
        raise ValidationError(
            f"ไฟล์ “{name}” มีขนาด {thai.thai_number(upload.size / 1024 / 1024, 1)} MB "
            f"เกินขนาดที่รับได้ {thai.thai_digits(settings.ITA_MAX_UPLOAD_MB)} MB "
            "กรุณาลดขนาดไฟล์หรือแบ่งเป็นหลายไฟล์",
            code="too_large",
        )
    if not upload.size:
        raise ValidationError(f"ไฟล์ “{name}” ว่างเปล่า", code="empty")
    kind = kinds.get(PurePath(name).suffix.lower().lstrip("."))
    if kind is None:
        raise ValidationError(
            f"ไม่รับไฟล์ชนิดนี้ (“{name}”) รับเฉพาะ {allowed_text}", code="type_not_allowed"
        )
    upload.seek(0)
    head = upload.read(16)
    matches = _content_matches(kind, head, upload)
    upload.seek(0)
    if not matches:
        raise ValidationError(
            f"เนื้อในของไฟล์ “{name}” ไม่ใช่{_file_of(kind)}ตามนามสกุลของไฟล์ "
            "กรุณาบันทึกไฟล์ใหม่จากโปรแกรมต้นฉบับแล้วแนบอีกครั้ง",
            code="content_mismatch",
        )
    if kind is PDF:
        refusal = _pdf_refusal(upload)
    elif kind in _OFFICE_PART:
        refusal = _office_refusal(kind, upload)
    else:
        refusal = None
    upload.seek(0)
    if refusal:
        raise ValidationError(f"ไม่รับไฟล์ “{name}”: {refusal}", code="active_content")
    return kind


def storage_name(kind: FileKind) -> str:
    """A name nobody can guess or choose: the person's file name is kept only as a label."""
    return f"{uuid.uuid4().hex}.{kind.extension}"


def reencode_image(upload: UploadedFile, kind: FileKind) -> tuple[ContentFile, ContentFile]:
    """The image re-encoded without metadata (upright, as the camera meant it), and a
    thumbnail as JPEG. Raises ValidationError when Pillow cannot read it."""
    upload.seek(0)
    try:
        with Image.open(upload) as original:
            pixels = original.width * original.height
            if pixels > IMAGE_MAX_MEGAPIXELS * 1_000_000:
                raise ValidationError(
                    f"ภาพ “{upload.name}” มีขนาด {thai.thai_number(original.width, 0)} × "
                    f"{thai.thai_number(original.height, 0)} พิกเซล "
                    f"({thai.thai_number(pixels / 1_000_000, 0)} ล้านพิกเซล) เกินที่รับได้ "
                    f"{thai.thai_number(IMAGE_MAX_MEGAPIXELS, 0)} ล้านพิกเซล กรุณาย่อภาพก่อนแนบ",
                    code="too_many_pixels",
                )
            image = ImageOps.exif_transpose(original)
            image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(
            f"เปิดภาพ “{upload.name}” ไม่ได้ ไฟล์อาจเสียหาย", code="bad_image"
        ) from None
    if kind is JPEG and image.mode not in {"RGB", "L"}:
        image = image.convert("RGB")
    clean = io.BytesIO()
    image.save(clean, format="JPEG" if kind is JPEG else "PNG", quality=88, optimize=True)

    thumb = image.convert("RGB") if image.mode not in {"RGB", "L"} else image.copy()
    thumb.thumbnail(THUMBNAIL_SIZE)
    small = io.BytesIO()
    thumb.save(small, format="JPEG", quality=80)
    return ContentFile(clean.getvalue()), ContentFile(small.getvalue())


def clean_image(upload: UploadedFile) -> ContentFile:
    """A picture a person gives us (a logo, a signature): PNG or JPEG by extension and content,
    within the size cap, re-encoded without metadata, named by us (the name is all the file
    keeps of the upload). Raises ValidationError with a Thai message."""
    kind = validate_upload(upload, kinds=IMAGE_KINDS_BY_EXTENSION, allowed_text=IMAGE_ALLOWED_TEXT)
    image, _thumbnail = reencode_image(upload, kind)
    image.name = storage_name(kind)
    return image


class CheckedImageFormField(forms.FileField):
    """The form field of a ``CheckedImageField``: what it cleans is ``clean_image``'s file."""

    def widget_attrs(self, widget):
        return super().widget_attrs(widget) | {"accept": ".png,.jpg,.jpeg"}

    def to_python(self, data):
        upload = super().to_python(data)
        return None if upload is None else clean_image(upload)


class CheckedImageField(models.ImageField):
    """An ImageField whose form field (in the admin and in every ModelForm) takes only what
    ``clean_image`` takes, and stores the re-encoded image under the name it made. Code that
    assigns a file itself (the demo) is trusted."""

    def formfield(self, **kwargs):
        return super().formfield(**{**kwargs, "form_class": CheckedImageFormField})


def private_file_response(stored, *, content_type: str, filename: str = "", attachment=True):
    """Serve a stored evidence file to someone the view has already allowed: as an attachment
    under the person's own (Thai) file name (RFC 6266/5987 encoding by Django), never sniffed
    into something else, never kept by a shared cache. A thumbnail is shown inline."""
    response = file_response(
        stored.storage,
        stored.name,
        as_attachment=attachment,
        filename=filename,
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store" if attachment else "private, max-age=3600"
    return response


# --- Storing files so that a database row never points at a missing file -------------------
#
# The order is always: write the file (and fsync it), then commit the row. A crash between the
# two leaves a file that no row references, never a row without its file; `manage.py
# cleanup_media` removes such orphans. When the transaction that would have committed the row
# fails instead, the files written inside it are deleted at once (``atomic_with_files``).

STORAGE_FULL_TEXT = (
    "บันทึกไม่สำเร็จ: พื้นที่เก็บไฟล์ของระบบเต็ม จึงยังไม่ได้บันทึกสิ่งใดไว้ "
    "ข้อความที่กรอกยังอยู่ในแบบฟอร์ม กรุณาแจ้งผู้ดูแลระบบให้เพิ่มพื้นที่ แล้วบันทึกอีกครั้ง"
)
STORAGE_ERROR_TEXT = (
    "บันทึกไม่สำเร็จ: ระบบเขียนไฟล์ลงพื้นที่เก็บไฟล์ไม่ได้ จึงยังไม่ได้บันทึกสิ่งใดไว้ "
    "ข้อความที่กรอกยังอยู่ในแบบฟอร์ม กรุณาลองอีกครั้ง หากยังไม่ได้ กรุณาแจ้งผู้ดูแลระบบ"
)

_written: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "ita_uploads_written", default=None
)


class DurableFileSystemStorage(FileSystemStorage):
    """FileSystemStorage that flushes each file to the disk before the name is returned, so
    that a row committed after it never outlives its file, even across a power cut."""

    def _save(self, name, content):
        name = super()._save(name, content)
        fd = os.open(self.path(name), os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        return name


def _forget_quietly(storage, name: str) -> None:
    try:
        storage.delete(name)
    except STORAGE_ERRORS:  # pragma: no cover - the orphan is left for cleanup_media
        logger.warning("could not delete %s after a failed upload", name)


def store_evidence(evidence, upload: File, kind) -> None:
    """Write a checked upload (``kind`` from ``validate_upload``) into the ``file`` of an
    evidence row (a step's, an OIT item's), an image re-encoded without its metadata and with
    a JPEG ``thumbnail``, and set its ``size``; the row is not saved (see ``store``)."""
    name = storage_name(kind)
    if kind.is_image:
        clean, thumb = reencode_image(upload, kind)
        store(evidence.file, name, clean)
        store(evidence.thumbnail, storage_name(JPEG), thumb)
    else:
        store(evidence.file, name, upload)
    evidence.size = evidence.file.size


def store(fieldfile: FieldFile, name: str, content: File) -> None:
    """Write ``content`` under ``name`` into ``fieldfile`` (without saving the row).

    A failing disk (full, read-only, gone) becomes a ValidationError with a Thai message, and
    the partly written file is removed. Inside ``atomic_with_files`` the file is remembered so
    that it is removed again if the transaction does not commit."""
    storage = fieldfile.storage
    content.seek(0)
    try:
        fieldfile.save(name, content, save=False)
    except STORAGE_ERRORS as error:  # a full or read-only disk, an unreachable bucket
        _forget_quietly(storage, fieldfile.field.generate_filename(fieldfile.instance, name))
        full = getattr(error, "errno", None) in {errno.ENOSPC, errno.EDQUOT}
        logger.error("storing an upload failed: %s", error)
        raise ValidationError(
            STORAGE_FULL_TEXT if full else STORAGE_ERROR_TEXT,
            code="storage_full" if full else "storage_error",
        ) from error
    written = _written.get()
    if written is not None:
        written.append((storage, fieldfile.name))


@contextlib.contextmanager
def atomic_with_files():
    """``transaction.atomic()`` that also deletes the files ``store`` wrote inside it when the
    block ends with an exception (its rows were rolled back, so the files would be orphans).
    A nested block deletes only what was written inside it."""
    written = _written.get()
    token = _written.set([]) if written is None else None
    written = _written.get()
    start = len(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in written[start:]:
            _forget_quietly(storage, name)
        del written[start:]
        raise
    finally:
        if token is not None:
            _written.reset(token)
