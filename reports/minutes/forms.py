"""Forms of the preparation meeting: the meeting itself, its attendees and its deficiencies.

Every message is Thai. The attendee formsets (one per list) and the deficiency formset are
model formsets over the meeting's rows; a row left blank is ignored, a row half filled is an
error, and nothing typed is lost when the page comes back with errors.
"""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory

from ita_portal.dates import BuddhistDateField
from organisations.models import Division
from reports.minutes.services import MEETING_FIELDS
from reports.models.minutes import (
    AttendeeKind,
    Meeting,
    MeetingAttendee,
    MeetingDeficiency,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


REQUIRED = {
    "title": "กรุณาระบุชื่อการประชุม",
    "date": "กรุณาระบุวันที่ประชุม",
    "start_time": "กรุณาระบุเวลาเริ่มประชุม",
    "place": "กรุณาระบุสถานที่ประชุม",
    "chair_name": "กรุณาระบุชื่อประธานที่ประชุม",
    "chair_position": "กรุณาระบุตำแหน่งประธานที่ประชุม",
    "recorder_name": "กรุณาระบุชื่อผู้จดรายงานการประชุม",
    "recorder_position": "กรุณาระบุตำแหน่งผู้จดรายงานการประชุม",
    "checker_name": "กรุณาระบุชื่อผู้ตรวจรายงานการประชุม",
    "checker_position": "กรุณาระบุตำแหน่งผู้ตรวจรายงานการประชุม",
}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        field_classes = {"date": BuddhistDateField}
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "start_time": TimeInput(),
            "closing_time": TimeInput(),
            **{f"agenda_{n}": forms.Textarea(attrs={"rows": 4}) for n in range(1, 6)},
            "agenda_4_after": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            name: {"required": message, "invalid": "รูปแบบไม่ถูกต้อง"}
            for name, message in REQUIRED.items()
        } | {
            "closing_time": {"invalid": "กรุณาระบุเวลาเป็นชั่วโมงและนาที เช่น 12:00"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.fiscal_year_id:  # the meeting prepares that fiscal year's assessment
            self.fields["date"].fiscal_year = self.instance.fiscal_year.year
        self.fields["start_time"].error_messages["invalid"] = "กรุณาระบุเวลาเป็นชั่วโมงและนาที เช่น 09:30"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("closing_time")
        if start and end and end <= start:
            self.add_error("closing_time", "เวลาเลิกประชุมต้องหลังเวลาเริ่มประชุม")
        return cleaned


class AttendeeForm(forms.ModelForm):
    class Meta:
        model = MeetingAttendee
        fields = ["name", "position", "note"]
        error_messages = {
            "name": {"required": "กรุณาระบุชื่อ - สกุล"},
            "position": {"required": "กรุณาระบุตำแหน่ง"},
        }


class BaseAttendeeFormSet(BaseInlineFormSet):
    """One of the three lists; ``kind`` decides which rows it edits and what it saves."""

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().filter(kind=self.kind).order_by("order", "pk")


class DeficiencyForm(forms.ModelForm):
    # The queryset is the organisation's divisions, set in __init__ inside the scope.
    division = forms.ModelChoiceField(
        label="ส่วนราชการผู้รับผิดชอบ",
        queryset=None,
        error_messages={
            "required": "กรุณาเลือกส่วนราชการผู้รับผิดชอบ",
            "invalid_choice": "กรุณาเลือกส่วนราชการผู้รับผิดชอบจากรายการ",
        },
    )

    class Meta:
        model = MeetingDeficiency
        fields = ["item", "item_text", "problem", "division", "deadline"]
        field_classes = {"deadline": BuddhistDateField}
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "problem": {"required": "กรุณาระบุข้อบกพร่องที่ต้องแก้ไข"},
            "deadline": {"required": "กรุณาระบุกำหนดแล้วเสร็จ"},
            "item": {"invalid_choice": "กรุณาเลือกข้อ OIT จากรายการ"},
        }

    def __init__(self, *args, framework=None, organisation=None, fiscal_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].fiscal_year = fiscal_year  # that year's OIT is being fixed
        item_field = self.fields["item"]
        if framework is None:
            item_field.queryset = item_field.queryset.none()
        else:
            item_field.queryset = framework.items.order_by("order")
        item_field.label_from_instance = lambda item: f"ข้อ {item.label} {item.title}"
        item_field.empty_label = "— เลือกข้อ OIT —"
        chosen = self.instance.division_id if self.instance.pk else None
        self.fields["division"].queryset = Division.objects.filter(
            organisation=organisation
        ).filter(Q(is_active=True) | Q(pk=chosen))
        self.fields["division"].empty_label = "— เลือกส่วนราชการ —"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("item") and not cleaned.get("item_text", "").strip():
            self.add_error("item", "กรุณาเลือกข้อ OIT หรือพิมพ์ชื่อข้อ")
        return cleaned


class BaseDeficiencyFormSet(BaseInlineFormSet):
    def __init__(
        self,
        *args,
        framework=None,
        organisation=None,
        meeting_date=None,
        fiscal_year=None,
        **kwargs,
    ):
        self.fiscal_year = fiscal_year
        self.framework = framework
        self.organisation = organisation
        self.meeting_date = meeting_date
        super().__init__(*args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().select_related("item").order_by("order", "pk")

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "framework": self.framework,
            "organisation": self.organisation,
            "fiscal_year": self.fiscal_year,
        }

    def clean(self):
        super().clean()
        if self.meeting_date is None:
            return
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            deadline = form.cleaned_data.get("deadline")
            if deadline and deadline < self.meeting_date:
                form.add_error("deadline", "กำหนดแล้วเสร็จต้องไม่ก่อนวันประชุม")


AttendeeFormSet = inlineformset_factory(
    Meeting,
    MeetingAttendee,
    form=AttendeeForm,
    formset=BaseAttendeeFormSet,
    extra=2,
    can_delete=True,
)

DeficiencyFormSet = inlineformset_factory(
    Meeting,
    MeetingDeficiency,
    form=DeficiencyForm,
    formset=BaseDeficiencyFormSet,
    extra=2,
    can_delete=True,
)

ATTENDEE_LISTS = (
    (AttendeeKind.PRESENT, "present"),
    (AttendeeKind.ABSENT, "absent"),
    (AttendeeKind.GUEST, "guest"),
)


class MeetingForms:
    """The meeting form and its four formsets, bound or not, validated and saved together."""

    def __init__(self, data=None, *, meeting: Meeting, framework, organisation):
        self.meeting = meeting
        self.form = MeetingForm(data, instance=meeting)
        self.attendees = {
            kind: AttendeeFormSet(data, instance=meeting, prefix=prefix, kind=kind)
            for kind, prefix in ATTENDEE_LISTS
        }
        meeting_date = None
        if data is not None:
            self.form.is_valid()  # the date, if valid itself, bounds the deadlines
            meeting_date = self.form.cleaned_data.get("date")
        self.deficiencies = DeficiencyFormSet(
            data,
            instance=meeting,
            prefix="deficiencies",
            framework=framework,
            organisation=organisation,
            meeting_date=meeting_date,
            fiscal_year=meeting.fiscal_year.year,
        )

    @property
    def formsets(self) -> list:
        return [*self.attendees.values(), self.deficiencies]

    def is_valid(self) -> bool:
        valid = self.form.is_valid()
        for formset in self.formsets:
            valid = formset.is_valid() and valid  # validate all, to show every error at once
        present = self.attendees[AttendeeKind.PRESENT]
        if present.is_bound and present.is_valid() and not _kept_rows(present):
            present.non_form_errors().append("กรุณาระบุผู้มาประชุมอย่างน้อยหนึ่งคน")
            valid = False
        return valid

    def attendee_rows(self) -> dict[str, list[dict]]:
        return {kind: _kept_rows(formset) for kind, formset in self.attendees.items()}

    def deficiency_rows(self) -> list[dict]:
        return _kept_rows(self.deficiencies)


def _kept_rows(formset) -> list[dict]:
    """The cleaned data of the rows that were filled and not marked for deletion, in order."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if not data or data.get("DELETE"):
            continue
        if not form.has_changed() and form.instance.pk is None:
            continue
        rows.append({k: v for k, v in data.items() if k not in {"DELETE", "id", "meeting"}})
    return rows
