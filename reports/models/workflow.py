"""Reports, their cover memos, approval chains and the decisions taken on them.

A report is one document of one fiscal year (kind + round). While it is a draft its content is
read live from the measures and the OIT checklist; when it is submitted the content is frozen in
``snapshot`` so the approvers read exactly what was submitted, and the published PDF is rendered
from that same snapshot. Decisions and events are append-only: nothing updates or deletes them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from ita_portal import thai
from ita_portal.tenant_integrity import same_organisation, unique_organisation_id
from ita_portal.text import TEXT_LIMITS
from organisations.models import FiscalYear, Organisation, Position
from reports.enums import (
    ActingKind,
    DecisionForm,
    DecisionValue,
    EventAction,
    ReportKind,
    ReportStatus,
)


class Report(models.Model):
    """One document of one fiscal year, e.g. the results report (ข้อ ๐๔๓) of FY2568."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.PROTECT, related_name="reports", verbose_name=_("ปีงบประมาณ")
    )
    kind = models.CharField(_("ประเภทรายงาน"), max_length=20, choices=ReportKind.choices)
    # 6 or 12 for progress and results reports; null for the others.
    round = models.PositiveSmallIntegerField(_("รอบการรายงาน"), null=True, blank=True)
    # 1 for the first publication; a correction is a new report with version + 1 that
    # supersedes the published one (both stay public).
    version = models.PositiveSmallIntegerField(_("ฉบับที่"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("ฉบับแก้ไขของ"),
    )
    title = models.CharField(_("ชื่อรายงาน"), max_length=300)
    status = models.CharField(
        _("สถานะ"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="drafted_reports",
        verbose_name=_("ผู้จัดทำ"),
    )
    # Incremented at every submission; decisions belong to one review round, so a return and a
    # resubmission restart the chain while the earlier round stays in the history.
    review_round = models.PositiveSmallIntegerField(default=0)
    # The frozen content and the frozen chain, set by report_submit(); empty while a draft.
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    chain = models.JSONField(null=True, blank=True, editable=False)

    # The published PDF: rendered once, never again.
    pdf = models.FileField(upload_to="published/", blank=True, editable=False)
    pdf_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    pdf_size = models.PositiveIntegerField(null=True, blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when publishing was asked for; the worker renders the PDF and clears nothing.
    publish_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("รายงาน")
        verbose_name_plural = _("รายงาน")
        ordering = ["organisation", "-fiscal_year__year", "kind", "round", "-version"]
        constraints = [
            unique_organisation_id("Report"),
            same_organisation("Report", "fiscal_year"),
            same_organisation("Report", "supersedes"),
            # One report of each version per kind, year and round (no round for most kinds);
            # two conditional constraints, since SQLite knows no NULLS NOT DISTINCT.
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year", "kind", "round", "version"],
                condition=models.Q(round__isnull=False),
                name="report_unique_version_of_round",
            ),
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year", "kind", "version"],
                condition=models.Q(round__isnull=True),
                name="report_unique_version",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["organisation", "fiscal_year", "kind"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def round_text(self) -> str:
        return f"รอบ {thai.thai_digits(self.round)} เดือน" if self.round else ""

    @property
    def is_frozen(self) -> bool:
        """Submitted at least once and not handed back: the content is the snapshot."""
        frozen = {ReportStatus.IN_REVIEW, ReportStatus.APPROVED, ReportStatus.PUBLISHED}
        return self.status in frozen


class Memo(models.Model):
    """The cover memo (บันทึกข้อความ) of a report."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="memo")
    division_line = models.CharField(
        _("ส่วนราชการ"),
        max_length=300,
        help_text=_("เช่น สำนักปลัด องค์การบริหารส่วนตำบลนาทอน โทร ๐-๗๔๗๘-๓๔๓๕"),
    )
    subject = models.CharField(_("เรื่อง"), max_length=300)
    addressee = models.CharField(_("เรียน"), max_length=200)
    body = models.TextField(
        _("ข้อความ"), help_text=_("เว้นหนึ่งบรรทัดระหว่างย่อหน้า"), max_length=TEXT_LIMITS["document"]
    )
    # From the organisation's register, assigned at the first submission (see DocumentNumber):
    # numbers run from 1 through the calendar year of ``number_year``.
    number = models.PositiveIntegerField(_("เลขที่หนังสือ"), null=True, blank=True, editable=False)
    number_year = models.PositiveIntegerField(
        _("ปีปฏิทินของเลขที่หนังสือ (ค.ศ.)"), null=True, blank=True, editable=False
    )
    date = models.DateField(_("ลงวันที่"), null=True, blank=True, editable=False)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("บันทึกข้อความ")
        verbose_name_plural = _("บันทึกข้อความ")
        constraints = [
            same_organisation("Memo", "report"),
            # ทะเบียนหนังสือส่ง: two memos of one organisation never share a number in a year.
            models.UniqueConstraint(
                fields=["organisation", "number_year", "number"],
                name="memo_number_unique_per_calendar_year",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def number_text(self) -> str:
        """ที่ สต ๓๒๓๐๑/๑๒ once numbered, the bare prefix with a slash before."""
        prefix = self.organisation.document_prefix
        if self.number is None:
            return f"{prefix}/"
        return thai.thai_digits(f"{prefix}/{self.number}")


class DocumentNumber(models.Model):
    """The organisation's register of memos sent (ทะเบียนหนังสือส่ง): the last number of each
    calendar year. ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ: "เลขทะเบียนหนังสือส่ง
    ให้ลงเลขที่ของหนังสือส่งเรียงเป็นลำดับติดต่อกันไปตลอดปีปฏิทิน" — from ๑ on 1 January, not
    per fiscal year (two reports of FY2567 and FY2568 sent in one year are /๑ and /๒)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    year = models.PositiveIntegerField(_("ปีปฏิทิน (ค.ศ.)"))
    last_number = models.PositiveIntegerField(default=0)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="documentnumber_unique_per_calendar_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class ApprovalChain(models.Model):
    """The ordered approvers of one report kind in one organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    kind = models.CharField(_("ประเภทรายงาน"), max_length=20, choices=ReportKind.choices)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("สายการอนุมัติ")
        verbose_name_plural = _("สายการอนุมัติ")
        constraints = [
            unique_organisation_id("ApprovalChain"),
            models.UniqueConstraint(fields=["organisation", "kind"], name="chain_unique_per_kind"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ChainStep(models.Model):
    """One approver of a chain: a position, the person who signs for it, and the decision form."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    chain = models.ForeignKey(ApprovalChain, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("ลำดับ"))
    position = models.ForeignKey(Position, on_delete=models.PROTECT, verbose_name=_("ตำแหน่ง"))
    form = models.CharField(
        _("รูปแบบความเห็น"), max_length=10, choices=DecisionForm.choices, default=DecisionForm.TICK
    )
    # Who signs: empty for whoever holds the position (or acts for it) when the report is
    # submitted, so that a change of holder changes the next report's approver; or a named
    # person, e.g. someone acting for it.
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("ผู้ลงนาม"),
    )
    acting = models.CharField(
        _("การรักษาราชการ"), max_length=20, choices=ActingKind.choices, blank=True
    )

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("ลำดับผู้อนุมัติ")
        verbose_name_plural = _("ลำดับผู้อนุมัติ")
        ordering = ["chain", "order"]
        constraints = [
            same_organisation("ChainStep", "chain"),
            same_organisation("ChainStep", "position"),
            models.UniqueConstraint(fields=["chain", "order"], name="chain_step_unique_order"),
        ]
        indexes = [models.Index(fields=["organisation", "chain", "order"], name="chain_step_org")]

    def __str__(self) -> str:
        return self.position.title


class Decision(models.Model):
    """One approver's decision on one review round of a report. Append-only."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="decisions")
    review_round = models.PositiveSmallIntegerField()
    step = models.PositiveSmallIntegerField()  # index into report.chain
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    value = models.CharField(_("ผลการพิจารณา"), max_length=10, choices=DecisionValue.choices)
    comment = models.TextField(_("ความเห็น"), blank=True, max_length=TEXT_LIMITS["paragraph"])
    decided_at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("ผลการพิจารณา")
        verbose_name_plural = _("ผลการพิจารณา")
        ordering = ["report", "review_round", "step"]
        constraints = [
            same_organisation("Decision", "report"),
            # The database's own guard: one decision per step and round, whoever races.
            models.UniqueConstraint(
                fields=["report", "review_round", "step"], name="decision_once_per_step"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "report", "review_round", "step"], name="decision_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} รอบ {self.review_round} ลำดับ {self.step}: {self.value}"


class ReportEvent(models.Model):
    """The timeline of a report: every transition, who, when, from/to, comment, IP. Append-only."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=20, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    from_status = models.CharField(max_length=20, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReportStatus.choices)
    comment = models.TextField(blank=True, max_length=TEXT_LIMITS["paragraph"])
    at = models.DateTimeField()
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["report", "at", "pk"]
        indexes = [models.Index(fields=["organisation", "report", "at"])]
        constraints = [
            same_organisation("ReportEvent", "report"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """A message to one person in the portal (and by e-mail when they have an address): an
    event of a report, or a reminder digest (``reminders``), which has no report but a link.
    The notification centre of the top bar lists them; they are kept for a year."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="notifications", null=True, blank=True
    )
    # A reminder's kind (reminders.enums.ReminderKind); for a report's event empty, or
    # reports.enums.AWAITING / AWAITING_SETTLED for its "รอการพิจารณาของท่าน".
    kind = models.CharField(max_length=20, blank=True)
    # The page to act on, relative to the portal; empty: the report's page.
    url = models.CharField(max_length=300, blank=True)
    text = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "recipient", "read_at"])]
        constraints = [
            same_organisation("Notification", "report"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def link(self) -> str:
        if self.url:
            return self.url
        return f"/o/{self.organisation.slug}/reports/{self.report_id}/"
