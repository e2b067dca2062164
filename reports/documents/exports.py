"""Editable exports of a report: DOCX (python-docx) for offices that still edit in Word, XLSX
(openpyxl) of the tables. The PDF stays the official output; these read the same snapshot
(``reports.documents.snapshot``), so they say what the PDF says: ``docx.to_docx`` and
``xlsx.to_xlsx``; this module holds what both share.

* ``to_docx(snapshot, approvals, *, kind=None) -> bytes`` for every kind: memo (with the
  approval blocks in chain order), plan, progress, results, tables, book, minutes;
* ``to_xlsx(snapshot, *, kind=None) -> bytes`` for the kinds with tables (plan, progress,
  results, tables, book, minutes): one sheet per table, header row frozen, widths, wrapping.

Thai in Word: Thai is a complex script, so Word takes its font from ``w:rFonts/@w:cs``, its size
from ``w:szCs`` and its bold from ``w:bCs``; every run and the document defaults set all of them
(``TH Sarabun New``, 16 pt, as the correspondence rules ask). Page numbers are a ``PAGE``
field with the ``\\* ThaiArabic`` switch ("- ๒ -") from page two; see ``docx`` for tables.
"""

from __future__ import annotations

from collections.abc import Iterable

from ita_portal import thai
from reports.documents.kinds import DOCX_KINDS, XLSX_KINDS  # noqa: F401 - for the exports

# Thai vowels and tone marks written above or below their consonant: they take no width.
_THAI_MARKS = frozenset(chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))


def wrapped_lines(text: str, per_line: float) -> int:
    """About how many lines ``text`` takes wrapped at ``per_line`` characters (a row's height
    in DOCX and XLSX)."""
    per_line = max(1, int(per_line))
    lines = 0
    for line in str(text or "").split("\n"):
        length = sum(1 for char in line if char not in _THAI_MARKS)
        lines += max(1, -(-length // per_line))
    return lines


class ExportError(Exception):
    """The kind has no such export (a memo has no tables)."""


def export_kind(snapshot: dict, kind: str | None, allowed: Iterable[str]) -> str:
    kind = kind or (snapshot.get("report") or {}).get("kind")
    if kind not in allowed:
        raise ExportError(f"ไม่มีไฟล์ส่งออกของเอกสารประเภท {kind!r}")
    return kind


def line_cells(line: dict) -> list:
    """An IIT/EIT line's indicator, approach, divisions and period (DOCX and XLSX)."""
    indicator = line.get("indicator") or {}
    instrument = f" ({indicator['instrument']})" if indicator.get("instrument") else ""
    return [
        f"ตัวชี้วัดที่ {indicator.get('number_text', '')} {indicator.get('title', '')}{instrument}",
        thai.thai_digits(line.get("approach", "")),
        line.get("divisions", []),
        line.get("period", ""),
    ]
