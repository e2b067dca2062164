"""Staff pages of the OIT checklist (under /o/<slug:org>/oit/). The tenancy middleware has
checked the membership and opened the scope; objects are looked up through the scoped
managers. Views stay thin: form → one service call → message → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ita_portal import thai, uploads
from ita_portal.errors import ServiceError
from ita_portal.once import once_per_form
from ita_portal.permissions import can, require
from organisations import selectors as org_selectors
from organisations.models import Division, FiscalYear

from . import exports, framework_selectors, selectors, services
from .forms import (
    AssignmentForm,
    CopyForwardForm,
    EvidenceForm,
    ItemStatusForm,
    MoveForm,
    OitYearForm,
    ReviewForm,
)
from .models import Evidence, ItemStatus


def _year(year: int) -> FiscalYear:
    return get_object_or_404(FiscalYear.objects.select_related("framework"), year=year)


def _item_status(request, pk: int) -> ItemStatus:
    """The item, if the visitor may open it: division staff only open their divisions' items,
    and others' answer 404 like any object they cannot see."""
    status = get_object_or_404(
        ItemStatus.objects.select_related("item__sub_indicator", "fiscal_year", "division"), pk=pk
    )
    if not can(request, "oit_checklist.view_item", status):
        raise Http404
    return status


@require_safe
def index(request, org):
    fiscal_year = org_selectors.fiscal_year_current(organisation=request.organisation)
    if fiscal_year is None:
        return render(request, "oit_checklist/checklist_empty.html", {})
    return redirect("oit_checklist:checklist", org=org, year=fiscal_year.year)


@require_safe
def checklist(request, org, year):
    fiscal_year = _year(year)
    context = {
        "fiscal_year": fiscal_year,
        "can_manage": can(request, "oit_checklist.manage_checklist"),
    }
    if fiscal_year.framework_id is None:
        return render(request, "oit_checklist/checklist_empty.html", context)
    own = selectors.divisions_of_membership(request.membership)
    rows = selectors.item_rows(
        organisation=request.organisation, fiscal_year=fiscal_year, divisions=own
    )
    groups: list[tuple[object, list]] = []
    for row in rows:
        sub = row.item.sub_indicator
        if not groups or groups[-1][0].pk != sub.pk:
            groups.append((sub, []))
        groups[-1][1].append(row)
    context.update(
        {
            "groups": groups,
            "rows": rows,
            "own_divisions": own,
            "oit_year": selectors.oit_year_of(fiscal_year=fiscal_year),
            "newer": selectors.newer_frameworks(
                organisation=request.organisation, fiscal_year=fiscal_year
            ),
        }
    )
    return render(request, "oit_checklist/checklist_list.html", context)


@require_safe
def readiness(request, org, year):
    fiscal_year = _year(year)
    context = {
        "fiscal_year": fiscal_year,
        "can_manage": can(request, "oit_checklist.manage_checklist"),
    }
    if fiscal_year.framework_id is None:
        return render(request, "oit_checklist/checklist_empty.html", context)
    context.update(
        {
            "readiness": selectors.readiness(
                organisation=request.organisation, fiscal_year=fiscal_year
            ),
            "oit_year": selectors.oit_year_of(fiscal_year=fiscal_year),
            "reviews": selectors.reviews_of_year(fiscal_year=fiscal_year),
            "can_review": can(request, "oit_checklist.review_checklist"),
            "review_form": ReviewForm(),
            "own_divisions": selectors.divisions_of_membership(request.membership),
            "newer": selectors.newer_frameworks(
                organisation=request.organisation, fiscal_year=fiscal_year
            ),
        }
    )
    return render(request, "oit_checklist/readiness_detail.html", context)


