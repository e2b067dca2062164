"""Writes and reads of the preparation meetings (see ``reports.models.minutes``)."""

from __future__ import annotations

from django.db import transaction

from oit_checklist.enums import agency_type_of
from oit_checklist.models import Framework
from oit_checklist.selectors import framework_newest
from organisations.models import FiscalYear, Organisation
from reports.models.minutes import Meeting, MeetingAttendee, MeetingDeficiency

# The meeting's own fields that the coordinator fills, in the form's order.
MEETING_FIELDS = (
    "title",
    "number",
    "date",
    "start_time",
    "place",
    "chair_name",
    "chair_position",
    "agenda_1",
    "resolution_1",
    "agenda_2",
    "resolution_2",
    "agenda_3",
    "resolution_3",
    "agenda_4",
    "agenda_4_after",
    "resolution_4",
    "agenda_5",
    "resolution_5",
    "closing_time",
    "recorder_name",
    "recorder_position",
    "checker_name",
    "checker_position",
)


def meeting_framework(*, fiscal_year: FiscalYear) -> Framework | None:
    """The OIT framework whose items the deficiencies are picked from: the fiscal year's own,
    else the newest published one of the organisation's agency type (a year not yet set up
    for OIT)."""
    if fiscal_year.framework_id:
        return fiscal_year.framework
    return framework_newest(agency_type=agency_type_of(fiscal_year.organisation.kind))


def meeting_latest(*, fiscal_year: FiscalYear) -> Meeting | None:
    """The fiscal year's latest meeting (by date, then time): the one the minutes report prints."""
    return (
        Meeting.objects.filter(fiscal_year=fiscal_year)
        .order_by("-date", "-start_time", "-pk")
        .first()
    )


@transaction.atomic
def meeting_save(
    *,
    organisation: Organisation,
    fiscal_year: FiscalYear,
    meeting: Meeting | None,
    fields: dict,
    attendees: dict[str, list[dict]],
    deficiencies: list[dict],
) -> Meeting:
    """Create or update a meeting with its three attendee lists and its deficiencies.

    ``fields`` holds the meeting's own fields (MEETING_FIELDS); ``attendees`` maps an
    AttendeeKind to rows of name/position/note; ``deficiencies`` are rows of item/item_text/
    problem/division/deadline. The lists replace what the meeting had, in the order given.
    Runs in one transaction; the caller is inside the organisation's scope.
    """
    if meeting is None:
        meeting = Meeting(organisation=organisation, fiscal_year=fiscal_year)
    for name in MEETING_FIELDS:
        if name in fields:
            setattr(meeting, name, fields[name])
    meeting.save()

    meeting.attendees.all().delete()
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(
            organisation=organisation,
            meeting=meeting,
            kind=kind,
            order=order,
            name=row["name"].strip(),
            position=row["position"].strip(),
            note=row.get("note", "").strip(),
        )
        for kind, rows in attendees.items()
        for order, row in enumerate(rows, start=1)
    )
    meeting.deficiencies.all().delete()
    MeetingDeficiency.objects.bulk_create(
        MeetingDeficiency(
            organisation=organisation,
            meeting=meeting,
            order=order,
            item=row.get("item"),
            item_text=row.get("item_text", "").strip(),
            problem=row["problem"].strip(),
            division=row["division"],
            deadline=row["deadline"],
        )
        for order, row in enumerate(deficiencies, start=1)
    )
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: Meeting) -> None:
    meeting.delete()
