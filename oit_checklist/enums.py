from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.enums import OrganisationKind


class ItemState(models.TextChoices):
    """ความก้าวหน้า of one OIT item, as the progress tables print it."""

    NOT_STARTED = "not_started", _("☐ ยังไม่ได้ดำเนินการ")
    DONE = "done", _("☑ ดำเนินการ")


class PortalRole(models.TextChoices):
    """The ``produced_by_portal`` column of a framework file: items the portal itself produces."""

    MEASURES_PLAN = "measures_plan", _("มาตรการส่งเสริมคุณธรรมและความโปร่งใส (แผน)")
    MEASURES_REPORT = "measures_report", _("ผลการดำเนินการตามมาตรการ (รายงาน)")


class FrameworkStatus(models.TextChoices):
    """A framework is a draft, seen by operators only, until an operator publishes it."""

    DRAFT = "draft", _("ฉบับร่าง")
    PUBLISHED = "published", _("เผยแพร่แล้ว")


class AgencyType(models.TextChoices):
    """The agency types the NACC publishes OIT frameworks for. อปท. today; the others can come."""

    LOCAL = "lao", _("องค์กรปกครองส่วนท้องถิ่น (อปท.)")


# Which frameworks an organisation works on: every kind of local government (อบต., เทศบาล)
# follows the frameworks of อปท. A new kind of organisation names its agency type here.
AGENCY_TYPE_OF_KIND = {
    OrganisationKind.SAO: AgencyType.LOCAL,
    OrganisationKind.TAMBON_MUNICIPALITY: AgencyType.LOCAL,
    OrganisationKind.TOWN_MUNICIPALITY: AgencyType.LOCAL,
    OrganisationKind.CITY_MUNICIPALITY: AgencyType.LOCAL,
}


def agency_type_of(kind: str) -> AgencyType:
    """The agency type whose frameworks an organisation of ``kind`` uses."""
    return AGENCY_TYPE_OF_KIND[OrganisationKind(kind)]
