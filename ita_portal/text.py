"""What a person types, made safe before any form sees it, and the limits of typed text.

* Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) are removed
  from every submitted value but passwords: in Thai text they have no use, and an RTL
  override makes a title read differently on screen, in the PDF and in Excel.
* A value with no visible character (only combining marks such as a lone tone mark, zero-width
  characters, spaces) becomes empty, so a required field says in Thai that it is required and
  an optional one is stored empty.
* Typed text has a maximum length per field (TEXT_LIMITS, on the model fields and the form
  fields; the README lists them), and dates a plausible range (PLAUSIBLE_DATES).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError

from . import thai

BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Fields whose value is not text to read: passwords (kept exactly as typed), tokens.
UNTOUCHED = re.compile(r"password|csrfmiddlewaretoken|ita_form_token")

# The longest text a person may type into each kind of field, in characters.
TEXT_LIMITS = {
    "short": 300,  # a title, a caption, a name (the model's CharField says its own)
    "paragraph": 2000,  # a point of analysis, a comment, a remark, a deficiency
    "long": 4000,  # a step, an approach, an output or outcome, an OIT item's progress
    "document": 20000,  # a memo's body, an agenda item, a plan's introduction
}
PLAUSIBLE_DATES = (dt.date(2000, 1, 1), dt.date(2100, 12, 31))  # พ.ศ. ๒๕๔๓ – ๒๖๔๓


def visible(text: str) -> bool:
    """Whether ``text`` shows anything: a letter, a digit, a punctuation mark or a symbol."""
    return any(unicodedata.category(char)[0] in "LNPS" for char in text)


def clean_typed(value: str) -> str:
    value = BIDI_CONTROLS.sub("", value)
    return value if visible(value) else ""


def plausible_date(value: dt.date) -> None:
    first, last = PLAUSIBLE_DATES
    if value is not None and not first <= value <= last:
        raise ValidationError(
            f"วันที่ {thai.thai_date(value)} อยู่นอกช่วงที่เป็นไปได้ กรุณาเลือกวันที่ระหว่าง "
            f"{thai.thai_date(first)} ถึง {thai.thai_date(last)}",
            code="implausible_date",
        )


def within_fiscal_year(value: dt.date, year: int) -> None:
    first, last = thai.fiscal_year_bounds(year)
    if value is not None and not first <= value <= last:
        raise ValidationError(
            f"วันที่ต้องอยู่ในปีงบประมาณ พ.ศ. {thai.thai_digits(year)} "
            f"({thai.thai_date(first)} ถึง {thai.thai_date(last)})",
            code="outside_fiscal_year",
        )


class TypedTextMiddleware:
    """Cleans every submitted value (see the module's docstring) before a view reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type in {
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        }:
            data = request.POST.copy()
            for key in data:
                if not UNTOUCHED.search(key):
                    data.setlist(key, [clean_typed(value) for value in data.getlist(key)])
            data._mutable = False
            request.POST = data
        return self.get_response(request)
