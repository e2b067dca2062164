"""The operator's pages (under /site/, ``is_staff`` users only; others get 404 and anonymous
visitors the login page): every organisation with its state, a new organisation from the
template of its type, many from a CSV file, and the invitation of each first coordinator.
No Django admin in any of it."""

from __future__ import annotations

import functools

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django_scopes import scope, scopes_disabled

from ita_portal import thai
from ita_portal.errors import ServiceError
from organisations import imports, onboarding
from organisations.forms import CoordinatorForm, OrganisationForm
from organisations.models import FiscalYear, Membership, Organisation
from reports.enums import ReportStatus
from reports.models import Report

from .once import once_per_form


def operator_required(view):
    """Anonymous: the login page. Logged in without ``is_staff``: 404, as for any page a
    person may not know about. The view runs with scopes disabled: it spans organisations."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm("organisations.operate_site"):
            raise Http404
        with scopes_disabled():
            return view(request, *args, **kwargs)

    return wrapper


class ImportForm(forms.Form):
    file = forms.FileField(
        label="ไฟล์ CSV (UTF-8)",
        error_messages={"required": "กรุณาเลือกไฟล์ CSV", "empty": "ไฟล์ว่างเปล่า"},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise forms.ValidationError("ไฟล์ใหญ่เกิน ๒ MB กรุณาแบ่งเป็นหลายไฟล์")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("ไฟล์ต้องเป็น .csv (ใน Excel เลือกบันทึกเป็น “CSV UTF-8”)")
        return upload


def organisations_overview() -> list[Organisation]:
    """Every organisation with its active people, newest fiscal year, last login of any of its
    people and last publication: four aggregates in one query."""
    last_publication = (
        Report.objects.filter(organisation=OuterRef("pk"), status=ReportStatus.PUBLISHED)
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    newest_year = (
        FiscalYear.objects.filter(organisation=OuterRef("pk")).order_by("-year").values("year")[:1]
    )
    return list(
        Organisation.objects.annotate(
            member_count=Count(
                "membership",
                filter=Q(membership__is_active=True, membership__user__is_active=True),
            ),
            last_login=Max("membership__user__last_login"),
            newest_year=Subquery(newest_year),
            last_publication=Subquery(last_publication),
        ).order_by("province", "district", "name")
    )


@operator_required
@require_http_methods(["GET", "HEAD", "POST"])
def site_organisations(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    check = None
    if request.method == "POST" and form.is_valid():
        check = imports.organisations_csv_check(form.cleaned_data["file"].read())
        if check.ok:
            created = imports.organisations_import(check=check, actor=request.user)
            if created:
                invited = sum(1 for row in check.new if row.coordinator)
                messages.success(
                    request,
                    f"นำเข้าหน่วยงาน {thai.thai_digits(len(created))} แห่ง "
                    f"และส่งคำเชิญผู้ประสานงาน {thai.thai_digits(invited)} คนแล้ว"
                    + (
                        f" (มีอยู่แล้ว {thai.thai_digits(len(check.unchanged))} แห่ง)"
                        if check.unchanged
                        else ""
                    ),
                )
            else:
                messages.info(request, "ทุกหน่วยงานในไฟล์มีอยู่แล้ว ไม่มีการเปลี่ยนแปลง")
            return redirect("site_organisations")
    context = {
        "organisations": organisations_overview(),
        "form": form,
        "check": check,
        "header": ",".join(imports.CSV_HEADER),
    }
    return render(request, "site/organisations.html", context)


@operator_required
@require_http_methods(["GET", "HEAD", "POST"])
@once_per_form
def site_organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = onboarding.organisation_create(actor=request.user, **form.cleaned_data)
        messages.success(
            request,
            f"สร้าง{organisation.name}แล้ว พร้อมส่วนราชการ ตำแหน่ง และสายการอนุมัติตามแบบของ"
            f"{organisation.get_kind_display()} ขั้นต่อไป: เชิญผู้ประสานงาน ITA",
        )
        return redirect("site_organisation", organisation=organisation.pk)
    return render(request, "site/organisation_create.html", {"form": form})


@operator_required
@require_http_methods(["GET", "HEAD", "POST"])
def site_organisation(request, organisation):
    organisation = get_object_or_404(Organisation, pk=organisation)
    form = CoordinatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = imports.coordinator_invite(
                organisation=organisation, actor=request.user, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error("email", error.message)
        else:
            messages.success(
                request,
                f"ส่งคำเชิญผู้ประสานงาน ITA ถึง {membership.user.full_name} ที่ "
                f"{membership.user.email} แล้ว",
            )
            return redirect("site_organisation", organisation=organisation.pk)
    with scope(organisation=organisation):
        members = list(
            Membership.objects.filter(organisation=organisation)
            .select_related("user", "position")
            .order_by("-is_active", "role", "user__first_name")
        )
        years = list(FiscalYear.objects.filter(organisation=organisation).order_by("-year"))
    context = {
        "org": organisation,
        "members": members,
        "years": years,
        "form": form,
        "template": onboarding.template_for(organisation.kind),
    }
    return render(request, "site/organisation_detail.html", context)
