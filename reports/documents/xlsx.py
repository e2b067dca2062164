"""The XLSX export (openpyxl) of the kinds with tables (plan, progress, results, tables, book,
minutes): one sheet per table under a title row and the organisation's row, header row frozen
and repeated on printed pages, widths, wrapping, each row as tall as its wrapped text (written
as a measured height, not a fixed one); what a person typed is always text, never a formula.
Numbers (a measure's, a step's, a list's) are stored as numbers and shown in Thai digits by
their number format (``[$-D00041E]``: Thai numerals, Gregorian calendar, Thai locale; checked
with LibreOffice Calc, which also renders ``[$-0D00041E]``, and not ``[$-D07041E]``)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ita_portal import thai
from reports.documents.exports import XLSX_KINDS, export_kind, line_cells, wrapped_lines

XLSX_FONT = "TH Sarabun New"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


THAI_DIGITS = "[$-D00041E]"
NUMBER_FORMAT = THAI_DIGITS + "0"


class Number(int):
    """A whole number for a cell, with its number format (``(๑)`` for a step)."""

    def __new__(cls, value, number_format: str = NUMBER_FORMAT):
        number = super().__new__(cls, value)
        number.number_format = number_format
        return number


def number_of(text: str):
    """A list's number written in Thai digits ("๑๕") as a Number; any other text as it is."""
    digits = thai.arabic_digits(str(text or ""))
    return Number(int(digits)) if digits.isdigit() else text


STEP_FORMAT = THAI_DIGITS + "\\(0\\)"


# A spreadsheet reads text that starts with one of these as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


HEADER_ROW = 3  # under the title and the organisation


def _as_text(cell) -> None:
    """Whatever a person typed stays text: openpyxl takes a string that starts with "=" for a
    formula, so the type is set back to string, and text that Excel would read as a formula
    when the cell is edited gets the quote prefix (shown as typed, never evaluated)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def _lines(value):
    if isinstance(value, Number):
        return value
    if isinstance(value, list):
        return "\n".join(str(v) for v in value if v not in (None, ""))
    return "" if value is None else str(value)


class _Xlsx:
    def __init__(self, title: str = "", organisation: str = ""):
        self.book = Workbook()
        self.book.remove(self.book.active)
        self.titles: set[str] = set()
        self.title, self.organisation = title, organisation

    def sheet(self, title: str, headers: list[str], widths: list[float], rows: list[list]):
        """One table on its own sheet: the document's title and the organisation on top, bold
        header row frozen, filtered and printed on every page, widths, wrapping."""
        name = title[:31]
        for bad in "[]:*?/\\":
            name = name.replace(bad, " ")
        suffix = 2
        while name in self.titles:
            name = f"{title[:28]} {suffix}"
            suffix += 1
        self.titles.add(name)
        ws = self.book.create_sheet(name)
        last = get_column_letter(len(headers))
        for line, (text, size) in enumerate(
            ((self.title or title, 16), (self.organisation, 14)), start=1
        ):
            ws.cell(line, 1, text).font = Font(name=XLSX_FONT, size=size, bold=True)
            ws.cell(line, 1).alignment = Alignment(horizontal="center", vertical="center")
            ws.merge_cells(f"A{line}:{last}{line}")
        ws.append(headers)
        for values in rows:
            ws.append([_lines(v) for v in values])
        for row in ws.iter_rows():
            for cell in row:
                _as_text(cell)
        header_font = Font(name=XLSX_FONT, size=14, bold=True)
        body_font = Font(name=XLSX_FONT, size=14)
        fill = PatternFill("solid", fgColor="EEEEEE")
        wrap = Alignment(wrap_text=True, vertical="top")
        for cell in ws[HEADER_ROW]:
            cell.font, cell.fill, cell.border = header_font, fill, _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for values, row in zip(rows, ws.iter_rows(min_row=HEADER_ROW + 1), strict=True):
            for value, cell in zip(values, row, strict=False):
                cell.font, cell.alignment, cell.border = body_font, wrap, _BORDER
                if isinstance(value, Number):
                    cell.number_format = value.number_format
        for index, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(index)].width = width
        for number, values in enumerate(rows, start=HEADER_ROW + 1):
            ws.row_dimensions[number].height = _row_height(values, widths)
        ws.freeze_panes = f"A{HEADER_ROW + 1}"
        if rows:
            ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{ws.max_row}"
        # The header repeats on printed pages too.
        ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        return ws

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.book.save(buffer)
        return _auto_heights(buffer.getvalue())


# TH Sarabun New at 14 pt: about 1.2 Thai characters (marks above and below take no width) to
# a unit of column width, 18 points a line.
_CHARS_PER_UNIT = 1.2
MAX_ROW_PT = 409  # the tallest row Excel keeps (a longer text is read in its cell)
_LINE_PT = 18


def _row_height(values: list, widths: list[float]) -> float:
    """The height a row's wrapped text needs: neither Excel nor LibreOffice measures the rows
    of a file they open, they take the height written (or one line)."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        lines = max(lines, wrapped_lines(_lines(value), width * _CHARS_PER_UNIT))
    return min(lines * _LINE_PT + 4, MAX_ROW_PT)


