"""The operator's forms for frameworks (/site/frameworks/): Thai messages beside the field, and
a failed submit keeps what was typed. A file is read and checked whole in ``clean``, before
anything is written."""

from __future__ import annotations

import base64
import binascii
import re

from django import forms

from ita_portal import thai
from ita_portal.text import TEXT_LIMITS

from . import framework_files
from .enums import AgencyType, PortalRole
from .loader import (
    MAX_LENGTHS,
    FrameworkFileError,
    ParsedFramework,
    parse_framework,
    read_framework,
)
from .models import OitItem, SubIndicator

MAX_ERRORS_SHOWN = 100
_NUMBER = re.compile(r"^\d{1,3}$")
_CODE = re.compile(r"^\d{1,2}\.\d{1,2}$")


class YearField(forms.CharField):
    """An assessment year in พ.ศ., typed in Arabic or Thai digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "ปีที่ประเมิน (พ.ศ.)")
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault("help_text", "เช่น 2568 หรือ ๒๕๖๘")
        kwargs.setdefault(
            "error_messages",
            {
                "required": "กรุณากรอกปีที่ประเมิน",
                "max_length": "กรุณากรอกปีเป็นตัวเลข พ.ศ. ๔ หลัก เช่น ๒๕๖๘",
            },
        )
        super().__init__(**kwargs)

    def clean(self, value):
        raw = thai.arabic_digits(super().clean(value).strip())
        if not raw.isdigit():
            raise forms.ValidationError("กรุณากรอกปีเป็นตัวเลข พ.ศ. ๔ หลัก เช่น ๒๕๖๘")
        year = int(raw)
        if not 2560 <= year <= 2700:
            raise forms.ValidationError("ปีที่ประเมินต้องเป็นปี พ.ศ. ระหว่าง ๒๕๖๐ ถึง ๒๗๐๐ (ไม่ใช่ปี ค.ศ.)")
        return year


def _agency_type_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label="ประเภทหน่วยงาน",
        choices=AgencyType.choices,
        initial=AgencyType.LOCAL,
        error_messages={
            "required": "กรุณาเลือกประเภทหน่วยงาน",
            "invalid_choice": "กรุณาเลือกประเภทหน่วยงานจากรายการ",
        },
    )


def _file_errors(error: FrameworkFileError) -> list[str]:
    lines = error.lines()
    if len(lines) > MAX_ERRORS_SHOWN:
        rest = len(lines) - MAX_ERRORS_SHOWN
        lines = [*lines[:MAX_ERRORS_SHOWN], f"และอีก {thai.thai_digits(rest)} รายการ"]
    return lines


class FrameworkUploadForm(forms.Form):
    """A framework file and the year and agency type it is for; ``cleaned_data["parsed"]`` is
    what the file says, once it has been checked whole."""

    file = forms.FileField(
        label="ไฟล์กรอบการประเมิน (.xlsx หรือ .tsv)",
        help_text="คอลัมน์ตามแบบฟอร์ม Excel ด้านบน หนึ่งแถวต่อหนึ่งข้อ ไม่เกิน ๒ MB",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.tsv"}),
        error_messages={"required": "กรุณาเลือกไฟล์กรอบการประเมิน", "empty": "ไฟล์ว่างเปล่า"},
    )
    year = YearField()
    agency_type = _agency_type_field()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > framework_files.MAX_BYTES:
            raise forms.ValidationError("ไฟล์ใหญ่เกิน ๒ MB กรุณาตรวจว่าเลือกไฟล์ถูกต้อง")
        return upload

    def clean(self):
        cleaned = super().clean()
        upload, year = cleaned.get("file"), cleaned.get("year")
        if upload is None or year is None:
            return cleaned
        upload.seek(0)
        try:
            cleaned["parsed"] = read_framework(name=upload.name, data=upload.read(), year=year)
        except FrameworkFileError as error:
            self.add_error("file", _file_errors(error))
        return cleaned


class FrameworkReloadForm(forms.Form):
    """The confirmation of loading a checked file onto a published framework: the file comes
    back as its TSV text (``ParsedFramework.rows``, base64 so that no browser touches its tabs
    and line ends) and is checked again, whole."""

    text = forms.CharField(widget=forms.HiddenInput, max_length=4 * framework_files.MAX_BYTES)
    year = YearField(widget=forms.HiddenInput)
    agency_type = forms.ChoiceField(choices=AgencyType.choices, widget=forms.HiddenInput)
    source_name = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def clean(self):
        cleaned = super().clean()
        if "text" in cleaned and "year" in cleaned:
            try:
                text = base64.b64decode(cleaned["text"], validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                raise forms.ValidationError("ข้อมูลที่ส่งมาเสียหาย กรุณาอัปโหลดไฟล์อีกครั้ง") from None
            try:
                parsed = parse_framework(text, year=cleaned["year"])
            except FrameworkFileError as error:
                raise forms.ValidationError(_file_errors(error)) from None
            parsed.source_name = cleaned.get("source_name", "")
            cleaned["parsed"] = parsed
        return cleaned

    @classmethod
    def for_parsed(cls, parsed: ParsedFramework, agency_type: str) -> FrameworkReloadForm:
        return cls(
            initial={
                "text": base64.b64encode(
                    framework_files.to_tsv(parsed.rows()).encode("utf-8")
                ).decode("ascii"),
                "year": parsed.year,
                "agency_type": agency_type,
                "source_name": parsed.source_name,
            }
        )


class DraftCreateForm(forms.Form):
    year = YearField(help_text="ปีที่ ป.ป.ช. ประเมิน เช่น ๒๕๖๙")
    agency_type = _agency_type_field()


class ItemForm(forms.Form):
    """One item of a draft. Components: one per line, in order."""

    sub_indicator = forms.ModelChoiceField(
        label="ตัวชี้วัดย่อย",
        queryset=SubIndicator.objects.none(),
        empty_label=None,
        error_messages={
            "required": "กรุณาเลือกตัวชี้วัดย่อย",
            "invalid_choice": "กรุณาเลือกตัวชี้วัดย่อยจากรายการ",
        },
    )
    group_title = forms.CharField(
        label="หัวข้อย่อย",
        required=False,
        max_length=MAX_LENGTHS["group_title"],
        error_messages={"max_length": "หัวข้อย่อยยาวเกิน %(limit_value)s ตัวอักษร"},
    )
    number = forms.CharField(
        label="เลขข้อ (เลขอารบิก)",
        max_length=3,
        help_text="เช่น 1 หรือ 18 ใช้เรียงลำดับและเป็นลิงก์สาธารณะ /oit/18/",
        error_messages={
            "required": "กรุณากรอกเลขข้อ",
            "max_length": "เลขข้อมีได้ไม่เกิน ๓ หลัก",
        },
    )
    label = forms.CharField(
        label="ข้อ (ตามที่กรอบการประเมินพิมพ์)",
        max_length=MAX_LENGTHS["item_label"],
        help_text="เช่น ๐๑๘ หรือ o18",
        error_messages={
            "required": "กรุณากรอกข้อตามที่กรอบการประเมินพิมพ์",
            "max_length": "ข้อยาวเกิน %(limit_value)s ตัวอักษร",
        },
    )
    title = forms.CharField(
        label="ข้อมูล (ชื่อข้อ)",
        max_length=MAX_LENGTHS["item_title"],
        error_messages={
            "required": "กรุณากรอกชื่อข้อ",
            "max_length": "ชื่อข้อยาวเกิน %(limit_value)s ตัวอักษร",
        },
    )
    components = forms.CharField(
        label="องค์ประกอบด้านข้อมูล",
        max_length=TEXT_LIMITS["long"],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="บรรทัดละหนึ่งองค์ประกอบ ตามลำดับในคู่มือ (การติ๊กของหน่วยงานผูกกับลำดับ)",
        error_messages={"required": "กรุณากรอกองค์ประกอบอย่างน้อยหนึ่งบรรทัด"},
    )
    default_responsible = forms.CharField(
        label="ส่วนราชการที่รับผิดชอบ (ค่าเริ่มต้น)",
        required=False,
        max_length=MAX_LENGTHS["default_responsible"],
        help_text="ชื่อส่วนราชการคั่นด้วยจุลภาค เช่น สำนักปลัด, กองคลัง",
        error_messages={"max_length": "ยาวเกิน %(limit_value)s ตัวอักษร"},
    )
    produced_by_portal = forms.ChoiceField(
        label="จัดทำโดยระบบ",
        required=False,
        choices=[("", "ไม่ใช่ (หน่วยงานกรอกเอง)"), *PortalRole.choices],
        help_text="ข้อที่ระบบจัดทำจากรายงานมาตรการ สถานะจะตามการเผยแพร่รายงาน",
        error_messages={"invalid_choice": "กรุณาเลือกจากรายการ"},
    )

    def __init__(self, *args, framework, item: OitItem | None = None, **kwargs):
        self.framework, self.item = framework, item
        if item is not None:
            kwargs.setdefault(
                "initial",
                {
                    "sub_indicator": item.sub_indicator_id,
                    "group_title": item.group_title,
                    "number": item.number,
                    "label": item.label,
                    "title": item.title,
                    "components": "\n".join(c.text for c in item.ordered_components),
                    "default_responsible": item.default_responsible,
                    "produced_by_portal": item.produced_by_portal,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["sub_indicator"].queryset = framework.sub_indicators.order_by("order")
        self.fields["sub_indicator"].label_from_instance = lambda sub: (
            f"{thai.thai_digits(sub.code)} {sub.title}"
        )

    def clean_number(self) -> str:
        number = thai.arabic_digits(self.cleaned_data["number"].strip())
        if not _NUMBER.match(number):
            raise forms.ValidationError("เลขข้อต้องเป็นเลขอารบิก ๑–๓ หลัก เช่น 18")
        taken = self._others().filter(number=number).first()
        if taken:  # checked again by the service, inside its transaction
            raise forms.ValidationError(
                f"เลขข้อ {number} เป็นของข้อ {taken.label} {taken.title} อยู่แล้ว"
            )
        return number

    def clean_produced_by_portal(self) -> str:
        role = self.cleaned_data["produced_by_portal"]
        holder = self._others().filter(produced_by_portal=role).first() if role else None
        if holder:
            raise forms.ValidationError(
                f"ข้อ {holder.label} {holder.title} เป็น{PortalRole(role).label}อยู่แล้ว "
                "แต่ละประเภทมีได้ข้อเดียว"
            )
        return role

    def _others(self):
        return self.framework.items.exclude(pk=self.item.pk if self.item else None)

    def clean_components(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["components"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise forms.ValidationError("กรุณากรอกองค์ประกอบอย่างน้อยหนึ่งบรรทัด")
        if any("|" in line for line in lines):
            raise forms.ValidationError("องค์ประกอบต้องไม่มีเครื่องหมาย | (ใช้ขึ้นบรรทัดใหม่แทน)")
        return lines


class SubIndicatorForm(forms.Form):
    indicator = forms.IntegerField(
        label="ตัวชี้วัด",
        min_value=1,
        max_value=99,
        help_text="เช่น 9",
        error_messages={
            "required": "กรุณากรอกเลขตัวชี้วัด",
            "invalid": "เลขตัวชี้วัดต้องเป็นตัวเลข",
            "min_value": "เลขตัวชี้วัดต้องมากกว่า ๐",
            "max_value": "เลขตัวชี้วัดมีได้ไม่เกิน ๒ หลัก",
        },
    )
    indicator_title = forms.CharField(
        label="ชื่อตัวชี้วัด",
        max_length=MAX_LENGTHS["indicator_title"],
        help_text="เช่น การเปิดเผยข้อมูล",
        error_messages={"required": "กรุณากรอกชื่อตัวชี้วัด", "max_length": "ยาวเกินไป"},
    )
    code = forms.CharField(
        label="ตัวชี้วัดย่อย",
        max_length=5,
        help_text="เช่น 9.1",
        error_messages={"required": "กรุณากรอกเลขตัวชี้วัดย่อย", "max_length": "ต้องเขียนแบบ 9.1"},
    )
    title = forms.CharField(
        label="ชื่อตัวชี้วัดย่อย",
        max_length=MAX_LENGTHS["sub_indicator_title"],
        error_messages={"required": "กรุณากรอกชื่อตัวชี้วัดย่อย", "max_length": "ยาวเกินไป"},
    )

    def clean_code(self) -> str:
        code = thai.arabic_digits(self.cleaned_data["code"].strip())
        if not _CODE.match(code):
            raise forms.ValidationError("ตัวชี้วัดย่อยต้องเขียนแบบ 9.1")
        return code

    def clean(self):
        cleaned = super().clean()
        code, indicator = cleaned.get("code"), cleaned.get("indicator")
        if code and indicator and code.split(".")[0] != str(indicator):
            self.add_error("code", f"ตัวชี้วัดย่อยของตัวชี้วัดที่ {indicator} ต้องขึ้นต้นด้วย {indicator}.")
        return cleaned
