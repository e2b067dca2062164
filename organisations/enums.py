from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """The types of local government. Each has a template of divisions, positions and approval
    chains under ``organisations/org_templates/<value>.toml``."""

    SAO = "sao", _("องค์การบริหารส่วนตำบล (อบต.)")
    TAMBON_MUNICIPALITY = "tambon_municipality", _("เทศบาลตำบล")
    TOWN_MUNICIPALITY = "town_municipality", _("เทศบาลเมือง")
    CITY_MUNICIPALITY = "city_municipality", _("เทศบาลนคร")


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


# The titles that are ranks (ยศ): a signature block writes them before the signature, not in
# the name in brackets (reports.documents.content.split_rank).
RANKS = (PersonTitle.ACTING_SUB_LT, PersonTitle.ACTING_SUB_LT_F, PersonTitle.MASTER_SGT)


class MemberAction(models.TextChoices):
    """What happened to a person's membership; kept in MemberEvent (append-only)."""

    INVITED = "invited", _("ส่งคำเชิญทางอีเมล")
    CREATED = "created", _("สร้างบัญชีและออกรหัสเปิดใช้งาน")
    ADDED = "added", _("เพิ่มเป็นสมาชิก (มีบัญชีอยู่แล้ว)")
    INVITATION_RESENT = "invitation_resent", _("ส่งคำเชิญอีกครั้ง")
    CODE_ISSUED = "code_issued", _("ออกรหัสเปิดใช้งานใหม่")
    ACTIVATED = "activated", _("ตั้งรหัสผ่านและเปิดใช้งานบัญชี")
    CHANGED = "changed", _("แก้ไขบทบาท ส่วนราชการ หรือตำแหน่ง")
    DEACTIVATED = "deactivated", _("ระงับการใช้งาน")
    REACTIVATED = "reactivated", _("เปิดใช้งานอีกครั้ง")
    PASSWORD_RESET_SENT = "password_reset_sent", _("ส่งลิงก์ตั้งรหัสผ่านใหม่")
    PASSWORD_CHANGED = "password_changed", _("เปลี่ยนรหัสผ่าน")
    PROFILE_CHANGED = "profile_changed", _("แก้ไขข้อมูลส่วนตัว")
