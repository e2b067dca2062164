"""Framework files: the shipped TSV and the same table in Excel load identically, export → load
round-trips exactly, and an XLSX is checked as strictly as a TSV (formulas, macros, disguised
files, more than one sheet are refused, nothing is written)."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled
from openpyxl import Workbook, load_workbook

from oit_checklist.demo import FRAMEWORK_FILE
from oit_checklist.models import Framework, OitComponent, OitItem, SubIndicator

from .conftest import HEADER, ROWS, fields, write, xlsx_of

pytestmark = pytest.mark.django_db


def _dump(year: int) -> list[tuple]:
    """What a framework says, item by item, without ids."""
    framework = Framework.objects.get(year=year)
    return [
        (
            item.sub_indicator.indicator,
            item.sub_indicator.indicator_title,
            item.sub_indicator.code,
            item.sub_indicator.title,
            item.group_title,
            item.number,
            item.label,
            item.title,
            tuple(c.text for c in item.components.order_by("order")),
            item.default_responsible,
            item.produced_by_portal,
        )
        for item in framework.items.select_related("sub_indicator").order_by("order")
    ]


def _history_rows() -> int:
    """History records of the framework's content (the file name it came from may change)."""
    return sum(model.history.count() for model in (SubIndicator, OitItem, OitComponent))


def _rows_of(year: int) -> list[list[str]]:
    return [[str(year), *fields(row)[1:]] for row in ROWS]


def test_the_shipped_tsv_and_the_same_table_in_excel_load_identically(tmp_path, capsys):
    write(tmp_path, "oit-2567.tsv", "\n".join([HEADER, *("\t".join(r) for r in _rows_of(2567))]))
    call_command("load_oit_framework", str(tmp_path / "oit-2567.tsv"), "--year", "2567")
    (tmp_path / "oit-2568.xlsx").write_bytes(xlsx_of(_rows_of(2568)))
    call_command("load_oit_framework", str(tmp_path / "oit-2568.xlsx"), "--year", "2568")
    out = capsys.readouterr().out
    assert "นำเข้ากรอบการประเมิน OIT ปี พ.ศ. 2568 แล้ว: 43 ข้อ, 108 องค์ประกอบ" in out

    assert _dump(2568) == _dump(2567) == _dump(2566)
    assert len(_dump(2568)) == 43
    assert Framework.objects.get(year=2568).status == "published"


@pytest.mark.parametrize("fmt", ["tsv", "xlsx"])
def test_export_then_load_round_trips_exactly(fmt, tmp_path, capsys):
    out = tmp_path / f"oit-2566.{fmt}"
    call_command("export_oit_framework", "--year", "2566", "--out", str(out))
    assert "เขียนกรอบการประเมิน OIT ปี พ.ศ. 2566" in capsys.readouterr().out
    if fmt == "tsv":  # byte for byte the file we ship
        assert out.read_bytes() == FRAMEWORK_FILE.read_bytes()
    else:
        sheet = load_workbook(out, read_only=True).active
        first = next(sheet.iter_rows(min_row=2, max_row=2, values_only=True))
        assert first[6:9] == ("01", "๐๑", "โครงสร้าง")  # item numbers stay text in Excel
    before, history = _dump(2566), _history_rows()
    call_command("load_oit_framework", str(out), "--year", "2566")
    assert "ปรับปรุงกรอบการประเมิน OIT ปี พ.ศ. 2566 แล้ว" in capsys.readouterr().out
    assert _dump(2566) == before
    assert _history_rows() == history, "loading what is there already changes nothing"
    assert Framework.objects.get(year=2566).source_name == out.name


def test_export_refuses_an_unknown_year_and_format(tmp_path):
    with pytest.raises(CommandError, match=r"ไม่มีกรอบการประเมิน OIT ปี พ\.ศ\. 2590"):
        call_command("export_oit_framework", "--year", "2590", "--out", str(tmp_path / "a.tsv"))
    with pytest.raises(CommandError, match=r"\.tsv หรือ \.xlsx"):
        call_command("export_oit_framework", "--year", "2566", "--out", str(tmp_path / "a.csv"))


def _refused(tmp_path, name: str, data: bytes, year: int = 2567) -> str:
    counts = (Framework.objects.count(), OitItem.objects.count(), OitComponent.objects.count())
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError) as refused:
        call_command("load_oit_framework", str(path), "--year", str(year))
    after = (Framework.objects.count(), OitItem.objects.count(), OitComponent.objects.count())
    assert after == counts, "a refused file writes nothing"
    return str(refused.value)


