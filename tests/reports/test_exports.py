"""The minutes PDF, and the DOCX/XLSX exports re-opened the way Word and Excel users would."""

import io
import unicodedata

import openpyxl
import pdfplumber
import pytest
from django.utils import timezone
from django_scopes import scope
from docx import Document
from docx.oxml.ns import qn

from measures import selectors as measure_selectors
from oit_checklist.models import ItemStatus
from organisations.models import FiscalYear, Membership
from reports.documents import kinds as documents
from reports.documents import pdf as rendering
from reports.documents.docx import to_docx
from reports.documents.snapshot import approval_blocks, report_snapshot
from reports.documents.xlsx import to_xlsx
from reports.models import ApprovalChain, ChainStep, Decision, Report

pytestmark = pytest.mark.django_db

CURRENT = 2570  # นาทอน's current year: the demo meeting and the OIT checklist
PLAN_YEAR = 2568  # the seed plan


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _loose(text: str) -> str:
    """Text without spaces and Thai marks: a PDF's text layer may put a tone mark after the
    next consonant (ครั้ง → ครัง้) and break lines anywhere, the letters stay in order."""
    return "".join(c for c in _nfkc(text) if not c.isspace() and unicodedata.category(c) != "Mn")


def _in_order(text: str, parts: list[str]) -> None:
    text = _loose(text)
    position = -1
    for part in parts:
        found = text.find(_loose(part), position + 1)
        assert found > position, f"{part!r} missing or out of order"
        position = found


def _transient(nathon, coordinator, *, year: int, kind: str, round_=None):
    fiscal_year = FiscalYear.objects.get(year=year)
    return documents.transient_report(
        organisation=nathon,
        fiscal_year=fiscal_year,
        kind=kind,
        round_=round_,
        drafter=coordinator,
    )


def test_minutes_pdf_prints_seed_003s_layout_in_order(nathon, coordinator):
    with scope(organisation=nathon):
        report = _transient(nathon, coordinator, year=CURRENT, kind="minutes")
        pdf = rendering.render_pdf(report_snapshot(report), approval_blocks(report))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [_nfkc(page.extract_text() or "") for page in document.pages]
    text = "\n".join(pages)
    _in_order(
        text,
        [
            "รายงานการประชุม",
            "ครั้งที่ ๑/๒๕๗๐",
            "วันอังคารที่ ๑๗ พฤศจิกายน ๒๕๖๙",
            "เวลา ๐๙.๓๐ น. ณ ห้องประชุมองค์การบริหารส่วนตำบลนาทอน",
            "ผู้มาประชุม",
            "นายสุริยนต์ อยู่ล้าย",
            "จ.ส.อ.วิเชียร ทวีผล",
            "ผู้ไม่มาประชุม",
            "ติดราชการ",
            "ผู้เข้าร่วมประชุม",
            "นายเสริมศักดิ์ ปากหวาน",
            "ระเบียบวาระที่ ๑ เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ",
            "มติที่ประชุม รับทราบ",
            "ระเบียบวาระที่ ๒ รับรองรายงานการประชุมครั้งที่แล้ว",
            "ระเบียบวาระที่ ๓ เรื่องเพื่อทราบ",
            "ระเบียบวาระที่ ๔ เรื่องเพื่อพิจารณา",
            "กำหนดแล้วเสร็จ",
            "ข้อ ๐๒ ข้อมูลผู้บริหาร",
            "ข้อ ๐๙ Social Network",
            "ข้อ ๐๑๘ E-Service",
            "๔.๒ ปฏิทินการประเมิน ITA",
            "มติที่ประชุม รับทราบ พร้อมไปดำเนินการปรับปรุงแก้ไขตามกำหนด",
            "ระเบียบวาระที่ ๕ เรื่องอื่นๆ",
            "เลิกประชุมเวลา ๑๒.๐๐ น.",
            "ผู้จดรายงานการประชุม",
            "(ว่าที่ร้อยตรีหญิง นิตยา สันหลี่)",
            "ผู้ตรวจรายงานการประชุม",
            "(นายสุริยนต์ อยู่ล้าย)",
        ],
    )
    assert _nfkc("การดำเนินงานของหน่วยงาน") in text  # SARA AM survives the text layer
    assert len(pages) >= 2 and pages[1].lstrip().startswith("- ๒ -")
    assert _loose("๑๕ มกราคม") in _loose(text)  # deadlines in Thai digits


def _chain(nathon, approvers):
    """นาทอน's results chain (the demo has one; made here when it does not)."""
    chain, created = ApprovalChain.objects.get_or_create(organisation=nathon, kind="results")
    for order, user in enumerate(approvers if created else [], start=1):
        membership = Membership.objects.get(user=user)
        ChainStep.objects.create(
            organisation=nathon,
            chain=chain,
            order=order,
            position=membership.position,
            signer=user,
        )


