"""The content of each report kind as JSON-able data (see reports.documents.snapshot).

``build_content(report)`` dispatches on ``report.kind`` through ``CONTENT_BUILDERS``; another
kind is added with one line (``CONTENT_BUILDERS["minutes"] = minutes_content``). Every builder
works on an unsaved Report too (the staff preview builds a transient one): it reads only
``organisation``, ``fiscal_year``, ``kind`` and ``round``.

The content carries display texts already in Thai digits (``*_text``, ``label``, ``period``) so
that the HTML/PDF templates and the DOCX/XLSX exports print the same words, and raw values
where a program may need them (``number``, ``done``, ``value``). The number of queries is
fixed, whatever the number of measures, steps or OIT items (every list is prefetched).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ita_portal import thai
from organisations.enums import RANKS
from reports.enums import ReportKind
from reports.minutes.content import minutes_content

# ---------------------------------------------------------------------------------------------
# Small helpers


def _digits(value: Any) -> str:
    return thai.thai_digits(value) if value not in (None, "") else ""


def _score_text(value) -> str:
    return thai.thai_number(value) if value is not None else ""


def _names(divisions) -> list[str]:
    return [d.name for d in sorted(divisions, key=lambda d: (d.order, d.pk))]


def _rounds_text(rounds: list[int]) -> str:
    return " / ".join(f"รอบ {thai.thai_digits(r)} เดือน" for r in rounds)


def _figure(figure) -> dict:
    def number(value) -> str:
        return thai.thai_digits(f"{value.normalize():f}")

    return {
        "service": figure.service,
        "before": f"{figure.before.normalize():f}",
        "after": f"{figure.after.normalize():f}",
        "before_text": number(figure.before),
        "after_text": number(figure.after),
        "unit": figure.unit,
        "note": figure.note,
        "text": str(figure),
    }


def _evidence(item, *, measure: str, step_label: str) -> dict:
    """A file or link of a progress entry: images by storage name (the renderer reads them
    from media), other files by their original name, links with their URL."""
    is_image = bool(item.file) and item.content_type.startswith("image/")
    return {
        "kind": "image" if is_image else item.kind,
        "caption": item.caption,
        "date": item.effective_date.isoformat() if item.effective_date else None,
        "date_text": thai.thai_date(item.effective_date),
        "storage": item.file.name if item.file else "",
        "original_name": item.original_name,
        "url": item.url,
        "measure": measure,
        "step": step_label,
    }


def _progress(entry, *, measure: str = "", step_label: str = "") -> dict:
    """One round's report on a step or indicator line (empty texts when nothing is reported)."""
    from measures.enums import ProgressStatus

    if entry is None:
        return {
            "status": ProgressStatus.NOT_STARTED.value,
            "status_label": str(ProgressStatus.NOT_STARTED.label),
            "done": False,
            "output": "",
            "outcome": "",
            "suggestion": "",
            "remark": "",
            "evidence": [],
        }
    return {
        "status": entry.status,
        "status_label": str(ProgressStatus(entry.status).label),
        "done": entry.status != ProgressStatus.NOT_STARTED or bool(entry.output.strip()),
        "output": entry.output,
        "outcome": entry.outcome,
        "suggestion": entry.suggestion,
        "remark": entry.remark,
        "evidence": [
            _evidence(item, measure=measure, step_label=step_label) for item in entry.evidence.all()
        ],
    }


# ---------------------------------------------------------------------------------------------
# The measures plan


def _plan_of(report):
    from measures import selectors

    return selectors.plan_of_year(fiscal_year=report.fiscal_year)


def _plan_header(report, plan) -> dict:
    """The analysis of last year's ITA: score, level, indicator scores, weak points."""
    from measures import selectors
    from measures.enums import AnalysisKind

    year = report.fiscal_year.year
    header = {
        "fiscal_year": year,
        "fiscal_year_text": thai.thai_digits(year),
        "previous_year": year - 1,
        "previous_year_text": thai.thai_digits(year - 1),
        "has_plan": plan is not None,
        "introduction": "",
        "previous_score": None,
        "score_text": "",
        "level": "",
        "passed": None,
        "scores": [],
        # (๑) weak points to fix urgently, (๒) points to improve
        "analysis": [
            {"kind": kind.value, "title": str(kind.label), "points": []}
            for kind in (AnalysisKind.URGENT, AnalysisKind.IMPROVE)
        ],
    }
    if plan is None:
        return header
    header.update(
        introduction=plan.introduction,
        previous_score=(f"{plan.previous_score:f}" if plan.previous_score is not None else None),
        score_text=_score_text(plan.previous_score),
        level=plan.level,
        passed=plan.passed,
        scores=[
            {
                "number": s.indicator.number,
                "number_text": thai.thai_digits(s.indicator.number),
                "instrument": s.indicator.instrument,
                "title": s.indicator.title,
                "score": f"{s.score:f}",
                "score_text": _score_text(s.score),
                "level": s.level,
            }
            for s in plan.scores.select_related("indicator").order_by("indicator__number")
        ],
    )
    groups = {group["kind"]: group["points"] for group in header["analysis"]}
    for point in selectors.analysis_of_plan(plan=plan):
        groups[point.kind].append(
            {
                "indicator_number": point.indicator.number,
                "indicator_text": (
                    f"ตัวชี้วัดที่ {thai.thai_digits(point.indicator.number)} {point.indicator.title}"
                ),
                "text": point.text,
                "oit_item": point.oit_item.label if point.oit_item_id else "",
            }
        )
    return header