@require_safe
def itas(request, org, year):
    """The ITAS sheet: what to type into the assessor's system, item by item."""
    fiscal_year = _year(year)
    context = {
        "fiscal_year": fiscal_year,
        "can_manage": can(request, "oit_checklist.manage_checklist"),
    }
    if fiscal_year.framework_id is None:
        return render(request, "oit_checklist/checklist_empty.html", context)
    context["rows"] = selectors.itas_rows(
        organisation=request.organisation, fiscal_year=fiscal_year
    )
    return render(request, "oit_checklist/itas_list.html", context)


@require_safe
def itas_xlsx(request, org, year):
    fiscal_year = _year(year)
    if fiscal_year.framework_id is None:
        raise Http404
    data = exports.itas_xlsx(
        rows=selectors.itas_rows(organisation=request.organisation, fiscal_year=fiscal_year),
        organisation_name=request.organisation.name,
        fiscal_year=fiscal_year.year,
    )
    response = HttpResponse(data, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="itas-{request.organisation.slug}-{fiscal_year.year}.xlsx"'
    )
    return response


@require_http_methods(["GET", "POST"])
def move(request, org, year):
    """Move the fiscal year to a newer published framework: the plan first (GET), then the move
    (POST), then what is left to decide."""
    fiscal_year = _year(year)
    require(request, "oit_checklist.manage_checklist")
    if fiscal_year.framework_id is None:
        return redirect("oit_checklist:setup", org=org, year=year)
    newer = selectors.newer_frameworks(organisation=request.organisation, fiscal_year=fiscal_year)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = MoveForm(data, frameworks=newer)
    plan = None
    if newer and form.is_bound and form.is_valid():
        target = form.cleaned_data["framework"]
        if request.method == "POST":
            try:
                services.fiscal_year_framework_move(
                    fiscal_year=fiscal_year, framework=target, membership=request.membership
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    f"ย้าย{fiscal_year}ไปใช้กรอบการประเมินปี พ.ศ. "
                    f"{thai.thai_digits(target.year)} แล้ว ข้อมูลตามกรอบเดิมยังเก็บไว้ครบ",
                )
                return redirect("oit_checklist:move", org=org, year=year)
        else:
            plan = framework_selectors.move_plan(
                fiscal_year=fiscal_year, source=fiscal_year.framework, target=target
            )
    elif newer and not form.is_bound:
        plan = framework_selectors.move_plan(
            fiscal_year=fiscal_year, source=fiscal_year.framework, target=newer[0]
        )
    moved = framework_selectors.last_move(fiscal_year=fiscal_year)
    done = None
    if moved is not None and moved.to_framework_id == fiscal_year.framework_id:
        done = framework_selectors.move_plan(
            fiscal_year=fiscal_year, source=moved.from_framework, target=moved.to_framework
        )
    context = {
        "fiscal_year": fiscal_year,
        "form": form,
        "newer": newer,
        "plan": plan,
        "moved": moved,
        "done": done,
        "can_manage": True,
    }
    return render(request, "oit_checklist/framework_move.html", context)


@require_http_methods(["GET", "POST"])
def setup(request, org, year):
    fiscal_year = _year(year)
    can_manage = can(request, "oit_checklist.manage_checklist")
    oit_year = selectors.oit_year_of(fiscal_year=fiscal_year)
    initial = {"framework": fiscal_year.framework_id}
    if oit_year:
        initial.update(
            window_start=oit_year.window_start,
            window_end=oit_year.window_end,
            internal_deadline=oit_year.internal_deadline,
        )
    frameworks = selectors.frameworks_for(organisation=request.organisation)
    form = OitYearForm(
        request.POST or None,
        initial=initial,
        frameworks=frameworks,
        fiscal_year=fiscal_year.year,
    )
    if request.method == "POST":
        require(request, "oit_checklist.manage_checklist")
        if form.is_valid():
            try:
                services.oit_year_configure(
                    organisation=request.organisation, fiscal_year=fiscal_year, **form.cleaned_data
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"บันทึกกรอบการประเมินและกำหนดการ OIT ของ{fiscal_year}แล้ว")
                return redirect("oit_checklist:checklist", org=org, year=year)
    context = {
        "fiscal_year": fiscal_year,
        "form": form,
        "can_manage": can_manage,
        "has_frameworks": frameworks.exists(),
    }
    return render(request, "oit_checklist/oityear_form.html", context)


