"""The tenant (Organisation) and who works in it.

Every model that belongs to an organisation carries a non-null ``organisation`` foreign key
and a django-scopes ``ScopedManager``: a query made outside ``scope(organisation=…)`` raises,
so a view cannot forget to filter (see ``organisations.middleware``).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from ita_portal import thai
from ita_portal.tenant_integrity import same_organisation, unique_organisation_id
from ita_portal.uploads import CheckedImageField

from .enums import MemberAction, OrganisationKind, PersonTitle, Role

# The longest privacy notice or website policy a coordinator may write (about ten A4 pages).
POLICY_MAX_LENGTH = 20000

# Titles written directly before the given name; ranks and degrees take a space.
_TITLES_WITHOUT_SPACE = {PersonTitle.MR, PersonTitle.MRS, PersonTitle.MISS}


class User(AbstractUser):
    """A person who logs in. Names are Thai; one person may work for several organisations."""

    title = models.CharField(_("คำนำหน้านาม"), max_length=40, blank=True)
    # A scan of the handwritten signature, printed above the name in approved memos.
    signature = CheckedImageField(_("ลายมือชื่อ"), upload_to="signatures/", blank=True)

    class Meta:
        verbose_name = _("ผู้ใช้")
        verbose_name_plural = _("ผู้ใช้")

    @property
    def name(self) -> str:
        """Given name and family name, as printed in parentheses under a signature."""
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        """The name with its title: นายสุริยนต์ อยู่ล้าย, ว่าที่ร้อยตรีหญิง นิตยา สันหลี่."""
        if not self.title:
            return self.name or self.username
        separator = "" if self.title in _TITLES_WITHOUT_SPACE else " "
        return f"{self.title}{separator}{self.name}"

    def __str__(self) -> str:
        return self.full_name


class Organisation(models.Model):
    """A local government unit (อบต., เทศบาล): the tenant."""

    name = models.CharField(_("ชื่อหน่วยงาน"), max_length=200)
    short_name = models.CharField(_("ชื่อย่อ"), max_length=100, blank=True)
    kind = models.CharField(_("ประเภท"), max_length=20, choices=OrganisationKind.choices)
    slug = models.SlugField(_("ชื่อในลิงก์"), max_length=50, unique=True)
    address = models.CharField(_("ที่ตั้ง"), max_length=300, blank=True)
    subdistrict = models.CharField(_("ตำบล"), max_length=100, blank=True)
    district = models.CharField(_("อำเภอ"), max_length=100)
    province = models.CharField(_("จังหวัด"), max_length=100)
    postcode = models.CharField(_("รหัสไปรษณีย์"), max_length=5, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=50, blank=True)
    fax = models.CharField(_("โทรสาร"), max_length=50, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)
    website = models.URLField(_("เว็บไซต์หลัก"), blank=True)
    facebook_url = models.URLField(_("เพจ Facebook"), max_length=300, blank=True)
    logo = CheckedImageField(_("ตราสัญลักษณ์"), upload_to="logos/", blank=True)
    # The address of the organisation's EIT survey (the questionnaire of สำนักงาน ป.ป.ช. for
    # external stakeholders); the public site shows it as a QR code and an A4 poster.
    eit_survey_url = models.URLField(
        _("ลิงก์แบบสำรวจ EIT"),
        max_length=500,
        blank=True,
        help_text=_("ลิงก์แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT) ที่ได้รับจาก ป.ป.ช."),
    )
    document_prefix = models.CharField(
        _("รหัสหนังสือ (ที่)"),
        max_length=40,
        blank=True,
        help_text=_("ส่วนหน้าของเลขที่หนังสือ เช่น สต ๓๒๓๐๑"),
    )
    # The public site's privacy notice and website policy (/p/<slug>/privacy/, …/website-policy/),
    # as the coordinator wrote them; empty: the portal's template (organisations/policies.py),
    # filled with the organisation's name and contacts.
    privacy_notice = models.TextField(
        _("นโยบายคุ้มครองข้อมูลส่วนบุคคล"), max_length=POLICY_MAX_LENGTH, blank=True
    )
    website_policy = models.TextField(_("นโยบายเว็บไซต์"), max_length=POLICY_MAX_LENGTH, blank=True)
    is_active = models.BooleanField(_("เปิดใช้งาน"), default=True)
    publish_on_approval = models.BooleanField(
        _("เผยแพร่รายงานทันทีเมื่อผู้อนุมัติคนสุดท้ายอนุมัติ"),
        default=True,
        help_text=_("ถ้าไม่เลือก ผู้ประสานงานจะเป็นผู้กดเผยแพร่เอง"),
    )
    require_otp_for_approvers = models.BooleanField(
        _("บังคับยืนยันตัวตนสองขั้นตอน"),
        default=False,
        help_text=_("ผู้ประสานงานและผู้บริหารต้องกรอกรหัสจากแอปยืนยันตัวตนหลังรหัสผ่าน ก่อนเปิดหน้าใดของหน่วยงาน"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("หน่วยงาน")
        verbose_name_plural = _("หน่วยงาน")
        ordering = ["province", "district", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def locality(self) -> str:
        """อำเภอทุ่งหว้า จังหวัดสตูล: the line that follows the name in official documents."""
        return f"อำเภอ{self.district} จังหวัด{self.province}"


class Division(models.Model):
    """ส่วนราชการ: สำนักปลัด, กองคลัง, กองช่าง, กองการศึกษาฯ …"""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    name = models.CharField(_("ชื่อส่วนราชการ"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ลำดับ"), default=0)
    # A division is retired, never deleted: plans, progress and reports of past years name it.
    is_active = models.BooleanField(_("ใช้งานอยู่"), default=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("ส่วนราชการ")
        verbose_name_plural = _("ส่วนราชการ")
        ordering = ["organisation", "order", "name"]
        constraints = [
            unique_organisation_id("Division"),
            models.UniqueConstraint(
                fields=["organisation", "name"], name="division_unique_name_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """ตำแหน่ง, with the full title the documents print (ปลัดองค์การบริหารส่วนตำบลนาทอน)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    title = models.CharField(_("ชื่อตำแหน่ง"), max_length=200)
    division = models.ForeignKey(
        Division,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("สังกัด"),
    )
    # Retired, never deleted: approval chains and frozen reports refer to it.
    is_active = models.BooleanField(_("ใช้งานอยู่"), default=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("ตำแหน่ง")
        verbose_name_plural = _("ตำแหน่ง")
        ordering = ["organisation", "title"]
        constraints = [
            unique_organisation_id("Position"),
            same_organisation("Position", "division"),
            models.UniqueConstraint(
                fields=["organisation", "title"], name="position_unique_title_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Membership(models.Model):
    """A user's role in one organisation. At most one membership per user and organisation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("บทบาท"), max_length=20, choices=Role.choices)
    divisions = models.ManyToManyField(
        Division,
        blank=True,
        verbose_name=_("ส่วนราชการที่รับผิดชอบ"),
        help_text=_("ส่วนราชการที่เจ้าหน้าที่ผู้นี้รายงานผลให้"),
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("ตำแหน่ง"),
    )
    # รักษาราชการแทน: the position this person holds in the absence of its holder. Approval
    # chains that name that position reach this person when nobody holds it.
    acting_position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acting_memberships",
        verbose_name=_("รักษาราชการแทนตำแหน่ง"),
    )
    is_active = models.BooleanField(_("ใช้งานอยู่"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("สมาชิก")
        verbose_name_plural = _("สมาชิก")
        ordering = ["organisation", "role", "user__first_name"]
        constraints = [
            unique_organisation_id("Membership"),
            same_organisation("Membership", "position"),
            same_organisation("Membership", "acting_position"),
            models.UniqueConstraint(
                fields=["organisation", "user"], name="membership_unique_user_per_organisation"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation_id})"


class FiscalYear(models.Model):
    """ปีงบประมาณ of one organisation, written in พ.ศ.; the dates follow from the number."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณ (พ.ศ.)"),
        validators=[MinValueValidator(2560), MaxValueValidator(2700)],
    )
    # The OIT framework (assessment year) this fiscal year is assessed on; see oit_checklist.
    framework = models.ForeignKey(
        "oit_checklist.Framework",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fiscal_years",
        verbose_name=_("กรอบการประเมิน OIT"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("ปีงบประมาณ")
        verbose_name_plural = _("ปีงบประมาณ")
        ordering = ["organisation", "-year"]
        constraints = [
            unique_organisation_id("FiscalYear"),
            models.UniqueConstraint(
                fields=["organisation", "year"], name="fiscal_year_unique_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"ปีงบประมาณ พ.ศ. {thai.thai_digits(self.year)}"

    @property
    def start(self) -> dt.date:
        return thai.fiscal_year_bounds(self.year)[0]

    @property
    def end(self) -> dt.date:
        return thai.fiscal_year_bounds(self.year)[1]


class Invitation(models.Model):
    """A single-use link (``/accounts/invite/<token>/``) with which a person chooses their
    password and starts. Only the SHA-256 of the token is stored: the token exists in the e-mail
    (minted by the task worker when it sends) or on the printed activation sheet, nowhere else.
    A new link for the same membership revokes the older ones."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("อีเมล"), blank=True)  # empty: a printed activation sheet
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("คำเชิญ")
        verbose_name_plural = _("คำเชิญ")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "membership", "created_at"])]
        constraints = [
            same_organisation("Invitation", "membership"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.created_at:%Y-%m-%d}"


class MemberEvent(models.Model):
    """The history of a person in one organisation: who did what, when. Append-only."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30, choices=MemberAction.choices)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        verbose_name = _("ประวัติสมาชิก")
        verbose_name_plural = _("ประวัติสมาชิก")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "membership", "at"])]
        constraints = [
            same_organisation("MemberEvent", "membership"),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.action} {self.at:%Y-%m-%d %H:%M}"


class SiteEmblem(models.Model):
    """The Garuda (ตราครุฑ) at the head of every memo (บันทึกข้อความ) of every organisation, uploaded
    once for the whole site by an operator at ``/site/emblem/``; the newest upload is the one
    printed. Until there is one, the memo prints the labelled placeholder."""

    image = CheckedImageField(_("ตราครุฑ"), upload_to="site/")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("ตราครุฑของบันทึกข้อความ")
        verbose_name_plural = _("ตราครุฑของบันทึกข้อความ")

    def __str__(self) -> str:
        return self.image.name

    @classmethod
    def current_name(cls) -> str:
        """The storage name of the emblem to print, or "" (the placeholder)."""
        latest = cls.objects.order_by("-pk").first()
        return latest.image.name if latest else ""
