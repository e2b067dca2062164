"""The plan editor (coordinator), progress reporting (division staff) and the progress
dashboard (everyone in the organisation). The tenancy middleware has checked the membership
and opened the scope; every object is looked up through its scoped manager."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ita_portal import thai, uploads
from ita_portal.errors import ServiceError
from ita_portal.once import once_per_form
from ita_portal.permissions import can, require
from organisations.models import FiscalYear

from . import selectors, services
from .enums import ProgressStatus, RoundChoice
from .forms import (
    AnalysisPointForm,
    FigureForm,
    IndicatorLineForm,
    MeasureForm,
    ProgressForm,
    ResultsForm,
    StepForm,
)
from .models import (
    AnalysisPoint,
    Indicator,
    IndicatorLine,
    Measure,
    MeasureStep,
    ServiceTimeFigure,
)
from .plan_import import selectors as import_selectors


def _fiscal_year(year: int) -> FiscalYear:
    return get_object_or_404(FiscalYear.objects.all(), year=year)


def _years() -> list[FiscalYear]:
    return list(FiscalYear.objects.order_by("year"))


def _plan_url(request, year: int) -> str:
    return reverse("measures:plan", kwargs={"org": request.organisation.slug, "year": year})


def _round(request) -> int:
    """The round named by ``?round=``; 6 when absent; 404 for anything else."""
    raw = request.GET.get("round", "6")
    if raw not in {"6", "12"}:
        raise Http404
    return int(raw)


@require_safe
def plan_detail(request, org, year):
    fiscal_year = _fiscal_year(year)
    plan = selectors.plan_of_year(fiscal_year=fiscal_year)
    previous = FiscalYear.objects.filter(year=year - 1).first()
    previous_plan = previous and selectors.plan_of_year(fiscal_year=previous)
    context = {
        "fiscal_year": fiscal_year,
        "plan": plan,
        "measures": selectors.plan_measures(plan=plan) if plan else [],
        "indicator_lines": selectors.plan_indicator_lines(plan=plan) if plan else [],
        "analysis": selectors.analysis_of_plan(plan=plan) if plan else [],
        "scores": list(plan.scores.select_related("indicator")) if plan else [],
        "can_edit": can(request, "measures.edit_plan"),
        "can_copy_forward": bool(previous_plan and previous_plan.measures.exists())
        and not (plan and plan.measures.exists()),
        "previous_year": previous,
        "years": _years(),
    }
    if context["can_edit"]:
        context["imports_waiting"] = import_selectors.plan_imports_waiting(fiscal_year=fiscal_year)
    # The three lowest indicator scores are the ones to fix first.
    context["weak_ids"] = {s.pk for s in sorted(context["scores"], key=lambda s: s.score)[:3]}
    return render(request, "measures/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def results_edit(request, org, year):
    require(request, "measures.edit_plan")
    fiscal_year = _fiscal_year(year)
    plan = services.plan_get_or_create(fiscal_year=fiscal_year)
    indicators = list(Indicator.objects.all())
    initial = {"previous_score": plan.previous_score} | {
        f"score_{s.indicator.number}": s.score for s in plan.scores.select_related("indicator")
    }
    form = ResultsForm(request.POST or None, initial=initial, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        services.plan_results_save(
            plan=plan,
            previous_score=form.cleaned_data["previous_score"],
            scores=form.scores(),
        )
        messages.success(request, "บันทึกผลการประเมิน ITA ของปีที่ผ่านมาแล้ว")
        return redirect(_plan_url(request, year))
    return render(
        request,
        "measures/results_form.html",
        {"form": form, "fiscal_year": fiscal_year, "plan": plan},
    )


def _object_form(
    request, *, form, fiscal_year, title, save, delete_url=None, history=None, extra=None
):
    """The shared page of the plan editor's small forms: validate, save, back to the plan."""
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            save(form)
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "บันทึกแล้ว")
            return redirect(_plan_url(request, fiscal_year.year))
    context = {
        "form": form,
        "fiscal_year": fiscal_year,
        "title": title,
        "delete_url": delete_url,
        "history": history,
        **(extra or {}),
    }
    return render(request, "measures/object_form.html", context)


def _history(obj) -> list:
    return list(obj.history.select_related("history_user").order_by("-history_date")[:20])