@require_http_methods(["GET", "POST"])
def assignments(request, org, year):
    fiscal_year = _year(year)
    if fiscal_year.framework_id is None:
        return redirect("oit_checklist:setup", org=org, year=year)
    can_manage = can(request, "oit_checklist.manage_checklist")
    if request.method == "POST":
        require(request, "oit_checklist.manage_checklist")
    rows = selectors.item_rows(organisation=request.organisation, fiscal_year=fiscal_year)
    # Divisions in use, and retired ones this year's items still name (kept, not dropped).
    assigned = {row.status.division_id for row in rows}
    divisions = list(
        Division.objects.filter(Q(is_active=True) | Q(pk__in=assigned)).order_by("order", "name")
    )
    form = AssignmentForm(request.POST or None, rows=rows, divisions=divisions)
    if request.method == "POST" and form.is_valid():
        changed = services.item_statuses_assign(
            fiscal_year=fiscal_year, assignments=form.assignments()
        )
        messages.success(request, f"บันทึกการมอบหมายแล้ว (เปลี่ยน {thai.thai_digits(changed)} ข้อ)")
        return redirect("oit_checklist:assignments", org=org, year=year)
    context = {"fiscal_year": fiscal_year, "form": form, "can_manage": can_manage}
    return render(request, "oit_checklist/assignment_form.html", context)


@require_http_methods(["GET", "POST"])
@once_per_form
def copy_forward(request, org, year):
    fiscal_year = _year(year)
    require(request, "oit_checklist.manage_checklist")
    if fiscal_year.framework_id is None:
        return redirect("oit_checklist:setup", org=org, year=year)
    sources = selectors.copy_sources(target=fiscal_year)
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = CopyForwardForm(data, sources=sources)
    plan = None
    if form.is_bound and form.is_valid():
        source = form.cleaned_data["source"]
        if request.method == "POST":
            try:
                plan = services.checklist_copy_forward(source=source, target=fiscal_year)
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    f"คัดลอกการมอบหมาย URL และหมายเหตุจาก{source}แล้ว "
                    f"{thai.thai_digits(len(plan.matched))} ข้อ",
                )
                if plan.unmatched_source or plan.unmatched_target:
                    messages.warning(
                        request,
                        "มีข้อที่จับคู่ไม่ได้ กรุณาตรวจรายการด้านล่างและมอบหมายเอง",
                    )
                return redirect(f"{request.path}?source={source.pk}", permanent=False)
        else:
            plan = selectors.copy_forward_plan(source=source, target=fiscal_year)
    context = {"fiscal_year": fiscal_year, "form": form, "plan": plan, "sources": sources}
    return render(request, "oit_checklist/copyforward_form.html", context)


@require_POST
@once_per_form
def review(request, org, year):
    fiscal_year = _year(year)
    require(request, "oit_checklist.review_checklist")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.oit_review_record(
                fiscal_year=fiscal_year,
                membership=request.membership,
                comment=form.cleaned_data["comment"],
            )
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "บันทึกการตรวจสอบข้อมูล OIT ของท่านแล้ว")
    else:
        messages.error(request, " ".join(form.errors.get("comment", [])))
    return redirect("oit_checklist:readiness", org=org, year=year)


@require_POST
def link_check(request, org, year):
    fiscal_year = _year(year)
    require(request, "oit_checklist.manage_checklist")
    try:
        count = services.link_check_request(fiscal_year=fiscal_year)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.info(
            request,
            f"เริ่มตรวจลิงก์ {thai.thai_digits(count)} รายการในเบื้องหลังแล้ว โหลดหน้านี้อีกครั้งในอีกสักครู่เพื่อดูผล",
        )
    return redirect("oit_checklist:readiness", org=org, year=year)


