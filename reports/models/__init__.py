"""The reports app's models: the approval workflow (``workflow``) and the preparation meetings
of the minutes (``minutes``). Everything is imported from ``reports.models``."""

from reports.models.minutes import AttendeeKind, Meeting, MeetingAttendee, MeetingDeficiency
from reports.models.workflow import (
    ApprovalChain,
    ChainStep,
    Decision,
    DocumentNumber,
    Memo,
    Notification,
    Report,
    ReportEvent,
)

__all__ = [
    "ApprovalChain",
    "AttendeeKind",
    "ChainStep",
    "Decision",
    "DocumentNumber",
    "Meeting",
    "MeetingAttendee",
    "MeetingDeficiency",
    "Memo",
    "Notification",
    "Report",
    "ReportEvent",
]
