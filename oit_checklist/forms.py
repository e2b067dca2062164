"""Forms of the OIT checklist: server-side validation with Thai messages; a failed submit
re-renders the form with everything the person typed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from ita_portal import thai, uploads
from ita_portal.dates import BuddhistDateField
from ita_portal.text import TEXT_LIMITS
from organisations.models import Division, FiscalYear

from .enums import ItemState
from .models import Framework, ItemStatus
from .selectors import ItemRow

MAX_URLS = 10
MAX_URL_LENGTH = 500
_url_validator = URLValidator(schemes=["http", "https"])


class OitYearForm(forms.Form):
    framework = forms.ModelChoiceField(
        label="กรอบการประเมิน OIT",
        queryset=Framework.objects.none(),
        empty_label=None,
        error_messages={
            "required": "กรุณาเลือกกรอบการประเมิน OIT",
            "invalid_choice": "กรุณาเลือกกรอบการประเมินจากรายการ",
        },
    )
    window_start = BuddhistDateField(
        label="วันเริ่มนำเข้าข้อมูลในระบบ ITAS ของ ป.ป.ช.",
        required=False,
    )
    window_end = BuddhistDateField(
        label="วันสุดท้ายของการนำเข้าข้อมูลในระบบ ITAS",
        required=False,
    )
    internal_deadline = BuddhistDateField(
        label="กำหนดส่งข้อมูลภายในหน่วยงาน",
        required=False,
        help_text="ควรก่อนวันสุดท้ายของ ป.ป.ช. เพื่อให้ผู้บริหารตรวจสอบและอนุมัติข้อมูลได้ทัน",
    )

    def __init__(self, *args, frameworks=None, fiscal_year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("window_start", "window_end", "internal_deadline"):
            self.fields[name].fiscal_year = fiscal_year  # the deadlines of that year's OIT
        if frameworks is not None:  # the published ones of the organisation's agency type
            self.fields["framework"].queryset = frameworks
        self.fields["framework"].label_from_instance = lambda framework: (
            f"ปี พ.ศ. {thai.thai_digits(framework.year)}"
        )


class AssignmentForm(forms.Form):
    """One division choice and one "links outside" box per item of the year."""

    def __init__(self, *args, rows: list[ItemRow], divisions: list[Division], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        choices = [("", "— ยังไม่มอบหมาย —"), *((str(d.pk), d.name) for d in divisions)]
        self.divisions = {str(d.pk): d for d in divisions}
        for row in rows:
            if row.produced_by_portal:
                continue
            status = row.status
            self.fields[f"division_{status.pk}"] = forms.ChoiceField(
                label=f"ส่วนราชการที่รับผิดชอบข้อ {status.item.label}",
                choices=choices,
                required=False,
                initial=str(status.division_id or ""),
                error_messages={"invalid_choice": "กรุณาเลือกส่วนราชการจากรายการ"},
            )
            self.fields[f"outside_{status.pk}"] = forms.BooleanField(
                label=f"ข้อ {status.item.label} ลิงก์ไปยังเว็บไซต์ภายนอก",
                required=False,
                initial=status.points_outside,
            )

    def assignments(self) -> dict[int, tuple[Division | None, bool]]:
        result = {}
        for row in self.rows:
            if row.produced_by_portal:
                continue
            pk = row.status.pk
            division = self.divisions.get(self.cleaned_data.get(f"division_{pk}") or "")
            result[pk] = (division, bool(self.cleaned_data.get(f"outside_{pk}")))
        return result

    def bound_rows(self):
        """(row, division field, outside field) for the template."""
        for row in self.rows:
            if row.produced_by_portal:
                yield row, None, None
            else:
                pk = row.status.pk
                yield row, self[f"division_{pk}"], self[f"outside_{pk}"]


class ItemStatusForm(forms.Form):
    components = forms.TypedMultipleChoiceField(
        label="องค์ประกอบด้านข้อมูลที่แสดงบนเว็บไซต์แล้ว",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "องค์ประกอบที่เลือกไม่อยู่ในข้อนี้ กรุณาโหลดหน้าใหม่"},
    )
    urls = forms.CharField(
        label="URL ที่แสดงข้อมูลข้อนี้",
        required=False,
        max_length=TEXT_LIMITS["long"],
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false", "inputmode": "url"}),
        help_text=(
            "บรรทัดละหนึ่ง URL ขึ้นต้นด้วย https:// หรือ http:// "
            "ควรเป็นหน้าบนเว็บไซต์หลักของหน่วยงาน ซึ่งผู้ประเมินใช้ให้คะแนน"
        ),
    )
    progress = forms.CharField(
        label="ผลการดำเนินการ",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": "ผลการดำเนินการยาวเกิน ๔,๐๐๐ ตัวอักษร"},
    )
    state = forms.ChoiceField(
        label="ความก้าวหน้า",
        choices=ItemState.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "กรุณาเลือกความก้าวหน้า"},
    )
    note = forms.CharField(
        label="หมายเหตุของผู้ประสานงาน",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "หมายเหตุยาวเกิน ๒,๐๐๐ ตัวอักษร"},
    )

    def __init__(self, *args, row: ItemRow, can_edit_note: bool, **kwargs):
        status: ItemStatus = row.status
        kwargs.setdefault(
            "initial",
            {
                "components": sorted(row.present),
                "urls": "\n".join(url_row.url.url for url_row in row.urls),
                "progress": status.progress,
                "state": status.state,
                "note": status.note,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["components"].choices = [
            (component.pk, component.text) for component in row.components
        ]
        if not can_edit_note:
            del self.fields["note"]

    def clean_urls(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["urls"].splitlines()]
        urls = [line for line in lines if line]
        errors = []
        for number, url in enumerate(urls, start=1):
            if len(url) > MAX_URL_LENGTH:
                errors.append(
                    f"URL บรรทัดที่ {thai.thai_digits(number)} ยาวเกิน "
                    f"{thai.thai_digits(MAX_URL_LENGTH)} ตัวอักษร"
                )
                continue
            try:
                _url_validator(url)
            except ValidationError:
                errors.append(
                    f"URL บรรทัดที่ {thai.thai_digits(number)} “{url}” ไม่ถูกต้อง "
                    "ต้องเป็นที่อยู่เว็บเต็ม ขึ้นต้นด้วย https:// หรือ http://"
                )
        if len(urls) > MAX_URLS:
            errors.append(f"ใส่ URL ได้ไม่เกิน {thai.thai_digits(MAX_URLS)} รายการต่อข้อ")
        if errors:
            raise ValidationError(errors)
        return urls


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="แนบไฟล์หลักฐาน",
        help_text=f"{uploads.ALLOWED_TEXT} ขนาดไม่เกินที่ระบบกำหนด",
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
        error_messages={
            "required": "กรุณาเลือกไฟล์ที่จะแนบ",
            "empty": "ไฟล์ที่เลือกว่างเปล่า",
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        uploads.validate_upload(upload)
        return upload


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="ความเห็นของผู้บริหาร",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "ความเห็นยาวเกิน ๒,๐๐๐ ตัวอักษร"},
    )


class CopyForwardForm(forms.Form):
    source = forms.ModelChoiceField(
        label="คัดลอกจาก",
        queryset=FiscalYear.objects.none(),
        empty_label=None,
        error_messages={
            "required": "กรุณาเลือกปีงบประมาณที่จะคัดลอก",
            "invalid_choice": "กรุณาเลือกปีงบประมาณจากรายการ",
        },
    )

    def __init__(self, *args, sources: list[FiscalYear], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = FiscalYear.objects.filter(
            pk__in=[year.pk for year in sources]
        ).order_by("-year")
        self.fields["source"].label_from_instance = lambda year: (
            f"ปีงบประมาณ พ.ศ. {thai.thai_digits(year.year)}"
        )


class MoveForm(forms.Form):
    framework = forms.ModelChoiceField(
        label="ย้ายไปใช้กรอบการประเมิน",
        queryset=Framework.objects.none(),
        empty_label=None,
        error_messages={
            "required": "กรุณาเลือกกรอบการประเมินที่จะย้ายไป",
            "invalid_choice": "กรุณาเลือกกรอบการประเมินจากรายการ",
        },
    )

    def __init__(self, *args, frameworks: list[Framework], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = Framework.objects.filter(
            pk__in=[framework.pk for framework in frameworks]
        ).order_by("-year")
        self.fields["framework"].label_from_instance = lambda framework: (
            f"ปี พ.ศ. {thai.thai_digits(framework.year)}"
        )
