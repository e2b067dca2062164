"""The OIT checklist.

Two halves:

* the **framework** of one assessment year and agency type (Framework → SubIndicator → OitItem
  → OitComponent), loaded from a data file (TSV or XLSX, ``manage.py load_oit_framework`` or
  the operator's /site/frameworks/) or drafted in the portal from the newest one; shared by
  every organisation of its agency type, every change kept in its history (no item number,
  title or component lives in code);
* what **one organisation** does with it in one fiscal year (OitYear with its deadlines,
  ItemStatus per item with its division, ticks, URLs and evidence, OitReview). These are tenant
  rows: each carries a non-null ``organisation`` and a scoped manager.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager
from simple_history.models import HistoricalRecords

from ita_portal import thai
from ita_portal.tenant_integrity import same_organisation, unique_organisation_id
from ita_portal.text import TEXT_LIMITS, plausible_date
from organisations.models import Division, FiscalYear, Organisation

from .enums import AgencyType, FrameworkStatus, ItemState, PortalRole

# ---------------------------------------------------------------------------------------------
# The framework (not tenant data: one per assessment year, for everyone)


class Framework(models.Model):
    """The OIT items of one assessment year (พ.ศ.) for one agency type.

    Made from a data file or copied from the newest one and edited in the portal; a draft until
    an operator publishes it (``framework_services.framework_publish``): only operators see
    drafts, and a fiscal year can only choose or move to a published framework of its
    organisation's agency type."""

    agency_type = models.CharField(
        _("ประเภทหน่วยงาน"), max_length=20, choices=AgencyType.choices, default=AgencyType.LOCAL
    )
    year = models.PositiveSmallIntegerField(_("ปีที่ประเมิน (พ.ศ.)"))
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    source_name = models.CharField(_("ไฟล์ข้อมูล"), max_length=200, blank=True)
    loaded_at = models.DateTimeField(_("ปรับปรุงเมื่อ"), auto_now=True)
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้เผยแพร่"),
    )

    history = HistoricalRecords(excluded_fields=["loaded_at"])

    class Meta:
        verbose_name = _("กรอบการประเมิน OIT")
        verbose_name_plural = _("กรอบการประเมิน OIT")
        ordering = ["agency_type", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency_type", "year"], name="framework_unique_year_per_agency_type"
            )
        ]

    def __str__(self) -> str:
        draft = " (ฉบับร่าง)" if self.is_draft else ""
        return f"กรอบการประเมิน OIT ปี พ.ศ. {thai.thai_digits(self.year)}{draft}"

    @property
    def is_draft(self) -> bool:
        return self.status == FrameworkStatus.DRAFT


class SubIndicator(models.Model):
    """ตัวชี้วัดย่อย (9.1 ข้อมูลพื้นฐาน …) with its indicator (9 การเปิดเผยข้อมูล)."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="sub_indicators"
    )
    indicator = models.PositiveSmallIntegerField(_("ตัวชี้วัด"))
    indicator_title = models.CharField(_("ชื่อตัวชี้วัด"), max_length=200)
    code = models.CharField(_("ตัวชี้วัดย่อย"), max_length=10)
    title = models.CharField(_("ชื่อตัวชี้วัดย่อย"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ตัวชี้วัดย่อย")
        verbose_name_plural = _("ตัวชี้วัดย่อย")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="sub_indicator_unique_code_per_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class OitItem(models.Model):
    """ข้อ of the framework: its number as the framework prints it, title and components."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="items")
    sub_indicator = models.ForeignKey(SubIndicator, on_delete=models.CASCADE, related_name="items")
    group_title = models.CharField(_("หัวข้อย่อย"), max_length=200, blank=True)
    number = models.CharField(_("เลขข้อ"), max_length=5, help_text=_("เลขอารบิก เช่น 01, 18"))
    label = models.CharField(_("ข้อ"), max_length=10, help_text=_("ตามที่กรอบการประเมินพิมพ์ เช่น ๐๑๘"))
    title = models.CharField(_("ข้อมูล"), max_length=300)
    default_responsible = models.CharField(_("ผู้รับผิดชอบ (ค่าเริ่มต้น)"), max_length=300, blank=True)
    produced_by_portal = models.CharField(
        _("จัดทำโดยระบบ"), max_length=20, choices=PortalRole.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ข้อ OIT")
        verbose_name_plural = _("ข้อ OIT")
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="oit_item_unique_number_per_framework"
            )
        ]

    def __str__(self) -> str:
        return f"ข้อ {self.label} {self.title}"


class OitComponent(models.Model):
    """องค์ประกอบด้านข้อมูล: one thing the item must show to score."""

    item = models.ForeignKey(OitItem, on_delete=models.CASCADE, related_name="components")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("องค์ประกอบด้านข้อมูล"), max_length=TEXT_LIMITS["long"])

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("องค์ประกอบด้านข้อมูล")
        verbose_name_plural = _("องค์ประกอบด้านข้อมูล")
        ordering = ["item", "order"]
        constraints = [
            models.UniqueConstraint(fields=["item", "order"], name="oit_component_unique_order")
        ]

    def __str__(self) -> str:
        return self.text


