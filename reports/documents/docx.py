"""The DOCX export (python-docx) of every kind, for offices that still edit in Word: memo (with
the approval blocks in chain order), plan, progress, results, tables, book, minutes.

Thai in Word: Thai is a complex script, so Word takes its font from ``w:rFonts/@w:cs``, its size
from ``w:szCs`` and its bold from ``w:bCs``; every run and the document defaults set all of them
(``TH Sarabun New``, 16 pt, as the correspondence rules ask). Page numbers are a ``PAGE``
field with the ``\\* ThaiArabic`` switch ("- ๒ -") from page two. Table header rows repeat on
every page (``w:tblHeader``) and rows do not split (``w:cantSplit``).
"""

from __future__ import annotations

import datetime as dt

from docx.enum.section import WD_ORIENT
from docx.shared import Cm

from ita_portal import thai
from reports.documents.docx_writer import (
    BODY_PT,
    MEMO_TITLE_PT,
    DocxWriter,
)
from reports.documents.exports import DOCX_KINDS, export_kind, line_cells


def _date_text(value) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return thai.thai_date(value)


def _docx_memo(w: DocxWriter, snapshot: dict, approvals: list[dict]):
    memo = snapshot.get("memo") or {}
    w.para("บันทึกข้อความ", bold=True, size=MEMO_TITLE_PT, align="center")
    w.labelled("ส่วนราชการ", thai.thai_digits(memo.get("division_line", "")))
    paragraph = w.para()
    w.run(paragraph, "ที่ ", bold=True)
    w.run(paragraph, memo.get("number_text", "") + "\t\t")
    w.run(paragraph, "วันที่ ", bold=True)
    w.run(paragraph, _date_text(memo.get("date")))
    w.labelled("เรื่อง", thai.thai_digits(memo.get("subject", "")))
    w.labelled("เรียน", memo.get("addressee", ""))
    headings = {"เรื่องเดิม", "ข้อเท็จจริง", "ข้อเสนอแนะ", "ข้อกฎหมาย", "ข้อพิจารณา"}
    for text in memo.get("paragraphs", []):
        if text in headings:
            w.para(text, bold=True, before=4)
        else:
            w.para(thai.thai_digits(text), first_line=2.5, align="thai")
    w.para("จึงเรียนมาเพื่อโปรดพิจารณา", first_line=2.5, before=4)
    drafter = memo.get("drafter") or {}
    w.signature(drafter.get("name", ""), drafter.get("position", ""))
    for block in approvals or []:
        _docx_approval(w, block)


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
        because = comment if value == "reject" and comment else "." * 40
        if last:
            w.box_line(value == "approve", "ทราบ/อนุมัติ ดำเนินการในส่วนที่เกี่ยวข้องต่อไป")
            w.box_line(value == "reject", f"ไม่อนุมัติ เนื่องจาก {because}")
        else:
            w.box_line(value == "approve", "เห็นควรอนุมัติ")
            w.box_line(value == "reject", f"ไม่เห็นควรอนุมัติ เนื่องจาก {because}")
        if value == "approve" and comment:
            w.para(comment, indent=1.5, keep=True)
    position = block.get("signer_position", "")
    if block.get("acting"):
        position = f"{position}\n{block['acting']}"
    lines_position = position.split("\n")
    w.signature(
        block.get("name", ""),
        lines_position[0],
        date_text=_date_text(block.get("date")),
        dated=True,
    )
    for extra in lines_position[1:]:
        w.para(extra, align="center", indent=6.5)


# ---- plan, progress, tables


