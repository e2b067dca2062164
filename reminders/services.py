"""Writes of reminders: storing and sending a day's digests, preferences, lead times, LINE,
and the notification centre's "mark read"."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from ita_portal.errors import ServiceError
from reports.models import Notification

from . import selectors
from .enums import CANNOT_BE_OFF, Channel, ReminderKind
from .models import (
    Digest,
    Escalation,
    LineChannel,
    LineLink,
    ReminderPreference,
    ReminderSettings,
)

KEEP_DAYS = 365  # notifications and digests are kept for a year


def reminders_send(
    *, day: dt.date, organisation_ids: list[int] | None = None, deliver: bool = True
) -> list[Digest]:
    """Store the digests of ``day`` and queue their delivery; returns the digests this call
    stored (none when another run already stored them: safe to run twice, and two runs at the
    same moment store each digest once, by the unique key person/kind/day).

    Outside any scope (the caller opens ``scopes_disabled()``). One transaction; a fixed number
    of queries whatever the number of organisations. Each stored digest gets its in-portal
    notification; those on the e-mail channel are sent by one task
    (``reminders.tasks.send_digests``) after the commit, unless ``deliver`` is false (the demo).
    Notifications and digests older than a year are removed on the way."""
    planned = selectors.digests_of_day(day=day, organisation_ids=organisation_ids)
    batch = uuid.uuid4().hex
    with transaction.atomic():
        Digest.objects.bulk_create(
            [
                Digest(
                    organisation=p.organisation,
                    recipient=p.user,
                    kind=p.kind,
                    day=day,
                    channel=p.channel,
                    subject=p.subject[:300],
                    lines=[{"text": line.text, "url": line.url} for line in p.lines],
                    url=p.url,
                    batch=batch,
                )
                for p in planned
            ],
            ignore_conflicts=True,
        )
        stored = list(
            Digest.objects.filter(batch=batch)
            .select_related("organisation", "recipient")
            .order_by("pk")
        )
        Notification.objects.bulk_create(
            [
                Notification(
                    organisation_id=d.organisation_id,
                    recipient_id=d.recipient_id,
                    kind=d.kind,
                    url=d.url,
                    text=d.subject,
                )
                for d in stored
            ]
        )
        mine = {(d.organisation_id, d.recipient_id, d.kind) for d in stored}
        Escalation.objects.bulk_create(
            [
                Escalation(
                    organisation=p.organisation,
                    report_id=report,
                    review_round=round_,
                    step=step,
                    day=day,
                )
                for p in planned
                if (p.organisation.pk, p.user.pk, p.kind) in mine
                for report, round_, step in p.escalates
            ],
            ignore_conflicts=True,
        )
        notifications_purge(before=timezone.now() - dt.timedelta(days=KEEP_DAYS))
        if deliver and any(d.channel == Channel.EMAIL for d in stored):
            from .tasks import send_digests

            transaction.on_commit(lambda: send_digests.enqueue(batch=batch))
    return stored


def notifications_purge(*, before: dt.datetime) -> int:
    """Remove notifications and digests older than ``before`` (outside any scope)."""
    removed, _ = Notification.objects.filter(created_at__lt=before).delete()
    Digest.objects.filter(created_at__lt=before).delete()
    return removed


def notification_mark_read(*, notification: Notification, user) -> None:
    """Mark one of the person's own notifications read (a POST; GET never changes it)."""
    if notification.recipient_id != user.pk:
        raise ServiceError("ไม่พบการแจ้งเตือนนี้")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of the person in the current organisation read."""
    return Notification.objects.filter(recipient=user, read_at=None).update(read_at=timezone.now())


def preferences_save(*, organisation, user, channels: dict[str, str]) -> None:
    """Save the person's channel per kind. What waits on their own decision cannot be off."""
    for kind, channel in channels.items():
        if kind not in ReminderKind.values or channel not in Channel.values:
            raise ServiceError("ไม่รู้จักการตั้งค่าการเตือนนี้")
        if kind in CANNOT_BE_OFF and channel == Channel.OFF:
            raise ServiceError("ปิดการเตือนรายงานที่รอการพิจารณาของท่านไม่ได้ เลือกรับทางอีเมลหรือในระบบ")
    with transaction.atomic():
        for kind, channel in channels.items():
            ReminderPreference.objects.update_or_create(
                organisation=organisation, user=user, kind=kind, defaults={"channel": channel}
            )


def reminder_settings_save(
    *, organisation, lead_days_far: int, lead_days_near: int, waiting_days: int
) -> ReminderSettings:
    """The coordinator's lead times (the caller checks the role)."""
    if not 0 < lead_days_near < lead_days_far <= 90:
        raise ServiceError("วันเตือนครั้งที่สองต้องน้อยกว่าครั้งแรก และไม่เกิน ๙๐ วัน")
    if not 1 <= waiting_days <= 30:
        raise ServiceError("จำนวนวันที่รอการพิจารณาต้องอยู่ระหว่าง ๑ ถึง ๓๐ วัน")
    row, _ = ReminderSettings.objects.update_or_create(
        organisation=organisation,
        defaults={
            "lead_days_far": lead_days_far,
            "lead_days_near": lead_days_near,
            "waiting_days": waiting_days,
        },
    )
    return row


def line_channel_connect(*, organisation, access_token: str, user) -> LineChannel:
    """Connect (or replace) the organisation's LINE Official Account. The token is stored
    and never shown again."""
    access_token = access_token.strip()
    if len(access_token) < 20 or any(c.isspace() for c in access_token):
        raise ServiceError("Channel access token ไม่ถูกต้อง คัดลอกจาก LINE Developers Console อีกครั้ง")
    row, _ = LineChannel.objects.update_or_create(
        organisation=organisation, defaults={"access_token": access_token, "connected_by": user}
    )
    return row


def line_channel_disconnect(*, organisation) -> None:
    LineChannel.objects.filter(organisation=organisation).delete()


def line_link_save(*, organisation, user, line_user_id: str) -> LineLink | None:
    """Link (or, with an empty id, unlink) the person's LINE user id."""
    line_user_id = line_user_id.strip()
    if not line_user_id:
        LineLink.objects.filter(organisation=organisation, user=user).delete()
        return None
    if not (line_user_id.startswith("U") and len(line_user_id) == 33 and line_user_id.isalnum()):
        raise ServiceError("LINE user ID ขึ้นต้นด้วย U ตามด้วยตัวอักษรและตัวเลข ๓๒ ตัว")
    row, _ = LineLink.objects.update_or_create(
        organisation=organisation, user=user, defaults={"line_user_id": line_user_id}
    )
    return row
