"""A person's own signature image, printed above their name in the memos they approve (and in
the drafter's block of the memos they write). ``/accounts/signature/``: upload (PNG or JPEG,
checked by content and re-encoded without metadata, stored under a name nobody chooses), see,
remove. Published PDFs keep the signature they were printed with."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from ita_portal import uploads


class SignatureForm(forms.Form):
    signature = uploads.CheckedImageFormField(
        label="ไฟล์ภาพลายมือชื่อ (PNG หรือ JPEG)",
        help_text="เซ็นชื่อบนกระดาษขาวด้วยปากกาสีน้ำเงินหรือดำ สแกนหรือถ่ายภาพให้ชัด "
        "แล้วตัดภาพให้เหลือเฉพาะลายมือชื่อ",
        error_messages={"required": "กรุณาเลือกไฟล์ภาพลายมือชื่อ"},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def signature(request):
    user = request.user
    form = SignatureForm()
    if request.method == "POST" and "remove" in request.POST:
        if user.signature:
            user.signature.delete(save=True)
        messages.success(request, "ลบลายมือชื่อแล้ว เอกสารที่จัดทำต่อจากนี้จะเว้นที่ให้ลงนามด้วยปากกา")
        return redirect("signature")
    if request.method == "POST":
        form = SignatureForm(request.POST, request.FILES)
        if form.is_valid():
            image = form.cleaned_data["signature"]  # re-encoded, named by us
            old = user.signature.name
            try:
                with uploads.atomic_with_files():
                    uploads.store(user.signature, image.name, image)
                    user.save(update_fields=["signature"])
            except ValidationError as error:  # the disk refused it: nothing was saved
                form.add_error("signature", error)
            else:
                if old:
                    user.signature.storage.delete(old)
                messages.success(request, "บันทึกลายมือชื่อแล้ว")
                return redirect("signature")
    return render(request, "registration/signature.html", {"form": form})


@login_required
@require_safe
def signature_image(request):
    """One's own signature, to see it (nobody else's: the URL names no one)."""
    if not request.user.signature:
        raise Http404
    name = request.user.signature.name
    content_type = "image/png" if name.endswith(".png") else "image/jpeg"
    return uploads.private_file_response(
        request.user.signature, content_type=content_type, attachment=False
    )
