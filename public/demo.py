"""Demo data of the public site: นาทอน's executive review of its FY OIT data, which makes that
year's OIT disclosure index public (see ``public.selectors``). The EIT survey URL is in
``organisations.demo``. Idempotent."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled

from oit_checklist import services as oit_services
from oit_checklist.models import OitReview
from organisations import selectors as org_selectors
from organisations.models import Membership, Organisation

# Invented, like the review itself: the seeds have no executive's note on OIT data.
REVIEW_COMMENT = "ตรวจสอบข้อมูลแล้ว ให้เผยแพร่ข้อที่ครบถ้วน ข้อที่ยังขาดให้ส่วนราชการเร่งดำเนินการ"


def load_public_demo() -> None:
    with scopes_disabled():  # demo loading looks the organisation up across tenants
        organisation = Organisation.objects.filter(slug="nathon").first()
    if organisation is None:
        return
    with scope(organisation=organisation):
        fiscal_year = org_selectors.fiscal_year_current(organisation=organisation)
        if fiscal_year is None or not fiscal_year.framework_id:
            return
        if OitReview.objects.filter(fiscal_year=fiscal_year).exists():
            return
        membership = (
            Membership.objects.filter(user__username="nathon_palad")
            .select_related("user", "position")
            .first()
        )
        if membership is None:
            return
        oit_services.oit_review_record(
            fiscal_year=fiscal_year, membership=membership, comment=REVIEW_COMMENT
        )
