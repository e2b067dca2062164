"""What each person should be reminded of on one day: the digests, computed for every
organisation at once.

``digests_of_day(day=…)`` reads with a fixed number of queries whatever the number of
organisations (every list is fetched once for all of them and grouped in Python), and is
pure: it writes nothing, so ``send_reminders --dry-run`` prints exactly what a run would send.
It runs outside any organisation's scope (callers open ``scopes_disabled()``: the command, the
task and the tests), and keeps organisations apart by grouping every row on its
``organisation_id``.

The rules (the day is the organisation's local date, passed explicitly):
* division staff (``due``): the steps of their divisions followed in the current round and not
  reported, due at the round's end, and the OIT items of their divisions not done, due at the
  internal deadline. A digest is made on the days an item is ``lead_days_far`` or
  ``lead_days_near`` days from its due date or due that day, and on Mondays when anything is
  overdue; it lists everything due within ``lead_days_far`` days and everything overdue.
* the coordinator (``summary``): on Mondays, per division reported / not reported / overdue,
  the OIT readiness with the days left, reports waiting on someone for more than
  ``waiting_days`` days and the broken links of the last link check; only when one of these
  has something to act on.
* an approver (``approval``): each report waiting for them every ``waiting_days`` days of
  waiting (the first notice is the report's own event notification); once it has waited twice
  as long, the coordinator is told once (``escalation``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Max, Prefetch, Q
from django.utils import timezone

from ita_portal import thai
from measures.models import MeasureStep, ProgressEntry
from measures.selectors import step_is_overdue
from oit_checklist.enums import ItemState
from oit_checklist.models import ItemStatus, ItemUrl, OitYear
from organisations.enums import Role
from organisations.models import Membership, Organisation
from reports.enums import ReportStatus
from reports.models import Notification, Report

from .enums import CANNOT_BE_OFF, Channel, ReminderKind
from .models import (
    DEFAULT_LEAD_FAR,
    DEFAULT_LEAD_NEAR,
    DEFAULT_WAITING_DAYS,
    Escalation,
    LineChannel,
    LineLink,
    ReminderPreference,
    ReminderSettings,
)

SUMMARY_WEEKDAY = 0  # Monday: the coordinator's weekly summary, the staff's overdue chase


@dataclass
class Line:
    text: str
    url: str


@dataclass
class PlannedDigest:
    organisation: Organisation
    membership: Membership
    kind: str
    channel: str
    subject: str
    lines: list[Line]
    url: str
    # (report, review_round, step) of the reports an escalation brings to the coordinator
    escalates: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def user(self):
        return self.membership.user

    def get_channel_display(self) -> str:
        return Channel(self.channel).label


@dataclass(frozen=True)
class Leads:
    far: int = DEFAULT_LEAD_FAR
    near: int = DEFAULT_LEAD_NEAR
    waiting: int = DEFAULT_WAITING_DAYS


def leads_of(organisation: Organisation) -> Leads:
    """The organisation's lead times (the defaults when the coordinator set none)."""
    row = ReminderSettings.objects.filter(organisation=organisation).first()
    return _leads(row)


def _leads(row: ReminderSettings | None) -> Leads:
    if row is None:
        return Leads()
    return Leads(row.lead_days_far, row.lead_days_near, row.waiting_days)


def channel_of(preferences: dict, user_id: int, kind: str) -> str:
    channel = preferences.get((user_id, kind), Channel.EMAIL)
    if kind in CANNOT_BE_OFF and channel == Channel.OFF:
        return Channel.EMAIL
    return channel


def days_text(days: int) -> str:
    if days == 0:
        return "ครบกำหนดวันนี้"
    if days > 0:
        return f"อีก {thai.thai_digits(days)} วัน"
    return f"เลยกำหนดมาแล้ว {thai.thai_digits(-days)} วัน"


def absolute(url: str) -> str:
    return f"{settings.PORTAL_URL}{url}" if url.startswith("/") else url


def _local_date(value: dt.datetime) -> dt.date:
    return timezone.localtime(value).date()


# --- reading every organisation at once ------------------------------------------------------


@dataclass
class _Data:
    organisations: list[Organisation]
    leads: dict[int, Leads]
    members: dict[int, list[Membership]]
    preferences: dict[int, dict]
    steps: dict[int, list[MeasureStep]]
    oit_years: dict[int, OitYear]
    items: dict[int, list[ItemStatus]]
    broken: dict[int, list[ItemUrl]]
    reports: dict[int, list[Report]]
    escalated: set[tuple[int, int, int]]


