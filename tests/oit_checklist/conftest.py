"""Fixtures of the OIT checklist tests: นาทอน's current fiscal year with the demo checklist
(the FY2566 framework), and frameworks written on the fly for other assessment years."""

from pathlib import Path

import pytest
from django.utils import timezone
from django_scopes import scope

from ita_portal import thai
from oit_checklist.demo import FRAMEWORK_FILE
from oit_checklist.models import ItemStatus
from organisations.models import FiscalYear

SHIPPED = FRAMEWORK_FILE.read_text(encoding="utf-8")
HEADER, *ROWS = SHIPPED.splitlines()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def this_year(nathon) -> FiscalYear:
    with scope(organisation=nathon):
        return FiscalYear.objects.select_related("framework").get(
            year=thai.fiscal_year_of(timezone.localdate())
        )


@pytest.fixture
def status_of(nathon, this_year):
    """``status_of(title)``: นาทอน's status of the item with that title this year."""

    def find(title: str, fiscal_year: FiscalYear | None = None) -> ItemStatus:
        with scope(organisation=nathon):
            return ItemStatus.objects.select_related("item", "division").get(
                fiscal_year=fiscal_year or this_year, item__title=title
            )

    return find


def fields(row: str) -> list[str]:
    return row.split("\t")


def framework_text(year: int, rows: list[list[str]]) -> str:
    return "\n".join([HEADER, *("\t".join([str(year), *row[1:]]) for row in rows)]) + "\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------
# A renumbered framework of 33 items, made from the FY2566 file the way the NACC changes one:
# nine items removed, two pairs merged, one new item, everything after them renumbered, one
# component changed, and the items regrouped into other sub-indicators.

REMOVED_2566 = {"06", "10", "16", "17", "26", "29", "30", "33", "41"}
MERGED_INTO = {"03": "01", "08": "05"}  # อำนาจหน้าที่ into โครงสร้าง, Q&A into ข้อมูลการติดต่อ
NEW_SUBS = {
    "9.1": ("9.1", "ข้อมูลพื้นฐานและการบริหารงาน"),
    "9.2": ("9.1", "ข้อมูลพื้นฐานและการบริหารงาน"),
    "9.3": ("9.2", "การจัดซื้อจัดจ้างและการบริหารทรัพยากรบุคคล"),
    "9.4": ("9.2", "การจัดซื้อจัดจ้างและการบริหารทรัพยากรบุคคล"),
    "9.5": ("9.3", "การส่งเสริมความโปร่งใส"),
    "10.1": ("10.1", "การดำเนินการเพื่อป้องกันการทุจริต"),
    "10.2": ("10.2", "มาตรการภายในเพื่อส่งเสริมคุณธรรมและความโปร่งใส"),
}
STRUCTURE_2568 = "โครงสร้างและอำนาจหน้าที่"
CHANGED_COMPONENT = ("ครอบคลุมปี พ.ศ. ๒๕๖๖", "ครอบคลุมปี พ.ศ. ๒๕๖๘")  # in แผนยุทธศาสตร์
OPEN_DATA = "ข้อมูลเปิดภาครัฐ (Open Data)"


def framework_33_rows(year: int) -> list[list[str]]:
    rows = {row[6]: row for row in (fields(line) for line in ROWS)}
    kept = []
    for number, row in rows.items():
        if number in REMOVED_2566 or number in MERGED_INTO:
            continue
        row = list(row)
        merged = [rows[old][9] for old, into in MERGED_INTO.items() if into == number]
        if merged:
            row[9] = " | ".join([row[9], *merged])
        if number == "01":
            row[8] = STRUCTURE_2568
        row[9] = row[9].replace(*CHANGED_COMPONENT)
        row[3], row[4] = NEW_SUBS[row[3]]
        kept.append(row)
        if number == "09":  # after Social Network
            new = list(row)
            new[5], new[8] = "", OPEN_DATA
            new[9] = "แสดงชุดข้อมูลเปิดของหน่วยงาน | เชื่อมโยงชุดข้อมูลกับศูนย์กลางข้อมูลเปิดภาครัฐ"
            kept.append(new)
    for position, row in enumerate(kept, start=1):
        row[0] = str(year)
        row[6] = f"{position:02d}"
        row[7] = thai.thai_digits(f"0{position}")
    assert len(kept) == 33
    return kept


def framework_33_text(year: int) -> str:
    return "\n".join([HEADER, *("\t".join(row) for row in framework_33_rows(year))]) + "\n"


def xlsx_of(rows: list[list[str]], *, header: list[str] | None = None, numbers=True) -> bytes:
    """A workbook as a person makes one in Excel (not with our writer): the year and the
    indicator typed as numbers, everything else as text."""
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "กรอบการประเมิน"
    sheet.append(header or HEADER.split("\t"))
    for row in rows:
        cells = list(row)
        if numbers:
            cells[0], cells[1] = int(cells[0]), int(cells[1])
        sheet.append([cell if cell != "" else None for cell in cells])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
