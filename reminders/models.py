"""Reminders: per-person preferences, the organisation's lead times, the digests sent, LINE.

A ``Digest`` is one message to one person of one kind on one day: the unique constraint on
(organisation, recipient, kind, day) is what makes ``send_reminders`` safe to run twice. The
in-portal copy is a ``reports.Notification`` (the notification centre of the top bar), so that
event notifications and reminders live in one list.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from ita_portal.tenant_integrity import same_organisation
from organisations.models import Organisation

from .enums import Channel, ReminderKind

DEFAULT_LEAD_FAR = 14
DEFAULT_LEAD_NEAR = 3
DEFAULT_WAITING_DAYS = 3


class ReminderSettings(models.Model):
    """The coordinator's lead times of one organisation (a missing row means the defaults)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    lead_days_far = models.PositiveSmallIntegerField(
        _("เตือนล่วงหน้าครั้งแรก (วัน)"), default=DEFAULT_LEAD_FAR
    )
    lead_days_near = models.PositiveSmallIntegerField(
        _("เตือนล่วงหน้าครั้งที่สอง (วัน)"), default=DEFAULT_LEAD_NEAR
    )
    waiting_days = models.PositiveSmallIntegerField(
        _("เตือนผู้บริหารเมื่อรายงานรอการพิจารณาเกิน (วัน)"),
        default=DEFAULT_WAITING_DAYS,
        help_text=_("เตือนซ้ำทุกช่วงเท่านี้ และแจ้งผู้ประสานงานครั้งเดียวเมื่อรอเกินสองเท่า"),
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("การตั้งค่าการเตือน")
        verbose_name_plural = _("การตั้งค่าการเตือน")

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.lead_days_far}/{self.lead_days_near}"


class ReminderPreference(models.Model):
    """How one person wants one kind of reminder (a missing row means e-mail)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preferences"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "kind"], name="reminder_preference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}: {self.channel}"


class Digest(models.Model):
    """One reminder to one person of one kind on one day, and how its delivery went."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    day = models.DateField(editable=False)  # the day it was sent: the worker's, never typed
    channel = models.CharField(max_length=10, choices=Channel.choices)
    subject = models.CharField(max_length=300)
    # [{"text": …, "url": …}, …]: the lines of the message, each with the page to act on.
    lines = models.JSONField(default=list)
    url = models.CharField(max_length=300)
    # The run that stored the row: a second run that collides on the unique key keeps nothing.
    batch = models.CharField(max_length=32, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    line_sent_at = models.DateTimeField(null=True, blank=True)
    line_attempts = models.PositiveSmallIntegerField(default=0)
    line_error = models.CharField(max_length=300, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-day", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "recipient", "kind", "day"], name="digest_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.kind} → {self.recipient_id}"


class Escalation(models.Model):
    """A report that waited too long on one approver was brought to the coordinator: once per
    report, review round and step."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    report = models.ForeignKey("reports.Report", on_delete=models.CASCADE)
    review_round = models.PositiveSmallIntegerField()
    step = models.PositiveSmallIntegerField()
    day = models.DateField(editable=False)  # the day it was sent: the worker's, never typed

    objects = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            same_organisation("Escalation", "report"),
            models.UniqueConstraint(
                fields=["report", "review_round", "step"], name="escalation_once_per_step"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "report"], name="escalation_org")]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.review_round}/{self.step}"


class LineChannel(models.Model):
    """The organisation's LINE Official Account. The channel access token is write-only: no
    page, form or log shows it again once saved (replace it to change it)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="line_channel"
    )
    access_token = models.TextField(max_length=500)  # LINE's long-lived tokens are ~170
    connected_at = models.DateTimeField(auto_now=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = ScopedManager(organisation="organisation")

    def __str__(self) -> str:
        return f"LINE OA of {self.organisation_id}"  # never the token


class LineLink(models.Model):
    """A person's LINE user id with the organisation's Official Account (ids are per provider,
    so one per organisation)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_links"
    )
    line_user_id = models.CharField(_("LINE user ID"), max_length=64)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="line_link_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.line_user_id}"
