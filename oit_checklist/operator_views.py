"""The operator's frameworks (under /site/frameworks/, ``is_staff`` only: anonymous visitors get
the login page, everyone else 404). Upload a file (checked whole, nothing written on an
error), read the comparison with the previous framework of the same agency type, publish;
or copy the newest framework into a draft and edit it. Views stay thin: form → one service
call → message → redirect."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ita_portal import thai
from ita_portal.errors import ServiceError
from ita_portal.operator import operator_required

from . import framework_files, framework_selectors, framework_services
from .enums import AgencyType
from .framework_forms import (
    DraftCreateForm,
    FrameworkReloadForm,
    FrameworkUploadForm,
    ItemForm,
    SubIndicatorForm,
)
from .loader import FrameworkFileError
from .models import Framework, OitComponent, OitItem

CONTENT_TYPES = {
    "tsv": framework_files.TSV_CONTENT_TYPE,
    "xlsx": framework_files.XLSX_CONTENT_TYPE,
}


def _next_year() -> int:
    newest = framework_selectors.framework_newest(
        agency_type=AgencyType.LOCAL, published_only=False
    )
    return newest.year + 1 if newest else 2568


def _loaded_message(request, result) -> None:
    framework = result.framework
    verb = "นำเข้า" if result.created else "ปรับปรุง"
    state = "ฉบับร่าง " if framework.is_draft else ""
    messages.success(
        request,
        f"{verb}กรอบการประเมินปี พ.ศ. {thai.thai_digits(framework.year)} {state}แล้ว: "
        f"{thai.thai_digits(result.items)} ข้อ {thai.thai_digits(result.components)} องค์ประกอบ"
        + (" ตรวจผลการเปรียบเทียบแล้วกดยืนยันเพื่อเผยแพร่" if framework.is_draft else ""),
    )


@operator_required
@require_http_methods(["GET", "HEAD", "POST"])
def frameworks(request):
    """The list, the upload (a new year or a draft: loaded as a draft and shown with its
    comparison; a published year: its comparison first, then a confirmation) and the button
    that copies the newest framework into next year's draft."""
    form = FrameworkUploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"year": thai.thai_digits(_next_year()), "agency_type": AgencyType.LOCAL},
    )
    if request.method == "POST" and form.is_valid():
        parsed = form.cleaned_data["parsed"]
        agency_type = form.cleaned_data["agency_type"]
        existing = framework_selectors.framework_of(agency_type=agency_type, year=parsed.year)
        if existing is not None and not existing.is_draft:
            context = {
                "framework": existing,
                "parsed": parsed,
                "comparison": framework_selectors.reload_comparison(
                    framework=existing, parsed=parsed
                ),
                "form": FrameworkReloadForm.for_parsed(parsed, agency_type),
            }
            return render(request, "site/framework_reload.html", context)
        try:
            result = framework_services.framework_upload(
                parsed=parsed, agency_type=agency_type, actor=request.user
            )
        except FrameworkFileError as error:
            form.add_error("file", error.lines())
        else:
            _loaded_message(request, result)
            return redirect("site_framework", framework=result.framework.pk)
    context = {
        "frameworks": framework_selectors.frameworks_overview(),
        "form": form,
        "draft_form": DraftCreateForm(
            initial={"year": thai.thai_digits(_next_year()), "agency_type": AgencyType.LOCAL}
        ),
        "columns": framework_files.COLUMNS,
        "newest": framework_selectors.framework_newest(agency_type=AgencyType.LOCAL),
    }
    return render(request, "site/frameworks.html", context)


@operator_required
@require_POST
def framework_reload(request):
    """Load a checked file onto the published framework of its year, in place (ticks kept)."""
    form = FrameworkReloadForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or ["ข้อมูลที่ส่งมาไม่ครบ กรุณาอัปโหลดไฟล์อีกครั้ง"]:
            messages.error(request, error)
        return redirect("site_frameworks")
    try:
        result = framework_services.framework_upload(
            parsed=form.cleaned_data["parsed"],
            agency_type=form.cleaned_data["agency_type"],
            actor=request.user,
        )
    except FrameworkFileError as error:
        for line in error.lines():
            messages.error(request, line)
        return redirect("site_frameworks")
    _loaded_message(request, result)
    return redirect("site_framework", framework=result.framework.pk)


@operator_required
@require_POST
def framework_draft_create(request):
    form = DraftCreateForm(request.POST)
    if form.is_valid():
        agency_type = form.cleaned_data["agency_type"]
        source = framework_selectors.framework_newest(agency_type=agency_type)
        try:
            draft = framework_services.framework_draft_create(
                agency_type=agency_type,
                year=form.cleaned_data["year"],
                source=source,
                actor=request.user,
            )
        except ServiceError as error:
            form.add_error("year", error.message)
        else:
            copied = f" จากกรอบปี พ.ศ. {thai.thai_digits(source.year)}" if source else ""
            messages.success(
                request,
                f"สร้างฉบับร่างกรอบการประเมินปี พ.ศ. {thai.thai_digits(draft.year)}{copied}แล้ว "
                "แก้ไขข้อต่าง ๆ แล้วกดยืนยันเพื่อเผยแพร่",
            )
            return redirect("site_framework", framework=draft.pk)
    context = {
        "frameworks": framework_selectors.frameworks_overview(),
        "form": FrameworkUploadForm(
            initial={"year": thai.thai_digits(_next_year()), "agency_type": AgencyType.LOCAL}
        ),
        "draft_form": form,
        "columns": framework_files.COLUMNS,
        "newest": framework_selectors.framework_newest(agency_type=AgencyType.LOCAL),
    }
    return render(request, "site/frameworks.html", context)


