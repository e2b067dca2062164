"""The content of the minutes report (ReportKind.MINUTES) as JSON-able data.

``minutes_content(report)`` prints the fiscal year's latest meeting (see
``minutes_services.meeting_latest``); ``meeting_content(meeting)`` is the same for one given
meeting. Display texts are already in Thai digits (``*_text``) so that the PDF and the DOCX
print the same words. Works on an unsaved Report (reads ``organisation`` and ``fiscal_year``).
A fixed number of queries, whatever the number of attendees or deficiencies.
"""

from __future__ import annotations

import datetime as dt

from ita_portal import thai
from reports.models.minutes import AGENDA, DEFICIENCY_AGENDA, AttendeeKind, Meeting

WEEKDAYS = ("จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์")


def weekday_date_text(value: dt.date) -> str:
    """วันอังคารที่ ๙ กุมภาพันธ์ ๒๕๖๔"""
    return f"วัน{WEEKDAYS[value.weekday()]}ที่ {thai.thai_date(value)}"


def time_text(value: dt.time | None) -> str:
    """๐๙.๓๐ น."""
    if value is None:
        return ""
    return thai.thai_digits(f"{value:%H.%M}") + " น."


def _paragraphs(text: str) -> list[str]:
    """Paragraphs separated by an empty line; single line breaks stay inside a paragraph."""
    text = (text or "").replace("\r\n", "\n")
    return [thai.thai_digits(p.strip()) for p in text.split("\n\n") if p.strip()]


def _empty(report) -> dict:
    year = report.fiscal_year.year
    return {
        "has_meeting": False,
        "fiscal_year": year,
        "fiscal_year_text": thai.thai_digits(year),
        "title": "",
        "number_text": "",
        "date": None,
        "date_text": "",
        "start_time_text": "",
        "place": "",
        "chair": {"name": "", "position": ""},
        "attendees": [],
        "agenda": [],
        "deficiency_agenda": DEFICIENCY_AGENDA,
        "deficiencies": [],
        "closing_time_text": "",
        "recorder": {"name": "", "position": ""},
        "checker": {"name": "", "position": ""},
    }


def meeting_content(meeting: Meeting) -> dict:
    """What the minutes print for ``meeting``; the caller is inside its organisation's scope."""
    year = meeting.fiscal_year.year
    attendees = list(meeting.attendees.all())
    lists = []
    for kind in AttendeeKind:
        people = [a for a in attendees if a.kind == kind]
        if not people and kind != AttendeeKind.PRESENT:
            continue  # ผู้ไม่มาประชุม / ผู้เข้าร่วมประชุม print only when there are some
        lists.append(
            {
                "kind": kind.value,
                "title": str(kind.label),
                "people": [
                    {
                        "number_text": thai.thai_digits(index),
                        "name": person.name,
                        "position": thai.thai_digits(person.position),
                        "note": thai.thai_digits(person.note),
                    }
                    for index, person in enumerate(people, start=1)
                ],
            }
        )
    deficiencies = [
        {
            "number_text": thai.thai_digits(index),
            "item_label": thai.thai_digits(d.item_label),
            "item_number": d.item.number if d.item_id else "",
            "problem": thai.thai_digits(d.problem),
            "division": d.division.name,
            "deadline": d.deadline.isoformat(),
            "deadline_text": thai.thai_date(d.deadline),
        }
        for index, d in enumerate(
            meeting.deficiencies.select_related("item", "division").order_by("order", "pk"),
            start=1,
        )
    ]
    agenda = [
        {
            "number": number,
            "number_text": thai.thai_digits(number),
            "heading": heading,
            "paragraphs": _paragraphs(getattr(meeting, f"agenda_{number}")),
            "after_paragraphs": _paragraphs(
                meeting.agenda_4_after if number == DEFICIENCY_AGENDA else ""
            ),
            "resolution": thai.thai_digits(getattr(meeting, f"resolution_{number}")),
            "has_deficiencies": number == DEFICIENCY_AGENDA and bool(deficiencies),
        }
        for number, heading in AGENDA
    ]
    return {
        "has_meeting": True,
        "fiscal_year": year,
        "fiscal_year_text": thai.thai_digits(year),
        "title": thai.thai_digits(meeting.title),
        "number_text": thai.thai_digits(meeting.number),
        "date": meeting.date.isoformat(),
        "date_text": weekday_date_text(meeting.date),
        "start_time_text": time_text(meeting.start_time),
        "place": thai.thai_digits(meeting.place),
        "chair": {"name": meeting.chair_name, "position": thai.thai_digits(meeting.chair_position)},
        "attendees": lists,
        "agenda": agenda,
        "deficiency_agenda": DEFICIENCY_AGENDA,
        "deficiencies": deficiencies,
        "closing_time_text": time_text(meeting.closing_time),
        "recorder": {
            "name": meeting.recorder_name,
            "position": thai.thai_digits(meeting.recorder_position),
        },
        "checker": {
            "name": meeting.checker_name,
            "position": thai.thai_digits(meeting.checker_position),
        },
    }


def minutes_content(report) -> dict:
    """รายงานการประชุม: the report's fiscal year's latest meeting, or an empty shell."""
    from reports.minutes.services import meeting_latest

    meeting = meeting_latest(fiscal_year=report.fiscal_year)
    if meeting is None:
        return _empty(report)
    return meeting_content(meeting)
