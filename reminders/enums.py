from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    """What a digest is about; each person chooses a channel per kind."""

    DUE = "due", _("งานของส่วนราชการที่ใกล้ครบกำหนดหรือเลยกำหนด")
    SUMMARY = "summary", _("สรุปประจำสัปดาห์ของผู้ประสานงาน")
    APPROVAL = "approval", _("รายงานที่รอการพิจารณาของท่าน")
    ESCALATION = "escalation", _("รายงานที่ค้างการพิจารณานานเกินกำหนด")


# Kinds that wait on the person's own decision: they cannot be switched off.
CANNOT_BE_OFF = {ReminderKind.APPROVAL}


class Channel(models.TextChoices):
    EMAIL = "email", _("อีเมล (และ LINE ถ้าเชื่อมไว้) พร้อมแจ้งในระบบ")
    PORTAL = "portal", _("แจ้งในระบบเท่านั้น")
    OFF = "off", _("ไม่รับการเตือน")
