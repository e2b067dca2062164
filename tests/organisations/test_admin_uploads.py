"""Pictures uploaded through the Django admin (an organisation's logo) and any ModelForm (a
person's signature) pass the same checks as evidence: PNG/JPEG by extension and content, within
the size cap, re-encoded without what was hidden in them, stored under a name we made. A refused
file leaves the stored picture as it was and says why in Thai."""

import io

import lxml.html
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from PIL import Image, PngImagePlugin

from organisations.models import Organisation, User


def _png_with_text(text: str) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", text)
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "navy").save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)  # GPSInfo
    gps.update({1: "N", 2: (7.0, 22.0, 11.0), 3: "E", 4: (99.0, 40.0, 5.0)})
    exif[0x8825] = gps
    exif[0x010F] = "Secret Camera Maker"  # Make
    buffer = io.BytesIO()
    Image.new("RGB", (200, 200), "gold").save(buffer, "JPEG", exif=exif)
    data = buffer.getvalue()
    with Image.open(io.BytesIO(data)) as image:  # the fixture really carries the location
        assert image.getexif().get_ifd(0x8825)
    return data


def _change_page_post(client, organisation, logo):
    """What a browser sends when the administrator picks ``logo`` on the change page of
    ``organisation`` and presses save: every field of the page as it was, plus the file."""
    url = f"/{settings.ADMIN_URL}organisations/organisation/{organisation.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    (form,) = lxml.html.fromstring(page.content.decode()).xpath('//form[@id="organisation_form"]')
    data: dict[str, list[str]] = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    data["logo"] = logo
    data["_save"] = "บันทึก"
    return client.post(url, data)


def _errors(response) -> list[str]:
    return lxml.html.fromstring(response.content.decode()).xpath(
        '//ul[@class="errorlist"]/li/text()'
    )


def _stored_logo(organisation) -> tuple[str, bytes]:
    organisation.refresh_from_db()
    with default_storage.open(organisation.logo.name, "rb") as stored:
        return organisation.logo.name, stored.read()


@pytest.fixture
def admin_client_(client_of, site_admin):
    return client_of(site_admin)


def test_a_png_logo_is_re_encoded_without_its_text_and_named_by_us(admin_client_, nathon):
    upload = SimpleUploadedFile("ตรา อบต.นาทอน.png", _png_with_text("บ้านเลขที่ 12 <script>"))
    response = _change_page_post(admin_client_, nathon, upload)
    assert response.status_code == 302

    name, stored = _stored_logo(nathon)
    assert name.startswith("logos/") and name.endswith(".png")
    assert "นาทอน" not in name and len(name.removeprefix("logos/")) == 32 + len(".png")
    assert b"<script>" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "PNG" and image.size == (200, 200)
        assert "Comment" not in image.info


def test_a_jpeg_logo_loses_its_gps_location(admin_client_, nathon):
    upload = SimpleUploadedFile("logo.JPG", _jpeg_with_gps())
    response = _change_page_post(admin_client_, nathon, upload)
    assert response.status_code == 302

    name, stored = _stored_logo(nathon)
    assert name.startswith("logos/") and name.endswith(".jpg") and "logo" not in name[6:]
    assert b"Secret Camera Maker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif().get_ifd(0x8825)
        assert 0x010F not in image.getexif()


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("ตรา.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "ไม่รับไฟล์ชนิดนี้"),
        ("ตรา.png", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "ไม่ใช่ไฟล์ภาพ PNG"),
        ("ตรา.pdf", b"%PDF-1.7\n", "รับเฉพาะ ภาพ PNG หรือ JPEG"),
        ("ตรา.html", b"<html></html>", "ไม่รับไฟล์ชนิดนี้"),
    ],
)
def test_what_is_not_a_png_or_jpeg_is_refused_and_the_old_logo_kept(
    admin_client_, nathon, filename, content, message
):
    old = default_storage.save("logos/old-logo.png", ContentFile(_png_with_text("")))
    Organisation.objects.filter(pk=nathon.pk).update(logo=old)

    response = _change_page_post(admin_client_, nathon, SimpleUploadedFile(filename, content))
    assert response.status_code == 200  # the change page again, with the reason
    errors = _errors(response)
    assert len(errors) == 1 and message in errors[0]  # the logo is the only thing refused
    nathon.refresh_from_db()
    assert nathon.logo.name == old


def test_an_oversize_logo_is_refused_with_the_limit_in_thai(admin_client_, nathon, settings):
    settings.ITA_MAX_UPLOAD_MB = 1
    big = _png_with_text("x" * (1024 * 1024 + 10))  # a valid PNG over 1 MB
    response = _change_page_post(admin_client_, nathon, SimpleUploadedFile("ตรา.png", big))
    assert response.status_code == 200
    errors = _errors(response)
    assert len(errors) == 1 and "เกินขนาดที่รับได้ ๑ MB" in errors[0]
    nathon.refresh_from_db()
    assert not nathon.logo


def test_any_model_form_of_a_signature_gets_the_same_checks(approvers):
    form_class = modelform_factory(User, fields=["signature"])
    svg = SimpleUploadedFile("ลายเซ็น.svg", b"<svg/>")
    form = form_class({}, {"signature": svg}, instance=approvers[0])
    assert not form.is_valid() and "ไม่รับไฟล์ชนิดนี้" in form.errors["signature"][0]

    upload = SimpleUploadedFile("ลายเซ็น.png", _png_with_text("hidden"))
    form = form_class({}, {"signature": upload}, instance=approvers[0])
    assert form.is_valid()
    user = form.save()
    assert user.signature.name.startswith("signatures/") and "ลายเซ็น" not in user.signature.name
    with default_storage.open(user.signature.name, "rb") as stored, Image.open(stored) as image:
        assert "Comment" not in image.info
