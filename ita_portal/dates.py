"""The one date field of every form: a person types and reads dates in พ.ศ.

A text box (no JavaScript, no browser date picker that speaks ค.ศ.) with the placeholder
``วว/ดด/ปปปป (พ.ศ.)``. It reads ``20/2/2570``, ``๒๐/๐๒/๒๕๗๐``, ``20-02-2570``, ``20.2.70``,
``20 กุมภาพันธ์ 2570``, ``๒๐ ก.พ. ๗๐`` and ``2570-02-20``; a two-digit year is 25xx. A year written in
ค.ศ. (``2027``) is refused with the พ.ศ. it probably means, never read silently as another year
(typing 2570 in a ค.ศ. box once saved ๓๑๑๓).

A date must be plausible: not before 1 January 2500 and not more than a year after today. A
field that belongs to a fiscal year (set ``field.fiscal_year`` to the year, พ.ศ., when the form is
made) takes only a day of that fiscal year, 1 October to 30 September; the message names the
range. A date is shown back as ``20/02/2570``.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from pythainlp.util.date import thai_abbr_months, thai_full_months

from . import thai
from .text import within_fiscal_year

PLACEHOLDER = "วว/ดด/ปปปป (พ.ศ.)"
EXAMPLE = "เช่น 20/02/2570"
FIRST_PLAUSIBLE = dt.date(thai.ce_year(2500), 1, 1)  # ๑ มกราคม ๒๕๐๐

INVALID = "กรุณากรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 20/02/2570"
_SEPARATOR = r"\s*[/.\-\s]\s*"
_NUMERIC = re.compile(rf"^(\d{{1,2}}){_SEPARATOR}(\d{{1,2}}){_SEPARATOR}(\d{{4}}|\d{{2}})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_NAMED = re.compile(r"^(\d{1,2})\s*(\D+?)\s*(\d{4}|\d{2})$")
_ERA = re.compile(r"\s*(?:พ\s*\.\s*ศ\s*\.?|พุทธศักราช)\s*")


def _month_of(name: str) -> int | None:
    """The month named ``name``: a full name or an abbreviation, its dots optional."""
    bare = re.sub(r"[.\s]", "", name)
    months = zip(thai_full_months, thai_abbr_months, strict=True)
    for month, (full, abbr) in enumerate(months, start=1):
        if bare in {full, abbr.replace(".", "")}:
            return month
    return None


def _year(digits: str) -> int:
    """The year (พ.ศ.) written as ``digits``: ``70`` is 2570; a ค.ศ. year is refused."""
    year = int(digits)
    if len(digits) == 2:
        return 2500 + year
    if year < 2400:
        raise ValidationError(
            f"ปี {year} เป็นปีคริสต์ศักราช (ค.ศ.) กรุณากรอกปีพุทธศักราช (พ.ศ.) เช่น {thai.be_year(year)}",
            code="ce_year",
        )
    return year


def parse_be_date(text: str) -> dt.date:
    """The date a person typed in พ.ศ. (Thai or Arabic digits); ValidationError in Thai if none."""
    plain = thai.arabic_digits(text or "").strip()
    plain = _ERA.sub(" ", plain).strip()
    if match := _NUMERIC.match(plain):
        day, month, year = int(match[1]), int(match[2]), _year(match[3])
    elif match := _ISO.match(plain):
        year, month, day = _year(match[1]), int(match[2]), int(match[3])
    elif (match := _NAMED.match(plain)) and (named := _month_of(match[2])):
        day, month, year = int(match[1]), named, _year(match[3])
    else:
        raise ValidationError(INVALID, code="invalid")
    try:
        return dt.date(thai.ce_year(year), month, day)
    except ValueError:
        if 1 <= month <= 12:
            raise ValidationError(
                f"เดือน{thai_full_months[month - 1]} พ.ศ. {year} ไม่มีวันที่ {day} กรุณาตรวจสอบวันที่",
                code="invalid",
            ) from None
        raise ValidationError(INVALID, code="invalid") from None


def be_text(value: dt.date) -> str:
    """``20/02/2570``: how the field shows a date back (Arabic digits, as in the staff pages)."""
    return f"{value.day:02d}/{value.month:02d}/{thai.be_year(value.year)}"


def last_plausible(today: dt.date | None = None) -> dt.date:
    """A year after ``today`` (Bangkok): nobody records a date further ahead."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


class BuddhistDateInput(forms.TextInput):
    """A text box for a date in พ.ศ.; the value as typed comes back on a refused save."""

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": PLACEHOLDER,
            "autocomplete": "off",
            "spellcheck": "false",
            "maxlength": "30",
            "data-be-date": "",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return be_text(value)
        return super().format_value(value)


class BuddhistDateField(forms.DateField):
    """A date typed in พ.ศ. (see the module's docstring); ``fiscal_year`` bounds it to a year."""

    widget = BuddhistDateInput

    def __init__(self, *, fiscal_year: int | None = None, **kwargs):
        kwargs.setdefault("error_messages", {})
        super().__init__(**kwargs)
        self.error_messages["invalid"] = INVALID
        self.fiscal_year = fiscal_year
        hint = f"วัน/เดือน/ปี พ.ศ. {EXAMPLE}"
        self.help_text = f"{self.help_text} ({hint})" if self.help_text else hint

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return parse_be_date(str(value))

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.fiscal_year is not None:
            within_fiscal_year(value, self.fiscal_year)
            return
        first, last = FIRST_PLAUSIBLE, last_plausible()
        if not first <= value <= last:
            raise ValidationError(
                f"วันที่ {thai.thai_date(value)} อยู่นอกช่วงที่เป็นไปได้ กรุณากรอกวันที่ระหว่าง "
                f"{thai.thai_date(first)} ถึง {thai.thai_date(last)}",
                code="implausible_date",
            )
