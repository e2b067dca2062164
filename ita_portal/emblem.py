"""The operator's page of the memo's Garuda (ตราครุฑ), ``/site/emblem/``: upload it once for the
whole site (PNG or JPEG, checked by Pillow and re-encoded by ``uploads.clean_image``, at most
``EMBLEM_MAX_BYTES``), see it, and every memo printed from then on carries it instead of the
labelled placeholder. Stored through ``default_storage`` (local folder or S3 bucket alike);
published PDFs keep the emblem they were printed with."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from ita_portal import thai, uploads
from organisations.models import SiteEmblem

from .operator import operator_required

PLACEHOLDER = settings.BASE_DIR / "static" / "reports" / "emblem-placeholder.png"
# A Garuda scanned at 300 dpi for its 1.5 cm box is a few hundred kB; more is a photo or a mistake.
EMBLEM_MAX_BYTES = 2 * 1024 * 1024
# Smaller than this prints blurred in the memo's 1.5 cm box.
EMBLEM_MIN_PIXELS = 150


class EmblemField(uploads.CheckedImageFormField):
    def to_python(self, data):
        if data and getattr(data, "size", 0) > EMBLEM_MAX_BYTES:
            raise ValidationError(
                f"ไฟล์ “{data.name}” มีขนาด {thai.thai_number(data.size / 1024 / 1024, 1)} MB "
                f"เกินที่รับได้สำหรับตราครุฑ {thai.thai_number(EMBLEM_MAX_BYTES // 1024 // 1024, 0)} MB "
                "กรุณาย่อภาพก่อนส่ง",
                code="too_big",
            )
        image = super().to_python(data)
        if image is not None:
            from PIL import Image

            image.seek(0)
            with Image.open(image) as opened:
                width, height = opened.size
            image.seek(0)
            if min(width, height) < EMBLEM_MIN_PIXELS:
                raise ValidationError(
                    f"ภาพมีขนาดเพียง {thai.thai_number(width, 0)} × {thai.thai_number(height, 0)} "
                    f"พิกเซล เล็กเกินไป ตราครุฑจะพิมพ์ไม่ชัด ต้องกว้างและสูงอย่างน้อย "
                    f"{thai.thai_number(EMBLEM_MIN_PIXELS, 0)} พิกเซล",
                    code="too_small",
                )
        return image


class EmblemForm(forms.Form):
    emblem = EmblemField(
        label="ไฟล์ภาพตราครุฑ (PNG หรือ JPEG)",
        help_text="ภาพตราครุฑพื้นขาวหรือพื้นโปร่งใส ขนาดไม่เกิน ๒ MB "
        "กว้างและสูงอย่างน้อย ๑๕๐ พิกเซล ใช้กับบันทึกข้อความของทุกหน่วยงาน",
        error_messages={"required": "กรุณาเลือกไฟล์ภาพตราครุฑ"},
    )


@operator_required
@require_http_methods(["GET", "HEAD", "POST"])
def site_emblem(request):
    form = EmblemForm()
    if request.method == "POST":
        form = EmblemForm(request.POST, request.FILES)
        if form.is_valid():
            image = form.cleaned_data["emblem"]  # re-encoded, named by us
            emblem = SiteEmblem(uploaded_by=request.user)
            try:
                with uploads.atomic_with_files():
                    uploads.store(emblem.image, image.name, image)
                    emblem.save()
            except ValidationError as error:  # the storage refused it: nothing was saved
                form.add_error("emblem", error)
            else:
                messages.success(request, "บันทึกตราครุฑแล้ว บันทึกข้อความที่พิมพ์ต่อจากนี้ของทุกหน่วยงานจะใช้ตรานี้")
                return redirect("site_emblem")
    return render(request, "site/emblem.html", {"form": form, "emblem": SiteEmblem.current_name()})


@operator_required
@require_safe
def site_emblem_image(request):
    """The emblem now printed, for the operator's page: the placeholder until one is uploaded."""
    name = SiteEmblem.current_name()
    if not name:
        response = FileResponse(PLACEHOLDER.open("rb"), content_type="image/png")
        response["Cache-Control"] = "private, no-store"
        return response
    return uploads.private_file_response(
        SiteEmblem.objects.order_by("-pk").first().image,
        content_type="image/png" if name.endswith(".png") else "image/jpeg",
        attachment=False,
    )
