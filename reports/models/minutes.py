"""The preparation meeting (รายงานการประชุมเตรียมความพร้อมการประเมิน ITA), seed 003.

A Meeting belongs to one organisation and fiscal year: its heading, date, time and place, the
chair, three lists of people (ผู้มาประชุม, ผู้ไม่มาประชุม, ผู้เข้าร่วมประชุม), the five fixed agenda
items (ระเบียบวาระที่ ๑–๕) each with its text and มติที่ประชุม, last year's OIT deficiencies item by
item (MeetingDeficiency, printed under ระเบียบวาระที่ ๔), the closing time, the recorder and the
checker. The minutes report (ReportKind.MINUTES) prints the fiscal year's latest meeting.

Imported by ``reports.models`` so that Django sees the models of this module.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from ita_portal import thai
from ita_portal.tenant_integrity import same_organisation, unique_organisation_id
from ita_portal.text import TEXT_LIMITS, plausible_date
from organisations.models import Division, FiscalYear, Organisation

DEFAULT_MEETING_TITLE = (
    "การประชุมเตรียมความพร้อมเข้ารับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
)

# The five agenda items of every meeting, in order: (number, heading).
AGENDA = (
    (1, "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ"),
    (2, "รับรองรายงานการประชุมครั้งที่แล้ว"),
    (3, "เรื่องเพื่อทราบ"),
    (4, "เรื่องเพื่อพิจารณา"),
    (5, "เรื่องอื่นๆ"),
)
# The agenda item under which the deficiency table prints (as in seed 003, วาระที่ ๔.๑).
DEFICIENCY_AGENDA = 4


class AttendeeKind(models.TextChoices):
    PRESENT = "present", _("ผู้มาประชุม")
    ABSENT = "absent", _("ผู้ไม่มาประชุม")
    GUEST = "guest", _("ผู้เข้าร่วมประชุม")


class Meeting(models.Model):
    """One preparation meeting of one fiscal year (ครั้งที่ ๑/๒๕๖๘)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("ปีงบประมาณ")
    )
    title = models.CharField(_("ชื่อการประชุม"), max_length=300, default=DEFAULT_MEETING_TITLE)
    number = models.CharField(_("ครั้งที่"), max_length=20, blank=True, help_text=_("เช่น ๑/๒๕๖๘"))
    date = models.DateField(_("วันที่ประชุม"), validators=[plausible_date])
    start_time = models.TimeField(_("เวลาเริ่มประชุม"))
    place = models.CharField(_("สถานที่"), max_length=300)
    chair_name = models.CharField(_("ชื่อประธานที่ประชุม"), max_length=200)
    chair_position = models.CharField(_("ตำแหน่งประธาน"), max_length=200)

    agenda_1 = models.TextField(
        _("ระเบียบวาระที่ ๑ เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ"),
        blank=True,
        max_length=TEXT_LIMITS["document"],
    )
    resolution_1 = models.CharField(_("มติที่ประชุม (วาระที่ ๑)"), max_length=500, blank=True)
    agenda_2 = models.TextField(
        _("ระเบียบวาระที่ ๒ รับรองรายงานการประชุมครั้งที่แล้ว"),
        blank=True,
        max_length=TEXT_LIMITS["document"],
    )
    resolution_2 = models.CharField(_("มติที่ประชุม (วาระที่ ๒)"), max_length=500, blank=True)
    agenda_3 = models.TextField(
        _("ระเบียบวาระที่ ๓ เรื่องเพื่อทราบ"), blank=True, max_length=TEXT_LIMITS["document"]
    )
    resolution_3 = models.CharField(_("มติที่ประชุม (วาระที่ ๓)"), max_length=500, blank=True)
    agenda_4 = models.TextField(
        _("ระเบียบวาระที่ ๔ เรื่องเพื่อพิจารณา"), blank=True, max_length=TEXT_LIMITS["document"]
    )
    # Text of วาระที่ ๔ printed after the deficiency table (seed 003: ๔.๒ the calendar).
    agenda_4_after = models.TextField(
        _("ข้อความต่อจากตารางข้อบกพร่อง (วาระที่ ๔)"),
        blank=True,
        help_text=_("เช่น ๔.๒ ปฏิทินการประเมิน ITA"),
        max_length=TEXT_LIMITS["document"],
    )
    resolution_4 = models.CharField(_("มติที่ประชุม (วาระที่ ๔)"), max_length=500, blank=True)
    agenda_5 = models.TextField(
        _("ระเบียบวาระที่ ๕ เรื่องอื่นๆ"), blank=True, max_length=TEXT_LIMITS["document"]
    )
    resolution_5 = models.CharField(_("มติที่ประชุม (วาระที่ ๕)"), max_length=500, blank=True)

    closing_time = models.TimeField(_("เลิกประชุมเวลา"), null=True, blank=True)
    recorder_name = models.CharField(_("ผู้จดรายงานการประชุม"), max_length=200)
    recorder_position = models.CharField(_("ตำแหน่งผู้จดรายงาน"), max_length=200)
    checker_name = models.CharField(_("ผู้ตรวจรายงานการประชุม"), max_length=200)
    checker_position = models.CharField(_("ตำแหน่งผู้ตรวจรายงาน"), max_length=200)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("รายงานการประชุม")
        verbose_name_plural = _("รายงานการประชุม")
        ordering = ["fiscal_year", "-date", "-start_time", "-pk"]
        indexes = [models.Index(fields=["organisation", "fiscal_year", "date"])]
        constraints = [
            unique_organisation_id("Meeting"),
            same_organisation("Meeting", "fiscal_year"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {thai.thai_date(self.date)}"

    def agenda(self) -> list[dict]:
        """The five agenda items: number, heading, text, resolution."""
        return [
            {
                "number": number,
                "heading": heading,
                "text": getattr(self, f"agenda_{number}"),
                "after": self.agenda_4_after if number == DEFICIENCY_AGENDA else "",
                "resolution": getattr(self, f"resolution_{number}"),
            }
            for number, heading in AGENDA
        ]


class MeetingAttendee(models.Model):
    """A person in one of the meeting's three lists, with the position printed beside the name."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    kind = models.CharField(
        _("ประเภท"), max_length=10, choices=AttendeeKind.choices, default=AttendeeKind.PRESENT
    )
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    name = models.CharField(_("ชื่อ - สกุล"), max_length=200)
    position = models.CharField(_("ตำแหน่ง"), max_length=200)
    note = models.CharField(_("หมายเหตุ"), max_length=200, blank=True, help_text=_("เช่น ติดราชการ"))

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("ผู้ประชุม")
        verbose_name_plural = _("ผู้ประชุม")
        ordering = ["meeting", "kind", "order", "pk"]
        indexes = [models.Index(fields=["organisation", "meeting"], name="attendee_org_meeting")]
        constraints = [
            same_organisation("MeetingAttendee", "meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.position}"


class MeetingDeficiency(models.Model):
    """One OIT item that failed last year: what was wrong, who fixes it, by when."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="deficiencies")
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    item = models.ForeignKey(
        "oit_checklist.OitItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ข้อ OIT"),
    )
    # When last year's framework numbered the item differently (seed 003: ข้อ 0๑๗ e-service).
    item_text = models.CharField(
        _("ข้อ (พิมพ์เอง)"),
        max_length=300,
        blank=True,
        help_text=_("ใช้เมื่อข้อไม่อยู่ในกรอบการประเมินของปีนี้ เช่น ข้อ ๐๑๗ การให้บริการผ่านระบบ e-service"),
    )
    problem = models.TextField(_("ปัญหาหรือข้อบกพร่อง"), max_length=TEXT_LIMITS["paragraph"])
    division = models.ForeignKey(
        Division, on_delete=models.PROTECT, verbose_name=_("ส่วนราชการผู้รับผิดชอบ")
    )
    deadline = models.DateField(_("กำหนดแล้วเสร็จ"), validators=[plausible_date])

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("ข้อบกพร่อง OIT")
        verbose_name_plural = _("ข้อบกพร่อง OIT")
        ordering = ["meeting", "order", "pk"]
        indexes = [
            models.Index(fields=["organisation", "meeting", "order"], name="deficiency_org_meeting")
        ]
        constraints = [
            same_organisation("MeetingDeficiency", "meeting"),
            same_organisation("MeetingDeficiency", "division"),
        ]

    def __str__(self) -> str:
        return self.item_label

    @property
    def item_label(self) -> str:
        """ข้อ ๐๒ ข้อมูลผู้บริหาร: the framework item, or what the coordinator typed."""
        if self.item_id:
            return f"ข้อ {self.item.label} {self.item.title}"
        return self.item_text
