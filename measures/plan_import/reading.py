"""Read a Word (DOCX) or Excel (XLSX) file into plain data: its tables as grids of cells, and
(Word only) the paragraphs outside the tables. Nothing here knows what a plan is; ``reading``
gives ``interpret`` what the file holds, in a form that is stored as JSON on the PlanImport
between the upload and the confirmation.

The document (JSON-able)::

    {"format": "docx" | "xlsx",
     "tables": [{"source": "ตารางที่ ๑", "rows": [[cell, …], …]}, …],
     "paragraphs": [line, …]}

    cell = {"lines": [line, …], "merged": "" | "up" | "left"}
    line = {"text": "…", "list": ""}    # "list": Word's automatic numbering ("3:0"), or ""

A cell that continues a merged cell (Word's ``vMerge``/``gridSpan``, Excel's merged ranges) is
``merged`` ``up`` (the cell above holds the text) or ``left``; it has no lines of its own. A
paragraph with line breaks (Shift+Enter) gives one line per break; the text of every line is
as in the file, without the end-of-line spaces.

Only python-docx and openpyxl read the file; ``check_package`` refuses a zip that would
unpack into more than we are willing to read (a "zip bomb") before either library opens it.
"""

from __future__ import annotations

import io
import logging
import zipfile

from docx import Document as open_docx
from docx.oxml.ns import qn
from openpyxl import load_workbook

from ita_portal import thai

logger = logging.getLogger(__name__)

# Beyond these the file is refused unread: a plan is a few hundred KiB of XML.
MAX_XML_BYTES = 40 * 1024 * 1024  # all the XML parts of the package, unpacked
MAX_ROWS = 3000  # rows of one sheet or one table
MAX_COLUMNS = 40
MAX_TABLES = 200


class UnreadableFile(Exception):
    """The file cannot be read as the Word or Excel file it claims to be. ``message`` is Thai."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def check_package(data: bytes, *, main_part: str) -> None:
    """Refuse a package whose XML would unpack to more than ``MAX_XML_BYTES`` or that lacks
    ``main_part`` (``word/document.xml``, ``xl/workbook.xml``)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
    except zipfile.BadZipFile:
        raise UnreadableFile("เปิดไฟล์ไม่ได้ ไฟล์อาจเสียหาย") from None
    if main_part not in {info.filename for info in infos}:
        raise UnreadableFile("เปิดไฟล์ไม่ได้ ไฟล์อาจเสียหาย")
    xml = sum(info.file_size for info in infos if info.filename.endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        raise UnreadableFile(
            f"เนื้อหาในไฟล์ใหญ่เกินกว่าที่ระบบอ่านได้ (ข้อความและตารางรวมกันเกิน "
            f"{thai.thai_digits(MAX_XML_BYTES // 1024 // 1024)} MB) กรุณาแยกเฉพาะตารางแผนมาตรการ"
            "ไว้ในไฟล์ใหม่แล้วนำเข้าอีกครั้ง"
        )


def _line(text: str, numbered: str = "") -> dict:
    return {"text": text.rstrip(), "list": numbered}


def _cell(lines: list[dict], merged: str = "") -> dict:
    return {"lines": lines, "merged": merged}


# --- Word -------------------------------------------------------------------------------------


def _paragraph_lines(p) -> list[dict]:
    """The lines of one ``w:p``: runs' text, tabs as a tab, each break starts a new line."""
    numbered = ""
    num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr is not None:
        num_id = num_pr.find(qn("w:numId"))
        level = num_pr.find(qn("w:ilvl"))
        if num_id is not None and num_id.get(qn("w:val")) not in (None, "0"):
            numbered = (
                f"{num_id.get(qn('w:val'))}:{level.get(qn('w:val')) if level is not None else 0}"
            )
    parts: list[str] = [""]
    for element in p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if element.tag == qn("w:t"):
            parts[-1] += element.text or ""
        elif element.tag == qn("w:tab"):
            parts[-1] += "\t"
        elif element.get(qn("w:type")) in (None, "textWrapping"):
            parts.append("")
    return [_line(text, numbered if index == 0 else "") for index, text in enumerate(parts)]


def _cell_lines(tc) -> list[dict]:
    lines: list[dict] = []
    for p in tc.iter(qn("w:p")):
        if _inside(p, qn("w:tbl"), stop=tc):  # a table nested in the cell: not ours
            continue
        lines.extend(_paragraph_lines(p))
    return lines


def _inside(element, tag: str, *, stop) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _docx_rows(tbl) -> list[list[dict]]:
    rows = []
    for tr in tbl.iter(qn("w:tr")):  # rows may sit in content controls (w:sdt)
        if _inside(tr, qn("w:tbl"), stop=tbl):
            continue  # a row of a table nested in a cell
        row: list[dict] = []
        before = tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}")
        for _ in range(int(before.get(qn("w:val"), "0")) if before is not None else 0):
            row.append(_cell([]))
        for tc in tr.iter(qn("w:tc")):
            if _inside(tc, qn("w:tbl"), stop=tbl) or _inside(tc, qn("w:tc"), stop=tr):
                continue
            tc_pr = tc.find(qn("w:tcPr"))
            span, continues = 1, False
            if tc_pr is not None:
                grid_span = tc_pr.find(qn("w:gridSpan"))
                if grid_span is not None:
                    span = max(1, int(grid_span.get(qn("w:val"), "1")))
                v_merge = tc_pr.find(qn("w:vMerge"))
                if v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue":
                    continues = True
            row.append(_cell([], "up") if continues else _cell(_cell_lines(tc)))
            row.extend(_cell([], "up" if continues else "left") for _ in range(span - 1))
            if len(row) >= MAX_COLUMNS:
                break
        rows.append(row[:MAX_COLUMNS])
        if len(rows) >= MAX_ROWS:
            break
    return rows


