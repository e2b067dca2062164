"""The coordinator manages the organisation's people (under /o/<slug:org>/people/): invite by
e-mail or create an account with a printed activation sheet, change role, divisions and
positions, deactivate and reactivate, send a new link. Every change is in the person's history.
Other members see the list only."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ita_portal.errors import ServiceError
from ita_portal.once import once_per_form
from ita_portal.permissions import can, require
from ita_portal.security import client_ip

from . import selectors, services
from .forms import InviteForm, MemberForm
from .models import Membership


def _member_fields(data: dict) -> dict:
    return {
        "role": data["role"],
        "divisions": data["divisions"],
        "position": data.get("position"),
        "acting_position": data.get("acting_position"),
    }


@require_safe
def people(request, org):
    organisation = request.organisation
    context = {
        "divisions": selectors.divisions_with_members(organisation=organisation),
        "memberships": selectors.memberships_of_organisation(organisation=organisation),
        "inactive": selectors.memberships_inactive(organisation=organisation),
        "can_manage": can(request, "organisations.manage_people"),
    }
    return render(request, "organisations/people.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@once_per_form
def member_invite(request, org):
    require(request, "organisations.manage_people")
    organisation = request.organisation
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = {
            "title": data["title"],
            "first_name": data["first_name"].strip(),
            "last_name": data["last_name"].strip(),
        }
        try:
            if data["email"]:
                membership = services.member_invite(
                    organisation=organisation,
                    actor=request.user,
                    email=data["email"],
                    ip=client_ip(request),
                    **person,
                    **_member_fields(data),
                )
            else:
                membership, token = services.member_create_without_email(
                    organisation=organisation,
                    actor=request.user,
                    ip=client_ip(request),
                    **person,
                    **_member_fields(data),
                )
        except ServiceError as error:
            form.add_error("email", error.message)
        else:
            if not data["email"]:
                return _activation_sheet(request, membership, token)
            messages.success(
                request,
                f"ส่งคำเชิญถึง {membership.user.full_name} ที่ {membership.user.email} แล้ว "
                "ลิงก์ตั้งรหัสผ่านใช้ได้ครั้งเดียว",
            )
            return redirect("organisations:people", org=organisation.slug)
    return render(request, "organisations/member_invite.html", {"form": form})


def _activation_sheet(request, membership: Membership, token: str):
    """The one page that shows an activation token: printed and handed to the officer."""
    link = request.build_absolute_uri(f"/accounts/invite/{token}/")
    context = {"member": membership, "link": link, "days": settings.ITA_INVITATION_DAYS}
    return render(request, "organisations/activation_sheet.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def member_detail(request, org, membership):
    member = get_object_or_404(
        Membership.objects.select_related("user", "position", "acting_position"), pk=membership
    )
    can_manage = can(request, "organisations.manage_people")
    initial = {
        "role": member.role,
        "divisions": list(member.divisions.all()),
        "position": member.position_id,
        "acting_position": member.acting_position_id,
    }
    form = MemberForm(
        request.POST or None,
        organisation=request.organisation,
        membership=member,
        initial=initial,
    )
    if request.method == "POST":
        require(request, "organisations.manage_people")
        if form.is_valid():
            try:
                services.member_update(
                    membership=member,
                    actor=request.user,
                    ip=client_ip(request),
                    **_member_fields(form.cleaned_data),
                )
            except ServiceError as error:
                form.add_error("role", error.message)
            else:
                messages.success(request, f"บันทึกข้อมูลของ {member.user.full_name} แล้ว")
                return redirect(
                    "organisations:member_detail",
                    org=request.organisation.slug,
                    membership=member.pk,
                )
    context = {
        "member": member,
        "form": form,
        "can_manage": can_manage,
        "events": selectors.member_events(membership=member),
        "invitation": selectors.invitation_open(membership=member),
    }
    return render(request, "organisations/member_detail.html", context)


@require_POST
def member_set_active(request, org, membership):
    require(request, "organisations.manage_people")
    member = get_object_or_404(Membership.objects.select_related("user"), pk=membership)
    active = request.POST.get("active") == "1"
    try:
        services.member_set_active(
            membership=member, actor=request.user, active=active, ip=client_ip(request)
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        if active:
            messages.success(request, f"เปิดใช้งาน {member.user.full_name} อีกครั้งแล้ว")
        else:
            messages.success(
                request,
                f"ระงับการใช้งานของ {member.user.full_name} แล้ว ผู้นี้ออกจากระบบของหน่วยงานทันที",
            )
    return redirect(
        "organisations:member_detail", org=request.organisation.slug, membership=member.pk
    )


@never_cache
@require_POST
@once_per_form
def member_resend(request, org, membership):
    require(request, "organisations.manage_people")
    member = get_object_or_404(Membership.objects.select_related("user"), pk=membership)
    if not member.is_active:
        messages.error(request, "ผู้นี้ถูกระงับการใช้งาน กรุณาเปิดใช้งานอีกครั้งก่อนส่งลิงก์")
        return redirect(
            "organisations:member_detail", org=request.organisation.slug, membership=member.pk
        )
    token = services.invitation_resend(membership=member, actor=request.user, ip=client_ip(request))
    if token:
        return _activation_sheet(request, member, token)
    messages.success(
        request,
        f"ส่งลิงก์ตั้งรหัสผ่านใหม่ถึง {member.user.email} แล้ว ลิงก์ก่อนหน้านี้ใช้ไม่ได้อีก",
    )
    return redirect(
        "organisations:member_detail", org=request.organisation.slug, membership=member.pk
    )
