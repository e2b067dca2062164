"""Forms of the plan editor and of progress reporting. Every message is Thai; numbers may be
typed in Thai or Arabic digits."""

from __future__ import annotations

from django import forms
from django.db.models import Q

from ita_portal import kept_uploads, thai, uploads
from ita_portal.dates import BuddhistDateField
from ita_portal.text import TEXT_LIMITS
from organisations.models import Division

from .enums import AnalysisKind, ProgressStatus
from .models import (
    AnalysisPoint,
    Indicator,
    IndicatorLine,
    Measure,
    MeasureStep,
    ServiceTimeFigure,
)


class ThaiDecimalField(forms.DecimalField):
    """A number typed in Thai or Arabic digits: ``๑๕`` and ``15`` are the same."""

    default_error_messages = {
        "invalid": "กรุณากรอกเป็นตัวเลข เช่น ๑๕ หรือ ๗.๕",
        "min_value": "ต้องไม่ต่ำกว่า ๐",
        "max_decimal_places": "ทศนิยมได้ไม่เกิน ๒ ตำแหน่ง",
        "max_digits": "ตัวเลขยาวเกินไป",
        "max_whole_digits": "ตัวเลขยาวเกินไป",
    }

    def __init__(self, *, max_digits=8, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(max_digits=max_digits, decimal_places=2, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        return super().to_python(thai.arabic_digits(value) if isinstance(value, str) else value)


class ScoreField(ThaiDecimalField):
    """An ITA score, 0–100 with two decimals: ``๙๘.๒๗``."""

    default_error_messages = {
        "invalid": "กรุณากรอกคะแนนเป็นตัวเลข เช่น ๙๘.๒๗",
        "max_value": "คะแนนต้องไม่เกิน ๑๐๐",
        "min_value": "คะแนนต้องไม่ต่ำกว่า ๐",
        "max_digits": "คะแนนต้องอยู่ระหว่าง ๐ ถึง ๑๐๐",
        "max_whole_digits": "คะแนนต้องอยู่ระหว่าง ๐ ถึง ๑๐๐",
    }

    def __init__(self, **kwargs):
        super().__init__(max_digits=5, max_value=100, **kwargs)


class ResultsForm(forms.Form):
    """Last year's ITA result: the overall score and one score per indicator."""

    previous_score = ScoreField(label="คะแนนรวม ITA ของปีที่ผ่านมา", required=False)

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"score_{indicator.number}"] = ScoreField(
                label=str(indicator), required=False
            )

    def scores(self) -> dict[Indicator, object]:
        return {i: self.cleaned_data.get(f"score_{i.number}") for i in self.indicators}


def _division_field(organisation, instance) -> forms.ModelMultipleChoiceField:
    """The organisation's divisions in use, and the retired ones ``instance`` already names."""
    chosen = list(instance.divisions.values_list("pk", flat=True)) if instance.pk else []
    return forms.ModelMultipleChoiceField(
        label="ผู้รับผิดชอบ",
        queryset=Division.objects.filter(organisation=organisation).filter(
            Q(is_active=True) | Q(pk__in=chosen)
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "กรุณาเลือกส่วนราชการที่รับผิดชอบอย่างน้อยหนึ่งแห่ง"},
    )


class PeriodMixin:
    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_month"), cleaned.get("end_month")
        if start and end and thai.fiscal_month_index(start) > thai.fiscal_month_index(end):
            self.add_error(
                "end_month",
                "เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น (ปีงบประมาณเริ่มตุลาคม สิ้นสุดกันยายน)",
            )
        return cleaned


class AnalysisPointForm(forms.ModelForm):
    class Meta:
        model = AnalysisPoint
        fields = ["kind", "indicator", "text", "oit_item"]
        widgets = {"kind": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "text": {"required": "กรุณาเขียนประเด็น"},
            "kind": {"required": "กรุณาเลือกประเภทของประเด็น"},
        }

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons without Django's "---------" choice, none ticked until one is chosen.
        self.fields["kind"].choices = AnalysisKind.choices
        if framework is None:
            del self.fields["oit_item"]  # the year is not linked to an OIT framework yet
        else:
            self.fields["oit_item"].queryset = framework.items.order_by("order")
            self.fields["oit_item"].label_from_instance = lambda item: (
                f"ข้อ {item.label} {item.title}"
            )


class FigureForm(forms.ModelForm):
    """เดิม ๑๕ นาที/ราย ปรับลดเหลือ ๘ นาที/ราย: a service's time before and after a step."""

    before = ThaiDecimalField(label="เดิม")
    after = ThaiDecimalField(label="ปรับลดเหลือ")

    class Meta:
        model = ServiceTimeFigure
        fields = ["service", "before", "after", "unit", "note"]
        error_messages = {"service": {"required": "กรุณาระบุงานบริการ"}}

    def clean(self):
        cleaned = super().clean()
        before, after = cleaned.get("before"), cleaned.get("after")
        if before is not None and after is not None and after > before:
            self.add_error("after", "เวลาหลังปรับปรุงมากกว่าเวลาเดิม กรุณาตรวจสอบตัวเลข")
        return cleaned


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["title", "indicator", "issue"]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "issue": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"title": {"required": "กรุณากรอกชื่อมาตรการ"}}


