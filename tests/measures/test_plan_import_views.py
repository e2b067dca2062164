"""The coordinator's pages of the plan import: upload, the review page (what could not be read,
re-mapping a column, unknown divisions), confirming, discarding; the worker reads a large file;
an import is gone after a day."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from measures.enums import ImportStatus
from measures.models import Measure, MeasurePlan, MeasureStep, PlanImport
from organisations import services as organisation_services
from organisations.models import Division
from tests.worker import run_worker

from . import plan_files

IMPORT = "/o/nathon/plan/2571/import/"


class _Form(HTMLParser):
    """The values a browser would send for the review form as the page shows it, and the
    labels of its selects' options (to choose by what the coordinator reads)."""

    def __init__(self, html: str):
        super().__init__()
        self.values: dict[str, object] = {}
        self.options: dict[str, dict[str, str]] = {}
        self._select = self._option = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "select":
            self._select = name
            self.options[name] = {}
            self.values.setdefault(name, "")
        elif tag == "option" and self._select:
            self._option = attrs.get("value", "")
            if "selected" in attrs:
                self.values[self._select] = self._option
        elif tag == "input" and name and name != "csrfmiddlewaretoken":
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    self.values[name] = attrs.get("value", "on")
            elif kind != "file":
                self.values[name] = attrs.get("value", "")

    def handle_data(self, data):
        if self._select and self._option is not None:
            self.options[self._select][data.strip()] = self._option
            self._option = None

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def select(self, name_start: str, label: str) -> str:
        """Choose the option ``label`` of the first select whose name starts ``name_start``
        and offers it; returns the select's name."""
        for name, options in self.options.items():
            if name.startswith(name_start) and label in options:
                self.values[name] = options[label]
                return name
        raise AssertionError(f"no select {name_start}… offers {label!r}")


@pytest.fixture
def year_2571(nathon):
    with scope(organisation=nathon):
        return organisation_services.fiscal_year_create(organisation=nathon, year=2571)


