"""The framework's data files, TSV and XLSX: the same columns, one item per line (row).

* TSV: UTF-8 (a BOM is allowed), tab-separated, the header on the first line, nothing quoted;
  the format of ``data/oit_items_2566.tsv`` (see ``../shared/data/README.md``).
* XLSX: one worksheet, the header in its first row, the same columns; read with openpyxl in
  read-only mode. A formula is never evaluated and its cached value never trusted: a cell with
  a formula is an error of its row. Macro-enabled workbooks (``.xlsm``, a ``vbaProject.bin``
  inside), old ``.xls`` files, files whose content is not what their name says, DTDs (entity
  tricks) and archives that would unpack to more than ``MAX_UNPACKED_BYTES`` are refused before
  openpyxl opens them.

Reading gives a ``Table`` of text cells with the line (row) number of each row; whether the
values make a framework is ``loader.parse_rows``'s business. Writing gives exactly what
reading takes back: ``framework_to_tsv`` of a framework loaded from a file is that file.

This module only reads and writes bytes; it neither reads nor writes the database (the
caller gives the rows).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

COLUMNS = (
    "framework_year",
    "indicator",
    "indicator_title",
    "sub_indicator",
    "sub_indicator_title",
    "group_title",
    "item_no",
    "item_label",
    "item_title",
    "components",
    "default_responsible",
    "produced_by_portal",
)
COMPONENT_SEPARATOR = " | "

MAX_BYTES = 2 * 1024 * 1024  # the FY2566 file is 40 KB
MAX_ROWS = 1000
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_ARCHIVE_MEMBERS = 200
EXTENSIONS = (".tsv", ".xlsx")

TSV_CONTENT_TYPE = "text/tab-separated-values; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, .doc and other old Office files


class FileRefused(Exception):
    """The file as a whole cannot be read (wrong kind, too big, macros). ``message`` is Thai."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The cells of a file as text. ``unit`` names a line the way the person sees it: a line of
    a text editor (บรรทัดที่) or a row of a spreadsheet (แถวที่); the header is line 1."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    unit: str = "บรรทัดที่"


def read_upload(*, name: str, data: bytes) -> Table:
    """The table of a TSV or XLSX file, by its name's extension and checked against its content.
    Raises FileRefused."""
    suffix = PurePath(name or "").suffix.lower()
    if len(data) > MAX_BYTES:
        raise FileRefused(
            f"ไฟล์ใหญ่เกิน {MAX_BYTES // 1024 // 1024} MB กรอบการประเมินหนึ่งปีมีขนาดไม่ถึง 100 KB "
            "กรุณาตรวจว่าเลือกไฟล์ถูกต้อง"
        )
    if not data:
        raise FileRefused("ไฟล์ว่างเปล่า")
    if suffix in {".xlsm", ".xltm", ".xlsb", ".xlam"}:
        raise FileRefused(
            "ไม่รับไฟล์ Excel ที่มีมาโคร (.xlsm/.xlsb) กรุณาบันทึกเป็น “Excel Workbook (.xlsx)”"
        )
    if suffix == ".xls":
        raise FileRefused("ไม่รับไฟล์ Excel แบบเก่า (.xls) กรุณาบันทึกเป็น “Excel Workbook (.xlsx)”")
    if suffix == ".xlsx":
        return read_xlsx(data)
    if suffix in {".tsv", ".txt"}:
        return read_tsv(data)
    raise FileRefused("รับเฉพาะไฟล์ .tsv (ข้อความคั่นด้วย tab แบบ UTF-8) หรือ .xlsx (Excel)")


