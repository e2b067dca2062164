"""Demo data: the two organisations of the seeds, with real divisions, positions and names.

องค์การบริหารส่วนตำบลนาทอน (seed 001: the FY2568 memo and its four approvers) and
องค์การบริหารส่วนตำบลนาออก (seed 002's signatures, seed 000's address), so that tenancy is
visible. Idempotent: running it again updates what it made and adds nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from ita_portal import thai

from .enums import OrganisationKind, Role
from .models import Division, FiscalYear, Membership, Organisation, Position, User

DEMO_PASSWORD = "ita-demo-2568"  # noqa: S105 - published in the README on purpose
FIRST_DEMO_YEAR = 2568


@dataclass(frozen=True)
class DemoPerson:
    username: str
    title: str
    first_name: str
    last_name: str
    role: Role
    position: str
    divisions: tuple[str, ...] = ()


ORGANISATIONS = [
    {
        "slug": "nathon",
        "name": "องค์การบริหารส่วนตำบลนาทอน",
        "short_name": "อบต.นาทอน",
        "kind": OrganisationKind.SAO,
        "address": "ที่ทำการองค์การบริหารส่วนตำบลนาทอน",
        "subdistrict": "นาทอน",
        "district": "ทุ่งหว้า",
        "province": "สตูล",
        "postcode": "91120",
        # Invented for the demo, like the survey link below: the footer shows a full contact.
        "phone": "074-780123",
        "fax": "074-780124",
        "email": "saraban@nathon.go.th",
        "facebook_url": "https://www.facebook.com/nathon.sao",
        "document_prefix": "สต ๓๒๓๐๑",
        # Invented for the demo, in the form of the survey links ป.ป.ช.'s ITAS gives a unit;
        # it leads nowhere real.
        "eit_survey_url": "https://itas.nacc.go.th/go/eit/n4th0n",
        "divisions": [
            "สำนักปลัด",
            "กองคลัง",
            "กองช่าง",
            "กองการศึกษา ศาสนาและวัฒนธรรม",
        ],
        "positions": {
            "นิติกรปฏิบัติการ": "สำนักปลัด",
            "เจ้าพนักงานธุรการปฏิบัติงาน": "สำนักปลัด",
            "นักวิชาการเงินและบัญชีปฏิบัติการ": "กองคลัง",
            "หัวหน้าสำนักปลัด": "สำนักปลัด",
            "รองปลัดองค์การบริหารส่วนตำบลนาทอน": None,
            "ปลัดองค์การบริหารส่วนตำบลนาทอน": None,
            "นายกองค์การบริหารส่วนตำบลนาทอน": None,
        },
        "people": [
            DemoPerson(
                "nathon_coordinator",
                "ว่าที่ร้อยตรีหญิง",
                "นิตยา",
                "สันหลี่",
                Role.COORDINATOR,
                "นิติกรปฏิบัติการ",
                ("สำนักปลัด",),
            ),
            # The seeds name no staff of สำนักปลัด or กองคลัง at นาทอน: these two are invented.
            DemoPerson(
                "nathon_staff_palad",
                "นางสาว",
                "กมลวรรณ",
                "ทองดี",
                Role.STAFF,
                "เจ้าพนักงานธุรการปฏิบัติงาน",
                ("สำนักปลัด",),
            ),
            DemoPerson(
                "nathon_staff_klang",
                "นาย",
                "อนุชา",
                "ศรีสวัสดิ์",
                Role.STAFF,
                "นักวิชาการเงินและบัญชีปฏิบัติการ",
                ("กองคลัง",),
            ),
            DemoPerson(
                "nathon_head_palad",
                "นาง",
                "ซาริต้า",
                "เต็นหลี่",
                Role.APPROVER,
                "หัวหน้าสำนักปลัด",
            ),
            DemoPerson(
                "nathon_deputy",
                "นางสาว",
                "สรวิทย์",
                "ตาเดอีน",
                Role.APPROVER,
                "รองปลัดองค์การบริหารส่วนตำบลนาทอน",
            ),
            DemoPerson(
                "nathon_palad",
                "นาย",
                "สุริยนต์",
                "อยู่ล้าย",
                Role.APPROVER,
                "ปลัดองค์การบริหารส่วนตำบลนาทอน",
            ),
            DemoPerson(
                "nathon_mayor",
                "นาย",
                "เอกชัย",
                "หลงขาว",
                Role.APPROVER,
                "นายกองค์การบริหารส่วนตำบลนาทอน",
            ),
        ],
    },
    {
        "slug": "naok",
        "name": "องค์การบริหารส่วนตำบลนาออก",
        "short_name": "อบต.นาออก",
        "kind": OrganisationKind.SAO,
        "address": "ที่ทำการองค์การบริหารส่วนตำบลนาออก หมู่ที่ 1",
        "subdistrict": "นาออก",
        "district": "นิคมคำสร้อย",
        "province": "มุกดาหาร",
        "postcode": "49130",
        "phone": "042-620876",
        "fax": "042-620876",  # seed 000: โทร./โทรสาร, one number for both
        "website": "http://www.nakok.org",
        "document_prefix": "",
        "divisions": ["สำนักปลัด", "กองคลัง", "กองช่าง"],
        "positions": {
            "นิติกรชำนาญการ": "สำนักปลัด",
            "หัวหน้าสำนักปลัด": "สำนักปลัด",
            "ปลัดองค์การบริหารส่วนตำบลนาออก": None,
            "นายกองค์การบริหารส่วนตำบลนาออก": None,
        },
        "people": [
            DemoPerson(
                "naok_coordinator",
                "นางสาว",
                "นันทน์ภัท",
                "ก้าวมณีชัย",
                Role.COORDINATOR,
                "นิติกรชำนาญการ",
                ("สำนักปลัด",),
            ),
        ],
    },
]


def _user(username: str, **fields) -> User:
    user, created = User.objects.update_or_create(username=username, defaults=fields)
    if created:
        # Hashing is slow on purpose; only new users need it, so a second run stays quick.
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo() -> list[tuple[str, str]]:
    """Create or update the demo organisations and users; return (username, description) rows.

    Runs with scopes disabled: it writes into several organisations at once.
    """
    listed: list[tuple[str, str]] = []
    with scopes_disabled():
        for spec in ORGANISATIONS:
            fields = {
                key: value
                for key, value in spec.items()
                if key not in {"slug", "divisions", "positions", "people"}
            }
            organisation, _ = Organisation.objects.update_or_create(
                slug=spec["slug"], defaults=fields
            )
            divisions = {}
            for order, name in enumerate(spec["divisions"]):
                divisions[name], _ = Division.objects.update_or_create(
                    organisation=organisation, name=name, defaults={"order": order}
                )
            positions = {}
            for title, division in spec["positions"].items():
                positions[title], _ = Position.objects.update_or_create(
                    organisation=organisation,
                    title=title,
                    defaults={"division": divisions.get(division)},
                )
            for person in spec["people"]:
                user = _user(
                    person.username,
                    title=person.title,
                    first_name=person.first_name,
                    last_name=person.last_name,
                )
                membership, _ = Membership.objects.update_or_create(
                    organisation=organisation,
                    user=user,
                    defaults={
                        "role": person.role,
                        "position": positions[person.position],
                        "is_active": True,
                    },
                )
                membership.divisions.set([divisions[name] for name in person.divisions])
                listed.append((person.username, f"{user.full_name}, {person.position}"))
            current = thai.fiscal_year_of(timezone.localdate())
            for year in range(FIRST_DEMO_YEAR, current + 1):
                FiscalYear.objects.get_or_create(organisation=organisation, year=year)

        admin = _user("admin", first_name="ผู้ดูแลระบบ", is_staff=True, is_superuser=True)
        listed.append((admin.username, "ผู้ดูแลระบบของเว็บไซต์ (site administrator)"))
    return listed
