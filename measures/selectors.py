"""Reads of the plan and its progress. Every function runs inside the organisation's scope;
list reads prefetch everything their page shows, so the number of queries does not grow
with the number of measures."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from ita_portal import thai
from organisations.enums import Role
from organisations.models import Division, FiscalYear, Membership

from .enums import AnalysisKind, ProgressStatus
from .models import (
    AnalysisPoint,
    IndicatorLine,
    Measure,
    MeasurePlan,
    MeasureStep,
    ProgressEntry,
    ProgressEvidence,
)


def plan_of_year(*, fiscal_year: FiscalYear) -> MeasurePlan | None:
    return MeasurePlan.objects.filter(fiscal_year=fiscal_year).first()


def plan_has_progress(*, plan: MeasurePlan) -> bool:
    """Whether a report (of any round) exists on the plan's steps or indicator lines."""
    return ProgressEntry.objects.filter(
        Q(step__measure__plan=plan) | Q(indicator_line__plan=plan)
    ).exists()


def analysis_of_plan(*, plan: MeasurePlan) -> list[AnalysisPoint]:
    """(๑) the weak points to fix urgently first, then (๒) the points to improve."""
    points = plan.analysis.select_related("indicator", "oit_item")
    return sorted(points, key=lambda p: (p.kind != AnalysisKind.URGENT, p.order, p.pk))


def _progress_prefetch(round_: int | None):
    entries = ProgressEntry.objects.select_related("updated_by").prefetch_related(
        Prefetch("evidence", queryset=ProgressEvidence.objects.order_by("effective_date", "pk"))
    )
    if round_ is not None:
        entries = entries.filter(round=round_)
    return Prefetch("progress", queryset=entries, to_attr="round_progress")


def plan_measures(*, plan: MeasurePlan, round_: int | None = None) -> list[Measure]:
    """The measures in order, each with ``steps`` (divisions, figures and, for ``round_``,
    ``round_progress``) and its indicator."""
    steps = MeasureStep.objects.prefetch_related(
        "divisions", "figures", _progress_prefetch(round_)
    ).order_by("order", "pk")
    return list(
        Measure.objects.filter(plan=plan)
        .select_related("indicator")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("order", "pk")
    )


def plan_indicator_lines(*, plan: MeasurePlan, round_: int | None = None) -> list[IndicatorLine]:
    return list(
        IndicatorLine.objects.filter(plan=plan)
        .select_related("indicator")
        .prefetch_related("divisions", _progress_prefetch(round_))
        .order_by("indicator__number", "pk")
    )


def _assigned(queryset: QuerySet, membership: Membership) -> QuerySet:
    if membership.role == Role.COORDINATOR:
        return queryset
    return queryset.filter(divisions__in=membership.divisions.all()).distinct()


def steps_visible_to(*, membership: Membership) -> QuerySet[MeasureStep]:
    """Steps a member may report on: all for the coordinator, their divisions' for staff,
    none for others."""
    if membership.role not in {Role.COORDINATOR, Role.STAFF}:
        return MeasureStep.objects.none()
    return _assigned(MeasureStep.objects.all(), membership)


def indicator_lines_visible_to(*, membership: Membership) -> QuerySet[IndicatorLine]:
    if membership.role not in {Role.COORDINATOR, Role.STAFF}:
        return IndicatorLine.objects.none()
    return _assigned(IndicatorLine.objects.all(), membership)


def assignments(
    *, plan: MeasurePlan, membership: Membership, round_: int
) -> tuple[list[Measure], list[IndicatorLine]]:
    """What ``membership`` reports on in ``round_``: measures holding only the member's own
    steps (in ``my_steps``), and the member's indicator lines."""
    followed = {"follow_up_6": True} if round_ == 6 else {"follow_up_12": True}
    steps = (
        steps_visible_to(membership=membership)
        .filter(measure__plan=plan, **followed)
        .prefetch_related("divisions", _progress_prefetch(round_))
        .order_by("order", "pk")
    )
    measures = (
        Measure.objects.filter(plan=plan, steps__in=steps)
        .distinct()
        .select_related("indicator")
        .prefetch_related(Prefetch("steps", queryset=steps, to_attr="my_steps"))
        .order_by("order", "pk")
    )
    lines = (
        indicator_lines_visible_to(membership=membership)
        .filter(plan=plan)
        .select_related("indicator")
        .prefetch_related("divisions", _progress_prefetch(round_))
        .order_by("indicator__number", "pk")
    )
    return list(measures), list(lines)


def step_is_overdue(step: MeasureStep, year: int, reported: bool, today=None) -> bool:
    """Past the end of the step's period with nothing reported."""
    today = today or timezone.localdate()
    end_year_be = thai.fiscal_month_year(year, step.end_month)
    month_end = thai.month_last_day(thai.ce_year(end_year_be), step.end_month)
    return not reported and today > month_end


@dataclass
class Tally:
    label: str
    total: int = 0
    reported: int = 0
    done: int = 0
    overdue: int = 0
    overdue_steps: list = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.reported / self.total) if self.total else 0

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_dashboard(*, plan: MeasurePlan, round_: int, today=None) -> dict:
    """Per measure and per division: steps that follow this round, how many are reported,
    done, and overdue. Two queries for the measures and steps, one for the divisions."""
    year = plan.fiscal_year.year
    measures = plan_measures(plan=plan, round_=round_)
    by_division: dict[int, Tally] = {}
    divisions = Division.objects.filter(organisation=plan.organisation)
    for division in divisions:
        by_division[division.pk] = Tally(division.name)
    per_measure = []
    overall = Tally("ทั้งหมด")
    for measure in measures:
        tally = Tally(measure.title)
        for step in measure.steps.all():
            if round_ not in step.rounds:
                continue
            entry = step.round_progress[0] if step.round_progress else None
            reported = bool(entry and entry.is_reported)
            done = bool(entry and entry.status == ProgressStatus.DONE)
            overdue = step_is_overdue(step, year, reported, today)
            targets = [tally, overall] + [by_division[d.pk] for d in step.divisions.all()]
            for target in targets:
                target.total += 1
                target.reported += reported
                target.done += done
                target.overdue += overdue
                if overdue:
                    target.overdue_steps.append((measure, step))
        if tally.total:
            per_measure.append((measure, tally))
    return {
        "overall": overall,
        "per_measure": per_measure,
        "per_measure_tallies": [tally for _measure, tally in per_measure],
        "per_division": [t for t in by_division.values() if t.total],
    }


def evidence_visible_to(*, membership: Membership) -> QuerySet[ProgressEvidence]:
    """ProgressEvidence a member may open: the coordinator and the executives all of it, staff
    what belongs to their divisions' steps and indicator lines."""
    evidence = ProgressEvidence.objects.all()
    if membership.role == Role.STAFF:
        mine = membership.divisions.all()
        evidence = evidence.filter(
            Q(progress__step__divisions__in=mine) | Q(progress__indicator_line__divisions__in=mine)
        ).distinct()
    return evidence
