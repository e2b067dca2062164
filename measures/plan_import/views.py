"""The coordinator brings a plan in from Word or Excel: upload, review (re-map columns, say what
unknown divisions are, pick the months that could not be read), confirm or discard. Thin: the
form, one service call, a message, a redirect."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from ita_portal import thai
from ita_portal.errors import ServiceError
from ita_portal.permissions import require
from organisations.models import FiscalYear

from .. import selectors as plan_selectors
from ..enums import ImportStatus
from . import selectors, services
from .forms import PlanImportReviewForm, PlanImportUploadForm


def _plan_url(request, year: int) -> str:
    return reverse("measures:plan", kwargs={"org": request.organisation.slug, "year": year})


@require_http_methods(["GET", "POST"])
def upload(request, org, year):
    require(request, "measures.edit_plan")
    fiscal_year = get_object_or_404(FiscalYear.objects.all(), year=year)
    form = PlanImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            planimport = services.plan_import_upload(
                fiscal_year=fiscal_year, upload=form.cleaned_data["file"], user=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        except ServiceError as error:
            form.add_error("file", error.message)
        else:
            return redirect("measures:plan_import_review", org=org, planimport=planimport.pk)
    return render(
        request,
        "measures/planimport_upload.html",
        {
            "form": form,
            "fiscal_year": fiscal_year,
            "waiting": selectors.plan_imports_waiting(fiscal_year=fiscal_year),
        },
    )


def _review_form(request, planimport, *, data=None, confirming=False, mapping=None):
    plan = plan_selectors.plan_of_year(fiscal_year=planimport.fiscal_year)
    existing = plan.measures.count() if plan else 0
    reading = selectors.plan_import_reading(
        document=planimport.document,
        organisation=request.organisation,
        mapping=planimport.mapping if mapping is None else mapping,
    )
    return PlanImportReviewForm(
        data,
        reading=reading,
        matcher=selectors.division_matcher(organisation=request.organisation),
        year=planimport.fiscal_year.year,
        existing_measures=existing,
        can_replace=bool(existing) and not plan_selectors.plan_has_progress(plan=plan),
        indicator_titles=selectors.indicator_titles(),
        confirming=confirming,
    )


@require_http_methods(["GET", "POST"])
def review(request, org, planimport):
    require(request, "measures.edit_plan")
    planimport = get_object_or_404(
        selectors.plan_imports().select_related("fiscal_year", "created_by"), pk=planimport
    )
    context = {"planimport": planimport, "fiscal_year": planimport.fiscal_year}
    if planimport.status != ImportStatus.READY:
        waiting = planimport.status == ImportStatus.READING
        response = render(
            request, "measures/planimport_status.html", context, status=202 if waiting else 200
        )
        response["Cache-Control"] = "no-store"
        return response
    form = _review_form(request, planimport)
    if request.method == "POST":
        current = {group.id: group.mapping for group in form.reading.groups}
        posted = _review_form(request, planimport, data=request.POST).mapping()
        if posted != current:
            # The coordinator changed a column: read the file again that way, and confirm
            # only what the page then shows.
            services.plan_import_remap(planimport=planimport, mapping=posted)
            form = _review_form(request, planimport, data=request.POST)
            form.is_valid()
            messages.info(
                request,
                "อ่านตารางใหม่ตามคอลัมน์ที่เลือกแล้ว กรุณาตรวจอีกครั้งแล้วกดยืนยันการนำเข้า",
            )
        elif request.POST.get("action") == "confirm":
            form = _review_form(request, planimport, data=request.POST, confirming=True)
            if form.is_valid():
                try:
                    summary = services.plan_import_confirm(
                        planimport=planimport, choices=form.choices()
                    )
                except ServiceError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(
                        request,
                        f"นำเข้า {summary.text} จากไฟล์ “{planimport.file_name}” แล้ว "
                        "ตรวจทานและแก้ไขให้ตรงกับปีนี้ได้เลย",
                    )
                    return redirect(_plan_url(request, planimport.fiscal_year.year))
        else:
            form = _review_form(request, planimport, data=request.POST)
            form.is_valid()
    context |= {
        "form": form,
        "reading": form.reading,
        "thai_year": thai.thai_digits(planimport.fiscal_year.year),
    }
    return render(request, "measures/planimport_review.html", context)


@require_POST
def discard(request, org, planimport):
    require(request, "measures.edit_plan")
    planimport = get_object_or_404(selectors.plan_imports(), pk=planimport)
    year, name = planimport.fiscal_year.year, planimport.file_name
    services.plan_import_discard(planimport=planimport)
    messages.success(request, f"ยกเลิกการนำเข้าไฟล์ “{name}” แล้ว ระบบไม่ได้บันทึกสิ่งใดลงในแผน")
    return redirect(_plan_url(request, year))
