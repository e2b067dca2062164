from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    SAO = "sao", _("องค์การบริหารส่วนตำบล (อบต.)")
    MUNICIPALITY = "municipality", _("เทศบาล")


class Role(models.TextChoices):
    """A member's role in one organisation."""

    COORDINATOR = "coordinator", _("ผู้ประสานงาน ITA (นิติกร)")
    STAFF = "staff", _("เจ้าหน้าที่ผู้รับผิดชอบของส่วนราชการ")
    APPROVER = "approver", _("ผู้บริหาร (ผู้พิจารณาอนุมัติ)")
    VIEWER = "viewer", _("ผู้ดูข้อมูล")


class PersonTitle(models.TextChoices):
    """คำนำหน้านาม in the forms the documents print. Ranks are written before the name."""

    MR = "นาย", "นาย"
    MRS = "นาง", "นาง"
    MISS = "นางสาว", "นางสาว"
    ACTING_SUB_LT = "ว่าที่ร้อยตรี", "ว่าที่ร้อยตรี"
    ACTING_SUB_LT_F = "ว่าที่ร้อยตรีหญิง", "ว่าที่ร้อยตรีหญิง"
    MASTER_SGT = "จ.ส.อ.", "จ.ส.อ."
    DR = "ดร.", "ดร."