def read_tsv(data: bytes) -> Table:
    """A UTF-8, tab-separated file. Raises FileRefused when the bytes are not such text."""
    if data.startswith(_ZIP_MAGIC) or data.startswith(_OLE2_MAGIC):
        raise FileRefused(
            "เนื้อในของไฟล์เป็นไฟล์ Excel หรือไฟล์บีบอัด ไม่ใช่ข้อความคั่นด้วย tab "
            "ถ้าเป็นไฟล์ Excel กรุณาอัปโหลดเป็น .xlsx"
        )
    if b"\x00" in data:
        raise FileRefused("ไฟล์ไม่ใช่ข้อความ (มีอักขระ NUL) กรุณาบันทึกเป็นข้อความ UTF-8 คั่นด้วย tab")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRefused(
            f"บรรทัดที่ {line}: อ่านเป็น UTF-8 ไม่ได้ กรุณาบันทึกไฟล์เป็น UTF-8 "
            "(ใน Excel เลือก “Unicode Text” หรืออัปโหลดเป็น .xlsx แทน)"
        ) from None
    return read_tsv_text(text)


def read_tsv_text(text: str) -> Table:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not lines[0].strip():
        return Table(header=[], errors=[(1, "ไฟล์ว่างเปล่า ต้องมีบรรทัดหัวตาราง")])
    table = Table(header=[name.strip() for name in lines[0].split("\t")])
    for number, line in enumerate(lines[1:], start=2):
        if len(table.rows) >= MAX_ROWS:
            table.errors.append((number, f"ไฟล์มีเกิน {MAX_ROWS:,} แถว"))
            break
        table.rows.append((number, line.split("\t")))
    return table