@require_http_methods(["GET", "POST"])
@once_per_form
def analysis_add(request, org, year):
    require(request, "measures.edit_plan")
    fiscal_year = _fiscal_year(year)
    form = AnalysisPointForm(request.POST or None, framework=fiscal_year.framework)

    def save(form):
        plan = services.plan_get_or_create(fiscal_year=fiscal_year)
        services.analysis_point_create(plan=plan, **form.cleaned_data)

    return _object_form(
        request, form=form, fiscal_year=fiscal_year, title="เพิ่มประเด็นการวิเคราะห์", save=save
    )


@require_http_methods(["GET", "POST"])
def analysis_edit(request, org, analysispoint):
    require(request, "measures.edit_plan")
    point = get_object_or_404(
        AnalysisPoint.objects.select_related("plan__fiscal_year__framework"), pk=analysispoint
    )
    form = AnalysisPointForm(
        request.POST or None, instance=point, framework=point.plan.fiscal_year.framework
    )
    return _object_form(
        request,
        form=form,
        fiscal_year=point.plan.fiscal_year,
        title="แก้ไขประเด็นการวิเคราะห์",
        save=lambda form: services.analysis_point_update(point=point, **form.cleaned_data),
        delete_url=reverse("measures:analysis_delete", args=[org, point.pk]),
        history=_history(point),
    )


@require_http_methods(["GET", "POST"])
@once_per_form
def measure_add(request, org, year):
    require(request, "measures.edit_plan")
    fiscal_year = _fiscal_year(year)
    form = MeasureForm(request.POST or None)

    def save(form):
        plan = services.plan_get_or_create(fiscal_year=fiscal_year)
        services.measure_create(plan=plan, **form.cleaned_data)

    return _object_form(request, form=form, fiscal_year=fiscal_year, title="เพิ่มมาตรการ", save=save)


@require_http_methods(["GET", "POST"])
def measure_edit(request, org, measure):
    require(request, "measures.edit_plan")
    measure = get_object_or_404(Measure.objects.select_related("plan__fiscal_year"), pk=measure)
    form = MeasureForm(request.POST or None, instance=measure)
    return _object_form(
        request,
        form=form,
        fiscal_year=measure.plan.fiscal_year,
        title="แก้ไขมาตรการ",
        save=lambda form: services.measure_update(measure=measure, **form.cleaned_data),
        delete_url=reverse("measures:measure_delete", args=[org, measure.pk]),
        history=_history(measure),
    )


@require_http_methods(["GET", "POST"])
@once_per_form
def step_add(request, org, measure):
    require(request, "measures.edit_plan")
    measure = get_object_or_404(Measure.objects.select_related("plan__fiscal_year"), pk=measure)
    form = StepForm(request.POST or None, organisation=request.organisation)

    def save(form):
        data = dict(form.cleaned_data)
        services.step_create(measure=measure, divisions=list(data.pop("divisions")), **data)

    return _object_form(
        request,
        form=form,
        fiscal_year=measure.plan.fiscal_year,
        title=f"เพิ่มขั้นตอนของมาตรการ “{measure.title}”",
        save=save,
    )


def _step_edit_page(request, step, *, form=None, figure_form=None):
    org = request.organisation.slug
    form = form or StepForm(
        request.POST if request.method == "POST" and figure_form is None else None,
        instance=step,
        organisation=request.organisation,
    )

    def save(form):
        data = dict(form.cleaned_data)
        services.step_update(step=step, divisions=list(data.pop("divisions")), **data)

    return _object_form(
        request,
        form=form,
        fiscal_year=step.measure.plan.fiscal_year,
        title="แก้ไขขั้นตอน",
        save=save,
        delete_url=reverse("measures:step_delete", args=[org, step.pk]),
        history=_history(step),
        extra={
            "figures": step.figures.all(),
            "figure_form": figure_form or FigureForm(),
            "figure_action": reverse("measures:figure_add", args=[org, step.pk]),
        },
    )


@require_http_methods(["GET", "POST"])
def step_edit(request, org, measurestep):
    require(request, "measures.edit_plan")
    step = get_object_or_404(
        MeasureStep.objects.select_related("measure__plan__fiscal_year"), pk=measurestep
    )
    return _step_edit_page(request, step)