class StepForm(PeriodMixin, forms.ModelForm):
    class Meta:
        model = MeasureStep
        # `divisions` is added per organisation in __init__ (its queryset needs the scope).
        fields = ["text", "start_month", "end_month", "follow_up_6", "follow_up_12"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"text": {"required": "กรุณาเขียนวิธีการดำเนินการ"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["divisions"] = _division_field(organisation, self.instance)
        if self.instance.pk:
            self.initial["divisions"] = list(self.instance.divisions.all())
        else:  # a new step follows the rounds the coordinator ticks, none ticked beforehand
            self.initial.setdefault("follow_up_6", False)
            self.initial.setdefault("follow_up_12", False)
        self.order_fields(["text", "divisions"])

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("follow_up_6") or cleaned.get("follow_up_12")):
            self.add_error("follow_up_12", "กรุณาเลือกรอบการติดตามอย่างน้อยหนึ่งรอบ")
        return cleaned


class IndicatorLineForm(PeriodMixin, forms.ModelForm):
    class Meta:
        model = IndicatorLine
        fields = ["indicator", "approach", "start_month", "end_month"]
        widgets = {"approach": forms.Textarea(attrs={"rows": 4})}
        error_messages = {"approach": {"required": "กรุณาเขียนแนวทางในการยกระดับ"}}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["divisions"] = _division_field(organisation, self.instance)
        if self.instance.pk:
            self.initial["divisions"] = list(self.instance.divisions.all())
        self.order_fields(["indicator", "approach", "divisions"])
        self.fields["indicator"].queryset = Indicator.objects.filter(number__lte=8)


KEPT_FILE = "kept_evidence_file"
DROP_KEPT_FILE = "drop_kept_evidence_file"


class ProgressForm(forms.Form):
    """One round's report with, optionally, one file and one link of evidence."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(
        label="สถานะ",
        choices=ProgressStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "กรุณาเลือกสถานะ", "invalid_choice": "กรุณาเลือกสถานะ"},
    )
    output = forms.CharField(
        label="ผลการดำเนินการ (output)",
        required=False,
        max_length=TEXT_LIMITS["long"],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    outcome = forms.CharField(
        label="ผลลัพธ์หรือผลสัมฤทธิ์ (outcome)",
        required=False,
        max_length=TEXT_LIMITS["long"],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    suggestion = forms.CharField(
        label="ข้อเสนอแนะ",
        required=False,
        max_length=TEXT_LIMITS["paragraph"],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    remark = forms.CharField(
        label="หมายเหตุ",
        required=False,
        max_length=TEXT_LIMITS["paragraph"],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_file = forms.FileField(
        label="แนบไฟล์หลักฐาน",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
        help_text=f"{uploads.ALLOWED_TEXT} ไม่เกินไฟล์ละ {{limit}} MB",
    )
    file_caption = forms.CharField(label="คำอธิบายไฟล์", required=False, max_length=300)
    evidence_url = forms.URLField(
        label="ลิงก์หลักฐาน",
        required=False,
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": "ลิงก์ไม่ถูกต้อง กรุณาคัดลอกที่อยู่เว็บทั้งหมด เช่น https://…"},
    )
    link_caption = forms.CharField(label="คำอธิบายลิงก์", required=False, max_length=300)
    effective_date = BuddhistDateField(
        label="วันที่ดำเนินการ (ของหลักฐาน)",
        required=False,
        help_text="วันที่กิจกรรมเกิดขึ้นจริง ไม่ใช่วันที่อัปโหลด",
    )

    def __init__(self, *args, fiscal_year: int | None = None, user_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        self.fields["effective_date"].fiscal_year = fiscal_year  # the activity of that year's plan
        # The file chosen before a refused save, kept for this person (ita_portal.kept_uploads)
        # unless a new one is chosen or "ไม่ใช้ไฟล์นี้" is ticked.
        self.user_id = user_id
        self.kept_token = ""
        self.kept_name = ""
        token = self.data.get(KEPT_FILE, "") if self.is_bound else ""
        if token and user_id is not None and self.data.get(DROP_KEPT_FILE):
            kept_uploads.forget(token, user_id=user_id)
        elif token and user_id is not None and not self.files.get("evidence_file"):
            upload = kept_uploads.take(token, user_id=user_id)
            if upload is not None:
                self.files = self.files.copy()
                self.files["evidence_file"] = upload
                self.kept_token = token
        field = self.fields["evidence_file"]
        field.help_text = field.help_text.replace(
            "{limit}", thai.thai_digits(uploads.max_upload_bytes() // 1024 // 1024)
        )

    def keep_chosen_file(self) -> None:
        """After a refused save: keep the chosen file, when it passed its own checks, so that
        the page offers it again (``kept_token``, ``kept_name``)."""
        upload = getattr(self, "cleaned_data", {}).get("evidence_file")
        if not upload or "evidence_file" in self.errors or self.user_id is None:
            return
        if not self.kept_token:
            self.kept_token = kept_uploads.keep(upload, user_id=self.user_id)
        self.kept_name = upload.name

    def forget_kept_file(self) -> None:
        """After a save: the kept file is in the record now."""
        if self.kept_token:
            kept_uploads.forget(self.kept_token, user_id=self.user_id)

    def clean_evidence_file(self):
        upload = self.cleaned_data.get("evidence_file")
        if upload:
            self.file_kind = uploads.validate_upload(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_evidence = False
        for value, caption, label in (
            ("evidence_file", "file_caption", "ไฟล์"),
            ("evidence_url", "link_caption", "ลิงก์"),
        ):
            if cleaned.get(value):
                has_evidence = True
                if not cleaned.get(caption, "").strip():
                    self.add_error(caption, f"กรุณาเขียนคำอธิบายของ{label}หลักฐาน")
        if (
            has_evidence
            and not cleaned.get("effective_date")
            and "effective_date" not in self.errors
        ):
            self.add_error("effective_date", "กรุณาระบุวันที่ดำเนินการของหลักฐาน")
        return cleaned