def _upload(client, data: bytes, name: str, url=IMPORT):
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def _review_url(response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    assert re.fullmatch(r"/o/nathon/plan/imports/\d+/", response["Location"])
    return response["Location"]


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.django_db
def test_seed_004_upload_review_map_a_section_and_confirm(
    client_of, coordinator, nathon, year_2571
):
    client = client_of(coordinator)
    page = client.get(IMPORT)
    assert page.status_code == 200
    assert "นำเข้าแผนมาตรการจากไฟล์" in _text(page)

    review_url = _review_url(_upload(client, plan_files.seed_004_docx(), "รายงานผล-นาคำ-2566.docx"))
    review = client.get(review_url)
    page = _text(review)
    assert "ตรวจก่อนนำเข้าสู่แผน" in page
    assert "อ่านได้ <strong>๒ มาตรการ ๑๐ ขั้นตอน</strong>" in page
    assert "ต้องเลือกอีก ๒ รายการ" in page
    assert "ไม่รู้จัก: งานนิติการ" in page and "ไม่รู้จัก: งานพัสดุและทรัพย์สิน" in page
    assert "ระบบยังไม่ได้บันทึกสิ่งใด" in page

    # Confirming before saying what the unknown names are: refused, nothing written.
    form = _Form(review.content.decode())
    refused = client.post(review_url, {**form.values, "action": "confirm"})
    assert refused.status_code == 200
    assert "ยังไม่ได้เลือกว่า “งานนิติการ” คือส่วนราชการใด" in _text(refused)
    with scope(organisation=nathon):
        assert not MeasurePlan.objects.filter(fiscal_year=year_2571).exists()

    form = _Form(refused.content.decode())
    form.select("division-", "สำนักปลัด")  # งานนิติการ is a section of สำนักปลัด
    form.select("division-", "สร้างส่วนราชการใหม่ชื่อ “งานพัสดุและทรัพย์สิน”")
    done = client.post(review_url, {**form.values, "action": "confirm"}, follow=True)
    page = _text(done)
    assert done.redirect_chain[-1][0] == "/o/nathon/plan/2571/"
    assert "นำเข้า ๒ มาตรการ ๑๐ ขั้นตอน ส่วนราชการใหม่ งานพัสดุและทรัพย์สิน" in page
    assert f"๑. {plan_files.SEED_004_M1}" in page
    assert f"(๒) {plan_files.SEED_004_M1_STEPS[1]}" in page
    assert "ตลอดปีงบประมาณ" in page
    with scope(organisation=nathon):
        step = MeasureStep.objects.get(
            measure__plan__fiscal_year=year_2571, text__startswith="จัดทำคู่มือเกี่ยวกับ"
        )
        assert sorted(d.name for d in step.divisions.all()) == ["กองคลัง", "งานพัสดุและทรัพย์สิน"]
        assert Division.objects.get(name="งานพัสดุและทรัพย์สิน").is_active
    assert client.get(review_url).status_code == 404  # the import is gone once confirmed


@pytest.mark.django_db
def test_remapping_a_column_reads_the_table_again(client_of, coordinator, nathon, year_2571):
    client = client_of(coordinator)
    review_url = _review_url(_upload(client, plan_files.seed_001_docx(), "แผน-๒๕๖๘.docx"))
    review = client.get(review_url)
    assert "ก.พ. - มี.ค. พ.ศ. ๒๕๗๑" in _text(review)  # shifted to the target year
    assert "ในไฟล์: ก.พ. - มี.ค. พ.ศ. ๒๕๖๘" in _text(review)

    form = _Form(review.content.decode())
    period = next(name for name in form.values if name.startswith("map-") and name.endswith("-2"))
    assert form.values[period] == "period"  # ช่วงระยะเวลาในการ ดำเนินการ
    form.values[period] = ""  # not imported
    remapped = client.post(review_url, {**form.values, "action": "confirm"})
    page = _text(remapped)
    assert "อ่านตารางใหม่ตามคอลัมน์ที่เลือกแล้ว" in page
    assert "ไฟล์ไม่ระบุระยะเวลา" in page
    with scope(organisation=nathon):
        assert not MeasurePlan.objects.filter(fiscal_year=year_2571).exists()

    form = _Form(remapped.content.decode())
    client.post(review_url, {**form.values, "action": "confirm"})
    with scope(organisation=nathon):
        steps = MeasureStep.objects.filter(measure__plan__fiscal_year=year_2571)
        assert steps.count() == 11
        assert set(steps.values_list("start_month", "end_month")) == {(10, 9)}


@pytest.mark.django_db
def test_a_period_that_cannot_be_read_is_shown_with_its_text_and_chosen(
    client_of, coordinator, nathon, year_2571
):
    client = client_of(coordinator)
    review_url = _review_url(_upload(client, plan_files.seed_000_table_docx(), "นาออก-2564.docx"))
    review = client.get(review_url)
    page = _text(review)
    assert "อ่านไม่ได้: “ก.ย. ๖๓ ถึง ต.ค. ๖๓”" in page
    assert "ช่วงเวลาคร่อมสองปีงบประมาณ" in page
    assert "ต้องเลือกอีก ๑ รายการ" in page
    form = _Form(review.content.decode())
    form.select("start-", "ตุลาคม")
    end = form.select("end-", "ตุลาคม")
    form.values[end] = "11"
    client.post(review_url, {**form.values, "action": "confirm"})
    with scope(organisation=nathon):
        step = MeasureStep.objects.get(measure__title=plan_files.SEED_000_M7)
        assert (step.start_month, step.end_month) == (10, 11)


@pytest.mark.django_db
def test_a_file_without_a_plan_is_refused_on_the_upload_page(
    client_of, coordinator, nathon, year_2571
):
    client = client_of(coordinator)
    response = _upload(client, plan_files.memo_docx(), "บันทึกข้อความ.docx")
    assert response.status_code == 200
    page = _text(response)
    assert "ไม่พบแผนมาตรการในไฟล์ “บันทึกข้อความ.docx” ระบบมองหาตารางที่มีหัวคอลัมน์" in page
    assert "ระบบยังไม่ได้บันทึกสิ่งใด" in page
    with scope(organisation=nathon):
        assert not PlanImport.objects.filter(fiscal_year=year_2571).exists()
        assert not MeasurePlan.objects.filter(fiscal_year=year_2571).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("แผน.docx", b"%PDF-1.7\n...", "เนื้อในของไฟล์ “แผน.docx” ไม่ใช่ไฟล์ Word "),
        ("แผน.doc", b"\xd0\xcf\x11\xe0 old word", "เป็นไฟล์ Word รุ่นเก่า (.doc)"),
        (
            "แผน.pdf",
            b"%PDF-1.7\n...",
            "ไม่รับไฟล์ชนิดนี้ (“แผน.pdf”) รับเฉพาะ Word (.docx) หรือ Excel (.xlsx)",
        ),
    ],
)
def test_files_are_checked_by_content(client_of, coordinator, year_2571, name, data, message):
    response = _upload(client_of(coordinator), data, name)
    assert response.status_code == 200
    assert message in _text(response)


@pytest.mark.django_db
def test_too_large_a_file_is_refused(client_of, coordinator, year_2571, settings):
    settings.ITA_MAX_UPLOAD_MB = 1
    data = plan_files.seed_001_docx() + b"\0" * (1024 * 1024)
    response = _upload(client_of(coordinator), data, "แผน.docx")
    assert "เกินขนาดที่รับได้ ๑ MB" in _text(response)


