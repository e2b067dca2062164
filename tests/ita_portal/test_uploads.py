"""Evidence files are judged by their content and extension together."""

import io
import zipfile

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


def _office(part: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(part, "<xml/>")
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
        ("ภาพ.png", b"<html>not a png</html>", "ไม่ใช่ภาพ PNGตามนามสกุลของไฟล์"),
        ("รายงาน.docx", _office("xl/workbook.xml"), "ไม่ใช่Wordตามนามสกุลของไฟล์"),
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
