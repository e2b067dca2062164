"""Stored values of reports and approvals (contracts: other parts and URLs rely on them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportKind(models.TextChoices):
    PLAN = "plan", _("มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน")
    PROGRESS = "progress", _("รายงานความก้าวหน้าการดำเนินการตามมาตรการ")
    RESULTS = "results", _("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส")
    TABLES = "tables", _("ตารางความก้าวหน้าตัวชี้วัด IIT/EIT และรายการ OIT")
    BOOK = "book", _("รายงานประจำปี")
    MINUTES = "minutes", _("รายงานการประชุมเตรียมความพร้อมการประเมิน ITA")


# Kinds that report on one follow-up round (6 or 12 months).
ROUND_KINDS = {ReportKind.PROGRESS, ReportKind.RESULTS}


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("ฉบับร่าง")
    IN_REVIEW = "in_review", _("อยู่ระหว่างการพิจารณา")
    RETURNED = "returned", _("ส่งกลับแก้ไข")
    APPROVED = "approved", _("อนุมัติแล้ว")
    PUBLISHED = "published", _("เผยแพร่แล้ว")


class DecisionForm(models.TextChoices):
    TICK = "tick", _("ทำเครื่องหมาย (เห็นควรอนุมัติ / ไม่เห็นควรอนุมัติ)")
    TEXT = "text", _("เขียนความเห็น")


class DecisionValue(models.TextChoices):
    APPROVE = "approve", _("เห็นควรอนุมัติ")
    REJECT = "reject", _("ไม่เห็นควรอนุมัติ")


class ActingKind(models.TextChoices):
    ACTING = "acting", _("รักษาราชการแทน")
    ON_BEHALF = "on_behalf", _("ปฏิบัติราชการแทน")


class EventAction(models.TextChoices):
    CREATE = "create", _("สร้างรายงาน")
    SUBMIT = "submit", _("ส่งเสนอพิจารณา")
    APPROVE = "approve", _("เห็นชอบ")
    RETURN = "return", _("ส่งกลับแก้ไข")
    WITHDRAW = "withdraw", _("ถอนเรื่องคืน")
    PUBLISH = "publish", _("เผยแพร่")
    CORRECT = "correct", _("จัดทำฉบับแก้ไข")


# Notification.kind of a report's "… รอการพิจารณาของท่าน"; once the report no longer waits for
# its recipient (decided, withdrawn, returned, published) it becomes AWAITING_SETTLED and read, so
# nobody is asked to decide what is already decided.
AWAITING = "awaiting"
AWAITING_SETTLED = "awaiting-settled"