@require_POST
@once_per_form
def figure_add(request, org, measurestep):
    require(request, "measures.edit_plan")
    step = get_object_or_404(
        MeasureStep.objects.select_related("measure__plan__fiscal_year"), pk=measurestep
    )
    figure_form = FigureForm(request.POST)
    if not figure_form.is_valid():
        form = StepForm(instance=step, organisation=request.organisation)
        return _step_edit_page(request, step, form=form, figure_form=figure_form)
    services.figure_create(step=step, **figure_form.cleaned_data)
    messages.success(request, "บันทึกตัวเลขเวลาให้บริการแล้ว")
    return redirect("measures:step_edit", org=org, measurestep=step.pk)


@require_POST
def figure_delete(request, org, servicetimefigure):
    require(request, "measures.edit_plan")
    figure = get_object_or_404(ServiceTimeFigure.objects.all(), pk=servicetimefigure)
    step_pk = figure.step_id
    services.figure_delete(figure=figure)
    messages.success(request, "ลบตัวเลขเวลาให้บริการแล้ว")
    return redirect("measures:step_edit", org=org, measurestep=step_pk)


@require_http_methods(["GET", "POST"])
@once_per_form
def indicator_line_add(request, org, year):
    require(request, "measures.edit_plan")
    fiscal_year = _fiscal_year(year)
    form = IndicatorLineForm(request.POST or None, organisation=request.organisation)

    def save(form):
        line = form.save(commit=False)
        line.plan = services.plan_get_or_create(fiscal_year=fiscal_year)
        line.organisation = request.organisation
        services.indicator_line_save(line=line, divisions=list(form.cleaned_data["divisions"]))

    return _object_form(
        request, form=form, fiscal_year=fiscal_year, title="เพิ่มแนวทางตามตัวชี้วัด", save=save
    )


@require_http_methods(["GET", "POST"])
def indicator_line_edit(request, org, indicatorline):
    require(request, "measures.edit_plan")
    line = get_object_or_404(
        IndicatorLine.objects.select_related("plan__fiscal_year"), pk=indicatorline
    )
    form = IndicatorLineForm(request.POST or None, instance=line, organisation=request.organisation)

    def save(form):
        services.indicator_line_save(
            line=form.save(commit=False), divisions=list(form.cleaned_data["divisions"])
        )

    return _object_form(
        request,
        form=form,
        fiscal_year=line.plan.fiscal_year,
        title="แก้ไขแนวทางตามตัวชี้วัด",
        save=save,
        delete_url=reverse("measures:indicator_line_delete", args=[org, line.pk]),
        history=_history(line),
    )


def _delete(request, model, pk, what: str, consequence: str):
    """GET asks first (templates/confirm.html: what goes, with what); POST deletes."""
    require(request, "measures.edit_plan")
    obj = get_object_or_404(model.objects.all(), pk=pk)
    year = obj.plan.fiscal_year.year
    if request.method == "GET":
        plan_url = _plan_url(request, year)
        return render(
            request,
            "confirm.html",
            {
                "title": f"ลบ{what}นี้หรือไม่",
                "back_label": f"แผนมาตรการ พ.ศ. {thai.thai_digits(year)}",
                "details": [(what, str(obj))],
                "consequence": consequence,
                "notified": "ไม่มีการแจ้งเตือนผู้ใด ประวัติการแก้ไขยังเก็บสิ่งที่ลบไว้",
                "button": f"ลบ{what}",
                "action_url": request.path,
                "cancel_url": plan_url,
            },
        )
    services.plan_entry_delete(entry=obj)
    messages.success(request, f"ลบ{what}แล้ว")
    return redirect(_plan_url(request, year))


@require_http_methods(["GET", "POST"])
def analysis_delete(request, org, analysispoint):
    return _delete(
        request,
        AnalysisPoint,
        analysispoint,
        "ประเด็นการวิเคราะห์",
        "ประเด็นนี้จะหายจากผลการวิเคราะห์ของแผน",
    )


@require_http_methods(["GET", "POST"])
def measure_delete(request, org, measure):
    return _delete(
        request,
        Measure,
        measure,
        "มาตรการ",
        "มาตรการนี้จะถูกลบพร้อมขั้นตอนทั้งหมด ผลการดำเนินการและหลักฐานที่ส่วนราชการรายงานไว้",
    )