def _steps_rows(measures: list[dict], columns) -> list[list]:
    rows = []
    for measure in measures:
        head = f"{measure.get('number_text', '')}. {thai.thai_digits(measure.get('title', ''))}"
        lead = [head]
        indicator = measure.get("indicator")
        if indicator:
            lead.append(f"(ตัวชี้วัดที่ {indicator['number_text']} {indicator['title']})")
        steps = measure.get("steps") or [{}]
        for index, step in enumerate(steps):
            first = {"text": "\n".join(lead), "bold": True} if index == 0 else ""
            rows.append([first, *columns(step)])
    return rows


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
    )
    w.para(
        "๑. การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"ประจำปีงบประมาณ พ.ศ. {plan.get('previous_year_text', '')}",
        bold=True,
        before=6,
    )
    if plan.get("introduction"):
        w.para(thai.thai_digits(plan["introduction"]), first_line=1.5)
    if plan.get("score_text"):
        w.para(
            f"ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. {plan.get('previous_year_text', '')} "
            f"ได้คะแนน {plan['score_text']} คะแนน อยู่ในระดับ {plan.get('level', '')}",
            first_line=1.5,
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
            w.para(
                f"- {point.get('indicator_text', '')}: {thai.thai_digits(point.get('text', ''))}",
                indent=0.8,
            )
        if not points:
            w.para("ไม่มี", indent=0.8)
    w.landscape()
    w.para("๒. มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน", bold=True, keep=True)
    w.table(
        ["มาตรการ/แนวทาง", "วิธีการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "การกำกับติดตาม"],
        _steps_rows(
            plan.get("measures", []),
            lambda step: [
                _step_text(step),
                step.get("divisions", []),
                step.get("period", ""),
                step.get("rounds_text", ""),
            ],
        ),
        [6, 9, 4, 3.6, 3.6],
    )
    _docx_lines(w, plan.get("indicator_lines", []), progress=False)


def _docx_lines(w: DocxWriter, lines: list[dict], *, progress: bool):
    if not lines:
        return
    w.para(
        "แนวทางการยกระดับตัวชี้วัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT) และภายนอก (EIT)",
        bold=True,
        keep=True,
    )
    headers = ["ตัวชี้วัด", "แนวทางในการยกระดับ", "ผู้รับผิดชอบ", "ระยะเวลา"]
    widths = [6, 11, 5, 4.2]
    if progress:
        headers.append("ความก้าวหน้า")
        widths = [5, 8, 4, 3.2, 6]
    rows = []
    for line in lines:
        row = line_cells(line)
        if progress:
            done = (line.get("progress") or {}).get("done")
            output = thai.thai_digits((line.get("progress") or {}).get("output", ""))
            row.append(_progress_cell(done, output))
        rows.append(row)
    w.table(headers, rows, widths)


def _progress_cell(done: bool, text: str) -> list[str]:
    return [
        f"{'☐' if done else '☑'} ยังไม่ได้ดำเนินการ",
        f"{'☑' if done else '☐'} ดำเนินการ",
        text,
    ]


def _docx_progress(w: DocxWriter, snapshot: dict, p: dict, *, landscape_first: bool):
    org = (snapshot.get("organisation") or {}).get("name", "")
    if landscape_first:
        w.landscape()
    w.heading(
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        f"ประจำปีงบประมาณ พ.ศ. {p.get('fiscal_year_text', '')} ({p.get('round_text', '')})",
        org,
    )
    w.table(
        [
            "มาตรการ/แนวทาง",
            "วิธีการดำเนินการ",
            "ผลการดำเนินการ (ผลผลิต)",
            "ผลลัพธ์หรือผลสัมฤทธิ์",
            "ข้อเสนอแนะ",
            "หมายเหตุ",
        ],
        _steps_rows(
            p.get("measures", []),
            lambda step: [
                _step_text(step),
                thai.thai_digits((step.get("progress") or {}).get("output", "")),
                thai.thai_digits((step.get("progress") or {}).get("outcome", "")),
                thai.thai_digits((step.get("progress") or {}).get("suggestion", "")),
                thai.thai_digits((step.get("progress") or {}).get("remark", "")),
            ],
        ),
        [4.2, 5, 5.3, 4.8, 3.9, 3],
    )
    _docx_lines(w, p.get("indicator_lines", []), progress=True)
    evidence = p.get("evidence") or {}
    if evidence.get("figures"):
        w.para("ระยะเวลาการให้บริการก่อนและหลังปรับปรุง", bold=True, keep=True)
        w.table(
            ["งานบริการ", "เดิม", "ปรับลดเหลือ", "หน่วย"],
            [
                [f["service"], f["before_text"], f["after_text"], f.get("unit", "")]
                for f in evidence["figures"]
            ],
            [12, 4, 4, 5],
        )
    links = evidence.get("links") or []
    files = evidence.get("files") or []
    images = evidence.get("images") or []
    if links or files or images:
        w.para("หลักฐานการดำเนินการ", bold=True, keep=True)
        for item in links:
            w.para(f"- {item.get('caption', '')}: {item.get('url', '')}", indent=0.8)
        for item in [*images, *files]:
            w.para(f"- {item.get('caption', '')} ({item.get('original_name', '')})", indent=0.8)


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
        rows,
        [1.6, 5.8, 9.6, 3.7, 5.5],
    )


def _docx_tables(w: DocxWriter, snapshot: dict, t: dict, *, landscape_first: bool):
    org = (snapshot.get("organisation") or {}).get("name", "")
    if landscape_first:
        w.landscape()
    w.heading(
        "ตารางความก้าวหน้าการดำเนินการตามแนวทางการยกระดับตัวชี้วัด IIT และ EIT",
        f"ประจำปีงบประมาณ พ.ศ. {t.get('fiscal_year_text', '')} ({t.get('round_text', '')})",
        org,
    )
    _docx_lines(w, t.get("indicator_lines", []), progress=True)
    w.page_break()
    w.heading(
        "ตารางความก้าวหน้าการเปิดเผยข้อมูลสาธารณะ (OIT)",
        f"ประจำปีงบประมาณ พ.ศ. {t.get('fiscal_year_text', '')}",
        org,
    )
    _docx_oit(w, t)


def _docx_book(w: DocxWriter, snapshot: dict, approvals: list[dict], book: dict):
    org = snapshot.get("organisation") or {}
    report = snapshot.get("report") or {}
    year = thai.thai_digits(report.get("fiscal_year", ""))
    for _ in range(6):
        w.para()
    w.heading(
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        f"ประจำปีงบประมาณ พ.ศ. {year}",
        size=24,
    )
    w.para()
    w.heading(org.get("name", ""), size=22)
    address = [
        org.get("address", ""),
        " ".join(
            part
            for part in (
                f"ตำบล{org['subdistrict']}" if org.get("subdistrict") else "",
                f"อำเภอ{org.get('district', '')}",
                f"จังหวัด{org.get('province', '')}",
                org.get("postcode", ""),
            )
            if part
        ),
        f"โทรศัพท์ {org['phone']}" if org.get("phone") else "",
        org.get("website", ""),
    ]
    for line in address:
        if line:
            w.para(thai.thai_digits(line), align="center")
    w.page_break()
    w.heading("คำนำ")
    w.para(
        f"{org.get('name', '')} ได้จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน "
        f"ประจำปีงบประมาณ พ.ศ. {year} จากผลการวิเคราะห์การประเมินคุณธรรมและความโปร่งใส"
        "ในการดำเนินงานของหน่วยงานภาครัฐ (ITA) ของปีที่ผ่านมา และได้ติดตามผลการดำเนินการ"
        "ตามมาตรการดังกล่าว",
        first_line=2.5,
    )
    w.page_break()
    _docx_memo(w, snapshot, approvals)
    w.page_break()
    _docx_plan(w, snapshot, book.get("plan") or {})
    w.page_break()
    _docx_progress(w, snapshot, book.get("results") or {}, landscape_first=False)
    w.page_break()
    _docx_tables(w, snapshot, book.get("tables") or {}, landscape_first=False)


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
    if kind == "memo":
        _docx_memo(w, snapshot, approvals)
    elif kind == "plan":
        _docx_plan(w, snapshot, content)
    elif kind in ("progress", "results"):
        _docx_progress(w, snapshot, content, landscape_first=False)
    elif kind == "tables":
        _docx_tables(w, snapshot, content, landscape_first=False)
    elif kind == "book":
        _docx_book(w, snapshot, approvals, content)
    elif kind == "minutes":
        _docx_minutes(w, snapshot, content)
    if kind in ("progress", "results", "tables"):
        # Wide tables: the whole document is landscape.
        section = w.doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        w.margins(section, landscape=True)
    w.doc.core_properties.title = (snapshot.get("report") or {}).get("title", "")
    w.doc.core_properties.language = "th-TH"
    return w.bytes()
