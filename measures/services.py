"""Writes of the plan and its progress. Each function is one transaction; every change goes
through the model's save() so that django-simple-history records who changed what."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from ita_portal import thai, uploads
from ita_portal.errors import ServiceError
from organisations.models import Division, FiscalYear, User

from . import selectors
from .models import (
    AnalysisPoint,
    Indicator,
    IndicatorLine,
    IndicatorScore,
    Measure,
    MeasurePlan,
    MeasureStep,
    ProgressEntry,
    ProgressEvidence,
    ServiceTimeFigure,
)


class ProgressConflict(ServiceError):
    """Someone saved the entry after the form was opened. ``current`` is what they saved."""

    def __init__(self, current: ProgressEntry):
        who = current.updated_by.full_name if current.updated_by else "ผู้ใช้อื่น"
        super().__init__(
            f"{who} บันทึกผลการดำเนินการนี้ไปก่อนแล้ว ระหว่างที่ท่านแก้ไข "
            "ระบบยังไม่ได้บันทึกข้อความของท่าน กรุณาเทียบกับฉบับล่าสุดด้านล่าง "
            "แล้วกดบันทึกอีกครั้ง"
        )
        self.current = current


def plan_get_or_create(*, fiscal_year: FiscalYear) -> MeasurePlan:
    plan, _ = MeasurePlan.objects.get_or_create(
        fiscal_year=fiscal_year, defaults={"organisation": fiscal_year.organisation}
    )
    return plan


@transaction.atomic
def plan_results_save(
    *, plan: MeasurePlan, previous_score: Decimal | None, scores: dict[Indicator, Decimal | None]
) -> MeasurePlan:
    """Record last year's overall score and the score of each indicator (None removes it)."""
    plan.previous_score = previous_score
    plan.save(update_fields=["previous_score", "updated_at"])
    existing = {score.indicator_id: score for score in plan.scores.all()}
    for indicator, value in scores.items():
        row = existing.get(indicator.pk)
        if value is None:
            if row:
                row.delete()
        elif row is None:
            IndicatorScore.objects.create(
                organisation=plan.organisation, plan=plan, indicator=indicator, score=value
            )
        elif row.score != value:
            row.score = value
            row.save(update_fields=["score"])
    return plan


def _next_order(queryset) -> int:
    return (queryset.aggregate(top=Max("order"))["top"] or 0) + 1


def analysis_point_create(
    *, plan: MeasurePlan, kind: str, indicator: Indicator, text: str, oit_item=None
) -> AnalysisPoint:
    return AnalysisPoint.objects.create(
        organisation=plan.organisation,
        plan=plan,
        kind=kind,
        indicator=indicator,
        text=text,
        oit_item=oit_item,
        order=_next_order(plan.analysis.filter(kind=kind)),
    )


def analysis_point_update(*, point: AnalysisPoint, **fields) -> AnalysisPoint:
    for name, value in fields.items():
        setattr(point, name, value)
    point.save()
    return point


def _with_reason(obj, reason: str):
    """``obj`` whose next history rows say why it changed (django-simple-history's change
    reason, at most 100 characters; the history tables are append-only, so it is set before
    the save, never afterwards)."""
    if reason:
        obj._change_reason = reason[:100]
    return obj


def measure_create(
    *, plan: MeasurePlan, title: str, indicator: Indicator | None, issue: str = "", reason=""
) -> Measure:
    measure = Measure(
        organisation=plan.organisation,
        plan=plan,
        title=title,
        indicator=indicator,
        issue=issue,
        order=_next_order(plan.measures.all()),
    )
    _with_reason(measure, reason).save()
    return measure


def measure_update(*, measure: Measure, reason: str = "", **fields) -> Measure:
    for name, value in fields.items():
        setattr(measure, name, value)
    _with_reason(measure, reason).save()
    return measure


def plan_entry_delete(*, entry: Measure | MeasureStep | AnalysisPoint | IndicatorLine) -> None:
    """Remove a measure (with its steps and their progress), a step, a point of analysis or an
    indicator line from its plan; the history keeps what it was."""
    entry.delete()


@transaction.atomic
def step_create(
    *, measure: Measure, divisions: list[Division], reason: str = "", **fields
) -> MeasureStep:
    _check_period(fields["start_month"], fields["end_month"])
    step = MeasureStep(
        organisation=measure.organisation,
        measure=measure,
        order=_next_order(measure.steps.all()),
        **fields,
    )
    _with_reason(step, reason).save()
    step.divisions.set(divisions)
    return step


@transaction.atomic
def step_update(*, step: MeasureStep, divisions: list[Division], **fields) -> MeasureStep:
    _check_period(fields["start_month"], fields["end_month"])
    for name, value in fields.items():
        setattr(step, name, value)
    step.save()
    step.divisions.set(divisions)
    return step