@require_http_methods(["GET", "POST"])
def step_delete(request, org, measurestep):
    return _delete(
        request,
        MeasureStep,
        measurestep,
        "ขั้นตอน",
        "ขั้นตอนนี้จะถูกลบพร้อมผลการดำเนินการและหลักฐานที่ส่วนราชการรายงานไว้",
    )


@require_http_methods(["GET", "POST"])
def indicator_line_delete(request, org, indicatorline):
    return _delete(
        request,
        IndicatorLine,
        indicatorline,
        "แนวทางตามตัวชี้วัด",
        "แนวทางนี้จะถูกลบพร้อมผลการดำเนินการที่รายงานไว้",
    )


def _move(request, model, pk):
    require(request, "measures.edit_plan")
    obj = get_object_or_404(model.objects.all(), pk=pk)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        raise Http404
    services.ordered_move(obj=obj, direction=direction)
    year = obj.plan.fiscal_year.year
    return redirect(f"{_plan_url(request, year)}#{obj._meta.model_name}-{pk}")


@require_POST
def measure_move(request, org, measure):
    return _move(request, Measure, measure)


@require_POST
def step_move(request, org, measurestep):
    return _move(request, MeasureStep, measurestep)


@require_POST
@once_per_form
def plan_copy_forward(request, org, year):
    require(request, "measures.edit_plan")
    target = _fiscal_year(year)
    source_year = get_object_or_404(FiscalYear.objects.all(), year=year - 1)
    source = selectors.plan_of_year(fiscal_year=source_year)
    if source is None:
        messages.error(request, "ปีงบประมาณที่แล้วยังไม่มีแผนมาตรการให้คัดลอก")
    else:
        try:
            services.plan_copy_forward(source=source, target_year=target)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"คัดลอกแผนมาตรการจากปีงบประมาณ พ.ศ. {thai.thai_digits(year - 1)} แล้ว "
                "ตรวจทานและแก้ไขให้ตรงกับปีนี้ได้เลย",
            )
    return redirect(_plan_url(request, year))


# Progress ---------------------------------------------------------------------------------


@require_safe
def progress_list(request, org, year):
    fiscal_year = _fiscal_year(year)
    round_ = _round(request)
    plan = selectors.plan_of_year(fiscal_year=fiscal_year)
    measures, lines = (
        selectors.assignments(plan=plan, membership=request.membership, round_=round_)
        if plan
        else ([], [])
    )
    context = {
        "fiscal_year": fiscal_year,
        "plan": plan,
        "round": round_,
        "round_label": RoundChoice(round_).label,
        "round_choices": RoundChoice.choices,
        "measures": measures,
        "indicator_lines": lines,
        "years": _years(),
    }
    return render(request, "measures/progress_list.html", context)


def _progress_target(request, model, pk):
    """The step or indicator line, if the member may report on it; 404 otherwise, so that
    staff of another division learn nothing about it."""
    visible = (
        selectors.steps_visible_to(membership=request.membership)
        if model is MeasureStep
        else selectors.indicator_lines_visible_to(membership=request.membership)
    )
    related = "measure__plan__fiscal_year" if model is MeasureStep else "plan__fiscal_year"
    return get_object_or_404(visible.select_related(related), pk=pk)


