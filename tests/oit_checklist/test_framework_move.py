"""A coordinator moves a fiscal year to a newer published framework (a renumbered one of 33 items
in other sub-indicators): the crosswalk carries every matched item's work over, lists what is
left to decide, and nothing is lost. The readiness page, the ITAS sheet, the tables document and
the public OIT index then follow the year's framework, whatever its item count."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from ita_portal import thai
from oit_checklist import framework_services, selectors, services
from oit_checklist.framework_selectors import framework_of
from oit_checklist.loader import parse_framework
from oit_checklist.models import ComponentTick, Evidence, Framework, ItemStatus, ItemUrl
from organisations.models import Division, FiscalYear, Membership, User

from .conftest import OPEN_DATA, STRUCTURE_2568, framework_33_text

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
STRATEGY = "แผนยุทธศาสตร์หรือแผนพัฒนาหน่วยงาน"


def _text(response) -> str:
    import html

    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def framework_2568(demo) -> Framework:
    parsed = parse_framework(framework_33_text(2568), year=2568)
    framework_services.framework_upload(parsed=parsed, agency_type="lao", publish=True)
    return framework_of(agency_type="lao", year=2568)


@pytest.fixture
def year_2571(nathon, this_year, coordinator) -> FiscalYear:
    """FY2571 started on FY2566's framework before the new one came, with work on it."""
    with scope(organisation=nathon):
        year = FiscalYear.objects.create(organisation=nathon, year=this_year.year + 1)
        services.oit_year_configure(
            organisation=nathon,
            fiscal_year=year,
            framework=Framework.objects.get(year=2566),
            window_start=None,
            window_end=None,
            internal_deadline=None,
        )
        year.refresh_from_db()
        statuses = {s.item.title: s for s in ItemStatus.objects.filter(fiscal_year=year)}
        klang = Division.objects.get(name="กองคลัง")
        e_service = statuses["E-Service"]
        services.item_statuses_assign(fiscal_year=year, assignments={e_service.pk: (klang, True)})
        for title, urls in [
            ("E-Service", ["https://www.nathon.go.th/e-service"]),
            (STRATEGY, ["https://www.nathon.go.th/plan"]),
            ("Q&A", ["https://www.nathon.go.th/webboard"]),
            ("อำนาจหน้าที่", ["https://www.nathon.go.th/about/authority"]),
        ]:
            status = statuses[title]
            services.item_status_update(
                item_status=status,
                present_components={c.pk for c in status.item.components.all()},
                urls=urls,
                progress=f"เผยแพร่{title}แล้ว",
                state="done",
                note="ตรวจก่อนส่ง" if title == "E-Service" else None,
            )
        services.evidence_add(
            item_status=e_service,
            upload=SimpleUploadedFile("คู่มือ e-service.pdf", PDF),
            user=coordinator,
        )
        services.evidence_add(
            item_status=statuses["อำนาจหน้าที่"],
            upload=SimpleUploadedFile("อำนาจหน้าที่.pdf", PDF),
            user=coordinator,
        )
    return year


def _snapshot(nathon, year) -> dict:
    with scope(organisation=nathon):
        return {
            "statuses": ItemStatus.objects.filter(fiscal_year=year).count(),
            "ticks": ComponentTick.objects.filter(item_status__fiscal_year=year).count(),
            "urls": ItemUrl.objects.filter(item_status__fiscal_year=year).count(),
            "evidence": Evidence.objects.filter(item_status__fiscal_year=year).count(),
        }


