"""Reading a plan table's columns and cells: which field a Thai column header names (with the
variants the seeds use), the numbering labels of steps ("(๑)", "๑.", "1)", "-", Word's own
numbering), how a cell splits into steps, the ITA indicator a text names, the follow-up rounds.
"""

from __future__ import annotations

import re

from ita_portal import thai

from .divisions import squeeze

# --- Columns ----------------------------------------------------------------------------------

FIELD_LABELS = {
    "measure": "มาตรการ/แนวทาง",
    "steps": "วิธีการดำเนินการ / ขั้นตอน",
    "responsible": "ผู้รับผิดชอบ",
    "period": "ระยะเวลาดำเนินการ",
    "follow_up": "การกำกับติดตาม (รอบ ๖ / ๑๒ เดือน)",
    "indicator": "ตัวชี้วัด",
    "issue": "ประเด็นจากผลการประเมิน",
    "number": "ลำดับที่ของมาตรการ",
    "step_number": "ลำดับขั้นตอน",
    "approach": "แนวทางในการยกระดับ (ตัวชี้วัด IIT/EIT)",
    "results": "ผลการดำเนินการ (ไม่นำเข้า)",
    "": "ไม่นำเข้า",
}
# (field, how the squeezed header is tested, words), first match wins. "equals" before
# "contains": the XLSX export's "ขั้นตอน" column holds the step's label, "ขั้นตอน/วิธีการปฏิบัติ"
# (seed 001) its text. Results columns are recognised so that they are not taken for anything.
_HEADER_RULES = [
    ("number", "equals", ("ที่", "ลำดับ", "ลำดับที่", "ข้อ", "ข้อที่")),
    ("step_number", "equals", ("ขั้นตอน", "ขั้นตอนที่", "ลำดับขั้นตอน")),
    (
        "results",
        "contains",
        (
            "ผลการดำเนิน",
            "ผลลัพธ์",
            "ผลสัมฤทธิ์",
            "ข้อเสนอแนะ",
            "หมายเหตุ",
            "สรุปผล",
            "ความก้าวหน้า",
            "สถานะ",
            "output",
            "outcome",
            "งบประมาณ",
            "ปัญหาอุปสรรค",
        ),
    ),
    ("responsible", "contains", ("ผู้รับผิดชอบ", "รับผิดชอบ", "ผู้ดำเนินการ")),
    ("period", "contains", ("ระยะเวลา", "ห้วงเวลา", "ช่วงเวลา", "กำหนดเวลา", "ปีงบประมาณ")),
    ("follow_up", "contains", ("กำกับติดตาม", "การติดตาม", "รอบการติดตาม")),
    ("approach", "contains", ("แนวทางในการยกระดับ", "แนวทางการยกระดับ", "การยกระดับ")),
    (
        "steps",
        "contains",
        ("วิธีการ", "วิธีดำเนิน", "วิธีปฏิบัติ", "ขั้นตอน", "รายละเอียดการดำเนิน"),
    ),
    ("measure", "contains", ("มาตรการ", "โครงการ", "แนวทาง")),
    ("indicator", "contains", ("ตัวชี้วัด",)),
    ("issue", "contains", ("ประเด็น",)),
]
_SINGLE_FIELDS = set(FIELD_LABELS) - {"", "results"}


def guess_field(header: str) -> str:
    """The field a column header names, or "" (not imported)."""
    words = squeeze(header).lower()
    if not words:
        return ""
    for name, how, patterns in _HEADER_RULES:
        if how == "equals" and words.rstrip(".") in patterns:
            return name
        if how == "contains" and any(p in words for p in patterns):
            return name
    return ""


def guess_mapping(headers: list[str]) -> list[str]:
    """One field per column; a field goes to its leftmost column only."""
    taken: set[str] = set()
    mapping = []
    for header in headers:
        name = guess_field(header)
        if name in _SINGLE_FIELDS:
            if name in taken:
                name = ""
            taken.add(name)
        mapping.append(name)
    return mapping


def table_kind(mapping: list[str]) -> str:
    """``measures`` (มาตรการ and its steps, who or when), ``lines`` (IIT/EIT: ตัวชี้วัด and
    แนวทางในการยกระดับ) or "" (not a plan table)."""
    fields = set(mapping)
    if "measure" in fields and fields & {"steps", "responsible", "period"}:
        return "measures"
    if "approach" in fields and "indicator" in fields and "measure" not in fields:
        return "lines"
    return ""


