"""The DOCX export (python-docx) of every kind, for offices that still edit in Word: memo (with
the approval blocks in chain order), plan, progress, results, tables, book, minutes.

Thai in Word: Thai is a complex script, so Word takes its font from ``w:rFonts/@w:cs``, its size
from ``w:szCs`` and its bold from ``w:bCs``; every run and the document defaults set all of them
(``TH Sarabun New``, 16 pt, as the correspondence rules ask). Page numbers are a ``PAGE``
field with the ``\\* ThaiArabic`` switch ("- ๒ -") from page two. Tables are as wide as the
text, their column grid equal to their cells; header rows repeat on every page
(``w:tblHeader``) and a row taller than a third of a page may split.

The words are the print templates' (``reports/templates/reports/print/``), cell by cell, from
the same content (``reports.documents.content``): a change to what the PDF says is made here
too, and ``tests/reports/test_docx_exports.py`` compares the two texts.
"""

from __future__ import annotations

import datetime as dt
import io
import logging

from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Cm

from ita_portal import thai
from reports.documents.content import evidence_groups, round_title, split_rank, status_boxes
from reports.documents.docx_writer import (
    BODY_PT,
    MEMO_TITLE_PT,
    DocxWriter,
    outline_level,
)
from reports.documents.exports import DOCX_KINDS, export_kind, line_cells

log = logging.getLogger(__name__)

EMBLEM = (
    "reports/emblem-placeholder.png"  # the print templates' Garuda (reports/print/_emblem.html)
)


def _stored_image(name: str):
    """A file of default_storage (local disk or S3) as bytes in memory, or None when it is
    gone or unreadable (the document is still written, without that picture)."""
    if not name:
        return None
    try:
        with default_storage.open(name, "rb") as handle:
            return io.BytesIO(handle.read())
    except OSError:
        log.warning("image %s is missing from storage", name)
        return None


def _picture(w: DocxWriter, image, *, width_cm: float, indent=None) -> bool:
    if image is None:
        return False
    try:
        w.picture(image, width_cm=width_cm, indent=indent)
    except Exception:  # python-docx reads only the formats Word shows (png, jpeg, gif, bmp)
        log.warning("image is not one Word can show", exc_info=True)
        return False
    return True


def _emblem(w: DocxWriter, *, width_cm: float):
    path = finders.find(EMBLEM)
    if path:
        _picture(w, path, width_cm=width_cm)