def test_memo_docx_has_the_four_approval_blocks_in_chain_order(
    client_of, coordinator, approvers, nathon
):
    with scope(organisation=nathon):
        _chain(nathon, approvers)
        report = Report.objects.create(
            organisation=nathon,
            fiscal_year=FiscalYear.objects.get(year=PLAN_YEAR),
            kind="results",
            round=12,
            title="รายงานผลการดำเนินการตามมาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
            drafter=coordinator,
            review_round=1,
        )
        Decision.objects.create(
            organisation=nathon,
            report=report,
            review_round=1,
            step=0,
            decided_by=approvers[0],
            value="approve",
            comment="",
            decided_at=timezone.now(),
        )
    response = client_of(coordinator).get(f"/o/nathon/reports/{PLAN_YEAR}/export/memo.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.docx"')
    document = Document(io.BytesIO(response.content))
    lines = [p.text for p in document.paragraphs]
    headings = [line for line in lines if line.startswith("ความเห็น")]
    assert headings == [
        "ความเห็นหัวหน้าสำนักปลัด",
        "ความเห็นรองปลัดองค์การบริหารส่วนตำบลนาทอน",
        "ความเห็นปลัดองค์การบริหารส่วนตำบลนาทอน",
        "ความเห็นนายกองค์การบริหารส่วนตำบลนาทอน",
    ]
    names = [line for line in lines if line.startswith("(") and line.endswith(")")]
    # the drafter's rank before the signature line, as seed 001 prints it
    assert "ว่าที่ร้อยตรีหญิง........................................" in lines
    assert names == [
        "(นิตยา สันหลี่)",  # the drafter
        "(นางซาริต้า เต็นหลี่)",
        "(นางสาวสรวิทย์ ตาเดอีน)",
        "(นายสุริยนต์ อยู่ล้าย)",
        "(นายเอกชัย หลงขาว)",
    ]
    first = lines.index(headings[0])
    assert lines[first + 1] == "☑ เห็นควรอนุมัติ"  # the decision taken
    second = lines.index(headings[1])
    assert lines[second + 1] == "☐ เห็นควรอนุมัติ"  # still waiting
    last = lines.index(headings[3])
    assert lines[last + 1] == "☐ ทราบ/อนุมัติ ดำเนินการในส่วนที่เกี่ยวข้องต่อไป"
    assert lines[0].strip() == "บันทึกข้อความ"  # after the Garuda


def test_plan_docx_and_xlsx_list_every_measure_in_order(nathon, coordinator):
    with scope(organisation=nathon):
        fiscal_year = FiscalYear.objects.get(year=PLAN_YEAR)
        plan = measure_selectors.plan_of_year(fiscal_year=fiscal_year)
        titles = [m.title for m in measure_selectors.plan_measures(plan=plan)]
        report = _transient(nathon, coordinator, year=PLAN_YEAR, kind="plan")
        snapshot = report_snapshot(report)
        docx = to_docx(snapshot, approval_blocks(report))
        xlsx = to_xlsx(snapshot)
    assert len(titles) >= 3

    document = Document(io.BytesIO(docx))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "มาตรการ/แนวทาง")
    assert [c.text for c in table.rows[0].cells] == [
        "มาตรการ/แนวทาง",
        "วิธีการดำเนินการ",
        "ผู้รับผิดชอบ",
        "ระยะเวลาดำเนินการ",
        "การกำกับติดตาม",
    ]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeats on each page
    first_cells = [row.cells[0].text for row in table.rows[1:] if row.cells[0].text]
    assert [cell.split("\n")[0].split(". ", 1)[1] for cell in first_cells] == titles
    run = table.rows[1].cells[1].paragraphs[0].runs[0]
    fonts = run._r.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "TH Sarabun New"  # Word's font for Thai text
    normal = document.styles["Normal"].element.rPr
    assert normal.find(qn("w:rFonts")).get(qn("w:cs")) == "TH Sarabun New"
    assert normal.find(qn("w:szCs")).get(qn("w:val")) == "32"  # Thai text at 16 pt

    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    sheet = book["มาตรการ"]
    assert sheet.freeze_panes == "A4"  # under the title, the organisation and the header
    assert [c.value for c in sheet[3]][:2] == ["ที่", "มาตรการ/แนวทาง"]
    listed = []
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if row[1] and (not listed or listed[-1] != row[1]):
            listed.append(row[1])
    assert listed == titles
    assert sheet.column_dimensions["B"].width == 40
    assert sheet["E4"].alignment.wrap_text


