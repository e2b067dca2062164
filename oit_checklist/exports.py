"""The ITAS sheet as XLSX: every item of the year in the framework's order with what the
coordinator types into the assessor's system (ITAS of สำนักงาน ป.ป.ช.) in its window."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ita_portal import thai

from .selectors import ItasRow

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = (
    ("ข้อ", 8),
    ("ข้อมูล", 40),
    ("ตัวชี้วัดย่อย", 24),
    ("URL ที่กรอกในระบบ ITAS", 60),
    ("องค์ประกอบที่ยังขาด", 60),
    ("ส่วนราชการที่รับผิดชอบ", 22),
    ("สถานะ", 14),
)


def itas_xlsx(*, rows: list[ItasRow], organisation_name: str, fiscal_year: int) -> bytes:
    """One sheet: a title line, the header (frozen) and one row per item; URLs and missing
    components one per line in their cells."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"ITAS {fiscal_year}"
    sheet.append(
        [f"ข้อมูล OIT สำหรับกรอกในระบบ ITAS {organisation_name} ปีงบประมาณ พ.ศ. {fiscal_year}"]
    )
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([name for name, _width in HEADER])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        sheet.append(
            [
                row.item.label,
                row.item.title,
                f"{thai.thai_digits(row.item.sub_indicator.code)} {row.item.sub_indicator.title}",
                "\n".join(row.urls),
                "\n".join(component.text for component in row.missing),
                row.division,
                row.readiness,
            ]
        )
        for cell in sheet[sheet.max_row]:
            cell.alignment = wrap
    for position, (_name, width) in enumerate(HEADER, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = width
    sheet.freeze_panes = "A3"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