def test_an_excel_row_with_an_error_is_named_by_its_row(tmp_path):
    rows = _rows_of(2567)
    rows[9][8] = ""  # row 11 of the sheet (the header is row 1)
    rows[20][6] = rows[19][6]
    message = _refused(tmp_path, "oit.xlsx", xlsx_of(rows))
    assert "แถวที่ 11: ช่อง item_title ว่าง" in message
    assert "แถวที่ 22: item_no 20 ซ้ำกับบรรทัดที่ 21" in message


def test_a_formula_is_never_evaluated_and_is_refused_with_its_row(tmp_path):
    workbook = load_workbook(io.BytesIO(xlsx_of(_rows_of(2567))))
    workbook.active["I5"] = '=CONCATENATE("ข้อมูล","ผู้บริหาร")'
    output = io.BytesIO()
    workbook.save(output)
    message = _refused(tmp_path, "oit.xlsx", output.getvalue())
    assert "แถวที่ 5: ช่อง item_title เป็นสูตรคำนวณ ระบบไม่อ่านสูตร" in message


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for member in source.infolist():
            target.writestr(member, source.read(member.filename))
        target.writestr(name, content)
    return output.getvalue()


def test_macro_enabled_and_disguised_files_are_refused(tmp_path):
    good = xlsx_of(_rows_of(2567))
    assert "มีมาโคร" in _refused(tmp_path, "oit.xlsm", good)
    with_macro = _with_member(good, "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    assert "มีมาโครหรือโปรแกรมฝังอยู่" in _refused(tmp_path, "oit.xlsx", with_macro)
    tsv = FRAMEWORK_FILE.read_bytes().replace(b"2566\t", b"2567\t")
    assert "ไม่ใช่ไฟล์ Excel (.xlsx) ตามนามสกุล" in _refused(tmp_path, "oit.xlsx", tsv)
    assert "ไม่ใช่ข้อความคั่นด้วย tab" in _refused(tmp_path, "oit.tsv", good)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512  # an old .xls named .xlsx
    assert "Excel แบบเก่า (.xls)" in _refused(tmp_path, "oit.xlsx", ole)
    assert "ไม่รับไฟล์ Excel แบบเก่า" in _refused(tmp_path, "oit.xls", ole)
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert "ไม่ใช่สมุดงาน Excel" in _refused(tmp_path, "oit.xlsx", zipped.getvalue())
    entity = _with_member(good, "xl/custom.xml", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    assert "DTD" in _refused(tmp_path, "oit.xlsx", entity)
    assert "รับเฉพาะไฟล์ .tsv" in _refused(tmp_path, "oit.csv", tsv)


def test_a_workbook_with_two_sheets_or_too_big_a_file_is_refused(tmp_path):
    workbook = load_workbook(io.BytesIO(xlsx_of(_rows_of(2567))))
    workbook.create_sheet("หมายเหตุ")
    output = io.BytesIO()
    workbook.save(output)
    assert "สมุดงานมี 2 แผ่นงาน ต้องมีแผ่นงานเดียว" in _refused(tmp_path, "oit.xlsx", output.getvalue())
    big = FRAMEWORK_FILE.read_bytes() * 60
    assert "ไฟล์ใหญ่เกิน 2 MB" in _refused(tmp_path, "oit.tsv", big)


def test_cells_that_are_not_text_or_numbers_are_refused(tmp_path):
    import datetime as dt

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split("\t"))
    row = fields(ROWS[0])
    row[0] = "2567"
    sheet.append(row)
    sheet["K2"] = dt.date(2025, 1, 1)
    sheet["J2"] = "บรรทัดแรก\nบรรทัดที่สอง"
    output = io.BytesIO()
    workbook.save(output)
    message = _refused(tmp_path, "oit.xlsx", output.getvalue())
    assert "แถวที่ 2: ช่อง default_responsible ต้องเป็นข้อความหรือตัวเลข" in message
    assert "แถวที่ 2: ช่อง components มีการขึ้นบรรทัดใหม่หรือ tab" in message


def test_a_tsv_that_is_not_utf8_names_its_line(tmp_path):
    text = FRAMEWORK_FILE.read_text(encoding="utf-8").replace("2566\t", "2567\t")
    data = text.encode("utf-8").replace("ข้อมูลผู้บริหาร".encode(), "ข้อมูลผู้บริหาร".encode("cp874"))
    assert "บรรทัดที่ 3: อ่านเป็น UTF-8 ไม่ได้" in _refused(tmp_path, "oit.tsv", data)


def test_a_new_year_loaded_as_a_draft_is_not_published(tmp_path, capsys):
    path = tmp_path / "oit-2567.xlsx"
    path.write_bytes(xlsx_of(_rows_of(2567)))
    call_command("load_oit_framework", str(path), "--year", "2567", "--draft")
    assert "(ฉบับร่าง)" in capsys.readouterr().out
    with scopes_disabled():
        assert Framework.objects.get(year=2567).is_draft