@operator_required
@require_safe
def framework_template(request):
    """The XLSX template: the newest published framework, to edit into next year's."""
    newest = framework_selectors.framework_newest(agency_type=AgencyType.LOCAL)
    if newest is None:
        data = framework_files.to_xlsx([], title="OIT")
        name = "oit_items_template.xlsx"
    else:
        data = framework_selectors.framework_file(framework=newest, fmt="xlsx")
        name = f"oit_items_template_{newest.year}.xlsx"
    return _download(data, "xlsx", name)


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@operator_required
@require_http_methods(["GET", "HEAD", "POST"])
def framework_detail(request, framework):
    """One framework: its comparison with the previous one, its items, its history; a draft
    also has the forms to add a sub-indicator and to publish."""
    framework = get_object_or_404(Framework.objects.select_related("published_by"), pk=framework)
    sub_form = SubIndicatorForm(request.POST or None)
    if request.method == "POST" and sub_form.is_valid():
        try:
            framework_services.framework_sub_indicator_save(
                framework=framework,
                sub_indicator=None,
                actor=request.user,
                **sub_form.cleaned_data,
            )
        except ServiceError as error:
            sub_form.add_error("code", error.message)
        else:
            messages.success(
                request, f"เพิ่มตัวชี้วัดย่อย {thai.thai_digits(sub_form.cleaned_data['code'])} แล้ว"
            )
            return redirect("site_framework", framework=framework.pk)
    context = {
        "page": framework_selectors.framework_page(framework=framework),
        "framework": framework,
        "history": framework_selectors.framework_history(framework=framework),
        "sub_form": sub_form,
    }
    return render(request, "site/framework_detail.html", context)


@operator_required
@require_POST
def framework_publish(request, framework):
    framework = get_object_or_404(Framework, pk=framework)
    try:
        framework_services.framework_publish(framework=framework, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"เผยแพร่กรอบการประเมินปี พ.ศ. {thai.thai_digits(framework.year)} แล้ว "
            "หน่วยงานที่ใช้กรอบเก่าจะเห็นข้อเสนอให้ย้ายไปใช้กรอบนี้ที่หน้ารายการ OIT",
        )
    return redirect("site_framework", framework=framework.pk)


@operator_required
@require_POST
def framework_delete(request, framework):
    framework = get_object_or_404(Framework, pk=framework)
    try:
        framework_services.framework_draft_delete(framework=framework, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("site_framework", framework=framework.pk)
    messages.success(request, f"ลบฉบับร่างกรอบการประเมินปี พ.ศ. {thai.thai_digits(framework.year)} แล้ว")
    return redirect("site_frameworks")


def _export(fmt: str):
    @operator_required
    @require_safe
    def view(request, framework):
        framework = get_object_or_404(Framework, pk=framework)
        data = framework_selectors.framework_file(framework=framework, fmt=fmt)
        return _download(data, fmt, framework_selectors.framework_file_name(framework, fmt))

    view.__name__ = f"framework_export_{fmt}"
    return view


framework_export_tsv = _export("tsv")
framework_export_xlsx = _export("xlsx")


def _item(framework: Framework, pk: int) -> OitItem:
    return get_object_or_404(
        OitItem.objects.filter(framework=framework)
        .select_related("sub_indicator")
        .prefetch_related(
            Prefetch(
                "components",
                queryset=OitComponent.objects.order_by("order"),
                to_attr="ordered_components",
            )
        ),
        pk=pk,
    )


def _item_form_page(request, framework: Framework, item: OitItem | None):
    form = ItemForm(request.POST or None, framework=framework, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = framework_services.framework_item_save(
                framework=framework, item=item, actor=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            verb = "เพิ่ม" if item is None else "บันทึก"
            messages.success(request, f"{verb}ข้อ {saved.label} {saved.title} แล้ว")
            return redirect("site_framework", framework=framework.pk)
    context = {
        "framework": framework,
        "item": item,
        "form": form,
        "history": framework_selectors.item_history(item=item) if item else [],
    }
    return render(request, "site/framework_item_form.html", context)


@operator_required
@require_http_methods(["GET", "HEAD", "POST"])
def framework_item_add(request, framework):
    framework = get_object_or_404(Framework, pk=framework)
    return _item_form_page(request, framework, None)


@operator_required
@require_http_methods(["GET", "HEAD", "POST"])
def framework_item_edit(request, framework, oititem):
    framework = get_object_or_404(Framework, pk=framework)
    return _item_form_page(request, framework, _item(framework, oititem))


@operator_required
@require_POST
def framework_item_remove(request, framework, oititem):
    framework = get_object_or_404(Framework, pk=framework)
    item = _item(framework, oititem)
    try:
        framework_services.framework_item_remove(item=item, actor=request.user)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"ลบข้อ {item.label} {item.title} ออกจากฉบับร่างแล้ว")
    return redirect("site_framework", framework=framework.pk)
