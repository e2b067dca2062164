"""Thai formatting for official output: digits, Buddhist-era dates, fiscal years, rounds, periods.

Built on pythainlp for the digits and the month names; the fiscal-year arithmetic is ours
(ปีงบประมาณ พ.ศ. N runs 1 October N-1 to 30 September N, พ.ศ. = ค.ศ. + 543).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from decimal import Decimal

from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit
from pythainlp.util.date import thai_abbr_months, thai_full_months

BE_OFFSET = 543
FISCAL_YEAR_START_MONTH = 10  # ตุลาคม
WHOLE_YEAR_TEXT = "ตลอดปีงบประมาณ"


# What is written as typed, digits and all: a URL (up to a space or a quote), an e-mail address,
# a character reference, and any run of Latin letters, digits and URL marks that has a Latin
# letter in it (a bare domain and its path, a file name such as report2569.pdf, a code such as
# ITA-2570 or O12). A run without a Latin letter (98.27, 1/2568, 09:30) is a number to read.
_VERBATIM = re.compile(
    r"(?P<url>(?:[A-Za-z][A-Za-z0-9+.\-]*://|www\.)[^\s<>\"'“”]+)"
    r"|(?P<email>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)"
    r"|(?P<reference>&#?[A-Za-z0-9]+;)"
    r"|(?P<run>[A-Za-z0-9][A-Za-z0-9._\-/%#?=&+:~@]*)"
)
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _verbatim(match: re.Match) -> bool:
    return match.lastgroup != "run" or bool(_LATIN_LETTER.search(match.group()))


def thai_digits(value: object) -> str:
    """Arabic digits of ``value`` (any object, through ``str``) written as Thai digits, except
    inside URLs, e-mail addresses, file names and codes, which keep their digits (a published
    link ``…/2569/…%E0%B8…`` must still work; see ``_VERBATIM``)."""
    if value is None:
        return ""
    text = str(value)
    parts = []
    position = 0
    for match in _VERBATIM.finditer(text):
        if _verbatim(match):
            parts.append(arabic_digit_to_thai_digit(text[position : match.start()]))
            parts.append(match.group())
            position = match.end()
    parts.append(arabic_digit_to_thai_digit(text[position:]))
    return "".join(parts)


def arabic_digits(text: str) -> str:
    """Thai digits in ``text`` written as Arabic digits; everything else is kept."""
    if not text:
        return ""
    return thai_digit_to_arabic_digit(text)


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    return be - BE_OFFSET


def thai_filesize(size: int | None) -> str:
    """๒๔๕ KB, ๑.๒ MB: the size of a file, in Thai digits (public and staff pages alike)."""
    if size is None:
        return ""
    if size < 1024 * 1024:
        return f"{thai_digits(max(1, round(size / 1024)))} KB"
    return f"{thai_number(size / (1024 * 1024), 1)} MB"


def thai_number(value: float | Decimal | int | None, decimals: int = 2) -> str:
    """A number with ``decimals`` places and thousands separators, in Thai digits: ๙๘.๒๗."""
    if value is None:
        return ""
    return thai_digits(f"{Decimal(str(value)):,.{decimals}f}")


def thai_date(value: dt.date | dt.datetime | None, style: str = "full") -> str:
    """``๒๐ พฤษภาคม ๒๕๖๘`` (``full``) or ``๒๐ พ.ค. ๖๘`` (``short``).

    An aware datetime is first converted to the current time zone (Asia/Bangkok), so that a
    decision made at 00:30 Bangkok time is dated that day, not the day before.
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if style == "full":
        return thai_digits(f"{value.day} {thai_full_months[value.month - 1]} {be_year(value.year)}")
    if style == "short":
        year2 = be_year(value.year) % 100
        return thai_digits(f"{value.day} {thai_abbr_months[value.month - 1]} {year2:02d}")
    raise ValueError(f"unknown date style {style!r}: 'full' or 'short'")


