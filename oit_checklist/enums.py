from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemState(models.TextChoices):
    """ความก้าวหน้า of one OIT item, as the progress tables print it."""

    NOT_STARTED = "not_started", _("☐ ยังไม่ได้ดำเนินการ")
    DONE = "done", _("☑ ดำเนินการ")


class PortalRole(models.TextChoices):
    """The ``produced_by_portal`` column of a framework file: items the portal itself produces."""

    MEASURES_PLAN = "measures_plan", _("มาตรการส่งเสริมคุณธรรมและความโปร่งใส (แผน)")
    MEASURES_REPORT = "measures_report", _("ผลการดำเนินการตามมาตรการ (รายงาน)")
