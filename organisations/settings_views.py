"""The coordinator's settings of the organisation (under /o/<slug:org>/settings/): contact
details, memo prefix, logo, EIT link, two-factor rule, publishing; divisions and positions
(added, renamed, retired and brought back, never deleted). Other members read them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from ita_portal import uploads
from ita_portal.errors import ServiceError
from ita_portal.permissions import can, require

from . import services
from .forms import DivisionForm, OrganisationPoliciesForm, OrganisationSettingsForm, PositionForm
from .models import Division, Organisation, Position


@require_http_methods(["GET", "POST"])
def organisation_settings(request, org):
    # A fresh copy: the form changes the instance it edits, the page header keeps its name.
    organisation = Organisation.objects.get(pk=request.organisation.pk)
    form = OrganisationSettingsForm(
        request.POST or None, request.FILES or None, instance=organisation
    )
    if request.method == "POST":
        require(request, "organisations.manage_settings")
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            logo = fields.pop("logo", None)
            try:
                with uploads.atomic_with_files():
                    if logo:
                        uploads.store(organisation.logo, logo.name, logo)
                        fields["logo"] = organisation.logo
                    elif "logo" in form.changed_data:  # "clear" was ticked
                        fields["logo"] = ""
                    if fields:
                        services.organisation_settings_save(organisation=organisation, **fields)
            except ValidationError as error:  # the disk refused the logo: nothing was saved
                form.add_error("logo", error)
            else:
                messages.success(request, "บันทึกการตั้งค่าหน่วยงานแล้ว")
                return redirect("organisations:settings", org=organisation.slug)
    context = {"form": form, "can_manage": can(request, "organisations.manage_settings")}
    return render(request, "organisations/settings.html", context)


@require_http_methods(["GET", "POST"])
def organisation_policies(request, org):
    """The privacy notice and website policy of the public site: the coordinator edits them,
    starting from the portal's template; other members read them."""
    organisation = Organisation.objects.get(pk=request.organisation.pk)
    form = OrganisationPoliciesForm(request.POST or None, instance=organisation)
    if request.method == "POST":
        require(request, "organisations.manage_settings")
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            if fields:
                services.organisation_settings_save(organisation=organisation, **fields)
            messages.success(request, "บันทึกนโยบายของเว็บไซต์แล้ว")
            return redirect("organisations:policies", org=organisation.slug)
    context = {"form": form, "can_manage": can(request, "organisations.manage_settings")}
    return render(request, "organisations/policies.html", context)


@require_http_methods(["GET", "POST"])
def divisions(request, org):
    organisation = request.organisation
    form = DivisionForm(
        request.POST or None,
        initial={"order": Division.objects.count() + 1},
    )
    if request.method == "POST":
        require(request, "organisations.manage_settings")
        if form.is_valid():
            try:
                division = services.division_save(
                    organisation=organisation, division=None, **form.cleaned_data
                )
            except ServiceError as error:
                form.add_error("name", error.message)
            else:
                messages.success(request, f"เพิ่มส่วนราชการ {division.name} แล้ว")
                return redirect("organisations:divisions", org=organisation.slug)
    context = {
        "divisions": Division.objects.order_by("-is_active", "order", "name"),
        "form": form,
        "can_manage": can(request, "organisations.manage_settings"),
    }
    return render(request, "organisations/divisions.html", context)


@require_http_methods(["GET", "POST"])
def division_edit(request, org, division):
    require(request, "organisations.manage_settings")
    division = get_object_or_404(Division.objects.all(), pk=division)
    if request.method == "POST" and "active" in request.POST:
        services.division_set_active(division=division, active=request.POST["active"] == "1")
        state = "นำกลับมาใช้" if division.is_active else "เลิกใช้"
        messages.success(request, f"{state}ส่วนราชการ {division.name} แล้ว")
        return redirect("organisations:divisions", org=request.organisation.slug)
    form = DivisionForm(
        request.POST or None, initial={"name": division.name, "order": division.order}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.division_save(
                organisation=request.organisation, division=division, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, f"บันทึกส่วนราชการ {division.name} แล้ว")
            return redirect("organisations:divisions", org=request.organisation.slug)
    return render(request, "organisations/division_edit.html", {"division": division, "form": form})


@require_http_methods(["GET", "POST"])
def positions(request, org):
    organisation = request.organisation
    form = PositionForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        require(request, "organisations.manage_settings")
        if form.is_valid():
            try:
                position = services.position_save(
                    organisation=organisation, position=None, **form.cleaned_data
                )
            except ServiceError as error:
                form.add_error("title", error.message)
            else:
                messages.success(request, f"เพิ่มตำแหน่ง {position.title} แล้ว")
                return redirect("organisations:positions", org=organisation.slug)
    context = {
        "positions": Position.objects.select_related("division").order_by("-is_active", "title"),
        "form": form,
        "can_manage": can(request, "organisations.manage_settings"),
    }
    return render(request, "organisations/positions.html", context)


@require_http_methods(["GET", "POST"])
def position_edit(request, org, position):
    require(request, "organisations.manage_settings")
    position = get_object_or_404(Position.objects.all(), pk=position)
    if request.method == "POST" and "active" in request.POST:
        services.position_set_active(position=position, active=request.POST["active"] == "1")
        state = "นำกลับมาใช้" if position.is_active else "เลิกใช้"
        messages.success(request, f"{state}ตำแหน่ง {position.title} แล้ว")
        return redirect("organisations:positions", org=request.organisation.slug)
    form = PositionForm(
        request.POST or None,
        organisation=request.organisation,
        initial={"title": position.title, "division": position.division_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.position_save(
                organisation=request.organisation, position=position, **form.cleaned_data
            )
        except ServiceError as error:
            form.add_error("title", error.message)
        else:
            messages.success(request, f"บันทึกตำแหน่ง {position.title} แล้ว")
            return redirect("organisations:positions", org=request.organisation.slug)
    return render(request, "organisations/position_edit.html", {"position": position, "form": form})
