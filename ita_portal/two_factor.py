"""The optional second factor: a TOTP authenticator app (django-otp).

``/accounts/otp/`` sets one up (QR code of the provisioning URI, confirmed with a first code);
``/accounts/otp/verify/`` asks for a code after the password. Whom it is asked of is decided by
:class:`ita_portal.security.OtpRequiredMiddleware`.
"""

import io

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import security, thai

DEVICE_NAME = "แอปยืนยันตัวตน"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="รหัส ๖ หลักจากแอปยืนยันตัวตน",
        max_length=12,
        error_messages={"required": "กรุณากรอกรหัส ๖ หลักจากแอป"},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def __init__(self, *args, device=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = thai.arabic_digits(self.cleaned_data["code"]).replace(" ", "").strip()
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("รหัสต้องเป็นตัวเลข ๖ หลัก")
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError("กรอกรหัสผิดหลายครั้ง กรุณารอสักครู่แล้วลองใหม่ด้วยรหัสล่าสุดในแอป")
        if not self.device.verify_token(code):
            raise forms.ValidationError("รหัสไม่ถูกต้องหรือหมดอายุแล้ว กรุณากรอกรหัสล่าสุดที่แอปแสดงอยู่")
        return code


def _next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    from django.urls import reverse

    return reverse(default)


def _pending_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _grouped_secret(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if confirmed is not None:
        return render(request, "registration/otp_setup.html", {"confirmed": confirmed})
    device = _pending_device(request.user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        request.session[security.HAS_OTP_DEVICE] = True
        security.log.info(
            "otp.enrolled user=%s ip=%s",
            request.user.get_username(),
            security.client_ip(request),
        )
        messages.success(
            request,
            "ตั้งค่าการยืนยันตัวตนสองขั้นตอนเรียบร้อยแล้ว ครั้งต่อไปหลังกรอกรหัสผ่าน ระบบจะขอรหัสจากแอป",
        )
        return redirect(_next(request))
    context = {
        "form": form,
        "secret": _grouped_secret(device),
        "next": request.GET.get("next", request.POST.get("next", "")),
    }
    return render(request, "registration/otp_setup.html", context)


@never_cache
@login_required
@require_safe
def qr_code(request):
    """The provisioning URI of the device being set up, as an SVG QR code."""
    device = _pending_device(request.user)
    svg = io.BytesIO()
    segno.make(device.config_url, error="m").save(svg, kind="svg", scale=5, border=2, light="#fff")
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store, private"
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("otp_setup")
    if request.user.is_verified():
        return redirect(_next(request))
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            security.log.info(
                "otp.verified user=%s ip=%s",
                request.user.get_username(),
                security.client_ip(request),
            )
            return redirect(_next(request))
        security.log.warning(
            "otp.failed user=%s ip=%s",
            request.user.get_username(),
            security.client_ip(request),
        )
    context = {"form": form, "next": request.GET.get("next", request.POST.get("next", ""))}
    return render(request, "registration/otp_verify.html", context)