def test_the_oit_page_offers_the_newer_framework_and_the_plan_lists_what_to_decide(
    client_of, coordinator, staff_palad, year_2571, framework_2568
):
    client = client_of(coordinator)
    page = _text(client.get(f"/o/nathon/oit/{year_2571.year}/"))
    assert "มีกรอบการประเมิน OIT ปี พ.ศ. ๒๕๖๘ ที่ใหม่กว่าเผยแพร่แล้ว" in page
    assert "ดูการย้ายไปใช้กรอบปี พ.ศ. ๒๕๖๘" in page
    staff = _text(client_of(staff_palad).get(f"/o/nathon/oit/{year_2571.year}/"))
    assert "ผู้ประสานงาน ITA ของหน่วยงานเป็นผู้ตัดสินใจย้ายไปใช้กรอบใหม่" in staff
    assert client_of(staff_palad).get(f"/o/nathon/oit/{year_2571.year}/move/").status_code == 403

    plan = _text(client.get(f"/o/nathon/oit/{year_2571.year}/move/"))
    assert "จับคู่ได้ ๓๒ ข้อ (เลขข้อเปลี่ยน ๓๐ ข้อ)" in plan
    assert "ข้อของกรอบเดิมที่ไม่มีคู่ในกรอบใหม่ (๑๑)" in plan
    assert "ข้อ ๐๓ อำนาจหน้าที่ สำนักปลัด · URL ๑ · หลักฐาน ๑ ไฟล์" in plan
    assert "ข้อใหม่ที่ต้องมอบหมายเอง (๑)" in plan and f"ข้อ ๐๗ {OPEN_DATA} สำนักปลัด" in plan
    assert "องค์ประกอบที่เปลี่ยนข้อความ ต้องตรวจและติ๊กใหม่ (๑ ข้อ)" in plan
    assert f"ข้อ ๐๓ {STRATEGY} เดิมติ๊กไว้: เป็นแผนที่มีระยะเวลาบังคับใช้ครอบคลุมปี พ.ศ. ๒๕๖๖" in plan
    with scope(organisation=year_2571.organisation):
        year_2571.refresh_from_db()
        assert year_2571.framework.year == 2566  # looking moved nothing


def test_moving_carries_the_work_over_and_loses_nothing(
    client_of, coordinator, nathon, this_year, year_2571, framework_2568
):
    before_old_year = _snapshot(nathon, this_year)
    before = _snapshot(nathon, year_2571)
    response = client_of(coordinator).post(
        f"/o/nathon/oit/{year_2571.year}/move/", {"framework": framework_2568.pk}, follow=True
    )
    page = _text(response)
    assert (
        f"ย้ายปีงบประมาณ พ.ศ. {thai.thai_digits(year_2571.year)}ไปใช้กรอบการประเมินปี พ.ศ. ๒๕๖๘ แล้ว"
        in page
    )
    assert "ย้ายจากกรอบปี พ.ศ. ๒๕๖๖ แล้ว" in page and coordinator.full_name in page
    assert "ข้อ ๐๓ อำนาจหน้าที่" in page  # still to decide, with a link to its old data

    with scope(organisation=nathon):
        year = FiscalYear.objects.get(pk=year_2571.pk)
        assert year.framework == framework_2568
        current = {s.item.title: s for s in selectors.year_statuses(year).select_related("item")}
        assert len(current) == 33
        e_service = current["E-Service"]
        assert (e_service.item.label, e_service.division.name) == ("๐๑๓", "กองคลัง")
        assert e_service.points_outside and e_service.state == "done"
        assert e_service.note == "ตรวจก่อนส่ง" and e_service.progress == "เผยแพร่E-Serviceแล้ว"
        assert [u.url for u in e_service.urls.all()] == ["https://www.nathon.go.th/e-service"]
        assert e_service.ticks.filter(present=True).count() == 2
        assert [e.original_name for e in e_service.evidence.all()] == ["คู่มือ e-service.pdf"]
        strategy = current[STRATEGY]
        assert strategy.ticks.filter(present=True).count() == 2  # of 3: one component changed
        contact = current["ข้อมูลการติดต่อ"]  # took Q&A's component; Q&A's own data stays
        assert not contact.urls.exists()
        assert current[STRUCTURE_2568].division.name == "สำนักปลัด"
        assert current[OPEN_DATA].division.name == "สำนักปลัด"  # from the framework's default

        # Nothing is lost: the statuses of FY2566's framework are all still there, as they were
        # (the evidence files moved with their items; the unmatched one stayed).
        old = ItemStatus.objects.filter(fiscal_year=year, item__framework__year=2566)
        assert old.count() == 43
        after = _snapshot(nathon, year)
        assert after["statuses"] == before["statuses"] + 33
        assert after["evidence"] == before["evidence"] == 2
        authority = old.get(item__title="อำนาจหน้าที่")
        assert authority.evidence.get().original_name == "อำนาจหน้าที่.pdf"
        assert authority.urls.get().url == "https://www.nathon.go.th/about/authority"
        assert old.get(item__title="E-Service").urls.count() == 1
    assert _snapshot(nathon, this_year) == before_old_year  # the old year stays on FY2566