def _date_text(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return thai.thai_date(value)


def _docx_memo(w: DocxWriter, snapshot: dict, approvals: list[dict]):
    memo = snapshot.get("memo") or {}
    # The Garuda at the left margin, บันทึกข้อความ centred on the same line (the PDF's head).
    head = w.para()
    emblem = finders.find(EMBLEM)
    if emblem:
        head.add_run().add_picture(emblem, width=Cm(1.4))
    head.paragraph_format.tab_stops.add_tab_stop(Cm(w.text_width_cm() / 2), WD_TAB_ALIGNMENT.CENTER)
    w.run(head, "\tบันทึกข้อความ", bold=True, size=MEMO_TITLE_PT)
    outline_level(head, 0)  # an entry of the book's table of contents
    w.outline.append("บันทึกข้อความ")
    w.memo_field([("ส่วนราชการ", thai.thai_digits(memo.get("division_line", "")))])
    w.memo_field([("ที่", memo.get("number_text", "")), ("วันที่", _date_text(memo.get("date")))])
    w.memo_field([("เรื่อง", thai.thai_digits(memo.get("subject", "")))])
    paragraph = w.para(before=6)
    w.run(paragraph, "เรียน", bold=True)
    w.run(paragraph, f" {memo.get('addressee', '')}")
    headings = {"เรื่องเดิม", "ข้อเท็จจริง", "ข้อเสนอแนะ", "ข้อกฎหมาย", "ข้อพิจารณา"}
    for text in memo.get("paragraphs", []):
        if text in headings:
            w.para(text, bold=True, before=4, keep=True)
        else:
            for line in thai.thai_digits(text).split("\n"):
                w.para(line, first_line=2.5, align="thai")
    w.para("จึงเรียนมาเพื่อโปรดพิจารณา", first_line=2.5, before=4, align="thai")
    drafter = memo.get("drafter") or {}
    _signature(
        w, drafter.get("signature", ""), drafter.get("name", ""), drafter.get("position", "")
    )
    for block in approvals or []:
        _docx_approval(w, block)


def _signature(
    w: DocxWriter,
    signature: str,
    name: str,
    position: str,
    *,
    acting: str = "",
    dated: bool = False,
    date_text: str = "",
):
    """The print template's signature block: the rank and the image (or a dotted line),
    (name), position, acting line, date."""
    rank, name = split_rank(name)
    image = _stored_image(signature)
    if image and rank:
        w.para(rank, align="center", indent=6.5, before=18, keep=True)
    if not _picture(w, image, width_cm=3.5, indent=6.5):
        w.para(
            f"{rank}........................................",
            align="center",
            indent=6.5,
            before=18,
            keep=True,
        )
    lines = [f"({name})" if name else "(........................................)"]
    lines += [line for line in (position, acting) if line]
    if dated:
        lines.append(date_text or "วันที่ ......./................/.......")
    for index, line in enumerate(lines):
        w.para(line, align="center", indent=6.5, keep=index < len(lines) - 1)


def _docx_approval(w: DocxWriter, block: dict):
    w.para(block.get("heading", ""), bold=True, before=10, keep=True)
    value, comment, last = block.get("value"), block.get("comment", ""), block.get("last")
    comment = thai.thai_digits(comment)
    if block.get("form") == "text":
        if value:
            if value == "approve":
                verdict = "ทราบ/อนุมัติ" if last else "เห็นควรอนุมัติ"
            else:
                verdict = "ไม่อนุมัติ" if last else "ไม่เห็นควรอนุมัติ"
            w.para(f"{verdict} {comment}".strip(), indent=1.5, keep=True)
        else:
            for _ in range(2):
                w.para("." * 110, indent=1.5, keep=True)
    else:
        because = comment if value == "reject" and comment else "." * 48
        if last:
            w.box_line(value == "approve", "ทราบ/อนุมัติ ดำเนินการในส่วนที่เกี่ยวข้องต่อไป")
            w.box_line(value == "reject", f"ไม่อนุมัติ เนื่องจาก {because}")
        else:
            w.box_line(value == "approve", "เห็นควรอนุมัติ")
            w.box_line(value == "reject", f"ไม่เห็นควรอนุมัติ เนื่องจาก {because}")
        if value == "approve" and comment:
            w.para(comment, indent=1.5, keep=True)
    _signature(
        w,
        block.get("signature", ""),
        block.get("name", ""),
        block.get("signer_position", ""),
        acting=block.get("acting", "") or "",
        dated=True,
        date_text=_date_text(block.get("date")),
    )


# ---- plan, progress, tables


def _measure_head(measure: dict) -> str:
    return f"{measure.get('number_text', '')}. {thai.thai_digits(measure.get('title', ''))}"


def _steps_rows(measures: list[dict], lead, columns) -> list[list]:
    """One row a step; the measure's cell (``lead(measure)``, bold first line) on its first."""
    rows = []
    for measure in measures:
        steps = measure.get("steps") or [{}]
        for index, step in enumerate(steps):
            first = lead(measure) if index == 0 else ""
            rows.append([first, *columns(step)])
    return rows


def _plan_lead(measure: dict) -> dict:
    lines = [_measure_head(measure)]
    indicator = measure.get("indicator")
    if indicator:
        lines.append(f"(ตัวชี้วัดที่ {indicator['number_text']} {indicator['title']})")
    if measure.get("issue"):
        lines.append(thai.thai_digits(measure["issue"]))
    return {"text": lines, "bold_first": True}


def _step_text(step: dict) -> str:
    if not step:
        return ""
    return f"{step.get('label', '')} {thai.thai_digits(step.get('text', ''))}".strip()


def _docx_plan(w: DocxWriter, snapshot: dict, plan: dict):
    org = (snapshot.get("organisation") or {}).get("name", "")
    w.heading(
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        f"ประจำปีงบประมาณ พ.ศ. {plan.get('fiscal_year_text', '')}",
        org,
        outline=True,
    )
    previous = plan.get("previous_year_text", "")
    w.para(
        "๑. การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"ประจำปีงบประมาณ พ.ศ. {previous}",
        bold=True,
        before=6,
        keep=True,
    )
    if plan.get("introduction"):
        w.para(thai.thai_digits(plan["introduction"]), first_line=1.5, align="thai")
    if plan.get("score_text"):
        verdict = (
            "ผ่านเกณฑ์การประเมิน (๘๕ คะแนนขึ้นไป)"
            if plan.get("passed")
            else "ยังไม่ผ่านเกณฑ์การประเมิน (๘๕ คะแนน)"
        )
        w.para(
            "ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA) "
            f"ประจำปีงบประมาณ พ.ศ. {previous} ของ{org} ได้คะแนน {plan['score_text']} คะแนน "
            f"อยู่ในระดับ {plan.get('level', '')} {verdict}",
            first_line=1.5,
            align="thai",
        )
    if plan.get("scores"):
        w.table(
            ["ตัวชี้วัดที่", "ชื่อตัวชี้วัด", "คะแนน", "ระดับ"],
            [
                [s["number_text"], f"{s['title']} ({s['instrument']})", s["score_text"], s["level"]]
                for s in plan["scores"]
            ],
            [2, 9, 2.5, 2.5],
        )
    for group in plan.get("analysis", []):
        w.para(group.get("title", ""), bold=True, keep=True)
        points = group.get("points") or []
        for point in points:
            item = f" (ข้อ {point['oit_item']})" if point.get("oit_item") else ""
            w.para(
                f"- {point.get('indicator_text', '')}{item}: "
                f"{thai.thai_digits(point.get('text', ''))}",
                indent=0.8,
            )
        if not points:
            w.para("ไม่มี", first_line=1.5)
    w.landscape()
    w.para("๒. มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", bold=True, keep=True)
    measures = plan.get("measures", [])
    w.table(
        ["มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การกำกับติดตาม"],
        _steps_rows(
            measures,
            _plan_lead,
            lambda step: [
                _step_text(step),
                step.get("divisions", []),
                step.get("period", ""),
                step.get("rounds_text", ""),
            ],
        )
        or [["ยังไม่มีมาตรการ", "", "", "", ""]],
        [24, 36, 14, 13, 13],
    )
    if plan.get("indicator_lines"):
        w.para(
            "๓. แนวทางการยกระดับตัวชี้วัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) และภายนอก (EIT)",
            bold=True,
            keep=True,
        )
        _docx_lines(w, plan["indicator_lines"], progress=False)


def _docx_lines(w: DocxWriter, lines: list[dict], *, progress: bool):
    headers = ["ตัวชี้วัด", "แนวทางในการยกระดับ", "ผู้รับผิดชอบ", "ระยะเวลา"]
    widths = [22, 45, 18, 15]
    if progress:
        headers.append("ความก้าวหน้า")
        widths = [18, 30, 14, 12, 26]
    rows = []
    for line in lines:
        row = line_cells(line)
        if progress:
            state = line.get("progress") or {}
            row.append(_progress_cell(state.get("done"), thai.thai_digits(state.get("output", ""))))
        rows.append(row)
    if not rows:
        rows = [["ยังไม่มีแนวทางการยกระดับตัวชี้วัด", *[""] * (len(headers) - 1)]]
    w.table(headers, rows, widths)


def _progress_cell(done: bool, text: str) -> list[str]:
    boxes = [f"{'☑' if ticked else '☐'} {label}" for ticked, label in status_boxes(done)]
    return [*boxes, text]


def _docx_progress(w: DocxWriter, snapshot: dict, p: dict):
    org = (snapshot.get("organisation") or {}).get("name", "")
    w.heading(
        round_title(p.get("round")),
        f"ประจำปีงบประมาณ พ.ศ. {p.get('fiscal_year_text', '')} ({p.get('round_text', '')})",
        org,
        outline=True,
    )
    result = "การดำเนินการ" if p.get("round") == 12 else "ความก้าวหน้าการดำเนินการ"
    w.para(  # the opening paragraph the seeds print before the table, as print/_progress.html
        "ตามที่ได้ดำเนินการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ"
        f" (ITA) ของ{org} ประจำปีงบประมาณ พ.ศ. {p.get('previous_year_text', '')}"
        " และได้กำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ."
        f" {p.get('fiscal_year_text', '')} {org} ได้ดำเนินการตามมาตรการดังกล่าว ผล{result}"
        f" ({p.get('round_text', '')}) ดังนี้",
        first_line=2.5,
        align="thai",
    )

    def columns(step):
        progress = step.get("progress") or {}
        box = "☑" if progress.get("done") else "☐"
        remark = [thai.thai_digits(progress.get("remark", ""))]
        if progress.get("evidence"):
            remark.append(f"หลักฐาน {thai.thai_digits(len(progress['evidence']))} รายการ")
        return [
            _step_text(step),
            ", ".join(step.get("divisions", [])),
            step.get("period", ""),
            [f"{box} {progress.get('status_label', '')}", thai.thai_digits(progress.get("output"))],
            thai.thai_digits(progress.get("outcome", "")),
            thai.thai_digits(progress.get("suggestion", "")),
            remark,
        ]

    rows = _steps_rows(
        p.get("measures", []), lambda m: {"text": _measure_head(m), "bold": True}, columns
    )
    w.table(
        [
            "มาตรการ/แนวทาง",
            "วิธีการดำเนินการ",
            "ผู้รับผิดชอบ",
            "ระยะเวลาดำเนินการ",
            "ผลการดำเนินการ (output)",
            "ผลลัพธ์หรือผลสัมฤทธิ์ (outcome)",
            "ข้อเสนอแนะ",
            "หมายเหตุ",
        ],
        rows or [[f"ไม่มีขั้นตอนที่ติดตามใน{p.get('round_text', '')}", *[""] * 7]],
        [12, 16, 10, 9, 16, 14, 12, 11],
    )
    _docx_evidence(w, p.get("evidence") or {})


def _docx_evidence(w: DocxWriter, evidence: dict):
    """The evidence by measure, as the PDF prints it (reports/print/_evidence.html)."""
    groups = evidence_groups(evidence)
    if not groups:
        return
    w.page_break()
    w.heading("หลักฐานการดำเนินการ", outline=True)
    for group in groups:
        if group.get("title"):
            w.para(
                f"{group['number_text']}. {thai.thai_digits(group['title'])}",
                bold=True,
                keep=True,
                before=8,
            )
        if group["figures"]:
            w.para("การลดระยะเวลาการให้บริการ", bold=True, keep=True)
            for f in group["figures"]:
                step = f" (ขั้นตอน {f['step']})" if f.get("step") else ""
                w.para(
                    f"* {thai.thai_digits(f['service'])} เดิม {f['before_text']} {f['unit']} "
                    f"ปรับลดเหลือ {f['after_text']} {f['unit']}{step}",
                    keep=bool(f.get("note")),
                )
                if f.get("note"):
                    w.para(f"หมายเหตุ : {thai.thai_digits(f['note'])}", indent=0.4)
        for image in group["images"]:
            if not _picture(w, _stored_image(image.get("storage", "")), width_cm=12):
                w.para(
                    f"[ภาพหลักฐาน: {image.get('original_name') or image.get('caption', '')}]",
                    align="center",
                    keep=True,
                )
            date = f" ({image['date_text']})" if image.get("date_text") else ""
            caption = thai.thai_digits(image.get("caption", ""))
            w.para(f"ภาพที่ {image['number_text']} {caption}{date}", align="center")
        lists = (("ลิงก์ที่เผยแพร่", group["links"], True), ("เอกสารแนบ", group["files"], False))
        for title, items, links in lists:
            if items:
                w.para(title, bold=True, keep=True, before=6)
            for number, item in enumerate(items, start=1):
                # a link: caption (date), its URL below; a file: caption (its name) date
                caption = f"{thai.thai_digits(number)}. {thai.thai_digits(item.get('caption', ''))}"
                date = item.get("date_text", "")
                if links:
                    w.para(f"{caption}{f' ({date})' if date else ''}", indent=0.8, keep=True)
                    w.para(item.get("url", ""), indent=0.8)
                else:
                    name = item.get("original_name", "")
                    w.para(f"{caption} ({name}){f' {date}' if date else ''}", indent=0.8)


def _docx_oit(w: DocxWriter, t: dict):
    rows = []
    for group in t.get("oit", []):
        rows.append(
            [
                {
                    "group": f"{group['indicator_text']} · ตัวชี้วัดย่อยที่ {group['code_text']} "
                    f"{group['title']}"
                }
            ]
        )
        for item in group.get("items", []):
            rows.append(
                [
                    item.get("label", ""),
                    thai.thai_digits(item.get("title", "")),
                    [
                        f"{thai.thai_digits(n)}) {thai.thai_digits(c['text'])}"
                        for n, c in enumerate(item.get("components", []), start=1)
                    ],
                    item.get("division", ""),
                    _progress_cell(item.get("done"), thai.thai_digits(item.get("progress", ""))),
                ]
            )
    w.table(
        ["ข้อ", "ข้อมูล", "องค์ประกอบด้านข้อมูล", "ผู้รับผิดชอบ", "ความก้าวหน้า"],
        rows or [["ยังไม่มีรายการ OIT ของปีงบประมาณนี้", "", "", "", ""]],
        [6, 22, 37, 14, 21],
    )


def _docx_tables(w: DocxWriter, snapshot: dict, t: dict):
    org = (snapshot.get("organisation") or {}).get("name", "")
    w.heading(
        "ตารางความก้าวหน้าการดำเนินการตามแนวทางการยกระดับตัวชี้วัด IIT และ EIT",
        f"ประจำปีงบประมาณ พ.ศ. {t.get('fiscal_year_text', '')} ({t.get('round_text', '')})",
        org,
        outline=True,
    )
    _docx_lines(w, t.get("indicator_lines", []), progress=True)
    w.page_break()
    w.heading(
        "ตารางความก้าวหน้าการเปิดเผยข้อมูลสาธารณะ (OIT)",
        f"ประจำปีงบประมาณ พ.ศ. {t.get('fiscal_year_text', '')}",
        org,
        outline=True,
    )
    _docx_oit(w, t)


def _phone_lines(org: dict) -> list[str]:
    """The cover's โทร./โทรสาร lines (one line when both are one number, as seed 000 prints)."""
    phone, fax = org.get("phone", ""), org.get("fax", "")
    if phone and phone == fax:
        return [f"โทร./โทรสาร {thai.thai_digits(phone)}"]
    return [
        f"โทร. {thai.thai_digits(phone)}" if phone else "",
        f"โทรสาร {thai.thai_digits(fax)}" if fax else "",
    ]


def _docx_book(w: DocxWriter, snapshot: dict, approvals: list[dict], book: dict):
    org = snapshot.get("organisation") or {}
    report = snapshot.get("report") or {}
    year = thai.thai_digits(report.get("fiscal_year", ""))
    for _ in range(3):
        w.para()
    _emblem(w, width_cm=3)
    w.heading(
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        f"ประจำปีงบประมาณ พ.ศ. {year}",
        size=24,
    )
    w.para()
    w.heading(org.get("name", ""), size=22)
    place = " ".join(
        part
        for part in (
            f"ตำบล{org['subdistrict']}" if org.get("subdistrict") else "",
            f"อำเภอ{org.get('district', '')}",
            f"จังหวัด{org.get('province', '')}",
            thai.thai_digits(org.get("postcode", "")),
        )
        if part
    )
    address = [
        thai.thai_digits(org.get("address", "")),
        place,
        *_phone_lines(org),
        f"เว็บไซต์ {org['website']}" if org.get("website") else "",
        f"Facebook : {org['facebook_url']}" if org.get("facebook_url") else "",
    ]
    for line in address:
        if line:
            w.para(line, align="center")
    w.page_break()
    w.heading("คำนำ", outline=True)
    w.para(
        f"{org.get('name', '')} ได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        f"ประจำปีงบประมาณ พ.ศ. {year} จากผลการวิเคราะห์การประเมินคุณธรรมและความโปร่งใส"
        "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ของปีที่ผ่านมา และได้ติดตามผลการดำเนินการ"
        "ตามมาตรการดังกล่าว",
        first_line=2.5,
        align="thai",
    )
    w.para(
        "รายงานฉบับนี้รวบรวมมาตรการ ผลการดำเนินการ ความก้าวหน้าตามตัวชี้วัด IIT และ EIT "
        "ความก้าวหน้าการเปิดเผยข้อมูลสาธารณะ (OIT) และหลักฐานการดำเนินการ "
        "เพื่อเผยแพร่ต่อสาธารณะและใช้เป็นแนวทางในการพัฒนาหน่วยงานต่อไป",
        first_line=2.5,
        align="thai",
    )
    memo = snapshot.get("memo") or {}
    w.para(org.get("name", ""), align="center", indent=6.5, before=18)
    w.para(_date_text(memo.get("date")) or f"ปีงบประมาณ พ.ศ. {year}", align="center", indent=6.5)
    w.page_break()
    w.heading("สารบัญ")
    w.toc()
    w.body_starts()
    _docx_memo(w, snapshot, approvals)
    w.page_break()
    _docx_plan(w, snapshot, book.get("plan") or {})
    w.page_break()
    _docx_progress(w, snapshot, book.get("results") or {})
    w.page_break()
    _docx_tables(w, snapshot, book.get("tables") or {})
    if (book.get("minutes") or {}).get("has_meeting"):
        w.portrait()  # the minutes are a portrait document, as in the PDF
        _docx_minutes(w, snapshot, book["minutes"])


# ---- the minutes


def _docx_minutes(w: DocxWriter, snapshot: dict, m: dict):
    w.heading("รายงานการประชุม")
    if not m.get("has_meeting"):
        w.para(f"ปีงบประมาณ พ.ศ. {m.get('fiscal_year_text', '')}", align="center")
        w.para("ยังไม่มีรายงานการประชุมของปีงบประมาณนี้", align="center")
        return
    number = f" ครั้งที่ {m['number_text']}" if m.get("number_text") else ""
    w.heading(
        m.get("title", ""), f"ประจำปีงบประมาณ พ.ศ. {m['fiscal_year_text']}{number}", size=BODY_PT
    )
    w.para(m.get("date_text", ""), align="center")
    w.para(f"เวลา {m.get('start_time_text', '')} ณ {m.get('place', '')}", align="center")
    for group in m.get("attendees", []):
        w.para(group["title"], bold=True, before=8, keep=True)
        for person in group.get("people", []):
            paragraph = w.para(indent=0.5)
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(7.5))
            paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(14.5))
            text = f"{person['number_text']}. {person['name']}\t{person['position']}"
            if person.get("note"):
                text += f"\t{person['note']}"
            w.run(paragraph, text)
    w.para(f"เริ่มประชุมเวลา {m.get('start_time_text', '')}", bold=True, before=8)
    chair = m.get("chair") or {}
    w.para(
        f"เมื่อที่ประชุมพร้อมแล้ว {chair.get('name', '')} {chair.get('position', '')} "
        "ประธานในที่ประชุม กล่าวเปิดการประชุมและดำเนินการประชุมตามระเบียบวาระ ดังนี้",
        first_line=1.5,
    )
    for item in m.get("agenda", []):
        paragraph = w.para(before=8, keep=True)
        w.run(paragraph, f"ระเบียบวาระที่ {item['number_text']} {item['heading']}", bold=True)
        for text in item.get("paragraphs") or ["-ไม่มี-"]:
            w.para(text, first_line=1.5)
        if item.get("has_deficiencies"):
            w.table(
                ["ข้อ", "ปัญหา / ข้อบกพร่อง", "ผู้รับผิดชอบ", "กำหนดแล้วเสร็จ"],
                [
                    [d["item_label"], d["problem"], d["division"], d["deadline_text"]]
                    for d in m.get("deficiencies", [])
                ],
                [4.6, 6.4, 2.6, 2.4],
            )
        for text in item.get("after_paragraphs") or []:
            w.para(text, first_line=1.5)
        if item.get("resolution"):
            paragraph = w.para(first_line=1.5)
            w.run(paragraph, "มติที่ประชุม ", bold=True)
            w.run(paragraph, item["resolution"])
    if m.get("closing_time_text"):
        w.para(f"เลิกประชุมเวลา {m['closing_time_text']}", bold=True, before=8)
    recorder, checker = m.get("recorder") or {}, m.get("checker") or {}
    w.signature(recorder.get("name", ""), recorder.get("position", ""), role="ผู้จดรายงานการประชุม")
    w.signature(checker.get("name", ""), checker.get("position", ""), role="ผู้ตรวจรายงานการประชุม")


def to_docx(snapshot: dict, approvals: list[dict], *, kind: str | None = None) -> bytes:
    """The report as a Word document (see the module's docstring)."""
    kind = export_kind(snapshot, kind, DOCX_KINDS)
    content = snapshot.get("content") or {}
    w = DocxWriter()
    if kind in ("progress", "results", "tables"):
        w.landscape(first=True)  # wide tables: the whole document is landscape
    if kind == "memo":
        _docx_memo(w, snapshot, approvals)
    elif kind == "plan":
        _docx_plan(w, snapshot, content)
    elif kind in ("progress", "results"):
        _docx_progress(w, snapshot, content)
    elif kind == "tables":
        _docx_tables(w, snapshot, content)
    elif kind == "book":
        _docx_book(w, snapshot, approvals, content)
    elif kind == "minutes":
        _docx_minutes(w, snapshot, content)
    w.doc.core_properties.title = (snapshot.get("report") or {}).get("title", "")
    w.doc.core_properties.language = "th-TH"
    return w.bytes()