def _check_period(start_month: int, end_month: int) -> None:
    if thai.fiscal_month_index(start_month) > thai.fiscal_month_index(end_month):
        raise ServiceError(
            "เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้นในปีงบประมาณ (ปีงบประมาณเริ่มเดือนตุลาคมและสิ้นสุดเดือนกันยายน)"
        )


def figure_create(*, step: MeasureStep, **fields) -> ServiceTimeFigure:
    return ServiceTimeFigure.objects.create(organisation=step.organisation, step=step, **fields)


def figure_delete(*, figure: ServiceTimeFigure) -> None:
    figure.delete()


@transaction.atomic
def indicator_line_save(
    *, line: IndicatorLine, divisions: list[Division], reason: str = ""
) -> IndicatorLine:
    _check_period(line.start_month, line.end_month)
    _with_reason(line, reason).save()
    line.divisions.set(divisions)
    return line


@transaction.atomic
def ordered_move(*, obj: Measure | MeasureStep, direction: str) -> None:
    """Swap ``obj`` with its neighbour above (``up``) or below (``down``) among its siblings;
    at either end nothing moves. The order is renumbered 1…n on the way."""
    siblings = list(
        (obj.plan.measures if isinstance(obj, Measure) else obj.measure.steps)
        .select_for_update()
        .order_by("order", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == obj.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for number, sibling in enumerate(siblings, start=1):
        if sibling.order != number:
            sibling.order = number
            sibling.save(update_fields=["order"])


@transaction.atomic
def plan_clear(*, plan: MeasurePlan, lines: bool, reason: str = "") -> None:
    """Remove the plan's measures with their steps (and, with ``lines``, its IIT/EIT lines),
    each removal in its history with ``reason``. The analysis and the scores stay.

    Raises ServiceError when progress has been reported on the plan: nothing is removed, so
    that no report is lost.
    """
    MeasurePlan.objects.select_for_update().filter(pk=plan.pk).first()
    if selectors.plan_has_progress(plan=plan):
        raise ServiceError(
            "แทนที่แผนนี้ไม่ได้ เพราะมีการรายงานผลการดำเนินการในแผนแล้ว "
            "ระบบจึงไม่ลบมาตรการเดิม เลือก “เพิ่มต่อจากมาตรการเดิม” แทนได้"
        )
    for step in MeasureStep.objects.filter(measure__plan=plan):
        _with_reason(step, reason).delete()
    for measure in plan.measures.all():
        _with_reason(measure, reason).delete()
    if lines:
        for line in plan.indicator_lines.all():
            _with_reason(line, reason).delete()


@transaction.atomic
def plan_copy_forward(*, source: MeasurePlan, target_year: FiscalYear) -> MeasurePlan:
    """Copy the analysis, measures, steps (with their divisions, periods, rounds and service
    figures) and indicator lines of ``source`` into the plan of ``target_year``. Progress and
    evidence are not copied: the new year starts unreported. Last year's scores are not
    copied either: they belong to the year they describe.

    Raises ServiceError when the target plan already has measures (nothing is overwritten).
    """
    target = plan_get_or_create(fiscal_year=target_year)
    if target.measures.exists() or target.indicator_lines.exists():
        raise ServiceError(
            f"แผนมาตรการปีงบประมาณ พ.ศ. {thai.thai_digits(target_year.year)} มีมาตรการอยู่แล้ว "
            "ระบบจะคัดลอกเฉพาะไปยังแผนที่ยังว่างอยู่ เพื่อไม่ให้ทับข้อมูลที่มีอยู่"
        )
    organisation = target.organisation
    target.introduction = source.introduction
    target.save(update_fields=["introduction", "updated_at"])
    for point in source.analysis.select_related("oit_item"):
        # An OIT item belongs to one framework: the link survives only into the same one.
        same_framework = point.oit_item and point.oit_item.framework_id == target_year.framework_id
        AnalysisPoint.objects.create(
            organisation=organisation,
            plan=target,
            kind=point.kind,
            indicator=point.indicator,
            text=point.text,
            oit_item=point.oit_item if same_framework else None,
            order=point.order,
        )
    for measure in source.measures.prefetch_related("steps__divisions", "steps__figures"):
        new_measure = Measure.objects.create(
            organisation=organisation,
            plan=target,
            order=measure.order,
            title=measure.title,
            indicator=measure.indicator,
            issue=measure.issue,
        )
        for step in measure.steps.all():
            new_step = MeasureStep.objects.create(
                organisation=organisation,
                measure=new_measure,
                order=step.order,
                text=step.text,
                start_month=step.start_month,
                end_month=step.end_month,
                follow_up_6=step.follow_up_6,
                follow_up_12=step.follow_up_12,
            )
            new_step.divisions.set(step.divisions.all())
            for figure in step.figures.all():
                figure.pk = None
                figure.step = new_step
                figure.save()
    for line in source.indicator_lines.prefetch_related("divisions"):
        new_line = IndicatorLine.objects.create(
            organisation=organisation,
            plan=target,
            indicator=line.indicator,
            approach=line.approach,
            start_month=line.start_month,
            end_month=line.end_month,
        )
        new_line.divisions.set(line.divisions.all())
    return target


PROGRESS_FIELDS = ("status", "output", "outcome", "suggestion", "remark")


def progress_report(
    *,
    target: MeasureStep | IndicatorLine,
    round_: int,
    expected_version: int,
    user: User,
    fields: dict,
    evidence_file: UploadedFile | None = None,
    file_caption: str = "",
    evidence_url: str = "",
    link_caption: str = "",
    effective_date: dt.date | None = None,
) -> ProgressEntry:
    """What a person reports in one submit of the progress form: the round's text and, with it,
    a file and a link of evidence, all or nothing (a file written before a failing commit is
    removed again). Raises ProgressConflict, or ValidationError for a refused file."""
    with uploads.atomic_with_files():
        entry = progress_save(
            target=target, round_=round_, expected_version=expected_version, user=user, **fields
        )
        if evidence_file:
            evidence_add_file(
                progress=entry,
                upload=evidence_file,
                caption=file_caption,
                effective_date=effective_date,
                user=user,
            )
        if evidence_url:
            evidence_add_link(
                progress=entry,
                url=evidence_url,
                caption=link_caption,
                effective_date=effective_date,
                user=user,
            )
    return entry


@transaction.atomic
def progress_save(
    *,
    target: MeasureStep | IndicatorLine,
    round_: int,
    expected_version: int,
    user: User,
    status: str,
    output: str,
    outcome: str,
    suggestion: str,
    remark: str,
) -> ProgressEntry:
    """Save the round's report of a step or indicator line.

    ``expected_version`` is the version the form was opened at (0 for a new entry). When the
    entry has moved on since, nothing is saved and ProgressConflict carries the current entry.
    """
    link = {"step": target} if isinstance(target, MeasureStep) else {"indicator_line": target}
    entry = ProgressEntry.objects.select_for_update().filter(
        round=round_, **link
    ).first() or ProgressEntry(organisation=target.organisation, round=round_, **link)
    if entry.version != expected_version:
        raise ProgressConflict(entry)
    entry.status = status
    entry.output = output
    entry.outcome = outcome
    entry.suggestion = suggestion
    entry.remark = remark
    entry.updated_by = user
    entry.version += 1
    entry.save()
    return entry


def progress_entry_get_or_create(
    *, target: MeasureStep | IndicatorLine, round_: int
) -> ProgressEntry:
    link = {"step": target} if isinstance(target, MeasureStep) else {"indicator_line": target}
    entry, _ = ProgressEntry.objects.get_or_create(
        round=round_, **link, defaults={"organisation": target.organisation}
    )
    return entry


@uploads.atomic_with_files()
def evidence_add_file(
    *,
    progress: ProgressEntry,
    upload: UploadedFile,
    caption: str,
    effective_date: dt.date,
    user: User,
) -> ProgressEvidence:
    """Check the file by its content, store it under a name of ours (images re-encoded
    without metadata, with a thumbnail) and attach it to the round's report.

    Raises ValidationError (Thai) for a file that is too large, empty or not what it claims,
    and when the media disk is full. The files are written before the row; if the transaction
    does not commit, they are removed again (``uploads.atomic_with_files``).
    """
    kind = uploads.validate_upload(upload)
    evidence = ProgressEvidence(
        organisation=progress.organisation,
        progress=progress,
        kind="file",
        caption=caption,
        effective_date=effective_date,
        original_name=upload.name[:255],
        content_type=kind.content_type,
        uploaded_by=user,
    )
    uploads.store_evidence(evidence, upload, kind)
    evidence.save()
    return evidence


def evidence_add_link(
    *, progress: ProgressEntry, url: str, caption: str, effective_date: dt.date, user: User
) -> ProgressEvidence:
    return ProgressEvidence.objects.create(
        organisation=progress.organisation,
        progress=progress,
        kind="link",
        url=url,
        caption=caption,
        effective_date=effective_date,
        uploaded_by=user,
    )


@transaction.atomic
def evidence_delete(*, evidence: ProgressEvidence) -> None:
    """Remove the evidence row, and its files once the deletion is committed."""
    files = [f.name for f in (evidence.file, evidence.thumbnail) if f]
    storage = evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
