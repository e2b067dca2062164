"""What coordinators, division staff and executives see and can do with the plan."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from measures import services
from measures.models import (
    AnalysisPoint,
    Indicator,
    Measure,
    MeasurePlan,
    MeasureStep,
    ProgressEntry,
    ProgressEvidence,
)
from organisations.models import Division, FiscalYear

pytestmark = pytest.mark.django_db

PLAN = "/o/nathon/plan/2568/"
ASSET_STEP = "จัดให้มีการตรวจสอบวัสดุและครุภัณฑ์ของหน่วยงานเป็นระยะ"  # กองคลัง
PERSONNEL_STEP = "กำหนดนโยบายหรือแผนการบริหารทรัพยากร"  # สำนักปลัด


def _step(nathon, text) -> MeasureStep:
    with scope(organisation=nathon):
        return MeasureStep.objects.get(measure__plan__fiscal_year__year=2568, text__startswith=text)


def test_plan_page_reads_like_the_seed(client_of, approvers):
    page = client_of(approvers[-1]).get(PLAN).content.decode()
    assert "๑. กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ" in page
    assert "๗. กลไกและมาตรการในการแก้ไขและป้องกันการทุจริตภายในหน่วยงาน" in page
    assert "(๒) กำชับให้เจ้าหน้าที่ผู้ปฏิบัติ" in page
    assert "ก.พ. - มี.ค. พ.ศ. ๒๕๖๘" in page
    assert "ก.พ. - ก.ย. พ.ศ. ๒๕๖๘" in page
    assert "เพิ่มมาตรการ" not in page  # executives read, they do not edit


def test_scores_show_the_level_and_the_weakest_indicators(client_of, coordinator):
    client = client_of(coordinator)
    data = {"previous_score": "๘๒.๕๐"} | {f"score_{n}": str(90 + n * 0.5) for n in range(1, 11)}
    data |= {"score_4": "61.20", "score_7": "70"}
    response = client.post("/o/nathon/plan/2568/results/", data, follow=True)
    page = response.content.decode()
    assert "คะแนนรวม <strong>๘๒.๕๐</strong>" in page
    assert "ระดับ B · ไม่ผ่านเกณฑ์" in page
    weak = re.findall(r'<tr class="table-warning">\s*<td>([^<]+)<', page)
    assert [w.strip() for w in weak] == [
        "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่",
        "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ",
        "ตัวชี้วัดที่ ๗ ประสิทธิภาพการสื่อสาร",
    ]


def test_score_out_of_range_is_explained_and_kept(client_of, coordinator):
    response = client_of(coordinator).post(
        "/o/nathon/plan/2568/results/", {"previous_score": "120", "score_1": "๙๘.๒๗"}
    )
    page = response.content.decode()
    assert "คะแนนต้องไม่เกิน ๑๐๐" in page
    assert 'value="๙๘.๒๗"' in page


def test_coordinator_builds_a_measure_with_steps(client_of, coordinator, nathon):
    client = client_of(coordinator)
    with scope(organisation=nathon):
        indicator = Indicator.objects.get(number=4)
        klang = Division.objects.get(name="กองคลัง")
        palad = Division.objects.get(name="สำนักปลัด")
    client.post(
        "/o/nathon/plan/2569/measures/add/",
        {"title": "มาตรการกำกับดูแลการใช้รถยนต์ส่วนกลาง", "indicator": indicator.pk},
    )
    with scope(organisation=nathon):
        measure = Measure.objects.get(title="มาตรการกำกับดูแลการใช้รถยนต์ส่วนกลาง")
    response = client.post(
        f"/o/nathon/measures/{measure.pk}/steps/add/",
        {
            "text": "จัดทำทะเบียนคุมการใช้รถยนต์ส่วนกลาง",
            "divisions": [klang.pk, palad.pk],
            "start_month": 11,
            "end_month": 2,
            "follow_up_6": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "(๑) จัดทำทะเบียนคุมการใช้รถยนต์ส่วนกลาง" in page
    assert "พ.ย. พ.ศ. ๒๕๖๘ - ก.พ. พ.ศ. ๒๕๖๙" in page


def test_bad_step_is_explained_and_keeps_the_text(client_of, coordinator, nathon):
    with scope(organisation=nathon):
        measure = Measure.objects.filter(plan__fiscal_year__year=2568).first()
    response = client_of(coordinator).post(
        f"/o/nathon/measures/{measure.pk}/steps/add/",
        {"text": "ประชุมชี้แจงบุคลากรทุกส่วนราชการ", "start_month": 6, "end_month": 10},
    )
    page = response.content.decode()
    assert "กรุณาเลือกส่วนราชการที่รับผิดชอบอย่างน้อยหนึ่งแห่ง" in page
    assert "เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น" in page
    assert "กรุณาเลือกรอบการติดตามอย่างน้อยหนึ่งรอบ" in page
    assert "ประชุมชี้แจงบุคลากรทุกส่วนราชการ</textarea>" in page


def test_staff_cannot_edit_the_plan(client_of, staff_palad, nathon):
    with scope(organisation=nathon):
        measure = Measure.objects.filter(plan__fiscal_year__year=2568).first()
    client = client_of(staff_palad)
    assert client.get(f"/o/nathon/measures/{measure.pk}/").status_code == 403
    assert client.post(f"/o/nathon/measures/{measure.pk}/delete/").status_code == 403
    with scope(organisation=nathon):
        assert Measure.objects.filter(pk=measure.pk).exists()


def test_edit_page_shows_who_changed_the_step(client_of, coordinator, nathon):
    step = _step(nathon, ASSET_STEP)
    client = client_of(coordinator)
    url = f"/o/nathon/steps/{step.pk}/"
    assert "โดย ว่าที่ร้อยตรีหญิง นิตยา สันหลี่" not in client.get(url).content.decode()
    with scope(organisation=nathon):
        klang = Division.objects.get(name="กองคลัง")
    client.post(
        url,
        {
            "text": ASSET_STEP + "ทุกไตรมาส",
            "divisions": [klang.pk],
            "start_month": 2,
            "end_month": 9,
            "follow_up_6": "on",
            "follow_up_12": "on",
        },
    )
    page = client.get(url).content.decode()
    assert re.search(r"แก้ไข</strong>\s+โดย ว่าที่ร้อยตรีหญิง นิตยา สันหลี่", page)


def test_copy_forward_button_copies_last_years_plan(client_of, coordinator, nathon):
    with scope(organisation=nathon):
        FiscalYear.objects.create(organisation=nathon, year=2580)
        source = MeasurePlan.objects.get(fiscal_year__year=2568)
        FiscalYear.objects.filter(year=2579).delete()
        FiscalYear.objects.create(organisation=nathon, year=2579)
        services.plan_copy_forward(source=source, target_year=FiscalYear.objects.get(year=2579))
    client = client_of(coordinator)
    assert "คัดลอกแผนจากปี พ.ศ. ๒๕๗๙" in client.get("/o/nathon/plan/2580/").content.decode()
    page = client.post("/o/nathon/plan/2580/copy-forward/", follow=True).content.decode()
    assert "คัดลอกแผนมาตรการจากปีงบประมาณ พ.ศ. ๒๕๗๙ แล้ว" in page
    assert "๗. กลไกและมาตรการในการแก้ไขและป้องกันการทุจริตภายในหน่วยงาน" in page


def test_staff_see_only_their_divisions_steps(client_of, staff_klang):
    page = client_of(staff_klang).get("/o/nathon/progress/2568/").content.decode()
    assert ASSET_STEP in page
    assert PERSONNEL_STEP not in page
    assert "ตัวชี้วัดที่ ๔ การใช้ทรัพย์สินของราชการ" in page  # its IIT line


def test_another_divisions_step_is_404(client_of, staff_klang, approvers, nathon):
    step = _step(nathon, PERSONNEL_STEP)
    assert client_of(staff_klang).get(f"/o/nathon/progress/steps/{step.pk}/").status_code == 404
    assert client_of(approvers[0]).get(f"/o/nathon/progress/steps/{step.pk}/").status_code == 404


def test_unknown_round_is_404(client_of, staff_klang, nathon):
    step = _step(nathon, ASSET_STEP)
    url = f"/o/nathon/progress/steps/{step.pk}/?round=7"
    assert client_of(staff_klang).get(url).status_code == 404


def _report(client, step, **extra):
    data = {"version": 0, "status": "done", "output": "ตรวจนับครุภัณฑ์ครบทุกรายการแล้ว"} | extra
    return client.post(f"/o/nathon/progress/steps/{step.pk}/?round=6", data)


def test_staff_reports_with_a_link(client_of, staff_klang, nathon):
    step = _step(nathon, ASSET_STEP)
    client = client_of(staff_klang)
    response = _report(
        client,
        step,
        evidence_url="https://www.nathon.go.th/asset-check",
        link_caption="ประกาศผลการตรวจสอบพัสดุประจำปี",
        effective_date="20/03/2568",
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "บันทึกผลการดำเนินการรอบ ๖ เดือนแล้ว" in page
    assert "ประกาศผลการตรวจสอบพัสดุประจำปี" in page
    assert "วันที่ดำเนินการ ๒๐ มีนาคม ๒๕๖๘" in page


def test_too_large_file_keeps_everything_typed(client_of, staff_klang, nathon, settings):
    settings.ITA_MAX_UPLOAD_MB = 1
    step = _step(nathon, ASSET_STEP)
    big = SimpleUploadedFile("ภาพถ่ายครุภัณฑ์.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 10))
    response = _report(
        client_of(staff_klang),
        step,
        outcome="ครุภัณฑ์อยู่ในสภาพพร้อมใช้งาน",
        evidence_file=big,
        file_caption="รายงานการตรวจนับ",
        effective_date="20/03/2568",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "เกินขนาดที่รับได้ ๑ MB" in page
    assert "ตรวจนับครุภัณฑ์ครบทุกรายการแล้ว</textarea>" in page
    assert "ครุภัณฑ์อยู่ในสภาพพร้อมใช้งาน</textarea>" in page
    assert 'value="รายงานการตรวจนับ"' in page
    with scope(organisation=nathon):
        assert not ProgressEntry.objects.filter(step=step).exists()


def test_evidence_needs_a_caption_and_a_date(client_of, staff_klang, nathon):
    step = _step(nathon, ASSET_STEP)
    response = _report(client_of(staff_klang), step, evidence_url="https://www.nathon.go.th/")
    page = response.content.decode()
    assert "กรุณาเขียนคำอธิบายของลิงก์หลักฐาน" in page
    assert "กรุณาระบุวันที่ดำเนินการของหลักฐาน" in page


def test_second_editor_sees_both_versions_and_keeps_her_text(
    client_of, staff_klang, coordinator, nathon
):
    step = _step(nathon, ASSET_STEP)
    assert _report(client_of(staff_klang), step).status_code == 302
    response = _report(client_of(coordinator), step, output="ข้อความที่ผู้ประสานงานพิมพ์")
    page = response.content.decode()
    assert "นายอนุชา ศรีสวัสดิ์ บันทึกผลการดำเนินการนี้ไปก่อนแล้ว" in page
    assert "ตรวจนับครุภัณฑ์ครบทุกรายการแล้ว" in page  # theirs, shown
    assert "ข้อความที่ผู้ประสานงานพิมพ์</textarea>" in page  # hers, kept
    assert 'name="version" value="1"' in page  # the next save goes through
    with scope(organisation=nathon):
        assert ProgressEntry.objects.get(step=step).output == "ตรวจนับครุภัณฑ์ครบทุกรายการแล้ว"


def _photo() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (640, 480), (20, 120, 60)).save(out, format="JPEG")
    return out.getvalue()


def test_evidence_files_are_served_only_to_those_allowed(
    client_of, staff_klang, staff_palad, coordinator, nathon, client
):
    step = _step(nathon, ASSET_STEP)
    _report(
        client_of(staff_klang),
        step,
        evidence_file=SimpleUploadedFile("ภาพตรวจนับครุภัณฑ์.jpg", _photo()),
        file_caption="ภาพการตรวจนับ",
        effective_date="20/03/2568",
    )
    with scope(organisation=nathon):
        evidence = ProgressEntry.objects.get(step=step).evidence.get()
    url = f"/o/nathon/evidence/{evidence.pk}/"
    response = client_of(coordinator).get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E0%B8%A0" in response["Content-Disposition"]
    assert client_of(staff_palad).get(url).status_code == 404
    assert client.get(url).status_code == 302  # anonymous: the login page


def test_dashboard_counts_reported_steps(client_of, approvers):
    page = client_of(approvers[-1]).get("/o/nathon/progress/2568/dashboard/").content.decode()
    # Seed 001 reports 11 of the 17 steps in the 6-month round.
    assert "รายงานแล้ว <strong>๑๑</strong> จาก ๑๗ ขั้นตอน" in page
    assert "กองคลัง" in page


def _grow_plan(nathon, measures: int) -> None:
    with scope(organisation=nathon):
        year = FiscalYear.objects.get(year=2569)
        plan = services.plan_get_or_create(fiscal_year=year)
        divisions = list(Division.objects.all())
        for number in range(plan.measures.count(), measures):
            measure = services.measure_create(
                plan=plan, title=f"มาตรการทดสอบที่ {number}", indicator=None
            )
            for _ in range(2):
                step = services.step_create(
                    measure=measure,
                    divisions=divisions[:2],
                    text="ดำเนินการตามแผน",
                    start_month=10,
                    end_month=3,
                    follow_up_6=True,
                    follow_up_12=True,
                )
                services.progress_entry_get_or_create(target=step, round_=6)


@pytest.mark.parametrize(
    "url",
    ["/o/nathon/plan/2569/", "/o/nathon/progress/2569/dashboard/", "/o/nathon/progress/2569/"],
)
def test_queries_do_not_grow_with_measures(
    url, client_of, coordinator, nathon, django_assert_max_num_queries
):
    client = client_of(coordinator)
    _grow_plan(nathon, 5)
    with django_assert_max_num_queries(40) as five:
        assert client.get(url).status_code == 200
    _grow_plan(nathon, 50)
    with django_assert_max_num_queries(len(five.captured_queries)):
        page = client.get(url).content.decode()
    assert "มาตรการทดสอบที่ 49" in page


def test_service_times_before_and_after(client_of, coordinator, nathon):
    step = _step(nathon, ASSET_STEP)
    client = client_of(coordinator)
    url = f"/o/nathon/steps/{step.pk}/figures/add/"
    bad = client.post(url, {"service": "การยืมครุภัณฑ์", "before": "๘", "after": "๑๕"})
    page = bad.content.decode()
    assert "เวลาหลังปรับปรุงมากกว่าเวลาเดิม" in page
    assert 'value="การยืมครุภัณฑ์"' in page
    assert 'value="การยืมครุภัณฑ์"' in page
    client.post(
        url,
        {
            "service": "การยืมครุภัณฑ์",
            "before": "๑๕",
            "after": "8",
            "unit": "นาที/ราย",
            "note": "ยืมได้ทุกวันทำการ",
        },
    )
    plan = client.get(PLAN).content.decode()
    assert "การยืมครุภัณฑ์ เดิม ๑๕ นาที/ราย ปรับลดเหลือ ๘ นาที/ราย" in plan
    assert "(หมายเหตุ : ยืมได้ทุกวันทำการ)" in plan


def test_analysis_point_links_an_oit_item_of_the_years_framework(client_of, coordinator, nathon):
    from oit_checklist.models import OitItem

    with scope(organisation=nathon):
        year = FiscalYear.objects.filter(framework__isnull=False).order_by("-year").first()
        indicator = Indicator.objects.get(number=9)
    item = OitItem.objects.get(framework=year.framework, label="๐๒")
    client = client_of(coordinator)
    form_page = client.get(f"/o/nathon/plan/{year.year}/analysis/add/").content.decode()
    assert "ข้อ ๐๒ ข้อมูลผู้บริหาร" in form_page
    client.post(
        f"/o/nathon/plan/{year.year}/analysis/add/",
        {
            "kind": "urgent",
            "indicator": indicator.pk,
            "text": "ข้อมูลผู้บริหารไม่มีหมายเลขโทรศัพท์ติดต่อ",
            "oit_item": item.pk,
        },
    )
    page = client.get(f"/o/nathon/plan/{year.year}/").content.decode()
    assert "ข้อมูลผู้บริหารไม่มีหมายเลขโทรศัพท์ติดต่อ" in page
    assert "OIT ข้อ ๐๒" in page
    with scope(organisation=nathon):
        point = AnalysisPoint.objects.get(text="ข้อมูลผู้บริหารไม่มีหมายเลขโทรศัพท์ติดต่อ")
    edit_page = client.get(f"/o/nathon/analysis/{point.pk}/").content.decode()
    assert f'<option value="{item.pk}" selected>ข้อ ๐๒ ข้อมูลผู้บริหาร</option>' in edit_page


def test_a_step_is_reported_only_in_the_rounds_that_follow_it(client_of, staff_klang, nathon):
    step = _step(nathon, ASSET_STEP)
    with scope(organisation=nathon):
        step.follow_up_12 = False
        step.save()
    client = client_of(staff_klang)
    assert ASSET_STEP not in client.get("/o/nathon/progress/2568/?round=12").content.decode()
    assert client.get(f"/o/nathon/progress/steps/{step.pk}/?round=12").status_code == 404
    assert client.get(f"/o/nathon/progress/steps/{step.pk}/?round=6").status_code == 200


def test_analysis_lists_urgent_points_first(client_of, approvers):
    page = client_of(approvers[0]).get(PLAN).content.decode()
    assert page.index("(๑) ประเด็นที่เป็นข้อบกพร่อง") < page.index("(๒) ประเด็นที่ต้องพัฒนา")


def test_a_conflict_keeps_everything_the_second_editor_typed_and_saves_none_of_it(
    client_of, staff_klang, coordinator, nathon, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    step = _step(nathon, ASSET_STEP)
    assert _report(client_of(staff_klang), step).status_code == 302
    response = _report(
        client_of(coordinator),
        step,
        status="in_progress",
        output="ผลที่ผู้ประสานงานพิมพ์",
        outcome="ผลลัพธ์ที่ผู้ประสานงานพิมพ์",
        suggestion="ข้อเสนอแนะของผู้ประสานงาน",
        remark="หมายเหตุของผู้ประสานงาน",
        evidence_file=SimpleUploadedFile("ภาพการตรวจนับ.jpg", _photo()),
        file_caption="ภาพการตรวจนับครุภัณฑ์",
        evidence_url="https://www.nathon.go.th/asset-check",
        link_caption="ประกาศผลการตรวจสอบพัสดุ",
        effective_date="21/03/2568",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "นายอนุชา ศรีสวัสดิ์ บันทึกผลการดำเนินการนี้ไปก่อนแล้ว" in page
    for typed in [
        "ผลที่ผู้ประสานงานพิมพ์</textarea>",
        "ผลลัพธ์ที่ผู้ประสานงานพิมพ์</textarea>",
        "ข้อเสนอแนะของผู้ประสานงาน</textarea>",
        "หมายเหตุของผู้ประสานงาน</textarea>",
        'value="ภาพการตรวจนับครุภัณฑ์"',
        'value="https://www.nathon.go.th/asset-check"',
        'value="ประกาศผลการตรวจสอบพัสดุ"',
        'value="21/03/2568"',
    ]:
        assert typed in page, typed
    assert re.search(r'value="in_progress"[^>]*checked', page)
    # A browser cannot keep a chosen file: the portal keeps it for the next submit.
    assert "เก็บไฟล์ที่เลือกไว้แล้ว: <strong" in page and "ภาพการตรวจนับ.jpg</strong>" in page
    with scope(organisation=nathon):
        entry = ProgressEntry.objects.get(step=step)
        assert (entry.version, entry.status) == (1, "done")
        assert not entry.evidence.exists()  # neither her file nor her link
    # no orphan file: only her chosen file, kept for her next submit (ita_portal.kept_uploads)
    files = [p.relative_to(settings.MEDIA_ROOT) for p in settings.MEDIA_ROOT.rglob("*")]
    assert [p.parts[0] for p in files if (settings.MEDIA_ROOT / p).is_file()] == ["kept-uploads"]


def _kept_token(page: str) -> str:
    return re.search(r'name="kept_evidence_file" value="([^"]+)"', page).group(1)


def test_a_refused_save_keeps_the_chosen_file_for_the_next_submit(
    client_of, staff_klang, coordinator, nathon
):
    step = _step(nathon, ASSET_STEP)
    client = client_of(staff_klang)
    response = _report(
        client,
        step,
        evidence_file=SimpleUploadedFile("ภาพการตรวจนับ.jpg", _photo()),
        file_caption="ภาพการตรวจนับครุภัณฑ์",
        effective_date="20/02/2027",  # ค.ศ. by mistake: refused
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "ปี 2027 เป็นปีคริสต์ศักราช" in page
    assert "เก็บไฟล์ที่เลือกไว้แล้ว: <strong" in page and "ภาพการตรวจนับ.jpg</strong>" in page
    token = _kept_token(page)

    # Someone else's submit with that token gets no file.
    other = _report(
        client_of(coordinator),
        step,
        kept_evidence_file=token,
        file_caption="ภาพการตรวจนับครุภัณฑ์",
        effective_date="20/03/2568",
    )
    assert other.status_code == 302
    with scope(organisation=nathon):
        assert not ProgressEvidence.objects.filter(progress__step=step, kind="file").exists()

    # The same person corrects the date and saves without choosing the file again.
    response = _report(
        client,
        step,
        version=1,
        kept_evidence_file=token,
        file_caption="ภาพการตรวจนับครุภัณฑ์",
        effective_date="20/03/2568",
    )
    assert response.status_code == 302
    with scope(organisation=nathon):
        evidence = ProgressEvidence.objects.get(progress__step=step, kind="file")
    assert evidence.caption == "ภาพการตรวจนับครุภัณฑ์"
    assert evidence.original_name == "ภาพการตรวจนับ.jpg"
    assert evidence.file.size > 0


def test_a_new_step_and_a_new_point_start_with_nothing_chosen(client_of, coordinator, nathon):
    with scope(organisation=nathon):
        measure = Measure.objects.filter(plan__fiscal_year__year=2570).first()
    client = client_of(coordinator)
    step_page = client.get(f"/o/nathon/measures/{measure.pk}/steps/add/").content.decode()
    for name in ("follow_up_6", "follow_up_12"):
        box = re.search(rf'<input[^>]*name="{name}"[^>]*>', step_page).group()
        assert "checked" not in box, box
    point_page = client.get("/o/nathon/plan/2570/analysis/add/").content.decode()
    radios = re.findall(r'<input[^>]*name="kind"[^>]*>', point_page)
    assert len(radios) == 2  # the two kinds, no "---------"
    assert not any("checked" in radio for radio in radios)
    refused = client.post(
        "/o/nathon/plan/2570/analysis/add/", {"text": "ประเด็นที่ยังไม่เลือกประเภท"}
    ).content.decode()
    assert "กรุณาเลือกประเภทของประเด็น" in refused


def test_deleting_evidence_asks_first_and_the_question_deletes_nothing(
    client_of, staff_klang, nathon
):
    step = _step(nathon, ASSET_STEP)
    client = client_of(staff_klang)
    _report(
        client,
        step,
        evidence_url="https://www.nathon.go.th/asset-check",
        link_caption="ประกาศผลการตรวจสอบพัสดุประจำปี",
        effective_date="20/03/2568",
    )
    with scope(organisation=nathon):
        evidence = ProgressEvidence.objects.get(progress__step=step)
    step_page = client.get(f"/o/nathon/progress/steps/{step.pk}/?round=6").content.decode()
    delete = f"/o/nathon/evidence/{evidence.pk}/delete/"
    assert f'href="{delete}">ลบหลักฐานนี้</a>' in step_page  # a link to the question
    asked = client.get(delete).content.decode()
    assert "ลบหลักฐานนี้หรือไม่" in asked
    assert "ประกาศผลการตรวจสอบพัสดุประจำปี" in asked and "๒๐ มีนาคม ๒๕๖๘" in asked
    assert "นำกลับคืนไม่ได้" in asked and "ไม่มีการแจ้งเตือนผู้ใด" in asked
    assert f'href="/o/nathon/progress/steps/{step.pk}/?round=6">ยกเลิก ไม่ลบหลักฐาน' in asked
    with scope(organisation=nathon):
        assert ProgressEvidence.objects.filter(pk=evidence.pk).exists()
    response = client.post(delete)
    assert response["Location"] == f"/o/nathon/progress/steps/{step.pk}/?round=6"
    with scope(organisation=nathon):
        assert not ProgressEvidence.objects.filter(pk=evidence.pk).exists()


def test_every_move_button_on_the_plan_says_what_it_moves(client_of, coordinator):
    """A screen reader lists the plan's ▲/▼ buttons by name: each one names its measure, and a
    step's names its number in that measure, so no two buttons sound alike (issue 18)."""
    page = client_of(coordinator).get(PLAN).content.decode()
    names = re.findall(r'name="direction" value="(?:up|down)"[^>]*aria-label="([^"]+)"', page)
    assert len(names) > 20
    assert len(set(names)) == len(names)
    assert "เลื่อนมาตรการ กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ ขึ้น" in names
    assert "เลื่อนขั้นตอนที่ ๒ ของมาตรการ กระบวนการปฏิบัติงานที่โปร่งใสและมีประสิทธิภาพ ลง" in names


def test_deleting_a_measure_asks_first_and_cancel_keeps_it(client_of, coordinator, nathon):
    """The edit page's ลบรายการนี้… opens a page that says what goes with it (issue #19)."""
    with scope(organisation=nathon):
        measure = Measure.objects.filter(plan__fiscal_year__year=2568).first()
        steps = measure.steps.count()
    client = client_of(coordinator)
    url = f"/o/nathon/measures/{measure.pk}/delete/"
    assert (
        f'href="{url}">ลบรายการนี้…</a>'
        in client.get(f"/o/nathon/measures/{measure.pk}/").content.decode()
    )
    page = client.get(url).content.decode()
    assert "ลบมาตรการนี้หรือไม่" in page and measure.title in page
    assert "พร้อมขั้นตอนทั้งหมด ผลการดำเนินการและหลักฐาน" in page
    assert 'href="/o/nathon/plan/2568/">ยกเลิก ไม่ลบมาตรการ</a>' in page
    with scope(organisation=nathon):
        assert measure.steps.count() == steps and Measure.objects.filter(pk=measure.pk).exists()
    assert client.post(url).status_code == 302
    with scope(organisation=nathon):
        assert not Measure.objects.filter(pk=measure.pk).exists()
