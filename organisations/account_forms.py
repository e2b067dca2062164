"""Forms of a person's own account: accepting an invitation, the password forms of Django in
Thai, the profile."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth import forms as auth_forms

from .enums import MemberAction, PersonTitle
from .models import User

_MISMATCH = "รหัสผ่านทั้งสองช่องไม่ตรงกัน กรุณากรอกใหม่"
_USERNAME_HELP = "ตัวอักษรภาษาอังกฤษ ตัวเลข และ . _ - ได้ ไม่เกิน ๓๐ ตัว ใช้เข้าสู่ระบบ"


def _thai_password_fields(form) -> None:
    """Labels, help and messages of Django's two new-password fields, in Thai."""
    form.fields["new_password1"].label = "รหัสผ่านใหม่"
    form.fields["new_password1"].help_text = "ต้อง" + " ".join(
        password_validation.password_validators_help_texts()
    )
    form.fields["new_password2"].label = "ยืนยันรหัสผ่านใหม่"
    form.fields["new_password2"].help_text = "พิมพ์รหัสผ่านเดิมอีกครั้ง"
    for name in ("new_password1", "new_password2"):
        form.fields[name].error_messages["required"] = "กรุณากรอกรหัสผ่าน"
    form.error_messages = {**form.error_messages, "password_mismatch": _MISMATCH}


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _thai_password_fields(self)

    def save(self, commit=True):
        from .services import person_event

        user = super().save(commit)
        person_event(user=user, action=MemberAction.PASSWORD_CHANGED, actor=user)
        return user


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """The current password is checked through ``authenticate()``, like the login page and
    the confirmation of a decision: wrong ones count towards the same lockout (django-axes),
    so a session left open is no way to guess the password without limit."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        _thai_password_fields(self)
        self.fields["old_password"].label = "รหัสผ่านปัจจุบัน"
        self.fields["old_password"].error_messages["required"] = "กรุณากรอกรหัสผ่านปัจจุบัน"
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "รหัสผ่านปัจจุบันไม่ถูกต้อง กรุณากรอกอีกครั้ง",
        }

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        user = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if user is None or user.pk != self.user.pk:
            raise forms.ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password

    def save(self, commit=True):
        from .services import person_event

        user = super().save(commit)
        person_event(user=user, action=MemberAction.PASSWORD_CHANGED, actor=user)
        return user


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset by e-mail; the message goes through the task worker."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "อีเมลที่ใช้กับบัญชีของท่าน"
        self.fields["email"].error_messages = {
            "required": "กรุณากรอกอีเมล",
            "invalid": "กรุณากรอกอีเมลให้ถูกต้อง เช่น somchai@nathon.go.th",
        }

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from django.template import loader

        from .services import person_event
        from .tasks import send_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(subject=subject, body=body, to=to_email)
        person_event(user=context["user"], action=MemberAction.PASSWORD_RESET_SENT, actor=None)


class InvitationAcceptForm(auth_forms.SetPasswordForm):
    """The person chooses their username (proposed from their e-mail) and password."""

    username = forms.RegexField(
        label="ชื่อผู้ใช้",
        max_length=30,
        regex=r"^[a-zA-Z0-9._-]+$",
        help_text=_USERNAME_HELP,
        error_messages={
            "required": "กรุณากรอกชื่อผู้ใช้",
            "invalid": "ชื่อผู้ใช้ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษ ตัวเลข และ . _ -",
            "max_length": "ชื่อผู้ใช้ยาวเกิน ๓๐ ตัวอักษร",
        },
    )
    field_order = ["username", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        _thai_password_fields(self)
        self.order_fields(self.field_order)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError("ชื่อผู้ใช้นี้มีผู้ใช้แล้ว กรุณาเลือกชื่ออื่น")
        self.user.username = username  # the similarity validator compares with it
        return username


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["title", "first_name", "last_name", "email"]
        labels = {"first_name": "ชื่อ", "last_name": "นามสกุล", "email": "อีเมล"}
        error_messages = {
            "first_name": {"required": "กรุณากรอกชื่อ"},
            "last_name": {"required": "กรุณากรอกนามสกุล"},
            "email": {"invalid": "กรุณากรอกอีเมลให้ถูกต้อง"},
        }

    title = forms.ChoiceField(
        label="คำนำหน้านาม",
        choices=[("", "— เลือก —"), *PersonTitle.choices],
        required=False,
        error_messages={"invalid_choice": "เลือกคำนำหน้านามจากรายการ"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["email"].help_text = "ใช้รับการแจ้งเตือนและลิงก์ตั้งรหัสผ่านใหม่"

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email and User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("อีเมลนี้เป็นของบัญชีอื่นแล้ว")
        return email