def _progress_edit(request, target, plan):
    round_ = _round(request)
    if isinstance(target, MeasureStep) and round_ not in target.rounds:
        raise Http404  # the plan does not follow this step in that round
    entry = target.progress.filter(round=round_).select_related("updated_by").first()
    initial = {"version": entry.version if entry else 0, "status": ProgressStatus.NOT_STARTED}
    if entry:
        initial |= {name: getattr(entry, name) for name in services.PROGRESS_FIELDS}
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        fiscal_year=plan.fiscal_year.year,
        user_id=request.user.pk,
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.progress_report(
                target=target,
                round_=round_,
                expected_version=data["version"],
                user=request.user,
                fields={name: data[name] for name in services.PROGRESS_FIELDS},
                evidence_file=data["evidence_file"],
                file_caption=data["file_caption"],
                evidence_url=data["evidence_url"],
                link_caption=data["link_caption"],
                effective_date=data["effective_date"],
            )
        except services.ProgressConflict as error:
            conflict = error.current
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error("evidence_file", error)
        else:
            form.forget_kept_file()
            messages.success(request, f"บันทึกผลการดำเนินการ{RoundChoice(round_).label}แล้ว")
            return redirect(request.get_full_path())
    if request.method == "POST":
        form.keep_chosen_file()  # a browser cannot put a chosen file back in the form
    context = {
        "form": form,
        "target": target,
        "plan": plan,
        "fiscal_year": plan.fiscal_year,
        "round": round_,
        "round_label": RoundChoice(round_).label,
        "round_choices": RoundChoice.choices,
        "entry": entry,
        "conflict": conflict,
        "evidence": list(entry.evidence.select_related("uploaded_by")) if entry else [],
        "history": _history(entry) if entry else [],
    }
    return render(request, "measures/progress_form.html", context)


@require_http_methods(["GET", "POST"])
def progress_step(request, org, measurestep):
    step = _progress_target(request, MeasureStep, measurestep)
    return _progress_edit(request, step, step.measure.plan)


@require_http_methods(["GET", "POST"])
def progress_indicator_line(request, org, indicatorline):
    line = _progress_target(request, IndicatorLine, indicatorline)
    return _progress_edit(request, line, line.plan)


@require_safe
def progress_dashboard(request, org, year):
    fiscal_year = _fiscal_year(year)
    round_ = _round(request)
    plan = selectors.plan_of_year(fiscal_year=fiscal_year)
    context = {
        "fiscal_year": fiscal_year,
        "plan": plan,
        "round": round_,
        "round_label": RoundChoice(round_).label,
        "round_choices": RoundChoice.choices,
        "stats": selectors.progress_dashboard(plan=plan, round_=round_) if plan else None,
        "years": _years(),
    }
    return render(request, "measures/progress_dashboard.html", context)


# ProgressEvidence ---------------------------------------------------------------------------------


def _evidence(request, pk):
    return get_object_or_404(selectors.evidence_visible_to(membership=request.membership), pk=pk)


@require_safe
def evidence_download(request, org, progressevidence):
    evidence = _evidence(request, progressevidence)
    if not evidence.file:
        raise Http404
    return uploads.private_file_response(
        evidence.file, filename=evidence.original_name, content_type=evidence.content_type
    )


@require_safe
def evidence_thumbnail(request, org, progressevidence):
    evidence = _evidence(request, progressevidence)
    if not evidence.thumbnail:
        raise Http404
    return uploads.private_file_response(
        evidence.thumbnail, content_type="image/jpeg", attachment=False
    )


@require_http_methods(["GET", "POST"])
def evidence_delete(request, org, progressevidence):
    """GET asks first (a deleted file cannot be brought back); POST deletes."""
    evidence = _evidence(request, progressevidence)
    entry = evidence.progress
    target = entry.step or entry.indicator_line
    require(request, "measures.report_progress")
    name = "progress_step" if entry.step_id else "progress_indicator_line"
    url = f"{reverse(f'measures:{name}', args=[org, target.pk])}?round={entry.round}"
    if request.method == "GET":
        what = evidence.original_name if evidence.kind == "file" else evidence.url
        return render(
            request,
            "confirm.html",
            {
                "title": "ลบหลักฐานนี้หรือไม่",
                "back_label": f"รายงานผล{RoundChoice(entry.round).label}",
                "details": [
                    ("คำอธิบาย", evidence.caption),
                    ("ไฟล์" if evidence.kind == "file" else "ลิงก์", what),
                    ("วันที่ดำเนินการ", thai.thai_date(evidence.effective_date)),
                ],
                "consequence": "หลักฐานจะถูกลบออกจากรายงานผลการดำเนินการ และนำกลับคืนไม่ได้",
                "notified": "ไม่มีการแจ้งเตือนผู้ใด รายงานที่จัดทำหลังจากนี้จะไม่มีหลักฐานนี้",
                "button": "ลบหลักฐาน",
                "action_url": request.path,
                "cancel_url": url,
            },
        )
    services.evidence_delete(evidence=evidence)
    messages.success(request, "ลบหลักฐานแล้ว")
    return redirect(url)
