"""Reads of plan imports. Every function runs inside the organisation's scope."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from organisations.models import Division, FiscalYear, Organisation

from ..enums import ImportStatus
from ..models import Indicator, PlanImport
from .divisions import DivisionMatcher
from .drafts import Reading
from .interpret import interpret

IMPORT_LIFETIME = dt.timedelta(days=1)


def plan_imports() -> QuerySet[PlanImport]:
    """The imports of the organisation that are not yet a day old (older ones are gone for
    the visitor even before the worker removes them)."""
    return PlanImport.objects.filter(created_at__gt=timezone.now() - IMPORT_LIFETIME)


def plan_imports_waiting(*, fiscal_year: FiscalYear) -> list[PlanImport]:
    """Imports of the year that wait for the coordinator (being read or read), newest first."""
    return list(
        plan_imports()
        .filter(fiscal_year=fiscal_year)
        .exclude(status=ImportStatus.REFUSED)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
    )


def division_matcher(*, organisation: Organisation) -> DivisionMatcher:
    """The organisation's active divisions, in their order, to match responsible texts."""
    divisions = Division.objects.filter(organisation=organisation, is_active=True).order_by(
        "order", "name"
    )
    return DivisionMatcher(
        [(d.pk, d.name) for d in divisions],
        [organisation.name, organisation.short_name],
    )


def indicator_titles() -> dict[int, str]:
    return dict(Indicator.objects.values_list("number", "title"))


def plan_import_reading(
    *,
    document: dict,
    organisation: Organisation,
    mapping: dict | None = None,
    matcher: DivisionMatcher | None = None,
) -> Reading:
    """What ``document`` says as a plan of ``organisation``, with ``mapping`` of its columns."""
    return interpret(
        document,
        matcher=matcher or division_matcher(organisation=organisation),
        mapping=mapping,
        indicator_titles=indicator_titles(),
    )