def test_an_item_of_the_old_framework_is_kept_read_only(
    client_of, coordinator, nathon, year_2571, framework_2568
):
    client = client_of(coordinator)
    client.post(f"/o/nathon/oit/{year_2571.year}/move/", {"framework": framework_2568.pk})
    with scope(organisation=nathon):
        authority = ItemStatus.objects.get(fiscal_year=year_2571, item__title="อำนาจหน้าที่")
    page = _text(client.get(f"/o/nathon/oit/items/{authority.pk}/"))
    assert "ข้อนี้อยู่ในกรอบการประเมินปี พ.ศ. ๒๕๖๖" in page
    assert "https://www.nathon.go.th/about/authority" in page
    response = client.post(
        f"/o/nathon/oit/items/{authority.pk}/", {"urls": "", "progress": "", "state": "done"}
    )
    assert response.status_code == 403
    with scope(organisation=nathon):
        assert authority.urls.count() == 1


def test_moving_is_only_to_a_newer_published_framework_of_the_agency_type(
    nathon, this_year, framework_2568
):
    with scope(organisation=nathon):
        membership = Membership.objects.get(
            organisation=nathon, user=User.objects.get(username="nathon_coordinator")
        )
        services.fiscal_year_framework_move(
            fiscal_year=this_year, framework=framework_2568, membership=membership
        )
        this_year.refresh_from_db()
        with pytest.raises(services.ServiceError, match=r"ใหม่กว่าปี พ\.ศ\. ๒๕๖๘"):
            services.fiscal_year_framework_move(
                fiscal_year=this_year,
                framework=Framework.objects.get(year=2566),
                membership=membership,
            )


def test_readiness_itas_tables_and_the_public_index_follow_the_33_items(
    client, client_of, coordinator, approvers, nathon, year_2571, framework_2568
):
    member = client_of(coordinator)
    member.post(f"/o/nathon/oit/{year_2571.year}/move/", {"framework": framework_2568.pk})
    year = year_2571.year

    readiness = _text(member.get(f"/o/nathon/oit/{year}/readiness/"))
    assert "ตามกรอบการประเมินปี พ.ศ. ๒๕๖๘" in readiness
    assert re.search(r"\b[๐-๙]+/๓๓ ข้อที่ครบทุกองค์ประกอบ", readiness)
    assert "การจัดซื้อจัดจ้างและการบริหารทรัพยากรบุคคล" in readiness  # a new sub-indicator

    checklist = member.get(f"/o/nathon/oit/{year}/").content.decode()
    assert checklist.count('href="/o/nathon/oit/items/') == 33
    assert "มีกรอบการประเมิน OIT ปี พ.ศ." not in checklist  # nothing newer any more

    response = member.get(f"/o/nathon/reports/{year}/export/tables.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["OIT"]
    items = [row[1:3] for row in sheet.iter_rows(min_row=4, values_only=True) if row[1]]
    # (rows 1-3: the title, the organisation, the header)
    assert len(items) == 33
    assert items[0] == ("๐๑", STRUCTURE_2568) and items[12] == ("๐๑๓", "E-Service")

    with scope(organisation=nathon):
        palad = Membership.objects.get(organisation=nathon, user=approvers[2])
        services.oit_review_record(
            fiscal_year=FiscalYear.objects.get(year=year), membership=palad, comment=""
        )
    public = _text(client.get(f"/p/nathon/{year}/oit/"))
    assert "ตามกรอบการประเมินปี พ.ศ. ๒๕๖๘" in public
    assert public.count("ข้อ ๐") >= 33 and "ข้อ ๐๓๓ การดำเนินการตามมาตรการ" in public
    assert "ข้อ ๐๔๓" not in public
    assert client.get(f"/p/nathon/{year}/oit/13/").status_code == 200  # e-service's new number
    assert "E-Service" in _text(client.get(f"/p/nathon/{year}/oit/13/"))
