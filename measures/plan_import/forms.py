"""The upload form and the review form of a plan import. Every message is Thai; what the
coordinator chose stays in the form when anything is refused."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django import forms
from django.forms import BoundField

from ita_portal import thai, uploads

from ..enums import MONTH_CHOICES
from . import services
from .columns import FIELD_LABELS
from .divisions import DivisionMatcher, squeeze
from .drafts import LineDraft, Period, Reading, StepDraft
from .resolve import NEW, SKIP, ImportChoices, resolve

ADD, REPLACE = "add", "replace"


class PlanImportUploadForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์แผนมาตรการ",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.xlsx"}),
        error_messages={
            "required": f"กรุณาเลือกไฟล์ {services.IMPORT_ALLOWED_TEXT}",
            "empty": "ไฟล์ที่เลือกว่างเปล่า",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"ไฟล์ {services.IMPORT_ALLOWED_TEXT} ไม่เกิน "
            f"{thai.thai_digits(uploads.max_upload_bytes() // 1024 // 1024)} MB "
            "เช่น แผนหรือรายงานผลการดำเนินการตามมาตรการของปีที่แล้ว หรือไฟล์ที่ส่งออกจากระบบนี้"
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.file_format = services.check_upload(upload)
        return upload


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:10]


_MONTHS = [("", "— เลือกเดือน —"), *((str(m), name) for m, name in MONTH_CHOICES)]


@dataclass
class StepRow:
    """One step or IIT/EIT line as the review page shows it."""

    draft: StepDraft | LineDraft
    number: int
    names: list[str]
    unknown: list[str]
    period_text: str
    month_fields: list[BoundField] = field(default_factory=list)
    who_field: BoundField | None = None

    @property
    def period(self) -> Period:
        return self.draft.period

    @property
    def source_differs(self) -> bool:
        """Whether the file's text says more than the names shown ("ทุกส่วนราชการ", "สป.")."""
        return squeeze(self.draft.responsible.source) != squeeze("/".join(self.names))

    @property
    def needs_choice(self) -> bool:
        return bool(self.month_fields or self.who_field)