def _read(day: dt.date, organisation_ids: list[int] | None) -> _Data:
    year = thai.fiscal_year_of(day)
    round_ = thai.current_round(year, day)
    organisations = Organisation.objects.filter(is_active=True).select_related("reminder_settings")
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=organisation_ids)
    organisations = list(organisations.order_by("pk"))
    ids = [o.pk for o in organisations]
    leads = {
        o.pk: _leads(getattr(o, "reminder_settings", None)) for o in organisations
    }  # reverse one-to-one: select_related fetched it (or knows it is missing)

    members: dict[int, list[Membership]] = defaultdict(list)
    memberships = (
        Membership.objects.filter(organisation_id__in=ids, is_active=True, user__is_active=True)
        .select_related("user")
        .prefetch_related("divisions")
        .order_by("organisation_id", "pk")
    )
    for membership in memberships:
        members[membership.organisation_id].append(membership)

    preferences: dict[int, dict] = defaultdict(dict)
    for pref in ReminderPreference.objects.filter(organisation_id__in=ids):
        preferences[pref.organisation_id][(pref.user_id, pref.kind)] = pref.channel

    followed = {"follow_up_6": True} if round_ == 6 else {"follow_up_12": True}
    steps: dict[int, list[MeasureStep]] = defaultdict(list)
    step_rows = (
        MeasureStep.objects.filter(
            organisation_id__in=ids, measure__plan__fiscal_year__year=year, **followed
        )
        .select_related("measure")
        .prefetch_related(
            "divisions",
            Prefetch(
                "progress",
                queryset=ProgressEntry.objects.filter(round=round_),
                to_attr="round_progress",
            ),
        )
        .order_by("organisation_id", "measure__order", "measure_id", "order", "pk")
    )
    for step in step_rows:
        steps[step.organisation_id].append(step)

    oit_years = {
        oit.organisation_id: oit
        for oit in OitYear.objects.filter(organisation_id__in=ids, fiscal_year__year=year)
    }
    items: dict[int, list[ItemStatus]] = defaultdict(list)
    for status in (
        ItemStatus.objects.filter(organisation_id__in=ids, fiscal_year__year=year)
        .select_related("item")
        .order_by("organisation_id", "item__order")
    ):
        items[status.organisation_id].append(status)
    broken: dict[int, list[ItemUrl]] = defaultdict(list)
    for url in (
        ItemUrl.objects.filter(
            organisation_id__in=ids,
            item_status__fiscal_year__year=year,
            checked_at__isnull=False,
        )
        .select_related("item_status__item")
        .order_by("organisation_id", "item_status__item__order", "order", "pk")
    ):
        if url.is_broken:
            broken[url.organisation_id].append(url)

    this_round = Q(decisions__review_round=F("review_round"))
    reports: dict[int, list[Report]] = defaultdict(list)
    for report in (
        Report.objects.filter(organisation_id__in=ids, status=ReportStatus.IN_REVIEW)
        .annotate(
            done=Count("decisions", filter=this_round),
            last_decided=Max("decisions__decided_at", filter=this_round),
        )
        .order_by("organisation_id", "submitted_at", "pk")
    ):
        reports[report.organisation_id].append(report)
    escalated = set(
        Escalation.objects.filter(organisation_id__in=ids).values_list(
            "report_id", "review_round", "step"
        )
    )
    return _Data(
        organisations,
        leads,
        members,
        preferences,
        steps,
        oit_years,
        items,
        broken,
        reports,
        escalated,
    )


# --- the digests ---------------------------------------------------------------------------


