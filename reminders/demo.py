"""Demo reminders: นาทอน's digests of two days of the current fiscal year, in the portal only.

The days are fixed by the fiscal year (the Monday before the 6-month round's first lead day,
and that lead day), so ``load_demo`` run again stores nothing twice (one digest per person,
kind and day) and sends no e-mail.
"""

import datetime as dt

from django.utils import timezone

from ita_portal import thai
from organisations.models import Organisation

from .models import DEFAULT_LEAD_FAR
from .services import reminders_send


def demo_days(today: dt.date | None = None) -> list[dt.date]:
    year = thai.fiscal_year_of(today or timezone.localdate())
    lead_day = thai.round_bounds(year, thai.Round.SIX_MONTHS)[1] - dt.timedelta(
        days=DEFAULT_LEAD_FAR
    )
    monday = lead_day - dt.timedelta(days=lead_day.weekday())
    return sorted({monday, lead_day})


def load_demo_reminders() -> None:
    nathon = Organisation.objects.filter(slug="nathon").first()
    if nathon is None:
        return
    for day in demo_days():
        reminders_send(day=day, organisation_ids=[nathon.pk], deliver=False)
