"""The notification centre (/o/<slug>/notifications/) and the reminder settings
(/o/<slug>/reminders/). Thin: form → one service call → message → redirect; GET never marks
anything read."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ita_portal.errors import ServiceError
from ita_portal.permissions import can, require
from reports.models import Notification

from . import selectors, services
from .forms import LeadTimesForm, LineChannelForm, PreferencesForm


@require_safe
def notification_list(request, org):
    context = {"notifications": selectors.notifications_of(user=request.user)}
    return render(request, "reminders/notification_list.html", context)


@require_POST
def notification_read(request, org, notification):
    """Mark one notification read and open the page it points to."""
    note = get_object_or_404(Notification, pk=notification, recipient=request.user)
    services.notification_mark_read(notification=note, user=request.user)
    target = note.link
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "reminders:notifications"
        return redirect(target, org=org)
    return redirect(target)


@require_POST
def notification_read_all(request, org):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"ทำเครื่องหมายว่าอ่านแล้ว {count} รายการ")
    return redirect("reminders:notifications", org=org)


def _role_form(request, data=None):
    organisation = request.organisation
    prefs = selectors.preferences_of(organisation=organisation, user=request.user)
    link = selectors.line_link_of(organisation=organisation, user=request.user)
    initial = {f"kind_{kind}": channel for kind, channel in prefs.items()}
    initial["line_user_id"] = link.line_user_id if link else ""
    return PreferencesForm(data, role=request.membership.role, initial=initial)


def _settings_context(request, **forms):
    organisation = request.organisation
    leads = selectors.leads_of(organisation)
    context = {
        "form": forms.get("form") or _role_form(request),
        "is_coordinator": can(request, "organisations.manage_settings"),
        "line_connected": selectors.line_connected(organisation=organisation),
        "leads": leads,
    }
    if context["is_coordinator"]:
        context["lead_form"] = forms.get("lead_form") or LeadTimesForm(
            initial={
                "lead_days_far": leads.far,
                "lead_days_near": leads.near,
                "waiting_days": leads.waiting,
            }
        )
        context["line_form"] = forms.get("line_form") or LineChannelForm()
    return context


@require_http_methods(["GET", "POST"])
def reminder_settings(request, org):
    """The person's channels per kind and LINE user id (POST); the page also shows the
    coordinator's organisation forms, which post to ``organisation_reminders``."""
    if request.method == "POST":
        form = _role_form(request, request.POST)
        if form.is_valid():
            try:
                services.preferences_save(
                    organisation=request.organisation, user=request.user, channels=form.channels()
                )
                services.line_link_save(
                    organisation=request.organisation,
                    user=request.user,
                    line_user_id=form.cleaned_data["line_user_id"],
                )
            except ServiceError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "บันทึกการตั้งค่าการเตือนแล้ว")
                return redirect("reminders:settings", org=org)
        return render(
            request,
            "reminders/reminder_settings.html",
            _settings_context(request, form=form),
            status=400,
        )
    return render(request, "reminders/reminder_settings.html", _settings_context(request))


@require_POST
def organisation_reminders(request, org):
    """The coordinator's lead times, and connecting or replacing the LINE Official Account."""
    require(request, "organisations.manage_settings")
    organisation = request.organisation
    action = request.POST.get("action")
    try:
        if action == "leads":
            form = LeadTimesForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "reminders/reminder_settings.html",
                    _settings_context(request, lead_form=form),
                    status=400,
                )
            services.reminder_settings_save(organisation=organisation, **form.cleaned_data)
            messages.success(request, "บันทึกระยะเวลาการเตือนของหน่วยงานแล้ว")
        elif action == "line_disconnect":
            services.line_channel_disconnect(organisation=organisation)
            messages.success(request, "ยกเลิกการเชื่อม LINE Official Account แล้ว")
        else:
            form = LineChannelForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "reminders/reminder_settings.html",
                    _settings_context(request, line_form=form),
                    status=400,
                )
            services.line_channel_connect(
                organisation=organisation,
                access_token=form.cleaned_data["access_token"],
                user=request.user,
            )
            messages.success(request, "เชื่อม LINE Official Account แล้ว (ระบบจะไม่แสดง token อีก)")
    except ServiceError as error:
        messages.error(request, str(error))
    return redirect("reminders:settings", org=org)
