"""The report pages as staff use them: the queue shows only one's own turn, a decision needs the
password, a wrong password keeps the comment, a returned report shows its reason at the top,
chains are edited in order, and lists cost the same number of queries whatever their length."""

import pytest
from django_scopes import scope

from organisations.models import FiscalYear, Membership
from reports import services
from reports.enums import DecisionValue, ReportKind, ReportStatus
from reports.models import ApprovalChain, Report

DEMO_PASSWORD = "ita-demo-2568"


@pytest.fixture
def report_2568(nathon):
    with scope(organisation=nathon):
        return Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)


def _url(report, suffix=""):
    return f"/o/nathon/reports/{report.pk}/{suffix}"


def test_the_queue_shows_a_report_only_to_the_approver_whose_turn_it_is(
    client_of, approvers, report_2568
):
    head, deputy, palad, _mayor = approvers
    assert report_2568.title in client_of(deputy).get("/o/nathon/reports/queue/").content.decode()
    for other in (head, palad):
        page = client_of(other).get("/o/nathon/reports/queue/").content.decode()
        assert report_2568.title not in page
        assert "ไม่มีรายงานที่รอการพิจารณาของท่าน" in page


def test_a_decision_is_confirmed_with_the_password(client_of, approvers, report_2568):
    deputy = approvers[1]
    client = client_of(deputy)
    page = client.get(_url(report_2568, "decide/")).content.decode()
    assert "ความเห็นรองปลัดองค์การบริหารส่วนตำบลนาทอน" in page
    assert "เห็นควรอนุมัติ" in page and "ยืนยันด้วยรหัสผ่าน" in page

    comment = "เห็นควรนำเสนอปลัดพิจารณาต่อไป"
    response = client.post(
        _url(report_2568, "decide/"),
        {"value": DecisionValue.APPROVE, "comment": comment, "password": "wrong"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "รหัสผ่านไม่ถูกต้อง" in page
    assert comment in page  # nothing typed is lost
    response = client.post(
        _url(report_2568, "decide/"),
        {"value": DecisionValue.APPROVE, "comment": comment, "password": DEMO_PASSWORD},
    )
    assert response.status_code == 302
    with scope(organisation=report_2568.organisation):
        assert services.report_current_step(report=report_2568) == 2
        assert report_2568.decisions.get(step=1).comment == comment


def test_the_wrong_person_cannot_open_the_decision_form(client_of, approvers, report_2568):
    response = client_of(approvers[2]).get(_url(report_2568, "decide/"), follow=True)
    assert "รายงานนี้ไม่ได้รอการพิจารณาของท่าน" in response.content.decode()
    response = client_of(approvers[2]).post(
        _url(report_2568, "decide/"),
        {"value": DecisionValue.APPROVE, "password": DEMO_PASSWORD},
        follow=True,
    )
    assert "รายงานนี้ไม่ได้รอการพิจารณาของท่าน" in response.content.decode()
    with scope(organisation=report_2568.organisation):
        assert services.report_current_step(report=report_2568) == 1


def test_a_returned_report_shows_the_reason_at_the_top(
    client_of, approvers, coordinator, report_2568
):
    reason = "ขอให้แนบภาพถ่ายกิจกรรมของมาตรการที่ ๒"
    client_of(approvers[1]).post(
        _url(report_2568, "decide/"),
        {"value": DecisionValue.REJECT, "comment": reason, "password": DEMO_PASSWORD},
    )
    page = client_of(coordinator).get(_url(report_2568)).content.decode()
    assert "ส่งกลับแก้ไข" in page
    assert page.index(reason) < page.index("บันทึกข้อความ</h2>")
    assert "ส่งเสนอพิจารณา…</a>" in page
    # The dashboard tells the drafter too.
    assert reason in client_of(coordinator).get("/o/nathon/").content.decode()


def test_rejecting_without_a_reason_keeps_the_form(client_of, approvers, report_2568):
    response = client_of(approvers[1]).post(
        _url(report_2568, "decide/"),
        {"value": DecisionValue.REJECT, "comment": "", "password": DEMO_PASSWORD},
    )
    assert response.status_code == 200
    assert "โปรดระบุเหตุผล" in response.content.decode()


def test_coordinator_creates_a_report_and_bad_input_gets_a_thai_message(client_of, coordinator):
    client = client_of(coordinator)
    response = client.post(
        "/o/nathon/reports/new/", {"kind": ReportKind.PROGRESS, "year": "2570", "round": ""}
    )
    assert response.status_code == 400
    assert "รายงานประเภทนี้ต้องเลือกรอบการรายงาน" in response.content.decode()
    response = client.post("/o/nathon/reports/new/", {"kind": "nonsense", "year": "1999"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "เลือกประเภทรายงานจากรายการ" in page and "เลือกปีงบประมาณจากรายการ" in page

    response = client.post(
        "/o/nathon/reports/new/", {"kind": ReportKind.PROGRESS, "year": "2570", "round": "6"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "รายงานความก้าวหน้าการดำเนินการตามมาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ รอบ ๖ เดือน" in page
    assert "ฉบับร่าง" in page


def test_staff_cannot_create_or_submit(client_of, staff_palad, report_2568):
    client = client_of(staff_palad)
    response = client.post("/o/nathon/reports/new/", {"kind": ReportKind.PLAN, "year": "2570"})
    assert response.status_code == 403
    # A report in review is not theirs to see, let alone withdraw.
    assert client.post(_url(report_2568, "withdraw/")).status_code == 404
    with scope(organisation=report_2568.organisation):
        assert Report.objects.filter(pk=report_2568.pk, status=ReportStatus.IN_REVIEW).exists()


def _chain_data(steps, orders):
    """The chain's formset as a browser posts it (with its blank extra row)."""
    data = {
        "steps-TOTAL_FORMS": str(len(steps) + 1),
        "steps-INITIAL_FORMS": str(len(steps)),
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        f"steps-{len(steps)}-form": "tick",
    }
    for index, (step, order) in enumerate(zip(steps, orders, strict=True)):
        data.update(
            {
                f"steps-{index}-id": str(step.pk),
                f"steps-{index}-order": str(order),
                f"steps-{index}-position": str(step.position_id),
                f"steps-{index}-signer": str(step.signer_id),
                f"steps-{index}-acting": "",
                f"steps-{index}-form": "tick",
            }
        )
    return data


def test_chain_is_edited_in_order(client_of, coordinator, nathon):
    with scope(organisation=nathon):
        chain = ApprovalChain.objects.get(kind=ReportKind.PLAN)
        steps = list(chain.steps.order_by("order"))
    client = client_of(coordinator)
    # Swap the last two (ปลัด and นายก) and drop หัวหน้าสำนักปลัด.
    data = _chain_data(steps, [1, 2, 4, 3])
    data["steps-0-DELETE"] = "on"
    response = client.post(f"/o/nathon/reports/chains/{chain.pk}/", data)
    assert response.status_code == 302, response.context["formset"].errors
    with scope(organisation=nathon):
        steps = list(chain.steps.order_by("order"))
    assert [s.position.title for s in steps] == [
        "รองปลัดองค์การบริหารส่วนตำบลนาทอน",
        "นายกองค์การบริหารส่วนตำบลนาทอน",
        "ปลัดองค์การบริหารส่วนตำบลนาทอน",
    ]

    # Two steps claiming the same place are refused, and nothing changes.
    response = client.post(f"/o/nathon/reports/chains/{chain.pk}/", _chain_data(steps, [1, 2, 2]))
    assert response.status_code == 200
    assert "ลำดับของผู้อนุมัติซ้ำกัน" in response.content.decode()
    with scope(organisation=nathon):
        assert [s.pk for s in chain.steps.order_by("order")] == [s.pk for s in steps]


def test_lists_cost_the_same_queries_with_more_reports(
    client_of, coordinator, approvers, nathon, django_assert_max_num_queries
):
    client = client_of(coordinator)
    with scope(organisation=nathon):
        from organisations.models import Membership

        membership = Membership.objects.get(user=coordinator)
        year = FiscalYear.objects.get(year=2570)
        for kind in (ReportKind.PLAN, ReportKind.TABLES, ReportKind.BOOK, ReportKind.MINUTES):
            report = services.report_create(membership=membership, fiscal_year=year, kind=kind)
            services.report_submit(report=report, membership=membership)
    client.get("/o/nathon/")  # the session is stored: the list pays only for itself
    with django_assert_max_num_queries(14):
        page = client.get("/o/nathon/reports/").content.decode()
    assert page.count("ฉบับร่าง") + page.count("อยู่ระหว่างการพิจารณา") >= 5
    head = client_of(approvers[0])
    with django_assert_max_num_queries(12):
        page = head.get("/o/nathon/reports/queue/").content.decode()
    assert page.count("/o/nathon/reports/") >= 4


def test_division_staff_see_published_reports_only(client_of, staff_palad, approvers, nathon):
    """Drafts and reports in review are for the coordinator and the approvers: staff see
    published ones, and cannot open nor have the worker render the others."""
    from django_tasks_db.models import DBTaskResult

    with scope(organisation=nathon):
        in_review = Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)
        published = Report.objects.get(fiscal_year__year=2567, kind=ReportKind.RESULTS)
        Report.objects.filter(pk=published.pk).update(status=ReportStatus.PUBLISHED)
        draft = services.report_create(
            membership=Membership.objects.get(user__username="nathon_coordinator"),
            fiscal_year=FiscalYear.objects.get(year=2570),
            kind=ReportKind.PLAN,
        )
    staff = client_of(staff_palad)
    listing = staff.get("/o/nathon/reports/").content.decode()
    assert published.title in listing
    assert in_review.title not in listing and draft.title not in listing
    queued = DBTaskResult.objects.count()
    for report in (draft, in_review):
        for suffix in ("", "pdf/", "memo/"):
            assert staff.get(_url(report, suffix)).status_code == 404, (report, suffix)
    assert DBTaskResult.objects.count() == queued  # no render of a draft was queued
    assert staff.get(_url(published)).status_code == 200

    # The approvers still read what waits for them.
    assert client_of(approvers[1]).get(_url(in_review)).status_code == 200


def test_the_live_preview_is_linked_from_the_plan_and_from_a_draft_report(client_of, coordinator):
    client = client_of(coordinator)
    plan = client.get("/o/nathon/plan/2570/").content.decode()
    preview = "/o/nathon/reports/2570/preview/plan/"
    assert f'href="{preview}">ดูตัวอย่างเอกสารแผนจากข้อมูลล่าสุด</a>' in plan
    assert client.get(preview).status_code == 200

    response = client.post(
        "/o/nathon/reports/new/", {"kind": ReportKind.PROGRESS, "year": "2570", "round": "6"}
    )
    report = client.get(response["Location"]).content.decode()
    progress = "/o/nathon/reports/2570/preview/progress/?round=6"
    assert f'href="{progress}">ดูตัวอย่างจากข้อมูลล่าสุด</a>' in report
    assert client.get(progress).status_code == 200
