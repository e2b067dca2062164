"""Evidence files are judged by their content and extension together."""

import io
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ita_portal import uploads


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (1600, 1200), (30, 90, 160))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (6.0, 50.0, 0.0)}  # GPSInfo: a location in สตูล
    exif[0x0112] = 6  # Orientation: rotate 90° to show upright
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


MAIN_TYPES = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml"
    ".document.main+xml",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}


def _content_types(part: str, main_type: str | None = None, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{part}" ContentType="{main_type or MAIN_TYPES[part]}"/>{extra}'
        "</Types>"
    )


def _office(part: str, *, members: dict | None = None, main_type: str | None = None) -> bytes:
    """An Office file as Word and Excel write one: its content types and its main part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types(part, main_type))
        archive.writestr(part, "<xml/>")
        for name, data in (members or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("คำสั่งแต่งตั้ง.pdf", b"%PDF-1.7\n...", uploads.PDF),
        ("ภาพกิจกรรม.JPG", _jpeg_with_gps(), uploads.JPEG),
        ("รายงาน.docx", _office("word/document.xml"), uploads.DOCX),
        ("แผนการใช้จ่าย.xlsx", _office("xl/workbook.xml"), uploads.XLSX),
    ],
)
def test_allowed_files_are_recognised(name, content, kind):
    assert uploads.validate_upload(SimpleUploadedFile(name, content)) is kind


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("แผนผัง.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "ไม่รับไฟล์ชนิดนี้"),
        ("หน้าเว็บ.html", b"<html><script>alert(1)</script>", "ไม่รับไฟล์ชนิดนี้"),
        ("ภาพ.png", b"<html>not a png</html>", "ไม่ใช่ไฟล์ภาพ PNG ตามนามสกุลของไฟล์"),
        ("รายงาน.docx", _office("xl/workbook.xml"), "ไม่ใช่ไฟล์ Word ตามนามสกุลของไฟล์"),
        ("ว่าง.pdf", b"", "ว่างเปล่า"),
    ],
)
def test_other_files_are_refused_in_thai(name, content, message):
    with pytest.raises(ValidationError, match=message):
        uploads.validate_upload(SimpleUploadedFile(name, content))


def test_size_limit_names_the_limit(settings):
    settings.ITA_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("ภาพถ่าย.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="เกินขนาดที่รับได้ ๑ MB"):
        uploads.validate_upload(big)


def test_images_lose_their_location_and_get_a_thumbnail():
    upload = SimpleUploadedFile("ภาพกิจกรรม.jpg", _jpeg_with_gps())
    clean, thumb = uploads.reencode_image(upload, uploads.JPEG)
    with Image.open(clean) as image:
        assert image.getexif().get(0x8825) is None
        assert image.size == (1200, 1600)  # turned upright, as the camera said
    with Image.open(thumb) as small:
        assert max(small.size) <= max(uploads.THUMBNAIL_SIZE)


def test_storage_names_are_ours():
    first, second = uploads.storage_name(uploads.PDF), uploads.storage_name(uploads.PDF)
    assert first != second
    assert first.endswith(".pdf")
    assert len(first) == 36


def test_anything_hidden_in_an_image_is_gone_after_re_encoding():
    from PIL import PngImagePlugin

    hidden = b"<html><script>alert('ita')</script></html>"
    jpeg = _jpeg_with_gps() + b"PK\x03\x04" + hidden  # a polyglot: data after the image's end
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "ที่อยู่บ้านเลขที่ ๙๙ หมู่ ๓")
    text.add_text("Author", "<script>alert('ita')</script>")
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 30, 30)).save(out, format="PNG", pnginfo=text)
    png = out.getvalue()
    assert hidden in jpeg and "ที่อยู่".encode() in png  # the originals do carry them

    for name, content, kind in [("ภาพ.jpg", jpeg, uploads.JPEG), ("ภาพ.png", png, uploads.PNG)]:
        upload = SimpleUploadedFile(name, content)
        assert uploads.validate_upload(upload) is kind
        clean, thumb = uploads.reencode_image(upload, kind)
        for stored in (clean.read(), thumb.read()):
            assert b"script" not in stored and b"PK\x03\x04" not in stored
            assert "ที่อยู่".encode() not in stored and b"Comment" not in stored
            with Image.open(io.BytesIO(stored)) as image:
                assert not image.getexif() and not getattr(image, "text", {})


# --- Active content, bombs and giants (issue #20) ---------------------------------------------


def _office_without_content_types() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<xml/>")
    return out.getvalue()


def _pdf(*objects: bytes) -> bytes:
    body = b"%PDF-1.7\n" + b"\n".join(objects) + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return body


def _object_stream(content: bytes) -> bytes:
    """A compressed object stream (PDF 1.5): what is inside is not visible in the raw bytes."""
    packed = zlib.compress(content)
    return (
        b"5 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length "
        + str(len(packed)).encode()
        + b" >>\nstream\n"
        + packed
        + b"\nendstream\nendobj"
    )


@pytest.mark.parametrize(
    ("content", "named"),
    [
        (_pdf(b"1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj"), "/OpenAction"),
        (_pdf(b"2 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj"), "/JavaScript"),
        (_pdf(b"2 0 obj << /S /Launch /F (cmd.exe) >> endobj"), "/Launch"),
        (
            _pdf(b"3 0 obj << /Type /EmbeddedFile /Length 3 >> stream\nabc\nendstream"),
            "/EmbeddedFile",
        ),
        (_pdf(b"2 0 obj << /S /J#61vaScript /JS (x) >> endobj"), "/JavaScript"),  # #61 is "a"
        (_pdf(_object_stream(b"2 0 << /S /JavaScript /JS (app.alert(1)) >>")), "/JavaScript"),
    ],
)
def test_pdfs_with_active_content_are_refused_saying_why(content, named):
    with pytest.raises(ValidationError) as refused:
        uploads.validate_upload(SimpleUploadedFile("คำสั่ง.pdf", content))
    message = refused.value.messages[0]
    assert "คำสั่ง.pdf" in message and named in message
    assert "พิมพ์เป็น PDF" in message  # how to make a clean copy


def test_a_plain_pdf_with_compressed_pages_is_accepted():
    page = _object_stream(b"4 0 << /Type /Page /Contents 6 0 R >>")
    assert uploads.validate_upload(SimpleUploadedFile("ok.pdf", _pdf(page))) is uploads.PDF


def _bomb(inflated: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _content_types("word/document.xml"))
        archive.writestr("word/document.xml", "<xml/>")
        with archive.open("word/media/image1.png", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(inflated // len(chunk)):
                member.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("รายงาน.docx", lambda: _bomb(1024**3), "เมื่อขยายแล้ว"),  # 1 GiB from 1 MiB
        (
            "รายงาน.docx",
            _office("word/document.xml", members={f"word/p{n}.xml": "" for n in range(5000)}),
            "ไฟล์ย่อย",
        ),
        (
            "แผนการใช้จ่าย.xlsx",  # a macro-enabled workbook renamed .xlsx
            _office(
                "xl/workbook.xml",
                members={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"},
                main_type="application/vnd.ms-excel.sheet.macroEnabled.main+xml",
            ),
            "มาโคร",
        ),
        (
            "รายงาน.docx",  # a .docm renamed, even without its macros
            _office(
                "word/document.xml",
                main_type="application/vnd.ms-word.document.macroEnabled.main+xml",
            ),
            "มาโคร",
        ),
        ("รายงาน.docx", _office_without_content_types(), "ไม่ใช่ไฟล์ Word ตามนามสกุลของไฟล์"),
    ],
)
def test_office_files_are_checked_as_zips(name, content, message):
    content = content() if callable(content) else content
    with pytest.raises(ValidationError, match=message):
        uploads.validate_upload(SimpleUploadedFile(name, content))


def test_an_image_of_too_many_pixels_is_refused():
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, format="PNG")  # 144 million pixels, 40 KB
    upload = SimpleUploadedFile("ภาพถ่าย.png", out.getvalue())
    kind = uploads.validate_upload(upload)
    with pytest.raises(ValidationError, match="ล้านพิกเซล"):
        uploads.reencode_image(upload, kind)