def _indicator(indicator) -> dict | None:
    if indicator is None:
        return None
    return {
        "number": indicator.number,
        "number_text": thai.thai_digits(indicator.number),
        "instrument": indicator.instrument,
        "title": indicator.title,
    }


def _measures(report, plan, *, round_: int | None) -> list[dict]:
    """The measures in order with their numbered steps; with ``round_``, only the steps that
    are followed up in that round, each with its progress of that round."""
    from measures import selectors

    if plan is None:
        return []
    year = report.fiscal_year.year
    result = []
    for index, measure in enumerate(selectors.plan_measures(plan=plan, round_=round_), start=1):
        steps = []
        for number, step in enumerate(measure.steps.all(), start=1):
            if round_ is not None and round_ not in step.rounds:
                continue
            label = f"({thai.thai_digits(number)})"
            data = {
                "number": number,
                "label": label,
                "text": step.text,
                "divisions": _names(step.divisions.all()),
                "start_month": step.start_month,
                "end_month": step.end_month,
                "period": thai.period_text(year, step.start_month, step.end_month, "dash"),
                "rounds": step.rounds,
                "rounds_text": _rounds_text(step.rounds),
                "figures": [_figure(f) for f in step.figures.all()],
            }
            if round_ is not None:
                entry = step.round_progress[0] if step.round_progress else None
                data["progress"] = _progress(
                    entry, measure=f"{thai.thai_digits(index)}. {measure.title}", step_label=label
                )
            steps.append(data)
        if round_ is not None and not steps:
            continue
        result.append(
            {
                "number": index,
                "number_text": thai.thai_digits(index),
                "title": measure.title,
                "indicator": _indicator(measure.indicator),
                "issue": measure.issue,
                "steps": steps,
            }
        )
    return result


def _indicator_lines(report, plan, *, round_: int | None) -> list[dict]:
    from measures import selectors

    if plan is None:
        return []
    year = report.fiscal_year.year
    lines = []
    for line in selectors.plan_indicator_lines(plan=plan, round_=round_):
        data = {
            "indicator": _indicator(line.indicator),
            "approach": line.approach,
            "divisions": _names(line.divisions.all()),
            "period": thai.period_text(year, line.start_month, line.end_month, "dash"),
        }
        if round_ is not None:
            entry = line.round_progress[0] if line.round_progress else None
            data["progress"] = _progress(entry, measure=str(line.indicator))
        lines.append(data)
    return lines


def plan_content(report) -> dict:
    """แผนมาตรการ (ข้อ ๐๔๒): the analysis and the measures table, the IIT/EIT lines."""
    plan = _plan_of(report)
    return {
        **_plan_header(report, plan),
        "measures": _measures(report, plan, round_=None),
        "indicator_lines": _indicator_lines(report, plan, round_=None),
    }


# ---------------------------------------------------------------------------------------------
# Progress (round 6) and results (round 12)


def _round_of(report, default: int) -> int:
    return report.round if report.round in (6, 12) else default


EVIDENCE_KINDS = ("figures", "images", "links", "files")


def _collect_evidence(measures: list[dict]) -> dict:
    """The evidence by measure, as the seeds print it: a numbered heading per measure with its
    service-time figures, pictures, links and files (measures without any are left out)."""
    groups = []
    for measure in measures:
        group = {"number_text": measure["number_text"], "title": measure["title"]}
        group.update({kind: [] for kind in EVIDENCE_KINDS})
        for step in measure["steps"]:
            for item in step["progress"]["evidence"]:
                group[{"image": "images", "link": "links"}.get(item["kind"], "files")].append(item)
            group["figures"].extend({**f, "step": step["label"]} for f in step["figures"])
        if any(group[kind] for kind in EVIDENCE_KINDS):
            groups.append(group)
    return {"groups": groups}