def digests_of_day(
    *, day: dt.date, organisation_ids: list[int] | None = None, include_off: bool = False
) -> list[PlannedDigest]:
    """Every digest due on ``day`` (every organisation, or those of ``organisation_ids``), in
    organisation and membership order. Digests whose recipient chose "off" are left out
    unless ``include_off``. Reads only; a fixed number of queries."""
    data = _read(day, organisation_ids)
    year = thai.fiscal_year_of(day)
    round_ = thai.current_round(year, day)
    round_end = thai.round_bounds(year, round_)[1]
    planned: list[PlannedDigest] = []
    for organisation in data.organisations:
        org_id = organisation.pk
        leads = data.leads[org_id]
        prefs = data.preferences[org_id]
        base = f"/o/{organisation.slug}"
        members = data.members[org_id]
        by_user = {m.user_id: m for m in members}
        coordinators = [m for m in members if m.role == Role.COORDINATOR]
        oit = data.oit_years.get(org_id)

        def make(
            membership, kind, subject, lines, url, escalates=(), _prefs=prefs, _org=organisation
        ):
            channel = channel_of(_prefs, membership.user_id, kind)
            if channel == Channel.OFF and not include_off:
                return
            planned.append(
                PlannedDigest(
                    _org,
                    membership,
                    kind,
                    channel,
                    subject,
                    lines,
                    url,
                    list(escalates),
                )
            )

        # division staff
        for membership in members:
            if membership.role != Role.STAFF:
                continue
            mine = {d.pk for d in membership.divisions.all()}
            if not mine:
                continue
            due, overdue, trigger = [], [], False
            progress_url = f"{base}/progress/{year}/?round={round_}"
            for step in data.steps[org_id]:
                if not mine & {d.pk for d in step.divisions.all()}:
                    continue
                entry = step.round_progress[0] if step.round_progress else None
                reported = bool(entry and entry.is_reported)
                if reported:
                    continue
                url = f"{base}/progress/steps/{step.pk}/?round={round_}"
                label = f"{step.measure.title}: {step.text}"[:200]
                if step_is_overdue(step, year, reported, day):
                    overdue.append(Line(f"{label} (ยังไม่รายงานผล{thai.Round(round_).label})", url))
                    continue
                left = (round_end - day).days
                if 0 <= left <= leads.far:
                    trigger |= left in {leads.far, leads.near, 0}
                    due.append(
                        Line(
                            f"{label}: รายงานผล{thai.Round(round_).label} ภายใน "
                            f"{thai.thai_date(round_end)} ({days_text(left)})",
                            url,
                        )
                    )
            if oit and oit.internal_deadline:
                deadline = oit.internal_deadline
                left = (deadline - day).days
                still_open = oit.window_end is None or day <= oit.window_end
                for status in data.items[org_id]:
                    if status.division_id not in mine or status.state == ItemState.DONE:
                        continue
                    url = f"{base}/oit/items/{status.pk}/"
                    label = f"OIT ข้อ {status.item.label} {status.item.title}"[:200]
                    if left < 0 and still_open:
                        overdue.append(
                            Line(f"{label} (กำหนดส่งภายใน {thai.thai_date(deadline)})", url)
                        )
                    elif 0 <= left <= leads.far:
                        trigger |= left in {leads.far, leads.near, 0}
                        due.append(
                            Line(
                                f"{label}: กำหนดส่งภายใน {thai.thai_date(deadline)} "
                                f"({days_text(left)})",
                                url,
                            )
                        )
            if overdue and day.weekday() == SUMMARY_WEEKDAY:
                trigger = True
            if trigger:
                lines = due + [Line(f"เลยกำหนด: {line.text}", line.url) for line in overdue]
                make(
                    membership,
                    ReminderKind.DUE,
                    f"งานที่ใกล้ครบกำหนดและเลยกำหนด {thai.thai_date(day)}",
                    lines,
                    progress_url if data.steps[org_id] else f"{base}/oit/{year}/",
                )

        # approvers, and the escalations to the coordinator
        waiting: dict[int, list[Line]] = defaultdict(list)
        escalations: list[tuple[Line, tuple[int, int, int]]] = []
        long_waiting: list[Line] = []
        for report in data.reports[org_id]:
            chain = report.chain or []
            if report.done >= len(chain):
                continue
            signer_id = chain[report.done]["signer_id"]
            since = _local_date(report.last_decided or report.submitted_at)
            waited = (day - since).days
            url = f"{base}/reports/{report.pk}/"
            who = chain[report.done]
            position = f"(รอ{who.get('position', '')} {who.get('name', '')})".strip()
            text = (
                f"{report.title} รอการพิจารณาตั้งแต่ {thai.thai_date(since)} "
                f"({thai.thai_digits(waited)} วัน)"
            )
            if waited > leads.waiting:
                long_waiting.append(Line(f"{text} {position}".strip(), url))
            if signer_id in by_user and waited >= leads.waiting and waited % leads.waiting == 0:
                waiting[signer_id].append(Line(text, url))
            key = (report.pk, report.review_round, report.done)
            if waited >= 2 * leads.waiting and key not in data.escalated:
                escalations.append((Line(f"{text} {position}".strip(), url), key))
        for user_id, lines in waiting.items():
            make(
                by_user[user_id],
                ReminderKind.APPROVAL,
                f"รายงานที่รอการพิจารณาของท่าน {thai.thai_date(day)}",
                lines,
                f"{base}/reports/queue/",
            )
        if escalations:
            for membership in coordinators:
                make(
                    membership,
                    ReminderKind.ESCALATION,
                    f"รายงานที่ค้างการพิจารณานาน {thai.thai_date(day)}",
                    [line for line, _key in escalations],
                    escalations[0][0].url,
                    [key for _line, key in escalations],
                )

        # the coordinator's weekly summary
        if day.weekday() == SUMMARY_WEEKDAY and coordinators:
            lines = _summary_lines(
                organisation, data, year, round_, round_end, day, long_waiting, oit
            )
            if lines:
                for membership in coordinators:
                    make(
                        membership,
                        ReminderKind.SUMMARY,
                        f"สรุปงาน ITA ประจำสัปดาห์ {thai.thai_date(day)}",
                        lines,
                        f"{base}/progress/{year}/dashboard/?round={round_}",
                    )
    return planned