class PlanImportReviewForm(forms.Form):
    """Everything the review page asks: the field of each column of each plan table, what each
    unknown division is, the months of a period that could not be read, the divisions of a
    step that names none, the indicator of an IIT/EIT line, and add or replace.

    ``confirming``: the coordinator pressed "confirm": every open question must be answered
    (``resolve`` decides), otherwise only the mapping counts."""

    def __init__(
        self,
        data=None,
        *,
        reading: Reading,
        matcher: DivisionMatcher,
        year: int,
        existing_measures: int,
        can_replace: bool,
        indicator_titles: dict[int, str],
        confirming: bool = False,
    ):
        super().__init__(data)
        self.indicator_titles = indicator_titles
        self.reading, self.matcher, self.year = reading, matcher, year
        self.confirming = confirming
        self.existing_measures, self.can_replace = existing_measures, can_replace
        self.division_names = dict(matcher.divisions)
        field_choices = list(FIELD_LABELS.items())
        for group in reading.groups:
            for index, header, chosen in group.columns:
                self.fields[self._map(group.id, index)] = forms.ChoiceField(
                    label=header or f"คอลัมน์ที่ {thai.thai_digits(index + 1)} (ไม่มีหัวคอลัมน์)",
                    choices=field_choices,
                    initial=chosen,
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
                )
        division_choices = [(str(pk), name) for pk, name in matcher.divisions]
        self.unknown = reading.unknown_divisions()
        for key, text, _count in self.unknown:
            self.fields[f"division-{_digest(key)}"] = forms.ChoiceField(
                label=text,
                choices=[
                    ("", "— เลือกส่วนราชการ —"),
                    *division_choices,
                    (NEW, f"สร้างส่วนราชการใหม่ชื่อ “{text}”"),
                    (SKIP, "ไม่ระบุ (ข้ามชื่อนี้)"),
                ],
                required=False,
            )
        for item in [*reading.steps, *reading.lines]:
            if item.period.problem:
                for end in ("start", "end"):
                    self.fields[f"{end}-{item.key}"] = forms.ChoiceField(
                        label="เริ่มเดือน" if end == "start" else "ถึงเดือน",
                        choices=_MONTHS,
                        required=False,
                    )
            if item.responsible.missing:
                self.fields[f"who-{item.key}"] = forms.MultipleChoiceField(
                    label="ผู้รับผิดชอบ",
                    choices=division_choices,
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                )
        for line in reading.lines:
            if not line.indicator or line.indicator > 8:
                self.fields[f"indicator-{line.key}"] = forms.ChoiceField(
                    label="ตัวชี้วัด",
                    choices=[("", "— เลือกตัวชี้วัด —")]
                    + [(str(n), self.indicator_label(n)) for n in range(1, 9)],
                    required=False,
                )
        if existing_measures:
            self.fields["mode"] = forms.ChoiceField(
                label="นำเข้าอย่างไร",
                choices=[
                    (ADD, f"เพิ่มต่อจากมาตรการเดิม {thai.thai_digits(existing_measures)} มาตรการ"),
                    (REPLACE, "แทนที่มาตรการเดิมทั้งหมด (ยังไม่มีการรายงานผล)"),
                ]
                if can_replace
                else [(ADD, f"เพิ่มต่อจากมาตรการเดิม {thai.thai_digits(existing_measures)} มาตรการ")],
                widget=forms.RadioSelect,
                initial=ADD,
                error_messages={"required": "กรุณาเลือกวิธีนำเข้า"},
            )

    @staticmethod
    def _map(group_id: str, index: int) -> str:
        return f"map-{group_id}-{index}"

    def _value(self, name: str, default=""):
        if not self.is_bound:
            return self.fields[name].initial if name in self.fields else default
        if hasattr(self, "cleaned_data") and name in self.cleaned_data:
            return self.cleaned_data[name]
        return self.data.get(name, default)

    def mapping(self) -> dict[str, list[str]]:
        """The field of each column as the form now says."""
        return {
            group.id: [
                self._value(self._map(group.id, index)) or "" for index, _h, _m in group.columns
            ]
            for group in self.reading.groups
        }

    def choices(self) -> ImportChoices:
        data = self.cleaned_data
        months = {}
        for item in [*self.reading.steps, *self.reading.lines]:
            start, end = data.get(f"start-{item.key}"), data.get(f"end-{item.key}")
            if start and end:
                months[item.key] = (int(start), int(end))
        return ImportChoices(
            mapping=self.mapping(),
            divisions={
                key: data.get(f"division-{_digest(key)}", "") for key, _t, _c in self.unknown
            },
            months=months,
            who={
                item.key: [int(pk) for pk in data.get(f"who-{item.key}", [])]
                for item in [*self.reading.steps, *self.reading.lines]
                if item.responsible.missing
            },
            indicators={
                line.key: int(data[f"indicator-{line.key}"])
                for line in self.reading.lines
                if data.get(f"indicator-{line.key}")
            },
            replace=data.get("mode") == REPLACE,
        )

    def clean(self):
        cleaned = super().clean()
        if not self.confirming:
            return cleaned
        if cleaned.get("mode") == REPLACE and not self.can_replace:
            self.add_error("mode", "แทนที่ไม่ได้ เพราะมีการรายงานผลการดำเนินการในแผนแล้ว")
        resolution = resolve(self.reading, self.choices(), self.matcher)
        for problem in resolution.problems:
            name = {
                "division": f"division-{_digest(problem.key)}",
                "who": f"who-{problem.key}",
                "months": f"end-{problem.key}",
                "indicator": f"indicator-{problem.key}",
            }.get(problem.choice)
            if name in self.fields and not self.has_error(name):
                self.add_error(name, problem.message)
            elif name not in self.fields:
                self.add_error(None, problem.message)
        self.resolution = resolution
        return cleaned

    # -- what the template shows

    def _row(self, item, number: int) -> StepRow:
        match = item.responsible.match
        names = [self.division_names[pk] for pk in self.matcher.ids_of(match)]
        period = item.period
        period_text = (
            "" if period.problem else thai.period_text(self.year, period.start, period.end, "dash")
        )
        months = [f"{end}-{item.key}" for end in ("start", "end")]
        who = f"who-{item.key}"
        return StepRow(
            draft=item,
            number=number,
            names=names,
            unknown=[u.text for u in match.unknown],
            period_text=period_text,
            month_fields=[self[name] for name in months if name in self.fields],
            who_field=self[who] if who in self.fields else None,
        )

    def indicator_label(self, number: int | None) -> str:
        if not number:
            return ""
        return f"ตัวชี้วัดที่ {thai.thai_digits(number)} {self.indicator_titles.get(number, '')}".strip()

    def measure_rows(self) -> list[tuple]:
        """(number, measure draft, its indicator, [StepRow]) for each measure, in order."""
        return [
            (
                number,
                measure,
                self.indicator_label(measure.indicator),
                [self._row(step, index) for index, step in enumerate(measure.steps, start=1)],
            )
            for number, measure in enumerate(self.reading.measures, start=1)
        ]

    def line_rows(self) -> list[tuple]:
        """(StepRow, its indicator, indicator field or None) for each IIT/EIT line."""
        return [
            (
                self._row(line, index),
                self.indicator_label(line.indicator if (line.indicator or 9) <= 8 else None),
                self[f"indicator-{line.key}"] if f"indicator-{line.key}" in self.fields else None,
            )
            for index, line in enumerate(self.reading.lines, start=1)
        ]

    def mapping_rows(self) -> list[tuple]:
        """(group, [bound field per column]) for each plan table of the file."""
        return [
            (group, [self[self._map(group.id, index)] for index, _h, _m in group.columns])
            for group in self.reading.groups
        ]

    def unknown_rows(self) -> list[tuple]:
        """(text, how many steps name it, bound field) for each division the portal does not
        know."""
        return [
            (text, count, self[f"division-{_digest(key)}"]) for key, text, count in self.unknown
        ]

    def problem_count(self) -> int:
        return len(
            resolve(self.reading, ImportChoices(mapping=self.mapping()), self.matcher).problems
        )