def evidence_groups(evidence: dict | None) -> list[dict]:
    """The evidence's groups with the pictures numbered through the document (ภาพที่ ๑, ๒ …).
    A snapshot taken before the evidence was grouped (flat lists of images, links, files and
    figures) reads as one group without a heading."""
    evidence = evidence or {}
    groups = evidence.get("groups")
    if groups is None:
        flat = {kind: evidence.get(kind) or [] for kind in EVIDENCE_KINDS}
        groups = [{"number_text": "", "title": "", **flat}] if any(flat.values()) else []
    numbered, count = [], 0
    for group in groups:
        images = []
        for image in group.get("images") or []:
            count += 1
            images.append({**image, "number_text": thai.thai_digits(count)})
        numbered.append({**group, "images": images})
    return numbered


PROGRESS_TITLE = "รายงานความก้าวหน้าการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
RESULTS_TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"


def round_title(round_: int) -> str:
    """The title of the round's report: progress at 6 months, results at 12 — the attachment's
    heading and its memo's เรื่อง alike."""
    return RESULTS_TITLE if round_ == 12 else PROGRESS_TITLE


def progress_content(report, *, default_round: int = 6) -> dict:
    """The measures with output, outcome, suggestions and remarks of the report's round, the
    IIT/EIT lines' progress, then the evidence (images, links, files) and service-time
    figures."""
    round_ = _round_of(report, default_round)
    plan = _plan_of(report)
    measures = _measures(report, plan, round_=round_)
    return {
        **_plan_header(report, plan),
        "round": round_,
        "round_text": f"รอบ {thai.thai_digits(round_)} เดือน",
        "title": round_title(round_),
        "measures": measures,
        "indicator_lines": _indicator_lines(report, plan, round_=round_),
        "evidence": _collect_evidence(measures),
    }


def results_content(report) -> dict:
    return progress_content(report, default_round=12)


# ---------------------------------------------------------------------------------------------
# Indicator and OIT progress tables


def _oit_groups(report) -> list[dict]:
    """OIT items of the year grouped by sub-indicator, each with components, division, ticks
    and progress (ความก้าวหน้า ☐/☑ with the text)."""
    from oit_checklist import selectors
    from oit_checklist.enums import ItemState

    rows = selectors.item_rows(organisation=report.organisation, fiscal_year=report.fiscal_year)
    groups: list[dict] = []
    for row in rows:
        sub = row.item.sub_indicator
        if not groups or groups[-1]["code"] != sub.code:
            groups.append(
                {
                    "indicator": sub.indicator,
                    "indicator_text": (
                        f"ตัวชี้วัดที่ {thai.thai_digits(sub.indicator)} {sub.indicator_title}"
                    ),
                    "code": sub.code,
                    "code_text": thai.thai_digits(sub.code),
                    "title": sub.title,
                    "items": [],
                }
            )
        status = row.status
        groups[-1]["items"].append(
            {
                "label": row.item.label,
                "number": row.item.number,
                "title": row.item.title,
                "group_title": row.item.group_title,
                "components": [
                    {"text": c.text, "present": c.pk in row.present} for c in row.components
                ],
                "division": status.division.name if status.division_id else "",
                "state": status.state,
                "done": status.state == ItemState.DONE,
                "progress": status.progress,
                "urls": [u.url.url for u in row.urls],
                "complete": row.complete,
            }
        )
    return groups


def _tables_round(report) -> int:
    """The round the tables report on: the report's own, else 12 once anything of round 12 is
    reported, else 6."""
    if report.round in (6, 12):
        return report.round
    from measures.models import ProgressEntry

    reported = ProgressEntry.objects.filter(
        round=12, indicator_line__plan__fiscal_year=report.fiscal_year
    ).exists()
    return 12 if reported else 6


def tables_content(report) -> dict:
    """IIT/EIT lines ๑–๘ with ☐/☑ and the text of the round; the OIT items by sub-indicator."""
    round_ = _tables_round(report)
    plan = _plan_of(report)
    return {
        "fiscal_year": report.fiscal_year.year,
        "fiscal_year_text": thai.thai_digits(report.fiscal_year.year),
        "round": round_,
        "round_text": f"รอบ {thai.thai_digits(round_)} เดือน",
        "indicator_lines": _indicator_lines(report, plan, round_=round_),
        "oit": _oit_groups(report),
    }


# ---------------------------------------------------------------------------------------------
# The annual book


def book_content(report) -> dict:
    """Everything of the year: the plan, the results of the round (12 unless the report says
    6), the indicator and OIT tables, the latest preparation meeting's minutes."""
    return {
        "plan": plan_content(report),
        "results": progress_content(report, default_round=12),
        "tables": tables_content(report),
        "minutes": minutes_content(report),
    }