def _check_archive(data: bytes) -> None:
    if data.startswith(_OLE2_MAGIC):
        raise FileRefused(
            "เนื้อในของไฟล์เป็นไฟล์ Excel แบบเก่า (.xls) หรือไฟล์ที่เข้ารหัสไว้ แม้จะชื่อ .xlsx "
            "กรุณาเปิดใน Excel แล้วบันทึกเป็น “Excel Workbook (.xlsx)” โดยไม่ใส่รหัสผ่าน"
        )
    if not data.startswith(_ZIP_MAGIC):
        raise FileRefused(
            "เนื้อในของไฟล์ไม่ใช่ไฟล์ Excel (.xlsx) ตามนามสกุล "
            "ถ้าเป็นข้อความคั่นด้วย tab กรุณาเปลี่ยนนามสกุลเป็น .tsv"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused("ไฟล์ Excel เสียหาย เปิดอ่านไม่ได้") from None
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise FileRefused("เนื้อในของไฟล์ไม่ใช่สมุดงาน Excel (.xlsx) แม้จะเป็นไฟล์บีบอัด")
    if len(members) > MAX_ARCHIVE_MEMBERS or (
        sum(member.file_size for member in members) > MAX_UNPACKED_BYTES
    ):
        raise FileRefused("ไฟล์ Excel มีเนื้อหาใหญ่ผิดปกติ ระบบไม่เปิดอ่าน")
    for member in members:
        lowered = member.filename.lower()
        if lowered.endswith(".bin") or "vbaproject" in lowered or "activex" in lowered:
            raise FileRefused(
                "ไฟล์ Excel มีมาโครหรือโปรแกรมฝังอยู่ ระบบไม่รับ กรุณาคัดลอกข้อมูลไปยังสมุดงานใหม่แล้วบันทึกเป็น .xlsx"
            )
        if lowered.endswith((".xml", ".rels")):
            with archive.open(member) as part:
                content = part.read(MAX_UNPACKED_BYTES + 1)
            if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
                raise FileRefused("ไฟล์ Excel มีโครงสร้างที่ระบบไม่รับ (DTD) กรุณาบันทึกใหม่จาก Excel")
            if lowered == "[content_types].xml" and b"macroenabled" in content.lower():
                raise FileRefused(
                    "ไฟล์เป็นสมุดงานแบบมีมาโคร แม้จะชื่อ .xlsx ระบบไม่รับ "
                    "กรุณาบันทึกเป็น “Excel Workbook (.xlsx)”"
                )


def _cell_text(cell) -> tuple[str, str | None]:
    """(text, problem) of one cell; formulas and values that are not text or numbers are
    problems."""
    value = cell.value
    if value is None:
        return "", None
    if getattr(cell, "data_type", None) == "f":
        return "", "เป็นสูตรคำนวณ ระบบไม่อ่านสูตร กรุณาพิมพ์ค่าลงในช่อง (วางแบบค่า)"
    if isinstance(value, bool | dt.date | dt.datetime | dt.time):
        return "", "ต้องเป็นข้อความหรือตัวเลข"
    if isinstance(value, int):
        return str(value), None
    if isinstance(value, float):
        return (str(int(value)) if value.is_integer() else repr(value)), None
    text = str(value)
    if "\t" in text or "\n" in text or "\r" in text:
        return "", "มีการขึ้นบรรทัดใหม่หรือ tab ในช่อง กรุณาคั่นองค์ประกอบด้วย “ | ” ในบรรทัดเดียว"
    return text, None


def read_xlsx(data: bytes) -> Table:
    """The one worksheet of an XLSX workbook. Raises FileRefused (see the module's docstring)."""
    from openpyxl import load_workbook  # only the operator's upload and the command need it

    _check_archive(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a broken workbook; all mean the same
        raise FileRefused("ไฟล์ Excel เสียหาย เปิดอ่านไม่ได้") from None
    try:
        sheets = workbook.worksheets
        if len(sheets) != 1:
            raise FileRefused(
                f"สมุดงานมี {len(sheets)} แผ่นงาน ต้องมีแผ่นงานเดียว "
                "(ลบแผ่นงานอื่นออก หรือคัดลอกแผ่นงานกรอบการประเมินไปยังสมุดงานใหม่)"
            )
        rows = sheets[0].iter_rows()
        table: Table | None = None
        for number, cells in enumerate(rows, start=1):
            texts, problems = [], []
            for position, cell in enumerate(cells):
                text, problem = _cell_text(cell)
                texts.append(text)
                if problem:
                    problems.append((position, problem))
            while texts and not texts[-1].strip():
                texts.pop()
            if table is None:
                table = Table(header=[name.strip() for name in texts], unit="แถวที่")
                for _position, problem in problems:
                    table.errors.append((1, f"หัวตาราง{problem}"))
                continue
            for position, problem in problems:
                column = table.header[position] if position < len(table.header) else ""
                where = f"ช่อง {column} " if column else f"คอลัมน์ที่ {position + 1} "
                table.errors.append((number, where + problem))
            if len(table.rows) >= MAX_ROWS:
                table.errors.append((number, f"แผ่นงานมีเกิน {MAX_ROWS:,} แถว"))
                break
            if len(texts) > len(table.header):
                table.errors.append((number, "มีข้อมูลในคอลัมน์ที่ไม่มีหัวตาราง"))
                continue
            texts += [""] * (len(table.header) - len(texts))
            table.rows.append((number, texts))
    finally:
        workbook.close()
    if table is None or not any(table.header):
        return Table(header=[], errors=[(1, "แผ่นงานว่างเปล่า ต้องมีหัวตารางในแถวแรก")], unit="แถวที่")
    return table


# ---------------------------------------------------------------------------------------------
# Writing


def to_tsv(rows: Iterable[Sequence[str]]) -> str:
    """The TSV text of ``rows`` (each in COLUMNS' order), with its header; "\\n" line ends."""
    return "\n".join("\t".join(row) for row in [COLUMNS, *rows]) + "\n"


_WIDTHS = {
    "indicator_title": 22,
    "sub_indicator_title": 28,
    "group_title": 28,
    "item_title": 45,
    "components": 90,
    "default_responsible": 22,
    "produced_by_portal": 18,
}


def to_xlsx(rows: Iterable[Sequence[str]], *, title: str) -> bytes:
    """One worksheet with the header (bold, frozen) and ``rows``; every cell is text (format
    ``@``), so that Excel keeps ``01`` as ``01`` and ``10.10`` as ``10.10`` when edited."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(list(row))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            cell.number_format = "@"
            if cell.row > 1:
                cell.alignment = wrap
    for position, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = _WIDTHS.get(name, 12)
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