def _summary_lines(organisation, data, year, round_, round_end, day, long_waiting, oit):
    org_id = organisation.pk
    base = f"/o/{organisation.slug}"
    lines: list[Line] = []
    tallies: dict[str, list[int]] = {}
    for step in data.steps[org_id]:
        entry = step.round_progress[0] if step.round_progress else None
        reported = bool(entry and entry.is_reported)
        overdue = step_is_overdue(step, year, reported, day)
        for division in step.divisions.all():
            tally = tallies.setdefault(division.name, [0, 0, 0])
            tally[0 if reported else 1] += 1
            tally[2] += overdue
    dashboard = f"{base}/progress/{year}/dashboard/?round={round_}"
    if any(t[1] for t in tallies.values()):
        left = (round_end - day).days
        lines.append(
            Line(
                f"{thai.Round(round_).label} สิ้นสุด {thai.thai_date(round_end)} ({days_text(left)})",
                dashboard,
            )
        )
        for name, (reported, missing, overdue) in tallies.items():
            lines.append(
                Line(
                    f"{name}: รายงานแล้ว {thai.thai_digits(reported)} ขั้นตอน ยังไม่รายงาน "
                    f"{thai.thai_digits(missing)} เลยกำหนด {thai.thai_digits(overdue)}",
                    dashboard,
                )
            )
    items = data.items[org_id]
    if oit and items and (oit.window_end is None or day <= oit.window_end):
        done = sum(s.state == ItemState.DONE for s in items)
        if done < len(items):
            text = (
                f"ความพร้อม OIT: ดำเนินการแล้ว {thai.thai_digits(done)} จาก "
                f"{thai.thai_digits(len(items))} ข้อ"
            )
            if oit.internal_deadline:
                left = (oit.internal_deadline - day).days
                text += f" กำหนดส่งภายใน {thai.thai_date(oit.internal_deadline)} ({days_text(left)})"
            if oit.window_end:
                left = (oit.window_end - day).days
                text += f" ปิดระบบ ป.ป.ช. {thai.thai_date(oit.window_end)} ({days_text(left)})"
            lines.append(Line(text, f"{base}/oit/{year}/readiness/"))
    lines.extend(Line(f"รอการพิจารณานาน: {line.text}", line.url) for line in long_waiting)
    for url in data.broken[org_id]:
        status = url.item_status
        problem = url.check_error or f"HTTP {url.http_status}"
        lines.append(
            Line(
                f"ลิงก์เสีย OIT ข้อ {status.item.label}: {url.url} ({problem})"[:300],
                f"{base}/oit/items/{status.pk}/",
            )
        )
    return lines


# --- the notification centre and the person's settings ---------------------------------------


def notifications_of(*, user, days: int = 365, limit: int = 100) -> list[Notification]:
    """The person's notifications in the current organisation (scoped), newest first."""
    since = timezone.now() - dt.timedelta(days=days)
    return list(
        Notification.objects.filter(recipient=user, created_at__gte=since).select_related(
            "organisation", "report"
        )[:limit]
    )


def unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()


def preferences_of(*, organisation, user) -> dict[str, str]:
    """The person's channel per kind (e-mail where they chose nothing)."""
    chosen = dict(
        ReminderPreference.objects.filter(organisation=organisation, user=user).values_list(
            "kind", "channel"
        )
    )
    return {kind: chosen.get(kind, Channel.EMAIL) for kind in ReminderKind.values}


def line_link_of(*, organisation, user) -> LineLink | None:
    return LineLink.objects.filter(organisation=organisation, user=user).first()


def line_connected(*, organisation) -> bool:
    return LineChannel.objects.filter(organisation=organisation).exists()