@require_http_methods(["GET", "POST"])
def item_detail(request, org, itemstatus):
    status = _item_status(request, itemstatus)
    # An item of a framework the year moved away from is kept for the record, read only.
    archived = status.item.framework_id != status.fiscal_year.framework_id
    can_edit = not archived and can(request, "oit_checklist.edit_item", status)
    can_manage = can(request, "oit_checklist.manage_checklist")
    row = selectors.item_row(organisation=request.organisation, item_status=status)
    form = ItemStatusForm(request.POST or None, row=row, can_edit_note=can_manage)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                warnings = services.item_status_update(
                    item_status=status,
                    present_components=set(form.cleaned_data["components"]),
                    urls=form.cleaned_data["urls"],
                    progress=form.cleaned_data["progress"],
                    state=form.cleaned_data["state"],
                    note=form.cleaned_data.get("note"),
                )
            except ServiceError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, f"บันทึกข้อ {status.item.label} แล้ว")
                for url, warning in warnings:
                    messages.warning(request, f"{url}: {warning}")
                return redirect("oit_checklist:item", org=org, itemstatus=status.pk)
    context = {
        "status": status,
        "row": row,
        "form": form,
        "can_edit": can_edit,
        "archived": archived,
        "can_add_evidence": not archived and can(request, "oit_checklist.add_evidence", status),
        "evidence_form": EvidenceForm(),
        "evidence": list(status.evidence.select_related("uploaded_by")),
        "history": selectors.item_history(item_status=status),
    }
    return render(request, "oit_checklist/itemstatus_detail.html", context)


@require_http_methods(["GET", "POST"])
@once_per_form
def evidence_add(request, org, itemstatus):
    status = _item_status(request, itemstatus)
    if request.method == "GET":  # the form lives on the item's page
        return redirect("oit_checklist:item", org=org, itemstatus=status.pk)
    if not can(request, "oit_checklist.add_evidence", status):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence = services.evidence_add(
                item_status=status, upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"แนบไฟล์ “{evidence.original_name}” แล้ว")
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect("oit_checklist:item", org=org, itemstatus=status.pk)


@require_safe
def evidence_download(request, org, evidence):
    evidence = get_object_or_404(Evidence.objects.select_related("item_status__item"), pk=evidence)
    if not can(request, "oit_checklist.view_item", evidence.item_status):
        raise Http404
    thumbnail = request.GET.get("size") == "thumb" and evidence.thumbnail
    stored = evidence.thumbnail if thumbnail else evidence.file
    return uploads.private_file_response(
        stored,
        attachment=not thumbnail,
        filename=evidence.original_name,
        content_type="image/jpeg" if thumbnail else evidence.content_type,
    )


@require_http_methods(["GET", "POST"])
def evidence_delete(request, org, evidence):
    evidence = get_object_or_404(Evidence.objects.select_related("item_status__item"), pk=evidence)
    status = evidence.item_status
    if not can(request, "oit_checklist.view_item", status):
        raise Http404
    if not can(request, "oit_checklist.add_evidence", status):
        raise PermissionDenied
    name = evidence.original_name
    if request.method == "GET":  # asked first: a deleted file cannot be brought back
        item_url = reverse("oit_checklist:item", args=[org, status.pk])
        item = f"ข้อ {status.item.label} {status.item.title}"
        return render(
            request,
            "confirm.html",
            {
                "title": "ลบไฟล์หลักฐานนี้หรือไม่",
                "back_label": item,
                "details": [("ไฟล์", name), ("ข้อ OIT", item)],
                "consequence": "ไฟล์จะถูกลบออกจากข้อนี้ และนำกลับคืนไม่ได้",
                "notified": "ไม่มีการแจ้งเตือนผู้ใด",
                "button": "ลบไฟล์",
                "action_url": request.path,
                "cancel_url": item_url,
            },
        )
    services.evidence_remove(evidence=evidence)
    messages.success(request, f"ลบไฟล์ “{name}” แล้ว")
    return redirect("oit_checklist:item", org=org, itemstatus=status.pk)