def read_docx(data: bytes) -> dict:
    """Every table of the document body (nested tables are left out) and the paragraphs
    outside tables, in the order of the file."""
    check_package(data, main_part="word/document.xml")
    try:
        document = open_docx(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds on a broken package
        raise UnreadableFile("เปิดไฟล์ Word ไม่ได้ ไฟล์อาจเสียหาย") from error
    body = document.element.body
    tables, paragraphs = [], []
    for tbl in body.iter(qn("w:tbl")):
        if _inside(tbl, qn("w:tbl"), stop=body):
            continue
        number = thai.thai_digits(len(tables) + 1)
        tables.append({"source": f"ตารางที่ {number} ในไฟล์", "rows": _docx_rows(tbl)})
        if len(tables) >= MAX_TABLES:
            break
    for p in body.iter(qn("w:p")):
        if not _inside(p, qn("w:tbl"), stop=body):
            paragraphs.extend(_paragraph_lines(p))
    return {"format": "docx", "tables": tables, "paragraphs": paragraphs}


# --- Excel ------------------------------------------------------------------------------------


def _xlsx_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def read_xlsx(data: bytes) -> dict:
    """Each sheet's used range as one table (the formulas' stored values, not the formulas)."""
    check_package(data, main_part="xl/workbook.xml")
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a broken package
        raise UnreadableFile("เปิดไฟล์ Excel ไม่ได้ ไฟล์อาจเสียหาย") from error
    tables = []
    for sheet in book.worksheets:
        if sheet.max_row > MAX_ROWS:
            raise UnreadableFile(
                f"แผ่นงาน “{sheet.title}” มีมากกว่า {thai.thai_digits(MAX_ROWS)} แถว "
                "กรุณาแยกเฉพาะตารางแผนมาตรการไว้ในไฟล์ใหม่แล้วนำเข้าอีกครั้ง"
            )
        merged: dict[tuple[int, int], str] = {}
        for cells in sheet.merged_cells.ranges:
            for row in range(cells.min_row, cells.max_row + 1):
                for column in range(cells.min_col, cells.max_col + 1):
                    if (row, column) != (cells.min_row, cells.min_col):
                        merged[(row, column)] = "up" if column == cells.min_col else "left"
        width = min(sheet.max_column, MAX_COLUMNS)
        rows = []
        for index, values in enumerate(sheet.iter_rows(max_col=width, values_only=True), start=1):
            row = []
            for column, value in enumerate(values, start=1):
                how = merged.get((index, column), "")
                if how:
                    row.append(_cell([], how))
                else:
                    text = _xlsx_text(value).replace("\r\n", "\n").replace("\r", "\n")
                    row.append(_cell([_line(part) for part in text.split("\n")] if text else []))
            rows.append(row)
        tables.append({"source": f"แผ่นงาน “{sheet.title}”", "rows": rows})
    return {"format": "xlsx", "tables": tables, "paragraphs": []}


def read(data: bytes, file_format: str) -> dict:
    """``read_docx`` or ``read_xlsx`` by ``file_format`` ("docx", "xlsx"). Raises
    UnreadableFile (Thai) for anything the file does that we cannot read."""
    try:
        return read_docx(data) if file_format == "docx" else read_xlsx(data)
    except UnreadableFile:
        raise
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        # A package python-docx/openpyxl opened but whose XML says something odd (a gridSpan
        # that is not a number, a missing part): the person gets a Thai message, we the trace.
        logger.warning("an uploaded %s could not be read", file_format, exc_info=True)
        raise UnreadableFile("อ่านเนื้อหาในไฟล์ไม่ได้ ไฟล์อาจเสียหาย") from error