def _auto_heights(data: bytes) -> bytes:
    """The rows' heights written as measured, not as set by hand (openpyxl marks every height
    customHeight): Excel and Calc fit such a row again when its text is edited."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                content = content.replace(b' customHeight="1"', b"")
            target.writestr(item, content)
    return out.getvalue()


def _measure_rows(measures: list[dict], columns) -> list[list]:
    rows = []
    for measure in measures:
        indicator = measure.get("indicator") or {}
        indicator_text = (
            f"ตัวชี้วัดที่ {indicator['number_text']} {indicator['title']}" if indicator else ""
        )
        for step in measure.get("steps") or [{}]:
            rows.append(
                [
                    Number(measure["number"]) if "number" in measure else "",
                    thai.thai_digits(measure.get("title", "")),
                    indicator_text,
                    *columns(step),
                ]
            )
    return rows


def _step_number(step: dict):
    return Number(step["number"], STEP_FORMAT) if "number" in step else step.get("label", "")


def _xlsx_plan(x: _Xlsx, plan: dict, prefix: str = ""):
    x.sheet(
        f"{prefix}มาตรการ",
        [
            "ที่",
            "มาตรการ/แนวทาง",
            "ตัวชี้วัด",
            "ขั้นตอน",
            "วิธีการดำเนินการ",
            "ผู้รับผิดชอบ",
            "ระยะเวลาดำเนินการ",
            "การกำกับติดตาม",
        ],
        [6, 40, 28, 8, 50, 22, 20, 22],
        _measure_rows(
            plan.get("measures", []),
            lambda step: [
                _step_number(step),
                thai.thai_digits(step.get("text", "")),
                step.get("divisions", []),
                step.get("period", ""),
                step.get("rounds_text", ""),
            ],
        ),
    )
    _xlsx_lines(x, plan.get("indicator_lines", []), f"{prefix}แนวทาง IIT-EIT", progress=False)


def _xlsx_lines(x: _Xlsx, lines: list[dict], title: str, *, progress: bool):
    headers = ["ตัวชี้วัด", "แนวทางในการยกระดับ", "ผู้รับผิดชอบ", "ระยะเวลา"]
    widths = [32, 50, 22, 20]
    if progress:
        headers += ["ความก้าวหน้า", "ผลการดำเนินการ"]
        widths += [20, 50]
    rows = []
    for line in lines:
        row = line_cells(line)
        if progress:
            state = line.get("progress") or {}
            row += [
                "ดำเนินการ" if state.get("done") else "ยังไม่ได้ดำเนินการ",
                thai.thai_digits(state.get("output", "")),
            ]
        rows.append(row)
    x.sheet(title, headers, widths, rows)


def _xlsx_progress(x: _Xlsx, p: dict, prefix: str = "", *, lines: bool = True):
    def columns(step):
        progress = step.get("progress") or {}
        return [
            _step_number(step),
            thai.thai_digits(step.get("text", "")),
            step.get("divisions", []),
            step.get("period", ""),
            progress.get("status_label", ""),
            thai.thai_digits(progress.get("output", "")),
            thai.thai_digits(progress.get("outcome", "")),
            thai.thai_digits(progress.get("suggestion", "")),
            thai.thai_digits(progress.get("remark", "")),
        ]

    x.sheet(
        f"{prefix}ผลการดำเนินการ {p.get('round_text', '')}".strip(),
        [
            "ที่",
            "มาตรการ/แนวทาง",
            "ตัวชี้วัด",
            "ขั้นตอน",
            "วิธีการดำเนินการ",
            "ผู้รับผิดชอบ",
            "ระยะเวลาดำเนินการ",
            "สถานะ",
            "ผลการดำเนินการ (ผลผลิต)",
            "ผลลัพธ์หรือผลสัมฤทธิ์",
            "ข้อเสนอแนะ",
            "หมายเหตุ",
        ],
        [6, 36, 26, 8, 44, 20, 18, 16, 44, 40, 30, 24],
        _measure_rows(p.get("measures", []), columns),
    )
    if lines:
        _xlsx_lines(x, p.get("indicator_lines", []), f"{prefix}ผล IIT-EIT", progress=True)


def _xlsx_tables(x: _Xlsx, t: dict):
    _xlsx_lines(x, t.get("indicator_lines", []), "ตัวชี้วัด IIT-EIT", progress=True)
    rows = []
    for group in t.get("oit", []):
        for item in group.get("items", []):
            rows.append(
                [
                    f"{group.get('code_text', '')} {group.get('title', '')}",
                    item.get("label", ""),
                    thai.thai_digits(item.get("title", "")),
                    [
                        f"{thai.thai_digits(n)}) {thai.thai_digits(c['text'])}"
                        for n, c in enumerate(item.get("components", []), start=1)
                    ],
                    item.get("division", ""),
                    "ดำเนินการ" if item.get("done") else "ยังไม่ได้ดำเนินการ",
                    thai.thai_digits(item.get("progress", "")),
                    item.get("urls", []),
                ]
            )
    x.sheet(
        "OIT",
        [
            "ตัวชี้วัดย่อย",
            "ข้อ",
            "ข้อมูล",
            "องค์ประกอบด้านข้อมูล",
            "ผู้รับผิดชอบ",
            "ความก้าวหน้า",
            "ผลการดำเนินการ",
            "ลิงก์ (URL)",
        ],
        [26, 7, 36, 70, 20, 18, 40, 40],
        rows,
    )


def _xlsx_minutes(x: _Xlsx, m: dict):
    x.sheet(
        "ข้อบกพร่อง OIT",
        ["ที่", "ข้อ", "ปัญหา / ข้อบกพร่อง", "ผู้รับผิดชอบ", "กำหนดแล้วเสร็จ"],
        [6, 44, 60, 22, 20],
        [
            [
                number_of(d["number_text"]),
                d["item_label"],
                d["problem"],
                d["division"],
                d["deadline_text"],
            ]
            for d in m.get("deficiencies", [])
        ],
    )
    x.sheet(
        "ผู้ประชุม",
        ["ประเภท", "ที่", "ชื่อ - สกุล", "ตำแหน่ง", "หมายเหตุ"],
        [20, 6, 34, 44, 20],
        [
            [
                group["title"],
                number_of(p["number_text"]),
                p["name"],
                p["position"],
                p.get("note", ""),
            ]
            for group in m.get("attendees", [])
            for p in group.get("people", [])
        ],
    )


def to_xlsx(snapshot: dict, *, kind: str | None = None) -> bytes:
    """The report's tables as a workbook, one sheet per table (see the module's docstring)."""
    kind = export_kind(snapshot, kind, XLSX_KINDS)
    content = snapshot.get("content") or {}
    x = _Xlsx(
        (snapshot.get("report") or {}).get("title", ""),
        (snapshot.get("organisation") or {}).get("name", ""),
    )
    if kind == "plan":
        _xlsx_plan(x, content)
    elif kind in ("progress", "results"):
        _xlsx_progress(x, content)
    elif kind == "tables":
        _xlsx_tables(x, content)
    elif kind == "book":
        _xlsx_plan(x, content.get("plan") or {}, "แผน ")
        # The IIT/EIT progress of the round is the tables' sheet; not twice.
        _xlsx_progress(x, content.get("results") or {}, lines=False)
        _xlsx_tables(x, content.get("tables") or {})
    elif kind == "minutes":
        _xlsx_minutes(x, content)
    x.book.properties.title = (snapshot.get("report") or {}).get("title", "")
    return x.bytes()