@pytest.mark.django_db
def test_only_the_coordinator_imports(client_of, staff_palad, approvers, coordinator, nathon):
    with scope(organisation=nathon):
        demo = PlanImport.objects.get()
    for user in (staff_palad, approvers[-1]):
        client = client_of(user)
        assert client.get("/o/nathon/plan/2569/import/").status_code == 403
        assert client.get(f"/o/nathon/plan/imports/{demo.pk}/").status_code == 403
        assert client.post(f"/o/nathon/plan/imports/{demo.pk}/discard/").status_code == 403
    # The demo: นาทอน's FY2568 Word file waits for review on FY2569's plan page.
    plan = _text(client_of(coordinator).get("/o/nathon/plan/2569/"))
    assert "มีไฟล์ที่อ่านแล้ว รอตรวจและยืนยันการนำเข้า" in plan
    assert "นำเข้าจากไฟล์ Word/Excel" in plan
    review = _text(client_of(coordinator).get(f"/o/nathon/plan/imports/{demo.pk}/"))
    assert "อ่านได้ <strong>๗ มาตรการ ๑๗ ขั้นตอน</strong>" in review


@pytest.mark.django_db
def test_discarding_writes_nothing(client_of, coordinator, nathon):
    with scope(organisation=nathon):
        demo = PlanImport.objects.get()
    response = client_of(coordinator).post(
        f"/o/nathon/plan/imports/{demo.pk}/discard/", follow=True
    )
    assert "ยกเลิกการนำเข้าไฟล์ “" in _text(response)
    with scope(organisation=nathon):
        assert not PlanImport.objects.exists()
        assert not Measure.objects.filter(plan__fiscal_year__year=2569).exists()


@pytest.mark.django_db
def test_replace_is_offered_only_while_nothing_is_reported(
    client_of, coordinator, nathon, year_2571
):
    client = client_of(coordinator)
    first = _review_url(_upload(client, plan_files.seed_001_docx(), "แผน.docx"))
    client.post(first, {**_Form(client.get(first).content.decode()).values, "action": "confirm"})
    second = _review_url(_upload(client, plan_files.seed_000_list_docx(), "รายการ.docx"))
    page = _text(client.get(second))
    assert "เพิ่มต่อจากมาตรการเดิม ๔ มาตรการ" in page
    assert "แทนที่มาตรการเดิมทั้งหมด" in page
    form = _Form(client.get(second).content.decode())
    form.values["mode"] = "replace"
    client.post(second, {**form.values, "action": "confirm"})
    with scope(organisation=nathon):
        titles = list(
            Measure.objects.filter(plan__fiscal_year=year_2571).values_list("title", flat=True)
        )
    assert titles == [title for title, *_rest in plan_files.SEED_000_LIST]

    # The demo's current year has progress: only adding is offered.
    current = _review_url(
        _upload(
            client, plan_files.seed_000_list_docx(), "รายการ.docx", "/o/nathon/plan/2570/import/"
        )
    )
    page = _text(client.get(current))
    assert "เพิ่มต่อจากมาตรการเดิม ๗ มาตรการ" in page
    assert "แทนที่มาตรการเดิมทั้งหมด" not in page


@pytest.mark.django_db
def test_an_import_is_gone_after_a_day(client_of, coordinator, nathon):
    with scope(organisation=nathon):
        demo = PlanImport.objects.get()
        PlanImport.objects.filter(pk=demo.pk).update(
            created_at=timezone.now() - dt.timedelta(hours=25)
        )
    assert client_of(coordinator).get(f"/o/nathon/plan/imports/{demo.pk}/").status_code == 404
    with scopes_disabled():
        from measures.plan_import import services

        assert services.plan_imports_purge() == 1
        assert not PlanImport.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_large_file_is_read_by_the_task_worker(client_of, coordinator, nathon, settings):
    settings.ITA_IMPORT_INLINE_KB = 1  # every test file is larger
    with scope(organisation=nathon):
        organisation_services.fiscal_year_create(organisation=nathon, year=2571)
    client = client_of(coordinator)
    review_url = _review_url(_upload(client, plan_files.seed_001_docx(), "แผน-ใหญ่.docx"))
    waiting = client.get(review_url)
    assert waiting.status_code == 202
    assert "ระบบกำลังอ่านไฟล์ “แผน-ใหญ่.docx”" in _text(waiting)
    with scopes_disabled():
        planimport = PlanImport.objects.get(file_name="แผน-ใหญ่.docx")
        stored = planimport.upload.name
        assert planimport.upload.storage.exists(stored)
    run_worker()
    ready = client.get(review_url)
    assert ready.status_code == 200
    assert "อ่านได้ <strong>๔ มาตรการ ๑๑ ขั้นตอน</strong>" in _text(ready)
    with scopes_disabled():
        planimport.refresh_from_db()
        assert planimport.status == ImportStatus.READY
        assert not planimport.upload
        assert not planimport.upload.storage.exists(stored)  # what was read is kept, not the file