CONTENT_BUILDERS: dict[str, Callable[[Any], dict]] = {
    ReportKind.PLAN: plan_content,
    ReportKind.PROGRESS: progress_content,
    ReportKind.RESULTS: results_content,
    ReportKind.TABLES: tables_content,
    ReportKind.BOOK: book_content,
    ReportKind.MINUTES: minutes_content,
}


def build_content(report) -> dict:
    """The content of ``report``'s kind; ``{}`` for a kind without a builder."""
    builder = CONTENT_BUILDERS.get(str(report.kind))
    return builder(report) if builder else {}


# ---------------------------------------------------------------------------------------------
# The cover memo's default wording (a report without a Memo row yet, e.g. the staff preview)

_MEMO_PURPOSE = {
    ReportKind.PLAN: (
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        "จัดทำมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    ),
    ReportKind.PROGRESS: (PROGRESS_TITLE, PROGRESS_TITLE),
    ReportKind.RESULTS: (
        RESULTS_TITLE,
        "รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    ),
}


def default_memo(report) -> dict:
    """ส่วนราชการ, เรียน and the body (เรื่องเดิม · ข้อเท็จจริง · ข้อเสนอแนะ) as seed 001 writes
    them, for a report whose memo has not been written yet."""
    org = report.organisation
    year = thai.thai_digits(report.fiscal_year.year)
    label = ReportKind(report.kind).label  # the tables, the book, the minutes: their own name
    what, done = _MEMO_PURPOSE.get(report.kind, (label, f"จัดทำและเผยแพร่{label}"))
    if report.kind in (ReportKind.PROGRESS, ReportKind.RESULTS) and report.round:
        what = round_title(report.round)  # the same title as the attachment's heading
    membership = report.drafter.memberships.filter(organisation=org).first()
    division = ""
    if membership is not None:
        if membership.position_id and membership.position.division_id:
            division = membership.position.division.name
        else:
            first = membership.divisions.order_by("order", "pk").first()
            division = first.name if first else ""
    place = f"{org.name} อำเภอ{org.district} จังหวัด{org.province}"
    division_line = f"{division} {place}" if division else place
    if org.phone:
        division_line += f" โทร {thai.thai_digits(org.phone)}"
    round_text = f" {report.round_text}" if getattr(report, "round", None) else ""
    return {
        "division_line": division_line,
        "subject": f"{what} ประจำปีงบประมาณ พ.ศ. {year}"
        + (f" ({report.round_text})" if round_text else ""),
        "addressee": f"นายก{org.name}",
        "paragraphs": [
            "เรื่องเดิม",
            f"ตามที่{org.name} ได้เข้ารับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ"
            f"หน่วยงานภาครัฐ (ITA) ประจำปีงบประมาณ พ.ศ. {year} ซึ่งการเปิดเผยข้อมูล (OIT) "
            f"กำหนดให้หน่วยงาน{done}",
            "ข้อเท็จจริง",
            f"{division or org.name} ได้ดำเนินการจัดทำ{what} ประจำปีงบประมาณ พ.ศ. {year}"
            f"{round_text} เรียบร้อยแล้ว รายละเอียดตามเอกสารแนบท้ายนี้",
            "ข้อเสนอแนะ",
            f"เพื่อให้การดำเนินนโยบายป้องกันและปราบปรามการทุจริตของ{org.name} เป็นไปด้วย"
            f"ความเรียบร้อย เห็นควรอนุมัติและนำ{what} ประจำปีงบประมาณ พ.ศ. {year} "
            "เผยแพร่ลงในเว็บไซต์ของหน่วยงาน",
        ],
    }


# ---------------------------------------------------------------------------------------------
# Words every output prints the same (PDF templates, DOCX, XLSX)


def status_boxes(done: bool) -> list[tuple[bool, str]]:
    """The two tick boxes of a progress cell in the seeds' order (seed 002, all 51 of its
    cells, as print/_tables.html prints them): ยังไม่ได้ดำเนินการ, then ดำเนินการ; (ticked,
    label) each."""
    return [(not done, "ยังไม่ได้ดำเนินการ"), (bool(done), "ดำเนินการ")]


def split_rank(name: str) -> tuple[str, str]:
    """(rank, name) of a signer: a rank (ยศ, ``organisations.enums.RANKS``) is written before
    the signature and left out of the name in brackets (seed 001: "ว่าที่ร้อยตรีหญิง....."
    over "(นิตยา สันหลี่)"); ("", name) for every other title (นาย, นาง, ดร. stay inside)."""
    for rank in sorted(RANKS, key=len, reverse=True):
        if name.startswith(rank) and name[len(rank) : len(rank) + 1] in (" ", ""):
            return rank, name[len(rank) :].strip()
    return "", name