# ---------------------------------------------------------------------------------------------
# One organisation's checklist of one fiscal year (tenant data)


class OitYear(models.Model):
    """The OIT work of one fiscal year: its framework is on FiscalYear; the deadlines are here.

    The assessor's data window (about two months) and the earlier internal deadline that leaves
    the executive time to check and approve the data (seed 003's calendar)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    fiscal_year = models.OneToOneField(FiscalYear, on_delete=models.CASCADE, related_name="oit")
    window_start = models.DateField(
        _("วันเริ่มนำเข้าข้อมูลในระบบของ ป.ป.ช."), null=True, blank=True, validators=[plausible_date]
    )
    window_end = models.DateField(
        _("วันสุดท้ายของการนำเข้าข้อมูล"), null=True, blank=True, validators=[plausible_date]
    )
    internal_deadline = models.DateField(
        _("กำหนดส่งข้อมูลภายในหน่วยงาน"),
        validators=[plausible_date],
        null=True,
        blank=True,
        help_text=_("ก่อนวันสุดท้ายของ ป.ป.ช. เพื่อให้ผู้บริหารตรวจสอบและอนุมัติข้อมูลทัน"),
    )

    objects = ScopedManager(organisation="organisation")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("กำหนดการ OIT ของปีงบประมาณ")
        verbose_name_plural = _("กำหนดการ OIT ของปีงบประมาณ")
        constraints = [
            same_organisation("OitYear", "fiscal_year"),
        ]

    def __str__(self) -> str:
        return f"กำหนดการ OIT {self.fiscal_year}"


class ItemStatus(models.Model):
    """One OIT item for one organisation and fiscal year: who answers it, how far it is."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="oit_statuses"
    )
    item = models.ForeignKey(OitItem, on_delete=models.PROTECT, related_name="statuses")
    division = models.ForeignKey(
        Division,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("ส่วนราชการที่รับผิดชอบ"),
    )
    state = models.CharField(
        _("ความก้าวหน้า"), max_length=20, choices=ItemState.choices, default=ItemState.NOT_STARTED
    )
    progress = models.TextField(_("ผลการดำเนินการ"), blank=True, max_length=TEXT_LIMITS["long"])
    note = models.TextField(
        _("หมายเหตุของผู้ประสานงาน"),
        blank=True,
        help_text=_("เช่น ข้อบกพร่องของปีก่อนที่ต้องแก้ไข"),
        max_length=TEXT_LIMITS["paragraph"],
    )
    points_outside = models.BooleanField(
        _("ลิงก์ไปยังเว็บไซต์ภายนอก"),
        default=False,
        help_text=_("เช่น ข้อ Social Network ต้องลิงก์ไปยังหน้า Facebook ของหน่วยงาน"),
    )
    published_url = models.URLField(_("ลิงก์รายงานที่เผยแพร่"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(organisation="organisation")
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("สถานะข้อ OIT")
        verbose_name_plural = _("สถานะข้อ OIT")
        ordering = ["fiscal_year", "item__order"]
        constraints = [
            unique_organisation_id("ItemStatus"),
            same_organisation("ItemStatus", "fiscal_year"),
            same_organisation("ItemStatus", "division"),
            models.UniqueConstraint(
                fields=["fiscal_year", "item"], name="item_status_unique_item_per_year"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "fiscal_year"])]

    def __str__(self) -> str:
        return f"{self.item} ({self.fiscal_year})"

    @property
    def is_produced_by_portal(self) -> bool:
        return bool(self.item.produced_by_portal)


class ComponentTick(models.Model):
    """Whether one component of an item is shown on the organisation's website."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    item_status = models.ForeignKey(ItemStatus, on_delete=models.CASCADE, related_name="ticks")
    component = models.ForeignKey(OitComponent, on_delete=models.CASCADE, related_name="ticks")
    present = models.BooleanField(_("มีบนเว็บไซต์แล้ว"), default=False)

    objects = ScopedManager(organisation="organisation")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("การตรวจองค์ประกอบ")
        verbose_name_plural = _("การตรวจองค์ประกอบ")
        constraints = [
            same_organisation("ComponentTick", "item_status"),
            models.UniqueConstraint(
                fields=["item_status", "component"], name="component_tick_unique"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "item_status"], name="tick_org_item")]

    def __str__(self) -> str:
        return f"{'☑' if self.present else '☐'} {self.component}"


class ItemUrl(models.Model):
    """A URL where the item is shown, with the result of the last link check.

    The check results are excluded from the history: they change on every run and say nothing
    about who changed what."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    item_status = models.ForeignKey(ItemStatus, on_delete=models.CASCADE, related_name="urls")
    url = models.URLField(_("URL"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)
    checked_at = models.DateTimeField(_("ตรวจลิงก์เมื่อ"), null=True, blank=True)
    http_status = models.PositiveSmallIntegerField(_("รหัสตอบกลับ HTTP"), null=True, blank=True)
    final_url = models.URLField(_("ปลายทางหลังการเปลี่ยนเส้นทาง"), max_length=1000, blank=True)
    check_error = models.CharField(_("ปัญหาที่พบ"), max_length=300, blank=True)

    objects = ScopedManager(organisation="organisation")
    history = HistoricalRecords(
        excluded_fields=["checked_at", "http_status", "final_url", "check_error"]
    )

    class Meta:
        verbose_name = _("URL ของข้อ OIT")
        verbose_name_plural = _("URL ของข้อ OIT")
        ordering = ["item_status", "order", "pk"]
        indexes = [
            models.Index(fields=["organisation", "item_status", "order"], name="item_url_org_item")
        ]
        constraints = [
            same_organisation("ItemUrl", "item_status"),
        ]

    def __str__(self) -> str:
        return self.url

    @property
    def is_broken(self) -> bool:
        """Checked, and the check did not end in a 2xx answer."""
        if self.checked_at is None:
            return False
        return bool(self.check_error) or not (
            self.http_status is not None and 200 <= self.http_status < 300
        )


def _evidence_path(instance: Evidence, filename: str) -> str:
    return f"oit/{instance.organisation_id}/{filename}"


class Evidence(models.Model):
    """หลักฐาน: a file attached to an item. Served only through a permission-checked view."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    item_status = models.ForeignKey(ItemStatus, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("ไฟล์"), upload_to=_evidence_path, max_length=200)
    thumbnail = models.FileField(upload_to=_evidence_path, max_length=200, blank=True)
    original_name = models.CharField(_("ชื่อไฟล์"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("ผู้แนบ")
    )
    uploaded_at = models.DateTimeField(_("แนบเมื่อ"), auto_now_add=True)

    objects = ScopedManager(organisation="organisation")
    history = HistoricalRecords(excluded_fields=["thumbnail"])

    class Meta:
        verbose_name = _("หลักฐาน")
        verbose_name_plural = _("หลักฐาน")
        ordering = ["item_status", "uploaded_at", "pk"]
        indexes = [
            models.Index(
                fields=["organisation", "item_status", "uploaded_at"], name="oit_evidence_org_item"
            )
        ]
        constraints = [
            same_organisation("Evidence", "item_status"),
        ]

    def __str__(self) -> str:
        return self.original_name


class OitReview(models.Model):
    """An executive's recorded review of the year's OIT data (ผู้บริหารตรวจสอบและอนุมัติข้อมูล).

    Append-only. Stands in for the approval workflow until the Approvals issue provides it."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="oit_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("ผู้ตรวจสอบ")
    )
    position_title = models.CharField(_("ตำแหน่ง"), max_length=200, blank=True)
    comment = models.TextField(_("ความเห็น"), blank=True, max_length=TEXT_LIMITS["paragraph"])
    complete_items = models.PositiveSmallIntegerField(_("ข้อที่ครบถ้วน"))
    total_items = models.PositiveSmallIntegerField(_("จำนวนข้อทั้งหมด"))
    created_at = models.DateTimeField(_("ตรวจสอบเมื่อ"), auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("การตรวจสอบข้อมูล OIT ของผู้บริหาร")
        verbose_name_plural = _("การตรวจสอบข้อมูล OIT ของผู้บริหาร")
        ordering = ["fiscal_year", "-created_at"]
        # the year's latest review: WHERE organisation AND fiscal_year ORDER BY created_at DESC
        indexes = [
            models.Index(
                fields=["organisation", "fiscal_year", "created_at"], name="oit_review_org_year"
            )
        ]
        constraints = [
            same_organisation("OitReview", "fiscal_year"),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} ตรวจสอบ {self.fiscal_year}"


class FrameworkMove(models.Model):
    """A fiscal year moved to a newer published framework (append-only).

    The statuses of the old framework stay as they were (nothing is deleted); the year's new
    statuses were filled through the crosswalk. The move page lists from this row what is left
    to decide."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    fiscal_year = models.ForeignKey(
        FiscalYear, on_delete=models.CASCADE, related_name="framework_moves"
    )
    from_framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="+", verbose_name=_("จากกรอบการประเมิน")
    )
    to_framework = models.ForeignKey(
        Framework, on_delete=models.PROTECT, related_name="+", verbose_name=_("ไปยังกรอบการประเมิน")
    )
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("ผู้ย้าย")
    )
    moved_at = models.DateTimeField(_("ย้ายเมื่อ"), auto_now_add=True)
    matched = models.PositiveSmallIntegerField(_("ข้อที่จับคู่ได้"))

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("การย้ายกรอบการประเมิน OIT")
        verbose_name_plural = _("การย้ายกรอบการประเมิน OIT")
        ordering = ["fiscal_year", "-moved_at"]
        indexes = [
            models.Index(
                fields=["organisation", "fiscal_year", "moved_at"], name="framework_move_org_year"
            )
        ]
        constraints = [
            same_organisation("FrameworkMove", "fiscal_year"),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.from_framework} → {self.to_framework}"
