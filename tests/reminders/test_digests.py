"""Reminder digests across a whole fiscal year (FY2575, 1 Oct 2031 – 30 Sep 2032), with the day
passed explicitly to the services (no clock is mocked): the right days, the right people,
nothing twice, nothing to a deactivated member, nothing across organisations, preferences."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks_db.models import DBTaskResult

from ita_portal import thai
from measures import services as measure_services
from measures.models import MeasureStep
from oit_checklist.models import ItemStatus, ItemUrl
from organisations.enums import Role
from organisations.models import Division, FiscalYear, Membership, Organisation, User
from reminders import selectors, services
from reminders.enums import Channel, ReminderKind
from reminders.models import Digest, Escalation
from reminders.tasks import send_digests
from reports import services as report_services
from reports.enums import ReportKind
from reports.models import Notification

from .conftest import DEADLINE, END, ROUND6_END, START, WINDOW_END, YEAR


def _days():
    day = START
    while day <= END:
        yield day
        day += dt.timedelta(days=1)


def _digests(day, organisation, **kwargs):
    with scopes_disabled():
        return selectors.digests_of_day(day=day, organisation_ids=[organisation.pk], **kwargs)


def _of(planned, user, kind):
    return [p for p in planned if p.user == user and p.kind == kind]


def test_division_staff_are_reminded_on_the_lead_days_and_chased_on_mondays(
    year, nathon, staff_palad, staff_klang
):
    round12_end = END
    due_days = {ROUND6_END - dt.timedelta(days=n) for n in (14, 3, 0)}
    due_days |= {round12_end - dt.timedelta(days=n) for n in (14, 3, 0)}
    oit_days = {DEADLINE - dt.timedelta(days=n) for n in (14, 3, 0)}
    overdue_mondays = {
        day
        for day in _days()
        if DEADLINE < day <= WINDOW_END and day.weekday() == 0  # OIT items past the deadline
    }
    palad_days, klang_days = [], []
    for day in _days():
        planned = _digests(day, nathon)
        if _of(planned, staff_palad, ReminderKind.DUE):
            palad_days.append(day)
        if _of(planned, staff_klang, ReminderKind.DUE):
            klang_days.append(day)
    assert palad_days == sorted(due_days | oit_days | overdue_mondays)
    # กองคลัง has steps and one OIT item too: the same days (its item is also open)
    assert klang_days == palad_days

    digest = _of(_digests(dt.date(2032, 3, 17), nathon), staff_palad, ReminderKind.DUE)[0]
    assert digest.subject == "งานที่ใกล้ครบกำหนดและเลยกำหนด ๑๗ มีนาคม ๒๕๗๕"
    with scopes_disabled():
        mine = MeasureStep.objects.filter(
            measure__plan__fiscal_year=year, divisions__name="สำนักปลัด"
        ).count()
    step_lines = [line for line in digest.lines if "/progress/steps/" in line.url]
    assert len(step_lines) == mine
    assert "ภายใน ๓๑ มีนาคม ๒๕๗๕ (อีก ๑๔ วัน)" in step_lines[0].text
    assert [line for line in digest.lines if "/oit/items/" in line.url] == []  # 23 days ahead
    digest = _of(_digests(dt.date(2032, 3, 26), nathon), staff_palad, ReminderKind.DUE)[0]
    oit_lines = [line for line in digest.lines if "/oit/items/" in line.url]
    assert [line.text[-35:] for line in oit_lines] == [
        "กำหนดส่งภายใน ๙ เมษายน ๒๕๗๕ (อีก ๑๔ วัน)"[-35:]
    ] * 2
    assert digest.url == f"/o/nathon/progress/{YEAR}/?round=6"

    chased = _of(_digests(dt.date(2032, 4, 12), nathon), staff_palad, ReminderKind.DUE)[0]
    assert [line.text.startswith("เลยกำหนด: OIT ข้อ") for line in chased.lines] == [True, True]


def test_reported_steps_and_done_items_are_not_reminded(year, nathon, staff_palad):
    with scopes_disabled():
        membership = Membership.objects.get(user=staff_palad)
        steps = MeasureStep.objects.filter(measure__plan__fiscal_year=year)
        for step in steps:
            step.progress.create(organisation=nathon, round=6, status="done", output="ทำแล้ว")
        ItemStatus.objects.filter(fiscal_year=year).update(state="done")
    assert membership.is_active
    assert _of(_digests(dt.date(2032, 3, 17), nathon), staff_palad, ReminderKind.DUE) == []
    # the 12-month round still needs its report
    assert _of(_digests(dt.date(2032, 9, 16), nathon), staff_palad, ReminderKind.DUE) != []


def test_the_coordinator_gets_a_weekly_summary_on_mondays(year, nathon, coordinator):
    autumn = [d for d in _days() if d.month in (10, 11)]
    days = [d for d in autumn if _of(_digests(d, nathon), coordinator, ReminderKind.SUMMARY)]
    assert days == [d for d in autumn if d.weekday() == 0]
    summary = _of(_digests(dt.date(2032, 3, 15), nathon), coordinator, ReminderKind.SUMMARY)[0]
    texts = [line.text for line in summary.lines]
    assert texts[0] == "รอบ ๖ เดือน สิ้นสุด ๓๑ มีนาคม ๒๕๗๕ (อีก ๑๖ วัน)"
    assert any(t.startswith("สำนักปลัด: รายงานแล้ว ๐ ขั้นตอน ยังไม่รายงาน") for t in texts)
    assert (
        "ความพร้อม OIT: ดำเนินการแล้ว ๐ จาก ๓ ข้อ กำหนดส่งภายใน ๙ เมษายน ๒๕๗๕ (อีก ๒๕ วัน) "
        "ปิดระบบ ป.ป.ช. ๓๐ เมษายน ๒๕๗๕ (อีก ๔๖ วัน)"
    ) in texts


def test_the_summary_lists_broken_links(year, nathon, coordinator):
    with scopes_disabled():
        status = ItemStatus.objects.filter(fiscal_year=year).first()
        ItemUrl.objects.create(
            organisation=nathon,
            item_status=status,
            url="https://nathon.go.th/ita/old.pdf",
            checked_at=timezone.now(),
            http_status=404,
        )
    summary = _of(_digests(dt.date(2032, 3, 15), nathon), coordinator, ReminderKind.SUMMARY)[0]
    assert summary.lines[-1].text == (
        f"ลิงก์เสีย OIT ข้อ {status.item.label}: https://nathon.go.th/ita/old.pdf (HTTP 404)"
    )
    assert summary.lines[-1].url == f"/o/nathon/oit/items/{status.pk}/"


def test_nothing_on_days_when_nothing_is_due(year, nathon):
    assert _digests(dt.date(2031, 11, 5), nathon) == []  # a Wednesday in November


def test_a_deactivated_member_gets_nothing(year, nathon, staff_palad):
    with scopes_disabled():
        Membership.objects.filter(user=staff_palad).update(is_active=False)
    assert _of(_digests(dt.date(2032, 3, 17), nathon), staff_palad, ReminderKind.DUE) == []


def test_nothing_crosses_organisations(year, nathon, naok):
    with scopes_disabled():
        # a staff member of นาออก in a division of the same name gets none of นาทอน's work
        division, _ = Division.objects.get_or_create(organisation=naok, name="สำนักปลัด")
        user = User.objects.create(username="naok_staff", first_name="สมศรี", email="s@naok.test")
        member = Membership.objects.create(organisation=naok, user=user, role=Role.STAFF)
        member.divisions.set([division])
        planned = selectors.digests_of_day(day=dt.date(2032, 3, 15))
    assert planned
    for p in planned:
        assert p.membership.organisation_id == p.organisation.pk
        assert all(line.url.startswith(f"/o/{p.organisation.slug}/") for line in p.lines)
    assert [p for p in planned if p.user == user] == []


def test_a_day_is_sent_once_however_often_the_job_runs(
    year, nathon, staff_palad, coordinator, django_capture_on_commit_callbacks
):
    day = dt.date(2032, 3, 15)  # a Monday 16 days before the round ends: summary only
    with scopes_disabled(), django_capture_on_commit_callbacks(execute=True):
        first = services.reminders_send(day=day, organisation_ids=[nathon.pk])
        second = services.reminders_send(day=day, organisation_ids=[nathon.pk])
    assert [(d.recipient, d.kind) for d in first] == [(coordinator, ReminderKind.SUMMARY)]
    assert second == []
    with scopes_disabled():
        notes = Notification.objects.filter(recipient=coordinator, text__endswith="๒๕๗๕")
        assert [n.text for n in notes] == ["สรุปงาน ITA ประจำสัปดาห์ ๑๕ มีนาคม ๒๕๗๕"]
        assert notes[0].url == f"/o/nathon/progress/{YEAR}/dashboard/?round=6"
        queued = DBTaskResult.objects.filter(task_path=send_digests.module_path)
        assert queued.count() == 1
        batch = queued.get().args_kwargs["kwargs"]["batch"]
    mail.outbox.clear()
    # the demo coordinator has no e-mail address: the portal has it, no mail is attempted
    assert send_digests.call(batch=batch) == "1 digests"
    assert mail.outbox == []
    with scopes_disabled():
        User.objects.filter(pk=coordinator.pk).update(email="nitaya@nathon.go.th")
    send_digests.call(batch=batch)
    send_digests.call(batch=batch)  # a worker that ran it twice sends nothing twice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nitaya@nathon.go.th"]
    assert message.subject == "[อบต.นาทอน] สรุปงาน ITA ประจำสัปดาห์ ๑๕ มีนาคม ๒๕๗๕"
    assert "องค์การบริหารส่วนตำบลนาทอน" in message.body
    assert f"http://127.0.0.1:8000/o/nathon/progress/{YEAR}/dashboard/?round=6" in message.body
    html = message.alternatives[0][0]
    assert '<a href="http://127.0.0.1:8000/o/nathon/oit/2575/readiness/">' in html


def test_preferences_are_respected(year, nathon, staff_palad, staff_klang, approvers):
    day = dt.date(2032, 3, 17)
    with scopes_disabled():
        services.preferences_save(
            organisation=nathon, user=staff_palad, channels={ReminderKind.DUE: Channel.OFF}
        )
        services.preferences_save(
            organisation=nathon, user=staff_klang, channels={ReminderKind.DUE: Channel.PORTAL}
        )
        with pytest.raises(services.ServiceError):
            services.preferences_save(
                organisation=nathon, user=approvers[0], channels={ReminderKind.APPROVAL: "off"}
            )
        mail.outbox.clear()
        stored = services.reminders_send(day=day, organisation_ids=[nathon.pk])
        due = [(d.recipient, d.channel) for d in stored if d.kind == ReminderKind.DUE]
        assert due == [(staff_klang, Channel.PORTAL)]
        due_notes = Notification.objects.filter(kind="due", text__endswith="๒๕๗๕")
        assert [n.recipient for n in due_notes] == [staff_klang]


def test_an_approver_is_reminded_every_n_days_and_the_coordinator_once(
    year, nathon, coordinator, approvers
):
    with scopes_disabled():
        membership = Membership.objects.get(user=coordinator)
        report = report_services.report_create(
            membership=membership, fiscal_year=year, kind=ReportKind.PLAN
        )
        report = report_services.report_submit(report=report, membership=membership)
    submitted = timezone.localtime(report.submitted_at).date()
    first = approvers[0]
    reminded, escalated = [], []
    for offset in range(1, 15):
        day = submitted + dt.timedelta(days=offset)
        with scopes_disabled():
            stored = services.reminders_send(day=day, organisation_ids=[nathon.pk])
        reminded += [offset for d in stored if d.recipient == first and d.kind == "approval"]
        escalated += [
            offset for d in stored if d.recipient == coordinator and d.kind == "escalation"
        ]
    assert reminded == [3, 6, 9, 12]
    assert escalated == [6]
    with scopes_disabled():
        assert Escalation.objects.filter(report=report).count() == 1
        digest = Digest.objects.get(
            recipient=first, kind="approval", day=submitted + dt.timedelta(3)
        )
    assert digest.url == "/o/nathon/reports/queue/"
    assert digest.lines[0]["url"] == f"/o/nathon/reports/{report.pk}/"
    assert digest.lines[0]["text"].startswith(
        f"{report.title} รอการพิจารณาตั้งแต่ {thai.thai_date(submitted)}"
    )


def test_send_reminders_dry_run_prints_and_stores_nothing(year, nathon, capsys):
    call_command("send_reminders", "--dry-run", "--date", "2032-03-17")
    out = capsys.readouterr().out
    assert "การเตือนของวันที่ ๑๗ มีนาคม ๒๕๗๕ (ทดลอง ไม่ส่งจริง)" in out
    assert "nathon · nathon_staff_palad · due · อีเมล" in out
    with scopes_disabled():
        assert not Digest.objects.filter(day=dt.date(2032, 3, 17)).exists()
    call_command("send_reminders", "--date", "2032-03-17")
    call_command("send_reminders", "--dry-run", "--date", "2032-03-17")
    assert "nathon · nathon_staff_palad · due · ส่งแล้ว" in capsys.readouterr().out


def _new_organisation(n: int) -> None:
    organisation = Organisation.objects.create(
        name=f"องค์การบริหารส่วนตำบลทดสอบ{n}",
        short_name=f"อบต.ทดสอบ{n}",
        kind="sao",
        slug=f"scale{n}",
        district="ทุ่งหว้า",
        province="สตูล",
    )
    division = Division.objects.create(organisation=organisation, name="สำนักปลัด")
    for role in (Role.COORDINATOR, Role.STAFF):
        user = User.objects.create(username=f"scale{n}_{role}", email=f"{role}@scale{n}.test")
        member = Membership.objects.create(organisation=organisation, user=user, role=role)
        member.divisions.set([division])
    fiscal_year = FiscalYear.objects.create(organisation=organisation, year=YEAR)
    plan = measure_services.plan_get_or_create(fiscal_year=fiscal_year)
    measure = plan.measures.create(organisation=organisation, title="มาตรการทดสอบ")
    step = measure.steps.create(organisation=organisation, text="ขั้นตอนทดสอบ")
    step.divisions.set([division])


def test_the_digest_job_makes_the_same_queries_for_more_organisations(year, nathon):
    day = dt.date(2032, 3, 15)

    def count() -> int:
        with scopes_disabled(), CaptureQueriesContext(connection) as queries:
            selectors.digests_of_day(day=day)
        return len(queries)

    with scopes_disabled():
        _new_organisation(1)
        before = count()
        for n in range(2, 6):
            _new_organisation(n)
        after = count()
        assert len(selectors.digests_of_day(day=day)) > 4
    assert after == before
