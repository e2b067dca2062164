"""Bringing last year's plan in from Word and Excel (issue 23): the seeds' layouts read into
measures, steps, divisions and months; our own DOCX and XLSX exports give back the same plan;
a file without a plan is refused with nothing written."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django_scopes import scope
from openpyxl import Workbook

from ita_portal.errors import ServiceError
from measures.models import Measure, MeasurePlan, MeasureStep, PlanImport
from measures.plan_import import selectors, services
from measures.plan_import.resolve import NEW, ImportChoices
from organisations import services as organisation_services
from organisations.models import Division, FiscalYear

from . import plan_files

pytestmark = pytest.mark.django_db

EVERYONE = ["สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา ศาสนาและวัฒนธรรม"]


@pytest.fixture
def year_2571(nathon):
    """A new, empty fiscal year of นาทอน to import into."""
    with scope(organisation=nathon):
        return organisation_services.fiscal_year_create(organisation=nathon, year=2571)


def _reading(organisation, data: bytes, file_format="docx", mapping=None):
    with scope(organisation=organisation):
        document = services.read_document(data, file_format, f"แผน.{file_format}")
        return selectors.plan_import_reading(
            document=document, organisation=organisation, mapping=mapping
        )


def _steps(organisation, reading):
    """What the review page shows of each step: text, divisions (by name), unknown names,
    months."""
    with scope(organisation=organisation):
        matcher = selectors.division_matcher(organisation=organisation)
    names = dict(matcher.divisions)
    return [
        [
            (
                step.text,
                [names[pk] for pk in matcher.ids_of(step.responsible.match)],
                [u.text for u in step.responsible.match.unknown],
                (step.period.start, step.period.end),
            )
            for step in measure.steps
        ]
        for measure in reading.measures
    ]


def _write(organisation, fiscal_year, data, file_format="docx", choices=None, name="แผน.docx"):
    reading = _reading(organisation, data, file_format)
    with scope(organisation=organisation):
        return services.plan_import_write(
            fiscal_year=fiscal_year,
            reading=reading,
            choices=choices or ImportChoices(),
            file_name=name,
        )


def plan_as_data(organisation, year: int) -> dict:
    """A plan as a reader of it would describe it: the measures in order with their steps
    (text, divisions, months, rounds) and the IIT/EIT lines."""
    with scope(organisation=organisation):
        plan = MeasurePlan.objects.get(fiscal_year__year=year)
        measures = [
            {
                "title": measure.title,
                "indicator": measure.indicator.number if measure.indicator else None,
                "steps": [
                    (
                        step.text,
                        sorted(d.name for d in step.divisions.all()),
                        step.start_month,
                        step.end_month,
                        step.follow_up_6,
                        step.follow_up_12,
                    )
                    for step in measure.steps.order_by("order", "pk")
                ],
            }
            for measure in plan.measures.order_by("order", "pk")
        ]
        lines = [
            (
                line.indicator.number,
                line.approach,
                sorted(d.name for d in line.divisions.all()),
                line.start_month,
                line.end_month,
            )
            for line in plan.indicator_lines.order_by("indicator__number", "pk")
        ]
    return {"measures": measures, "lines": lines}


# --- the seeds' layouts -----------------------------------------------------------------------


def test_seed_001_steps_in_one_cell_over_three_pages(nathon):
    reading = _reading(nathon, plan_files.seed_001_docx())
    assert [m.title for m in reading.measures] == [
        plan_files.SEED_001_M1,
        plan_files.SEED_001_M2,
        plan_files.SEED_001_M4,
        plan_files.SEED_001_M7,
    ]
    steps = _steps(nathon, reading)
    # "ทุกส่วน / ราชการ" broken over two lines is everyone; February–March of the file's year.
    assert steps[0] == [(text, EVERYONE, [], (2, 3)) for text in plan_files.SEED_001_M1_STEPS]
    # Measure ๒'s first step keeps its own (๑)–(๕) under it, label and all.
    assert steps[1] == [
        ("\n".join(plan_files.SEED_001_M2_STEP1), EVERYONE, [], (2, 9)),
        (plan_files.SEED_001_M2_STEP2, EVERYONE, [], (2, 9)),
    ]
    assert steps[2] == [(text, ["กองคลัง"], [], (2, 9)) for text in plan_files.SEED_001_M4_STEPS]
    # Measure ๗ runs on to the third page: its second step continues, a third one begins and
    # takes the responsible and the period of the step above.
    assert steps[3] == [
        (plan_files.SEED_001_M7_STEPS[0], EVERYONE, [], (2, 9)),
        (
            f"{plan_files.SEED_001_M7_STEPS[1]}\n{plan_files.SEED_001_M7_RUN_ON}",
            EVERYONE,
            [],
            (2, 9),
        ),
        (plan_files.SEED_001_M7_STEP3, EVERYONE, [], (2, 9)),
    ]
    assert reading.groups[0].mapping == [
        "measure",
        "steps",
        "period",
        "responsible",
        "results",
        "results",
    ]
    assert reading.skipped == []


def test_seed_004_merged_cells_and_sections_of_divisions(nathon):
    reading = _reading(nathon, plan_files.seed_004_docx())
    assert [m.title for m in reading.measures] == [plan_files.SEED_004_M1, plan_files.SEED_004_M2]
    steps = _steps(nathon, reading)
    legal = (["สำนักปลัด"], ["งานนิติการ"], (10, 9))  # "งานนิติการ/สำนักปลัดเทศบาล"
    first = plan_files.SEED_004_M1_STEPS
    assert steps[0] == [
        (first[0], *legal),
        (first[1], EVERYONE, [], (10, 9)),  # ทุกสำนัก/กอง
        (first[2], *legal),
        (f"{first[3]}\n{plan_files.SEED_004_M1_RUN_ON}", *legal),  # runs on to the next page
        *((text, *legal) for text in plan_files.SEED_004_M1_LATER),
    ]
    assert steps[1] == [
        (text, ["กองคลัง"], ["งานพัสดุและทรัพย์สิน"], (10, 9)) for text in plan_files.SEED_004_M2_STEPS
    ]
    assert [(text, count) for _key, text, count in reading.unknown_divisions()] == [
        ("งานนิติการ", 6),
        ("งานพัสดุและทรัพย์สิน", 3),
    ]


def test_seed_004_written_with_one_section_mapped_and_one_created(nathon, year_2571):
    reading = _reading(nathon, plan_files.seed_004_docx())
    with scope(organisation=nathon):
        palad = Division.objects.get(name="สำนักปลัด")
    keys = {text: key for key, text, _count in reading.unknown_divisions()}
    choices = ImportChoices(
        divisions={keys["งานนิติการ"]: str(palad.pk), keys["งานพัสดุและทรัพย์สิน"]: NEW}
    )
    summary = _write(nathon, year_2571, plan_files.seed_004_docx(), choices=choices)
    assert (summary.measures, summary.steps, summary.new_divisions) == (
        2,
        10,
        ["งานพัสดุและทรัพย์สิน"],
    )
    data = plan_as_data(nathon, 2571)
    assert [step[1] for step in data["measures"][0]["steps"]] == [
        ["สำนักปลัด"],
        sorted(EVERYONE),
        *[["สำนักปลัด"]] * 5,
    ]
    assert [step[1] for step in data["measures"][1]["steps"]] == [["กองคลัง", "งานพัสดุและทรัพย์สิน"]] * 3
    with scope(organisation=nathon):
        assert Division.objects.filter(name="งานพัสดุและทรัพย์สิน").count() == 1


def test_seed_000_table_the_period_no_fiscal_year_holds(nathon, year_2571):
    reading = _reading(nathon, plan_files.seed_000_table_docx())
    steps = _steps(nathon, reading)
    assert steps[1][0][1:] == (["สำนักปลัด", "กองคลัง"], [], (1, 4))  # "สำนักปลัด/ กองคลัง"
    period = reading.measures[2].steps[0].period
    assert (period.source, period.problem) == (
        "ก.ย. ๖๓ ถึง ต.ค. ๖๓",
        "ช่วงเวลาคร่อมสองปีงบประมาณ (ปีงบประมาณเริ่มตุลาคม สิ้นสุดกันยายน)",
    )
    # Unreadable: nothing is written until the coordinator picks the months.
    with pytest.raises(ServiceError, match=r"อ่านระยะเวลา “ก\.ย\. ๖๓ ถึง ต\.ค\. ๖๓” ไม่ได้"):
        _write(nathon, year_2571, plan_files.seed_000_table_docx())
    with scope(organisation=nathon):
        assert not Measure.objects.filter(plan__fiscal_year=year_2571).exists()
    key = reading.measures[2].steps[0].key
    _write(
        nathon,
        year_2571,
        plan_files.seed_000_table_docx(),
        choices=ImportChoices(months={key: (10, 11)}),
    )
    data = plan_as_data(nathon, 2571)
    assert [m["title"] for m in data["measures"]] == [
        plan_files.SEED_000_M1,
        plan_files.SEED_000_M4,
        plan_files.SEED_000_M7,
    ]
    assert data["measures"][2]["steps"][0][1:4] == (["สำนักปลัด"], 10, 11)


def test_seed_000_numbered_list_without_a_table(nathon, year_2571):
    reading = _reading(nathon, plan_files.seed_000_list_docx())
    assert reading.layout == "list"
    steps = _steps(nathon, reading)
    titles = [title for title, *_rest in plan_files.SEED_000_LIST]
    assert [m.title for m in reading.measures] == titles  # the table of contents is left out
    # A measure without steps of its own is its one step; the lines below it say who and when.
    assert steps[0] == [(titles[0], EVERYONE, [], (1, 4))]
    assert steps[1] == [(text, ["กองคลัง"], [], (1, 4)) for text in plan_files.SEED_000_LIST[1][3]]
    assert steps[3] == [(titles[3], ["สำนักปลัด"], [], (10, 9))]
    summary = _write(nathon, year_2571, plan_files.seed_000_list_docx())
    assert (summary.measures, summary.steps) == (4, 8)


def test_a_file_without_a_plan_is_refused_saying_what_was_looked_for(nathon, year_2571):
    with pytest.raises(services.NotAPlan) as refusal:
        _reading(nathon, plan_files.memo_docx())
    message = refusal.value.message
    assert message.startswith(
        "ไม่พบแผนมาตรการในไฟล์ “แผน.docx” ระบบมองหาตารางที่มีหัวคอลัมน์ “มาตรการ/แนวทาง”"
    )
    assert "แต่ตารางในไฟล์มีหัวคอลัมน์ “ความเห็นหัวหน้าสำนักปลัด”" in message
    assert message.endswith("ระบบยังไม่ได้บันทึกสิ่งใด")
    with scope(organisation=nathon):
        assert not MeasurePlan.objects.filter(fiscal_year=year_2571).exists()


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK\x03\x04 not really a zip", "เปิดไฟล์ไม่ได้ ไฟล์อาจเสียหาย"),
        (_zip({"word/document.xml": b"<not xml"}), "เปิดไฟล์ Word ไม่ได้ ไฟล์อาจเสียหาย"),
        # 41 MiB of XML packed into a few KiB: refused before anything unpacks it.
        (
            _zip({"word/document.xml": b"<w:document>" + b" " * (41 * 1024 * 1024)}),
            "เนื้อหาในไฟล์ใหญ่เกินกว่าที่ระบบอ่านได้",
        ),
    ],
)
def test_a_broken_or_oversized_package_is_refused(nathon, data, message):
    with pytest.raises(services.NotAPlan) as refusal:
        _reading(nathon, data)
    assert refusal.value.message.startswith("อ่านไฟล์ “แผน.docx” ไม่ได้: ")
    assert message in refusal.value.message


def test_a_spreadsheet_in_an_office_layout_with_merged_cells(nathon, year_2571):
    book = Workbook()
    sheet = book.active
    sheet.append(["แผนการขับเคลื่อนมาตรการส่งเสริมคุณธรรมและความโปร่งใส ปีงบประมาณ 2566"])
    sheet.append(["ลำดับ", "มาตรการ/กิจกรรม", "วิธีดำเนินการ", "ระยะเวลาในการดำเนินการ", "ผู้รับผิดชอบ"])
    sheet.append(
        [
            1,
            "มาตรการเผยแพร่ข้อมูลต่อสาธารณะ",
            "1. จัดให้มีข้อมูลเผยแพร่\n2. ตรวจสอบเว็บไซต์ทุกเดือน",
            "ต.ค. 65 - ก.ย. 66",
            "สป., กองคลัง",
        ]
    )
    sheet.append(
        [2, "มาตรการกำกับดูแลการใช้ทรัพย์สินของราชการ", "- ระบุขั้นตอนการขอยืม", "ม.ค. - มี.ค. 2566", "กองช่าง"]
    )
    sheet.append([None, None, "- จัดทำทะเบียนคุมการยืม", None, "ทุกกอง"])
    sheet.merge_cells("A4:A5")
    sheet.merge_cells("B4:B5")
    sheet.merge_cells("D4:D5")
    out = io.BytesIO()
    book.save(out)
    reading = _reading(nathon, out.getvalue(), "xlsx")
    assert _steps(nathon, reading) == [
        [
            ("จัดให้มีข้อมูลเผยแพร่", ["สำนักปลัด", "กองคลัง"], [], (10, 9)),
            ("ตรวจสอบเว็บไซต์ทุกเดือน", ["สำนักปลัด", "กองคลัง"], [], (10, 9)),
        ],
        [
            ("ระบุขั้นตอนการขอยืม", ["กองช่าง"], [], (1, 3)),
            ("จัดทำทะเบียนคุมการยืม", EVERYONE, [], (1, 3)),
        ],
    ]


# --- our own exports come back as the same plan -----------------------------------------------


@pytest.mark.parametrize("file_format", ["docx", "xlsx"])
@pytest.mark.parametrize("kind", ["plan", "book"])
def test_the_demo_plan_of_2570_through_our_export_and_back(
    kind, file_format, client_of, coordinator, nathon, year_2571
):
    """The plan export, and the annual book (which holds the measures twice: the plan, then
    the results): the plan's table is read, the results' table is left out."""
    response = client_of(coordinator).get(f"/o/nathon/reports/2570/export/{kind}.{file_format}")
    assert response.status_code == 200
    summary = _write(nathon, year_2571, response.content, file_format, name=f"{kind}.{file_format}")
    original = plan_as_data(nathon, 2570)
    assert summary.measures == len(original["measures"]) == 7
    assert plan_as_data(nathon, 2571) == original
    assert len(original["lines"]) == 4


def test_confirming_writes_history_and_removes_the_import(client_of, coordinator, nathon):
    """Through the services as the review page calls them: one transaction, every history row
    names the file, and the import is gone."""
    with scope(organisation=nathon):
        year = FiscalYear.objects.get(year=2569)
        upload = SimpleUploadedFile("แผนมาตรการ ๒๕๖๘.docx", plan_files.seed_001_docx())
        planimport = services.plan_import_upload(fiscal_year=year, upload=upload, user=coordinator)
        summary = services.plan_import_confirm(planimport=planimport, choices=ImportChoices())
        assert (summary.measures, summary.steps) == (4, 11)
        assert not PlanImport.objects.filter(pk=planimport.pk).exists()
        step = MeasureStep.objects.filter(measure__plan__fiscal_year=year).first()
        reasons = set(step.history.values_list("history_change_reason", flat=True))
        assert reasons == {"นำเข้าจากไฟล์ แผนมาตรการ ๒๕๖๘.docx"}
        measure = step.measure
        assert measure.history.get().history_change_reason == "นำเข้าจากไฟล์ แผนมาตรการ ๒๕๖๘.docx"
        with pytest.raises(ServiceError, match="นำเข้าแล้วหรือถูกยกเลิกไปแล้ว"):
            services.plan_import_confirm(planimport=planimport, choices=ImportChoices())


def test_replacing_a_plan_that_has_progress_is_refused(nathon):
    """The demo's current year has a report on its first step: replacing would lose it."""
    with scope(organisation=nathon):
        year = FiscalYear.objects.get(year=2570)
        before = Measure.objects.filter(plan__fiscal_year=year).count()
    with pytest.raises(ServiceError, match="มีการรายงานผลการดำเนินการในแผนแล้ว"):
        _write(nathon, year, plan_files.seed_001_docx(), choices=ImportChoices(replace=True))
    with scope(organisation=nathon):
        assert Measure.objects.filter(plan__fiscal_year=year).count() == before


