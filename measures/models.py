"""The measures plan of one fiscal year and the progress reported on it.

MeasurePlan (one per organisation and fiscal year: last year's ITA scores and the analysis)
  ├─ IndicatorScore   scores of indicators ๑–๑๐
  ├─ AnalysisPoint    (๑) weak points to fix urgently, (๒) points to improve
  ├─ Measure          มาตรการ, ordered, answering an indicator
  │    └─ MeasureStep วิธีการดำเนินการ (๑) (๒) …: divisions, months, follow-up rounds
  │         └─ ServiceTimeFigure  เดิม ๑๕ นาที/ราย ปรับลดเหลือ ๘ นาที/ราย
  └─ IndicatorLine    IIT/EIT lines ตัวชี้วัดที่ ๑–๘: แนวทาง, ผู้รับผิดชอบ, ระยะเวลา
ProgressEntry (a step's or an indicator line's report for one round)
  └─ ProgressEvidence (files, links)
PlanImport (a Word/Excel file read for a plan, kept until it is confirmed, discarded or a day old)

Every tenant row carries ``organisation`` (children too) and a scoped manager.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from ita_portal import thai
from ita_portal.tenant_integrity import same_organisation, unique_organisation_id
from ita_portal.text import TEXT_LIMITS, plausible_date
from organisations.models import Division, FiscalYear, Organisation, User

from .enums import (
    MONTH_CHOICES,
    AnalysisKind,
    EvidenceKind,
    ImportStatus,
    Instrument,
    ProgressStatus,
    RoundChoice,
)

SCORE_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
PASS_SCORE = Decimal("85")
LEVELS = [  # (lowest score, level): the NACC's bands
    (Decimal("95"), "AA"),
    (Decimal("85"), "A"),
    (Decimal("75"), "B"),
    (Decimal("65"), "C"),
    (Decimal("55"), "D"),
    (Decimal("50"), "E"),
    (Decimal("0"), "F"),
]


def ita_level(score: Decimal | None) -> str:
    if score is None:
        return ""
    return next(level for lowest, level in LEVELS if score >= lowest)


class Indicator(models.Model):
    """One of the ten ITA indicators; reference data loaded from measures/data/."""

    number = models.PositiveSmallIntegerField(_("ตัวชี้วัดที่"), unique=True)
    instrument = models.CharField(max_length=3, choices=Instrument.choices)
    title = models.CharField(_("ชื่อตัวชี้วัด"), max_length=200)

    class Meta:
        verbose_name = _("ตัวชี้วัด ITA")
        verbose_name_plural = _("ตัวชี้วัด ITA")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"ตัวชี้วัดที่ {thai.thai_digits(self.number)} {self.title}"


class TenantModel(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        abstract = True


class MeasurePlan(TenantModel):
    fiscal_year = models.OneToOneField(
        FiscalYear, on_delete=models.CASCADE, related_name="measure_plan"
    )
    previous_score = models.DecimalField(
        _("คะแนนรวม ITA ของปีที่ผ่านมา"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=SCORE_VALIDATORS,
    )
    introduction = models.TextField(_("ความนำ"), blank=True, max_length=TEXT_LIMITS["document"])
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("แผนมาตรการ")
        verbose_name_plural = _("แผนมาตรการ")
        constraints = [
            unique_organisation_id("MeasurePlan"),
            same_organisation("MeasurePlan", "fiscal_year"),
        ]

    def __str__(self) -> str:
        return f"แผนมาตรการ {self.fiscal_year}"

    @property
    def level(self) -> str:
        return ita_level(self.previous_score)

    @property
    def passed(self) -> bool | None:
        return None if self.previous_score is None else self.previous_score >= PASS_SCORE


class IndicatorScore(TenantModel):
    plan = models.ForeignKey(MeasurePlan, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT)
    score = models.DecimalField(
        _("คะแนน"), max_digits=5, decimal_places=2, validators=SCORE_VALIDATORS
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__number"]
        constraints = [
            same_organisation("IndicatorScore", "plan"),
            models.UniqueConstraint(fields=["plan", "indicator"], name="one_score_per_indicator"),
        ]
        indexes = [models.Index(fields=["organisation", "plan"], name="score_org_plan")]

    def __str__(self) -> str:
        return f"{self.indicator}: {thai.thai_number(self.score)}"

    @property
    def level(self) -> str:
        return ita_level(self.score)


class AnalysisPoint(TenantModel):
    plan = models.ForeignKey(MeasurePlan, on_delete=models.CASCADE, related_name="analysis")
    kind = models.CharField(_("ประเภท"), max_length=10, choices=AnalysisKind.choices)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, verbose_name=_("ตัวชี้วัด"))
    text = models.TextField(_("ประเด็น"), max_length=TEXT_LIMITS["paragraph"])
    oit_item = models.ForeignKey(
        "oit_checklist.OitItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("ข้อ OIT ที่เกี่ยวข้อง (ถ้ามี)"),
    )
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "order", "pk"]
        indexes = [models.Index(fields=["organisation", "plan"])]
        constraints = [
            same_organisation("AnalysisPoint", "plan"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class Measure(TenantModel):
    plan = models.ForeignKey(MeasurePlan, on_delete=models.CASCADE, related_name="measures")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("มาตรการ/แนวทาง"), max_length=500)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("ตัวชี้วัดที่มาตรการนี้ตอบ"),
    )
    issue = models.TextField(
        _("ประเด็นจากผลการประเมิน"),
        blank=True,
        help_text=_("เช่น บุคลากรในหน่วยงานบางรายมีการขอยืมทรัพย์สินของทางราชการไม่ถูกต้อง"),
        max_length=TEXT_LIMITS["long"],
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("มาตรการ")
        verbose_name_plural = _("มาตรการ")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["organisation", "plan", "order"])]
        constraints = [
            unique_organisation_id("Measure"),
            same_organisation("Measure", "plan"),
        ]

    def __str__(self) -> str:
        return self.title


class MeasureStep(TenantModel):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(_("วิธีการดำเนินการ / ขั้นตอน"), max_length=TEXT_LIMITS["long"])
    divisions = models.ManyToManyField(Division, verbose_name=_("ผู้รับผิดชอบ"))
    start_month = models.PositiveSmallIntegerField(_("เริ่มเดือน"), choices=MONTH_CHOICES, default=10)
    end_month = models.PositiveSmallIntegerField(_("ถึงเดือน"), choices=MONTH_CHOICES, default=9)
    follow_up_6 = models.BooleanField(_("ติดตามรอบ ๖ เดือน"), default=True)
    follow_up_12 = models.BooleanField(_("ติดตามรอบ ๑๒ เดือน"), default=True)
    history = HistoricalRecords(m2m_fields=[divisions])

    class Meta:
        verbose_name = _("ขั้นตอน")
        verbose_name_plural = _("ขั้นตอน")
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["organisation", "measure", "order"])]
        constraints = [
            unique_organisation_id("MeasureStep"),
            same_organisation("MeasureStep", "measure"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def plan(self) -> MeasurePlan:
        return self.measure.plan

    @property
    def rounds(self) -> list[int]:
        return [r for r, on in ((6, self.follow_up_6), (12, self.follow_up_12)) if on]


class ServiceTimeFigure(TenantModel):
    """A before/after figure of a service: เดิม ๑๕ นาที/ราย ปรับลดเหลือ ๘ นาที/ราย."""

    step = models.ForeignKey(MeasureStep, on_delete=models.CASCADE, related_name="figures")
    service = models.CharField(_("งานบริการ"), max_length=200)
    before = models.DecimalField(_("เดิม"), max_digits=8, decimal_places=2)
    after = models.DecimalField(_("ปรับลดเหลือ"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("หน่วย"), max_length=50, default="นาที/ราย")
    # Printed under the figure, as the seeds do: "หมายเหตุ : รับขึ้นทะเบียนทุกเดือน หรือตามระเบียบกำหนด".
    note = models.CharField(_("หมายเหตุ"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["organisation", "step"], name="service_time_org_step")]
        constraints = [
            same_organisation("ServiceTimeFigure", "step"),
        ]

    def __str__(self) -> str:
        def number(value):
            return thai.thai_digits(f"{value.normalize():f}")

        return (
            f"{self.service} เดิม {number(self.before)} {self.unit} "
            f"ปรับลดเหลือ {number(self.after)} {self.unit}"
        )


class IndicatorLine(TenantModel):
    """An IIT/EIT indicator line (ตัวชี้วัดที่ ๑–๘): how the unit will raise that score."""

    plan = models.ForeignKey(MeasurePlan, on_delete=models.CASCADE, related_name="indicator_lines")
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        verbose_name=_("ตัวชี้วัด"),
        limit_choices_to={"number__lte": 8},
    )
    approach = models.TextField(_("แนวทางในการยกระดับ"), max_length=TEXT_LIMITS["long"])
    divisions = models.ManyToManyField(Division, verbose_name=_("ผู้รับผิดชอบ"))
    start_month = models.PositiveSmallIntegerField(_("เริ่มเดือน"), choices=MONTH_CHOICES, default=10)
    end_month = models.PositiveSmallIntegerField(_("ถึงเดือน"), choices=MONTH_CHOICES, default=9)
    history = HistoricalRecords(m2m_fields=[divisions])

    class Meta:
        ordering = ["indicator__number", "pk"]
        indexes = [models.Index(fields=["organisation", "plan"])]
        constraints = [
            unique_organisation_id("IndicatorLine"),
            same_organisation("IndicatorLine", "plan"),
        ]

    def __str__(self) -> str:
        return str(self.indicator)


class ProgressEntry(TenantModel):
    """What one step (or indicator line) achieved in one round. ``version`` grows with every
    save: a form carries the version it was read at, so a second editor cannot silently
    overwrite the first."""

    step = models.ForeignKey(
        MeasureStep, on_delete=models.CASCADE, null=True, blank=True, related_name="progress"
    )
    indicator_line = models.ForeignKey(
        IndicatorLine, on_delete=models.CASCADE, null=True, blank=True, related_name="progress"
    )
    round = models.PositiveSmallIntegerField(_("รอบ"), choices=RoundChoice.choices)
    status = models.CharField(
        _("สถานะ"),
        max_length=20,
        choices=ProgressStatus.choices,
        default=ProgressStatus.NOT_STARTED,
    )
    output = models.TextField(
        _("ผลการดำเนินการ (output)"), blank=True, max_length=TEXT_LIMITS["long"]
    )
    outcome = models.TextField(
        _("ผลลัพธ์หรือผลสัมฤทธิ์ (outcome)"), blank=True, max_length=TEXT_LIMITS["long"]
    )
    suggestion = models.TextField(_("ข้อเสนอแนะ"), blank=True, max_length=TEXT_LIMITS["paragraph"])
    remark = models.TextField(_("หมายเหตุ"), blank=True, max_length=TEXT_LIMITS["paragraph"])
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ผลการดำเนินการ")
        verbose_name_plural = _("ผลการดำเนินการ")
        constraints = [
            unique_organisation_id("ProgressEntry"),
            same_organisation("ProgressEntry", "step"),
            same_organisation("ProgressEntry", "indicator_line"),
            models.CheckConstraint(
                condition=Q(step__isnull=False, indicator_line__isnull=True)
                | Q(step__isnull=True, indicator_line__isnull=False),
                name="progress_of_a_step_or_an_indicator_line",
            ),
            models.UniqueConstraint(
                fields=["step", "round"],
                condition=Q(step__isnull=False),
                name="one_progress_per_step_and_round",
            ),
            models.UniqueConstraint(
                fields=["indicator_line", "round"],
                condition=Q(indicator_line__isnull=False),
                name="one_progress_per_indicator_line_and_round",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "round"])]

    def __str__(self) -> str:
        return f"{self.step or self.indicator_line} ({self.get_round_display()})"

    @property
    def is_reported(self) -> bool:
        return self.status != ProgressStatus.NOT_STARTED or bool(self.output.strip())


class ProgressEvidence(TenantModel):
    """A file or a web link that shows a step was done. Files are private to the organisation
    and served only through a permission-checked view."""

    progress = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=10, choices=EvidenceKind.choices)
    caption = models.CharField(_("คำอธิบาย"), max_length=300)
    effective_date = models.DateField(_("วันที่ดำเนินการ"), validators=[plausible_date])
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    thumbnail = models.FileField(upload_to="evidence/thumbnails/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    url = models.URLField(_("ลิงก์"), max_length=1000, blank=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("หลักฐาน")
        verbose_name_plural = _("หลักฐาน")
        ordering = ["effective_date", "pk"]
        indexes = [models.Index(fields=["organisation", "progress"])]
        constraints = [
            same_organisation("ProgressEvidence", "progress"),
        ]

    def __str__(self) -> str:
        return self.caption


class PlanImport(TenantModel):
    """A Word or Excel file read for the plan of ``fiscal_year``, kept between the upload and the
    coordinator's confirmation (see ``measures.plan_import``): ``document`` is what was read
    (tables and paragraphs as JSON, ``plan_import.reading``), ``mapping`` the columns the
    coordinator chose. The file itself is kept only while the task worker reads a large one.
    Nothing here is part of the plan; the row is removed when the import is confirmed or
    discarded, and once it is a day old (``plan_import.services.IMPORT_LIFETIME``)."""

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(_("ชื่อไฟล์"), max_length=255)
    file_format = models.CharField(max_length=4)  # "docx" or "xlsx"
    size = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=ImportStatus.choices)
    upload = models.FileField(upload_to="plan-imports/", blank=True)
    document = models.JSONField(null=True, blank=True)
    mapping = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True, max_length=TEXT_LIMITS["long"])  # why refused (Thai)

    class Meta:
        verbose_name = _("ไฟล์นำเข้าแผนมาตรการ")
        verbose_name_plural = _("ไฟล์นำเข้าแผนมาตรการ")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "created_at"], name="planimport_org_created")
        ]
        constraints = [
            same_organisation("PlanImport", "fiscal_year"),
        ]

    def __str__(self) -> str:
        return self.file_name
