from django.db import models
from django.utils.translation import gettext_lazy as _


class Instrument(models.TextChoices):
    IIT = "IIT", "IIT"
    EIT = "EIT", "EIT"
    OIT = "OIT", "OIT"


class AnalysisKind(models.TextChoices):
    URGENT = "urgent", _("(๑) ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน")
    IMPROVE = "improve", _("(๒) ประเด็นที่ต้องพัฒนาให้ดีขึ้น")


class RoundChoice(models.IntegerChoices):
    SIX_MONTHS = 6, _("รอบ ๖ เดือน")
    TWELVE_MONTHS = 12, _("รอบ ๑๒ เดือน")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("ยังไม่ได้ดำเนินการ")
    IN_PROGRESS = "in_progress", _("อยู่ระหว่างดำเนินการ")
    DONE = "done", _("ดำเนินการแล้ว")


class EvidenceKind(models.TextChoices):
    FILE = "file", _("ไฟล์")
    LINK = "link", _("ลิงก์")


MONTH_CHOICES = [
    (10, "ตุลาคม"),
    (11, "พฤศจิกายน"),
    (12, "ธันวาคม"),
    (1, "มกราคม"),
    (2, "กุมภาพันธ์"),
    (3, "มีนาคม"),
    (4, "เมษายน"),
    (5, "พฤษภาคม"),
    (6, "มิถุนายน"),
    (7, "กรกฎาคม"),
    (8, "สิงหาคม"),
    (9, "กันยายน"),
]


class ImportStatus(models.TextChoices):
    """A PlanImport: the worker is reading the file, it has been read, or it is not a plan."""

    READING = "reading", _("กำลังอ่านไฟล์")
    READY = "ready", _("อ่านแล้ว รอตรวจและยืนยัน")
    REFUSED = "refused", _("ไม่พบแผนมาตรการในไฟล์")