def test_replacing_a_plan_without_progress(nathon, year_2571):
    _write(nathon, year_2571, plan_files.seed_004_docx(), choices=_all_skipped(nathon))
    _write(nathon, year_2571, plan_files.seed_001_docx(), choices=ImportChoices(replace=True))
    titles = [m["title"] for m in plan_as_data(nathon, 2571)["measures"]]
    assert titles == [
        plan_files.SEED_001_M1,
        plan_files.SEED_001_M2,
        plan_files.SEED_001_M4,
        plan_files.SEED_001_M7,
    ]


def _all_skipped(nathon) -> ImportChoices:
    reading = _reading(nathon, plan_files.seed_004_docx())
    return ImportChoices(divisions={key: "skip" for key, _t, _c in reading.unknown_divisions()})


# --- the command line -------------------------------------------------------------------------


def test_command_dry_run_prints_and_writes_nothing(nathon, year_2571, tmp_path, capsys):
    path = tmp_path / "แผน-๒๕๖๘.docx"
    path.write_bytes(plan_files.seed_001_docx())
    call_command("import_plan", "--org", "nathon", "--year", "2571", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert f"๑. {plan_files.SEED_001_M1}" in out
    assert f"  (๑) {plan_files.SEED_001_M1_STEPS[0]}" in out
    assert "      ผู้รับผิดชอบ: สำนักปลัด, กองคลัง, กองช่าง, กองการศึกษา ศาสนาและวัฒนธรรม" in out
    assert "      ระยะเวลา: ก.พ. - มี.ค. พ.ศ. ๒๕๗๑ · ติดตาม รอบ ๖ เดือน / รอบ ๑๒ เดือน" in out
    assert "อ่านได้ ๔ มาตรการ ๑๑ ขั้นตอน" in out
    assert "ไม่ได้บันทึก (--dry-run)" in out
    with scope(organisation=nathon):
        assert not MeasurePlan.objects.filter(fiscal_year=year_2571).exists()


def test_command_writes_a_readable_file(nathon, year_2571, tmp_path, capsys):
    path = tmp_path / "plan.docx"
    path.write_bytes(plan_files.seed_001_docx())
    call_command("import_plan", "--org", "nathon", "--year", "2571", str(path))
    assert "นำเข้าแล้ว: ๔ มาตรการ ๑๑ ขั้นตอน" in capsys.readouterr().out
    assert len(plan_as_data(nathon, 2571)["measures"]) == 4


def test_command_writes_nothing_when_anything_is_unreadable(nathon, year_2571, tmp_path, capsys):
    path = tmp_path / "seed004.docx"
    path.write_bytes(plan_files.seed_004_docx())
    with pytest.raises(CommandError, match="ไม่ได้บันทึกสิ่งใด"):
        call_command("import_plan", "--org", "nathon", "--year", "2571", str(path))
    out = capsys.readouterr().out
    assert "ยังไม่ได้เลือกว่า “งานนิติการ” คือส่วนราชการใด" in out
    with scope(organisation=nathon):
        assert not MeasurePlan.objects.filter(fiscal_year=year_2571).exists()


def test_command_refuses_a_file_without_a_plan(nathon, year_2571, tmp_path):
    path = tmp_path / "memo.docx"
    path.write_bytes(plan_files.memo_docx())
    with pytest.raises(CommandError, match=r"ไม่พบแผนมาตรการในไฟล์ “memo\.docx”"):
        call_command("import_plan", "--org", "nathon", "--year", "2571", str(path))
    with pytest.raises(CommandError, match=r"ไม่มีปีงบประมาณ พ\.ศ\. ๒๕๙๙"):
        call_command("import_plan", "--org", "nathon", "--year", "2599", str(path))


def test_indicator_lines_of_seed_002s_table(nathon):
    """The IIT/EIT table of seed 002; an indicator named without its number is asked for."""
    book = Workbook()
    sheet = book.active
    sheet.append(
        ["ตัวชี้วัด", "แนวทางในการยกระดับการประเมิน", "ผู้รับผิดชอบ", "ระยะเวลา", "ความก้าวหน้าผลการดำเนินการ"]
    )
    sheet.append(
        [
            "ตัวชี้วัดที่ ๑ การปฏิบัติหน้าที่",
            "หน่วยงานต้องปฏิบัติงานด้วยความโปร่งใส",
            "ทุกส่วนงาน",
            "ต.ค. ๖๕ ถึง ก.ย. ๖๖",
            "☑ ดำเนินการ",
        ]
    )
    sheet.append(
        [
            "การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
            "ควรมีการปรับปรุงคุณภาพของการปฏิบัติงาน",
            "สำนักปลัด",
            "ต.ค. ๖๕ ถึง ก.ย. ๖๖",
            "",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    reading = _reading(nathon, out.getvalue(), "xlsx")
    assert [(line.indicator, line.approach) for line in reading.lines] == [
        (1, "หน่วยงานต้องปฏิบัติงานด้วยความโปร่งใส"),
        (None, "ควรมีการปรับปรุงคุณภาพของการปฏิบัติงาน"),  # the coordinator picks it
    ]