def fiscal_year_of(value: dt.date) -> int:
    """The fiscal year (พ.ศ.) that ``value`` falls in: 1 Oct 2024 → 2568."""
    year = value.year + 1 if value.month >= FISCAL_YEAR_START_MONTH else value.year
    return be_year(year)


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year ``year`` (พ.ศ.): 2568 → 1 Oct 2024, 30 Sep 2025."""
    last_ce = ce_year(year)
    return dt.date(last_ce - 1, 10, 1), dt.date(last_ce, 9, 30)


class Round(enum.IntEnum):
    """A follow-up round, named by how many months of the fiscal year it covers."""

    SIX_MONTHS = 6
    TWELVE_MONTHS = 12

    @property
    def label(self) -> str:
        return f"รอบ {thai_digits(self.value)} เดือน"


def round_bounds(year: int, round_: Round | int) -> tuple[dt.date, dt.date]:
    """รอบ ๖ เดือน: 1 Oct – 31 Mar; รอบ ๑๒ เดือน: the whole fiscal year."""
    round_ = Round(round_)
    start, end = fiscal_year_bounds(year)
    if round_ is Round.SIX_MONTHS:
        end = dt.date(ce_year(year), 3, 31)
    return start, end


def current_round(year: int, today: dt.date) -> int:
    """The round being reported on ``today`` in fiscal year ``year``: 6 until 31 March, then 12."""
    return (
        Round.SIX_MONTHS
        if today <= round_bounds(year, Round.SIX_MONTHS)[1]
        else Round.TWELVE_MONTHS
    )


def fiscal_month_year(year: int, month: int) -> int:
    """The calendar year (พ.ศ.) of ``month`` inside fiscal year ``year``: Oct–Dec are in year−1."""
    if not 1 <= month <= 12:
        raise ValueError(f"month {month} is not 1–12")
    return year - 1 if month >= FISCAL_YEAR_START_MONTH else year


def month_last_day(ce: int, month: int) -> dt.date:
    """The last day of ``month`` in calendar year ``ce`` (ค.ศ.)."""
    following = dt.date(ce + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def fiscal_month_index(month: int) -> int:
    """Position of ``month`` in the fiscal year: October 0 … September 11."""
    return (month - FISCAL_YEAR_START_MONTH) % 12


def period_text(
    year: int, start_month: int, end_month: int, style: str = "to", *, whole_year_as_text=True
) -> str:
    """A period of months inside fiscal year ``year`` (พ.ศ.) as the documents write it.

    ``to``: ``ม.ค. ๖๔ ถึง เม.ย. ๖๔``; ``dash``: ``ก.พ. - ก.ย. พ.ศ. ๒๕๖๘`` (the year written once
    when both months fall in one calendar year). October to September is ``ตลอดปีงบประมาณ``
    unless ``whole_year_as_text`` is false (``ต.ค. ๖๕ ถึง ก.ย. ๖๖``).
    """
    if fiscal_month_index(start_month) > fiscal_month_index(end_month):
        raise ValueError("the period ends before it starts in the fiscal year")
    whole_year = start_month == FISCAL_YEAR_START_MONTH and fiscal_month_index(end_month) == 11
    if whole_year and whole_year_as_text:
        return WHOLE_YEAR_TEXT
    start_year = fiscal_month_year(year, start_month)
    end_year = fiscal_month_year(year, end_month)
    start_abbr = thai_abbr_months[start_month - 1]
    end_abbr = thai_abbr_months[end_month - 1]
    if style == "to":
        text = f"{start_abbr} {start_year % 100:02d} ถึง {end_abbr} {end_year % 100:02d}"
    elif style == "dash":
        if start_year == end_year:
            text = f"{start_abbr} - {end_abbr} พ.ศ. {end_year}"
        else:
            text = f"{start_abbr} พ.ศ. {start_year} - {end_abbr} พ.ศ. {end_year}"
    else:
        raise ValueError(f"unknown period style {style!r}: 'to' or 'dash'")
    return thai_digits(text)


# --- Reading periods back (plan import) -------------------------------------------------------

_DOTS = r"\s*\.?\s*"


def _abbr_pattern(abbr: str) -> str:
    """``ม.ค.`` also as ``ม.ค``, ``มค.``, ``ม. ค.``: the letters in order, dots and spaces free."""
    letters = [c for c in abbr if c != "."]
    return _DOTS.join(letters) + r"\s*\.?"


# Full names before abbreviations, longer abbreviations before shorter ones (มี.ค. before ม.ค.).
_MONTH_ALTERNATIVES = sorted(
    [(name, month) for month, name in enumerate(thai_full_months, start=1)]
    + [(abbr, month) for month, abbr in enumerate(thai_abbr_months, start=1)],
    key=lambda pair: (pair[0] not in thai_full_months, -len(pair[0])),
)
_MONTH_RE = [
    (re.compile(name if name in thai_full_months else _abbr_pattern(name)), month)
    for name, month in _MONTH_ALTERNATIVES
]
_ERA_RE = re.compile(r"(?:พ\s*\.\s*ศ|ค\s*\.\s*ศ)\s*\.?")
_YEAR_RE = re.compile(r"\s*(?:พ\s*\.\s*ศ\s*\.?|ค\s*\.\s*ศ\s*\.?)?\s*(\d{4}|\d{2})(?!\d)")
NO_PERIOD = "ไม่พบชื่อเดือนหรือคำว่า “ตลอดปีงบประมาณ”"
_WHOLE_YEAR_RE = re.compile(r"ตลอด\s*(?:ทั้ง\s*)?ปี|ทั้ง\s*ปี|ปี\s*งบ\s*ประมาณ")


def _full_year(digits: str) -> int:
    """``64`` → 2564, ``2568`` → 2568, ``2024`` (ค.ศ.) → 2567."""
    value = int(digits)
    if len(digits) == 2:
        return 2500 + value
    return value if value >= 2400 else be_year(value)


def _months_in(text: str) -> list[tuple[int, int | None]]:
    """Each month named in ``text`` (Arabic digits) with the year written right after it."""
    found = []
    position = 0
    while position < len(text):
        for pattern, month in _MONTH_RE:
            match = pattern.match(text, position)
            if match:
                year = _YEAR_RE.match(text, match.end())
                found.append((month, _full_year(year.group(1)) if year else None))
                position = year.end() if year else match.end()
                break
        else:
            era = _ERA_RE.match(text, position)
            position = era.end() if era else position + 1
    return found


def read_period(text: str) -> tuple[int, int, int | None]:
    """The months of a period as the documents write it, the inverse of ``period_text``:
    ``(start_month, end_month, fiscal_year)``, the fiscal year (พ.ศ.) when the text names one.

    Reads ``ม.ค. ๖๔ ถึง เม.ย. ๖๔``, ``ก.พ. - ก.ย. พ.ศ. ๒๕๖๘`` (one year for both months),
    ``ต.ค. ๖๕ ถึง ก.ย. ๖๖``, full month names, Thai or Arabic digits, and ``ตลอดปีงบประมาณ`` /
    ``ปีงบประมาณ พ.ศ. ๒๕๖๖`` (October to September). Raises ValueError with a Thai reason when
    no month can be read or the months do not lie in one fiscal year in order.
    """
    plain = arabic_digits(text or "").strip()
    months = _months_in(plain)
    if not months:
        if _WHOLE_YEAR_RE.search(plain):
            year = re.search(r"(\d{4}|\d{2})(?!\d)", plain)
            return FISCAL_YEAR_START_MONTH, 9, _full_year(year.group(1)) if year else None
        raise ValueError(NO_PERIOD)
    (start, start_year), (end, end_year) = months[0], months[-1]
    if start_year is None and end_year is not None:
        # "ก.พ. - ก.ย. พ.ศ. ๒๕๖๘": the year is written once, after the last month.
        start_year = end_year if start <= end else end_year - 1
    elif end_year is None and start_year is not None:
        end_year = start_year if end >= start else start_year + 1
    fiscal = {
        year + (month >= FISCAL_YEAR_START_MONTH)
        for month, year in ((start, start_year), (end, end_year))
        if year is not None
    }
    if len(fiscal) > 1:
        raise ValueError("ช่วงเวลาคร่อมสองปีงบประมาณ (ปีงบประมาณเริ่มตุลาคม สิ้นสุดกันยายน)")
    if fiscal_month_index(start) > fiscal_month_index(end):
        raise ValueError("เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้นในปีงบประมาณ")
    return start, end, fiscal.pop() if fiscal else None
