"""Staff pages of one organisation (under /o/<slug:org>/). The tenancy middleware has already
checked the membership and opened the scope; views stay thin."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from ita_portal import thai
from ita_portal.errors import ServiceError
from ita_portal.once import once_per_form
from ita_portal.permissions import can

from . import selectors, services
from .enums import Role
from .forms import EitSurveyForm, FiscalYearForm
from .models import Division, FiscalYear, Membership


@require_safe
def dashboard(request, org):
    organisation = request.organisation
    fiscal_year = selectors.fiscal_year_current(organisation=organisation)
    rounds = []
    if fiscal_year:
        for round_ in thai.Round:
            start, end = thai.round_bounds(fiscal_year.year, round_)
            rounds.append({"label": round_.label, "start": start, "end": end})
    role = request.membership.role
    context = {
        "fiscal_year": fiscal_year,
        "rounds": rounds,
        "role": role,
        # A coordinator alone in a new organisation is shown the first steps.
        "getting_started": role == Role.COORDINATOR
        and not Membership.objects.filter(organisation=organisation)
        .exclude(pk=request.membership.pk)
        .exists(),
    }
    return render(request, "organisations/dashboard.html", context)


@require_safe
def division_detail(request, org, division):
    division = get_object_or_404(Division.objects.all(), pk=division)
    members = selectors.memberships_of_division(division=division)
    return render(
        request,
        "organisations/division_detail.html",
        {"division": division, "members": members},
    )


@require_http_methods(["GET", "POST"])
@once_per_form
def fiscal_years(request, org):
    organisation = request.organisation
    can_manage = can(request, "organisations.manage_fiscal_years")
    latest = FiscalYear.objects.order_by("-year").first()
    form = FiscalYearForm(
        request.POST or None,
        initial={"year": thai.thai_digits(latest.year + 1) if latest else ""},
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                year = services.fiscal_year_create(
                    organisation=organisation, year=form.cleaned_data["year"]
                )
            except ServiceError as error:
                form.add_error("year", error.message)
            else:
                messages.success(request, f"เปิด{year}แล้ว")
                return redirect("organisations:fiscal_years", org=organisation.slug)
    context = {
        "years": FiscalYear.objects.order_by("-year"),
        "current": selectors.fiscal_year_current(organisation=organisation),
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "organisations/fiscal_years.html", context)


@require_http_methods(["GET", "POST"])
def public_site(request, org):
    """The organisation's public page as the staff see it; the coordinator sets the EIT survey
    address that the public page shows as a QR code."""
    organisation = request.organisation
    can_manage = can(request, "organisations.manage_public_site")
    form = EitSurveyForm(
        request.POST or None, initial={"eit_survey_url": organisation.eit_survey_url}
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            services.organisation_eit_survey_set(
                organisation=organisation, url=form.cleaned_data["eit_survey_url"]
            )
            messages.success(request, "บันทึกลิงก์แบบสำรวจ EIT แล้ว")
            return redirect("organisations:public_site", org=organisation.slug)
    context = {"form": form, "can_manage": can_manage}
    return render(request, "organisations/public_site.html", context)
