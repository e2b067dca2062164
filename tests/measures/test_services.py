"""The plan's writes: copy forward, order, periods, progress versions, evidence files."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope
from PIL import Image

from ita_portal.errors import ServiceError
from measures import services
from measures.enums import ProgressStatus
from measures.models import Measure, MeasurePlan, MeasureStep, ProgressEntry, ProgressEvidence
from organisations.models import FiscalYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def seed_plan(nathon):
    with scope(organisation=nathon):
        yield MeasurePlan.objects.get(fiscal_year__year=2568)


def _shape(plan):
    """Everything a person sees of a plan, as plain values."""
    return [
        (
            m.title,
            m.indicator_id,
            [
                (
                    s.text,
                    sorted(d.name for d in s.divisions.all()),
                    s.start_month,
                    s.end_month,
                    s.rounds,
                    [str(f) for f in s.figures.all()],
                )
                for s in m.steps.all()
            ],
        )
        for m in plan.measures.prefetch_related("steps__divisions", "steps__figures")
    ]


def test_copy_forward_keeps_the_plan_and_resets_progress(nathon, seed_plan):
    with scope(organisation=nathon):
        target_year = FiscalYear.objects.create(organisation=nathon, year=2580)
        assert ProgressEntry.objects.filter(step__measure__plan=seed_plan).count() > 0
        copied = services.plan_copy_forward(source=seed_plan, target_year=target_year)

        assert _shape(copied) == _shape(seed_plan)
        assert len(_shape(copied)) == 7
        assert copied.indicator_lines.count() == seed_plan.indicator_lines.count()
        assert [p.text for p in copied.analysis.all()] == [p.text for p in seed_plan.analysis.all()]
        assert not ProgressEntry.objects.filter(step__measure__plan=copied).exists()
        assert not ProgressEvidence.objects.filter(progress__step__measure__plan=copied).exists()
        # The source is untouched.
        assert ProgressEntry.objects.filter(step__measure__plan=seed_plan).count() > 0


def test_copy_forward_never_overwrites_a_plan(nathon, seed_plan):
    with scope(organisation=nathon):
        target_year = FiscalYear.objects.create(organisation=nathon, year=2580)
        services.plan_copy_forward(source=seed_plan, target_year=target_year)
        with pytest.raises(ServiceError, match="มีมาตรการอยู่แล้ว"):
            services.plan_copy_forward(source=seed_plan, target_year=target_year)
        assert Measure.objects.filter(plan__fiscal_year=target_year).count() == 7


def test_moving_a_measure_swaps_it_with_its_neighbour(nathon, seed_plan):
    with scope(organisation=nathon):
        titles = list(seed_plan.measures.values_list("title", flat=True))
        second = seed_plan.measures.get(title=titles[1])
        services.ordered_move(obj=second, direction="up")
        assert list(seed_plan.measures.values_list("title", flat=True)) == [
            titles[1],
            titles[0],
            *titles[2:],
        ]
        top = seed_plan.measures.get(title=titles[1])
        services.ordered_move(obj=top, direction="up")  # already first: stays
        assert seed_plan.measures.first().title == titles[1]


def test_moving_a_step_down(nathon, seed_plan):
    with scope(organisation=nathon):
        measure = seed_plan.measures.first()
        texts = list(measure.steps.values_list("text", flat=True))
        services.ordered_move(obj=measure.steps.first(), direction="down")
        assert list(measure.steps.values_list("text", flat=True)) == [
            texts[1],
            texts[0],
            texts[2],
        ]


def test_a_period_must_run_forward_in_the_fiscal_year(nathon, seed_plan):
    with scope(organisation=nathon):
        measure = seed_plan.measures.first()
        with pytest.raises(ServiceError, match="เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น"):
            services.step_create(
                measure=measure,
                divisions=[],
                text="ทบทวนคู่มือ",
                start_month=3,
                end_month=11,  # November comes before March in the fiscal year
                follow_up_6=True,
                follow_up_12=True,
            )
        # October to January crosses the calendar year but runs forward: allowed.
        step = services.step_create(
            measure=measure,
            divisions=[],
            text="ทบทวนคู่มือ",
            start_month=10,
            end_month=1,
            follow_up_6=True,
            follow_up_12=False,
        )
        assert step.rounds == [6]


def _report(step, user, version, output):
    return services.progress_save(
        target=step,
        round_=6,
        expected_version=version,
        user=user,
        status=ProgressStatus.IN_PROGRESS,
        output=output,
        outcome="",
        suggestion="",
        remark="",
    )


def test_second_save_from_a_stale_form_is_refused(nathon, seed_plan, staff_palad, coordinator):
    with scope(organisation=nathon):
        step = MeasureStep.objects.filter(measure__plan=seed_plan).last()
        first = _report(step, staff_palad, 0, "ประชุมชี้แจงแล้ว")
        assert first.version == 1
        with pytest.raises(services.ProgressConflict) as conflict:
            _report(step, coordinator, 0, "ข้อความของอีกคน")
        assert conflict.value.current.output == "ประชุมชี้แจงแล้ว"
        assert "นางสาวกมลวรรณ ทองดี บันทึกผลการดำเนินการนี้ไปก่อนแล้ว" in conflict.value.message
        assert ProgressEntry.objects.get(pk=first.pk).output == "ประชุมชี้แจงแล้ว"
        assert _report(step, coordinator, 1, "ฉบับรวม").version == 2


def test_progress_history_records_who_changed_it(nathon, seed_plan, staff_palad):
    with scope(organisation=nathon):
        step = MeasureStep.objects.filter(measure__plan=seed_plan).last()
        entry = _report(step, staff_palad, 0, "ครั้งแรก")
        _report(step, staff_palad, 1, "ครั้งที่สอง")
        history = list(entry.history.order_by("history_date"))
    assert [h.output for h in history] == ["ครั้งแรก", "ครั้งที่สอง"]


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def test_photo_evidence_is_reencoded_with_a_thumbnail(nathon, seed_plan, staff_palad):
    with scope(organisation=nathon):
        step = MeasureStep.objects.filter(measure__plan=seed_plan).last()
        entry = _report(step, staff_palad, 0, "ถ่ายภาพกิจกรรม")
        evidence = services.evidence_add_file(
            progress=entry,
            upload=SimpleUploadedFile("ภาพกิจกรรมวันต่อต้านคอร์รัปชัน.JPG", _jpeg()),
            caption="ภาพกิจกรรม",
            effective_date=entry.updated_at.date(),
            user=staff_palad,
        )
    assert evidence.original_name == "ภาพกิจกรรมวันต่อต้านคอร์รัปชัน.JPG"
    assert evidence.file.name.endswith(".jpg")
    assert "ภาพ" not in evidence.file.name  # stored under a name of ours
    with Image.open(evidence.thumbnail) as thumb:
        assert max(thumb.size) <= 480


def test_file_that_lies_about_its_type_is_refused(nathon, seed_plan, staff_palad):
    with scope(organisation=nathon):
        step = MeasureStep.objects.filter(measure__plan=seed_plan).last()
        entry = _report(step, staff_palad, 0, "แนบไฟล์")
        with pytest.raises(ValidationError, match="ไม่ใช่ไฟล์ PDF ตามนามสกุล"):
            services.evidence_add_file(
                progress=entry,
                upload=SimpleUploadedFile("รายงาน.pdf", b"<html>not a pdf</html>"),
                caption="รายงาน",
                effective_date=entry.updated_at.date(),
                user=staff_palad,
            )
        assert not entry.evidence.exists()