def test_tables_xlsx_lists_the_oit_items_of_the_year(client_of, coordinator, nathon):
    response = client_of(coordinator).get(f"/o/nathon/reports/{CURRENT}/export/tables.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["ตัวชี้วัด IIT-EIT", "OIT"]
    oit = book["OIT"]
    assert oit.freeze_panes == "A4"
    assert [c.value for c in oit[3]][1:6] == [
        "ข้อ",
        "ข้อมูล",
        "องค์ประกอบด้านข้อมูล",
        "ผู้รับผิดชอบ",
        "ความก้าวหน้า",
    ]
    with scope(organisation=nathon):
        expected = list(
            ItemStatus.objects.filter(fiscal_year__year=CURRENT)
            .order_by("item__order")
            .values_list("item__label", "item__title")
        )
    rows = [(row[1], row[2]) for row in oit.iter_rows(min_row=4, values_only=True)]
    assert rows == expected
    assert rows[1] == ("๐๒", "ข้อมูลผู้บริหาร")


def test_tables_docx_prints_oit_items_with_tick_boxes(nathon, coordinator):
    with scope(organisation=nathon):
        report = _transient(nathon, coordinator, year=CURRENT, kind="tables")
        docx = to_docx(report_snapshot(report), approval_blocks(report))
    document = Document(io.BytesIO(docx))
    oit = next(t for t in document.tables if t.rows[0].cells[0].text == "ข้อ")
    labels = [row.cells[0].text for row in oit.rows[1:]]
    assert "๐๒" in labels and "๐๔๓" in labels
    assert any("☑ ดำเนินการ" in row.cells[4].text for row in oit.rows[1:])


def test_minutes_docx_and_xlsx(client_of, coordinator, nathon):
    client = client_of(coordinator)
    docx = client.get(f"/o/nathon/reports/{CURRENT}/export/minutes.docx")
    assert docx.status_code == 200
    document = Document(io.BytesIO(docx.content))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "ข้อ",
        "ปัญหา / ข้อบกพร่อง",
        "ผู้รับผิดชอบ",
        "กำหนดแล้วเสร็จ",
    ]
    assert table.rows[1].cells[0].text == "ข้อ ๐๒ ข้อมูลผู้บริหาร"
    assert len(table.rows) == 1 + 12
    text = "\n".join(p.text for p in document.paragraphs)
    _in_order(
        text,
        [
            "รายงานการประชุม",
            "ผู้มาประชุม",
            "ระเบียบวาระที่ ๑",
            "ระเบียบวาระที่ ๕",
            "เลิกประชุมเวลา ๑๒.๐๐ น.",
            "ผู้จดรายงานการประชุม",
            "ผู้ตรวจรายงานการประชุม",
        ],
    )
    xlsx = client.get(f"/o/nathon/reports/{CURRENT}/export/minutes.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content))["ข้อบกพร่อง OIT"]
    assert sheet.max_row == 3 + 12 and sheet["B4"].value == "ข้อ ๐๒ ข้อมูลผู้บริหาร"
    assert sheet["A4"].value == 1 and sheet["A4"].number_format == "[$-D00041E]0"  # shows ๑


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (f"/o/nathon/reports/{CURRENT}/export/progress.docx?round=7", 404),
        (f"/o/nathon/reports/{CURRENT}/export/progress.docx?round=abc", 404),
        (f"/o/nathon/reports/{CURRENT}/export/progress.xlsx?round=12", 200),
        (f"/o/nathon/reports/{CURRENT}/export/memo.xlsx", 404),  # a memo has no tables
        ("/o/nathon/reports/2400/export/plan.docx", 404),
    ],
)
def test_export_urls_validate_their_input(client_of, coordinator, url, status):
    assert client_of(coordinator).get(url).status_code == status


def test_division_staff_cannot_download_exports(client_of, staff_palad):
    url = f"/o/nathon/reports/{CURRENT}/export/plan.docx"
    assert client_of(staff_palad).get(url).status_code == 403


def test_render_report_writes_docx_and_xlsx(nathon, tmp_path):
    from django.core.management import call_command

    out = tmp_path / "minutes.docx"
    call_command(
        "render_report",
        org="nathon",
        year=CURRENT,
        kind="minutes",
        format="docx",
        out=out,
        stdout=io.StringIO(),
    )
    assert Document(str(out)).paragraphs[0].text == "รายงานการประชุม"
    out = tmp_path / "tables.xlsx"
    call_command(
        "render_report",
        org="nathon",
        year=CURRENT,
        kind="tables",
        format="xlsx",
        out=out,
        stdout=io.StringIO(),
    )
    assert openpyxl.load_workbook(out).sheetnames == ["ตัวชี้วัด IIT-EIT", "OIT"]
