"""The coordinator's pages of the preparation meeting minutes (รายงานการประชุม).

The tenancy middleware has checked the membership and opened the organisation's scope; every
object is looked up through its scoped manager, so another organisation's meeting is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from ita_portal.once import once_per_form
from ita_portal.permissions import require
from organisations.models import FiscalYear
from reports.minutes import services
from reports.minutes.forms import MeetingForms
from reports.models.minutes import (
    AGENDA,
    DEFAULT_MEETING_TITLE,
    DEFICIENCY_AGENDA,
    AttendeeKind,
    Meeting,
)


def _list_url(request, year: int) -> str:
    return reverse("minutes:list", kwargs={"org": request.organisation.slug, "year": year})


@require_safe
def meeting_list(request, org, year):
    require(request, "reports.edit_minutes")
    fiscal_year = get_object_or_404(FiscalYear.objects.all(), year=year)
    meetings = list(
        Meeting.objects.filter(fiscal_year=fiscal_year).order_by("-date", "-start_time", "-pk")
    )
    latest = services.meeting_latest(fiscal_year=fiscal_year)
    return render(
        request,
        "reports/minutes/meeting_list.html",
        {
            "fiscal_year": fiscal_year,
            "meetings": meetings,
            "latest": latest,
            "years": list(FiscalYear.objects.order_by("year")),
        },
    )


def _form_page(request, *, fiscal_year, meeting, title):
    framework = services.meeting_framework(fiscal_year=fiscal_year)
    editing = meeting if meeting is not None else Meeting(fiscal_year=fiscal_year)
    data = request.POST if request.method == "POST" else None
    forms = MeetingForms(
        data, meeting=editing, framework=framework, organisation=request.organisation
    )
    if meeting is None and data is None:
        forms.form.initial.setdefault("title", DEFAULT_MEETING_TITLE)
    if data is not None and forms.is_valid():
        services.meeting_save(
            organisation=request.organisation,
            fiscal_year=fiscal_year,
            meeting=meeting,
            fields=forms.form.cleaned_data,
            attendees=forms.attendee_rows(),
            deficiencies=forms.deficiency_rows(),
        )
        messages.success(request, "บันทึกรายงานการประชุมแล้ว")
        return redirect(_list_url(request, fiscal_year.year))
    form = forms.form
    attendee_sections = [
        (AttendeeKind(kind).label, formset) for kind, formset in forms.attendees.items()
    ]
    agenda = [
        (
            number,
            heading,
            form[f"agenda_{number}"],
            form["agenda_4_after"] if number == DEFICIENCY_AGENDA else None,
            form[f"resolution_{number}"],
        )
        for number, heading in AGENDA
    ]
    return render(
        request,
        "reports/minutes/meeting_form.html",
        {
            "fiscal_year": fiscal_year,
            "meeting": meeting,
            "title": title,
            "form": form,
            "attendee_sections": attendee_sections,
            "deficiencies": forms.deficiencies,
            "agenda": agenda,
            "framework": framework,
            # A POST that comes back has errors: all of them in the summary at the top, the
            # rows' too (templates/_error_summary.html).
            "summary_failed": data is not None,
            "summary_formsets": [
                *attendee_sections,
                ("ข้อบกพร่อง OIT ของปีที่ผ่านมา", forms.deficiencies),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@once_per_form
def meeting_create(request, org, year):
    require(request, "reports.edit_minutes")
    fiscal_year = get_object_or_404(FiscalYear.objects.all(), year=year)
    return _form_page(request, fiscal_year=fiscal_year, meeting=None, title="บันทึกรายงานการประชุมใหม่")


@require_http_methods(["GET", "POST"])
def meeting_edit(request, org, meeting):
    require(request, "reports.edit_minutes")
    meeting = get_object_or_404(Meeting.objects.select_related("fiscal_year"), pk=meeting)
    return _form_page(
        request,
        fiscal_year=meeting.fiscal_year,
        meeting=meeting,
        title="แก้ไขรายงานการประชุม",
    )


@require_http_methods(["GET", "POST"])
def meeting_delete(request, org, meeting):
    """GET asks first (templates/confirm.html); POST deletes the minutes with their rows."""
    require(request, "reports.edit_minutes")
    meeting = get_object_or_404(Meeting.objects.select_related("fiscal_year"), pk=meeting)
    year = meeting.fiscal_year.year
    if request.method == "GET":
        edit_url = reverse("minutes:edit", kwargs={"org": org, "meeting": meeting.pk})
        return render(
            request,
            "confirm.html",
            {
                "title": "ลบรายงานการประชุมนี้หรือไม่",
                "back_label": meeting.title,
                "details": [("รายงานการประชุม", meeting.title)],
                "consequence": (
                    "รายงานการประชุมจะถูกลบพร้อมรายชื่อผู้เข้าประชุมและข้อบกพร่องทุกข้อ และนำกลับคืนไม่ได้"
                ),
                "notified": "ไม่มีการแจ้งเตือนผู้ใด",
                "button": "ลบรายงานการประชุม",
                "action_url": request.path,
                "cancel_url": edit_url,
            },
        )
    services.meeting_delete(meeting=meeting)
    messages.success(request, "ลบรายงานการประชุมแล้ว")
    return redirect(_list_url(request, year))