# --- Numbering labels -------------------------------------------------------------------------

_D = "[0-9๐-๙]"
_LABELS = [
    ("dot3", re.compile(rf"^{_D}{{1,2}}\.{_D}{{1,2}}\.{_D}{{1,2}}\.?\s*")),
    ("dot2", re.compile(rf"^{_D}{{1,2}}\.{_D}{{1,2}}(?!{_D})\.?\s*")),
    ("paren", re.compile(rf"^\(\s*{_D}{{1,2}}\s*\)\s*")),
    ("rparen", re.compile(rf"^{_D}{{1,2}}\s*\)\s*")),
    ("dot", re.compile(rf"^{_D}{{1,2}}\s*\.(?!{_D})\s*")),
    ("bullet", re.compile(r"^[-–—•●○▪■◦∙·*]\s*")),
]


def label_of(line: dict) -> tuple[str, str]:
    """(kind of the numbering label the line starts with, or "", the text after it)."""
    text = line["text"].strip()
    for kind, pattern in _LABELS:
        match = pattern.match(text)
        if match and text[match.end() :].strip():
            return kind, text[match.end() :].strip()
    if line.get("list"):
        return f"auto:{line['list']}", text
    return "", text


def strip_label(text: str) -> str:
    kind, rest = label_of({"text": text, "list": ""})
    return rest if kind and kind != "bullet" else text.strip()


ISSUE_START = ("จากผลการประเมิน", "ประเด็น")
INDICATOR_LINE = re.compile(rf"^\(?\s*ตัวชี้วัดที่\s*({_D}{{1,2}})(?!{_D})[^()]*\)?$")
_INDICATOR_IN_TEXT = re.compile(rf"ตัวชี้วัดที่\s*({_D}{{1,2}})(?!{_D})")


def indicator_number(text: str, titles: dict[int, str] | None = None) -> int | None:
    """The ITA indicator (๑–๑๐) a text names: "ตัวชี้วัดที่ ๔ …", or its title."""
    match = _INDICATOR_IN_TEXT.search(text or "")
    if match:
        number = int(thai.arabic_digits(match.group(1)))
        return number if 1 <= number <= 10 else None
    words = squeeze(text or "")
    for number, title in sorted((titles or {}).items(), key=lambda p: -len(p[1])):
        if title and squeeze(title) in words:
            return number
    return None


def split_steps(lines: list[dict], style: str = "") -> tuple[list[str], list[list[str]], str]:
    """A cell's lines as (lead lines before the first step, steps, numbering style of the
    steps). The first label found sets the style; lines labelled otherwise ("(๑) ชื่องาน" under
    "๑. จัดทำคู่มือ … ดังนี้") stay in the step above them, label and all."""
    lead: list[str] = []
    items: list[list[str]] = []
    for line in lines:
        kind, rest = label_of(line)
        if kind and not style:
            style = kind
        if kind and kind == style:
            items.append([rest])
        elif items:
            items[-1].append(line["text"].strip())
        else:
            lead.append(line["text"].strip())
    return lead, items, style


def follow_up(text: str) -> tuple[bool, bool]:
    """รอบ ๖ เดือน / รอบ ๑๒ เดือน from the text of an การกำกับติดตาม cell (both when it names
    neither)."""
    plain = thai.arabic_digits(text)
    six = bool(re.search(r"(?<!\d)6(?!\d)", plain))
    twelve = bool(re.search(r"(?<!\d)12(?!\d)", plain))
    return (six, twelve) if six or twelve else (True, True)


_INFO_WORDS = [
    ("responsible", ("ผู้รับผิดชอบ", "หน่วยงานที่รับผิดชอบ", "หน่วยงานรับผิดชอบ")),
    ("period", ("ระยะเวลาดำเนินการ", "ระยะเวลาในการดำเนินการ", "ระยะเวลา")),
    ("follow_up", ("การกำกับติดตาม", "การติดตาม")),
]


def info_line(text: str) -> tuple[str, str] | None:
    plain = text.strip()
    for name, words in _INFO_WORDS:
        for word in words:
            if plain.startswith(word):
                return name, plain[len(word) :].lstrip(" :：-").strip()
    return None


def toc_line(text: str) -> bool:
    return bool(re.search(rf"\t\s*{_D}+(?:\s*-\s*{_D}+)?\s*$", text))
