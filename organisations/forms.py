from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from ita_portal import security, thai


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง กรุณาตรวจสอบแล้วลองอีกครั้ง",
        "inactive": "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "ชื่อผู้ใช้"
        self.fields["password"].label = "รหัสผ่าน"
        self.fields["username"].error_messages["required"] = "กรุณากรอกชื่อผู้ใช้"
        self.fields["password"].error_messages["required"] = "กรุณากรอกรหัสผ่าน"
        # Django sets the username's max_length after the field is made, so nothing checks it
        # on the server: a name longer than the lockout table's column (255) was a 500.
        limit = self.fields["username"].max_length
        self.fields["username"].validators.append(
            MaxLengthValidator(
                limit, message=f"ชื่อผู้ใช้ยาวเกิน {thai.thai_digits(limit)} ตัวอักษร กรุณาตรวจสอบชื่อผู้ใช้"
            )
        )

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.request is not None:
            wait = security.login_wait_seconds(self.request, username)
            if wait:
                raise forms.ValidationError(
                    "มีการกรอกรหัสผ่านของชื่อผู้ใช้นี้ผิดหลายครั้งจากหลายเครื่อง ระบบจึงตรวจรหัสผ่านได้ช้าลง "
                    f"กรุณารอ {thai.thai_digits(wait)} วินาทีแล้วลองใหม่ "
                    "(เครื่องที่ท่านเคยเข้าสู่ระบบสำเร็จไม่ต้องรอ)",
                    code="slowed",
                )
        return super().clean()


class FiscalYearForm(forms.Form):
    year = forms.CharField(
        label="ปีงบประมาณ (พ.ศ.)",
        max_length=10,
        help_text="เช่น 2570 หรือ ๒๕๗๐",
        error_messages={
            "required": "กรุณากรอกปีงบประมาณ",
            "max_length": "กรุณากรอกปีงบประมาณเป็นตัวเลข พ.ศ. ๔ หลัก เช่น ๒๕๗๐",
        },
    )

    def clean_year(self) -> int:
        raw = thai.arabic_digits(self.cleaned_data["year"].strip())
        if not raw.isdigit():
            raise forms.ValidationError("กรุณากรอกปีงบประมาณเป็นตัวเลข พ.ศ. ๔ หลัก เช่น ๒๕๗๐")
        year = int(raw)
        if not 2560 <= year <= 2700:
            raise forms.ValidationError("ปีงบประมาณต้องเป็นปี พ.ศ. ระหว่าง ๒๕๖๐ ถึง ๒๗๐๐ (ไม่ใช่ปี ค.ศ.)")
        return year


class EitSurveyForm(forms.Form):
    eit_survey_url = forms.URLField(
        label="ลิงก์แบบสำรวจ EIT",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="ลิงก์แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ที่ได้รับจาก ป.ป.ช. เว้นว่างไว้หากยังไม่ได้รับ",
        error_messages={
            "invalid": "กรุณากรอกลิงก์ให้ถูกต้อง เริ่มด้วย https:// เช่น https://itas.nacc.go.th/…",
            "max_length": "ลิงก์ยาวเกิน ๕๐๐ ตัวอักษร",
        },
    )

    def clean_eit_survey_url(self) -> str:
        url = self.cleaned_data["eit_survey_url"]
        if url and not url.lower().startswith(("https://", "http://")):
            raise forms.ValidationError("ลิงก์ต้องเริ่มด้วย https:// หรือ http://")
        return url
