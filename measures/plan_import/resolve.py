"""From a Reading and the coordinator's choices to exactly what will be written: each step's
divisions (matched, mapped, or to be created), months and rounds, and the problems that remain.
Confirming writes only a resolution without problems."""

from __future__ import annotations

from dataclasses import dataclass, field

from ita_portal import thai

from .divisions import DivisionMatcher
from .drafts import Period, Reading, Responsible

NEW = "new"  # an unknown name becomes a new division of that name
SKIP = "skip"  # an unknown name is left out (other names of the cell still count)


@dataclass
class ImportChoices:
    """What the coordinator decided on the review page (the command line decides nothing)."""

    mapping: dict[str, list[str]] = field(default_factory=dict)  # table group → field per column
    divisions: dict[str, str] = field(default_factory=dict)  # unknown name → division id/NEW/SKIP
    months: dict[str, tuple[int, int]] = field(default_factory=dict)  # step/line → (start, end)
    who: dict[str, list[int]] = field(default_factory=dict)  # step/line naming nobody → divisions
    indicators: dict[str, int] = field(default_factory=dict)  # line → indicator number
    replace: bool = False


@dataclass
class Problem:
    key: str  # the step, line, measure or unknown name it belongs to
    message: str
    choice: str = (
        ""  # what the coordinator can choose to solve it: division, who, months, indicator
    )


@dataclass
class Who:
    division_ids: list[int]
    new_names: list[str]


@dataclass
class ResolvedStep:
    text: str
    who: Who
    start_month: int
    end_month: int
    follow_up_6: bool
    follow_up_12: bool


@dataclass
class ResolvedMeasure:
    title: str
    issue: str
    indicator: int | None
    steps: list[ResolvedStep]


@dataclass
class ResolvedLine:
    indicator: int
    approach: str
    who: Who
    start_month: int
    end_month: int


@dataclass
class Resolution:
    measures: list[ResolvedMeasure] = field(default_factory=list)
    lines: list[ResolvedLine] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def new_division_names(self) -> list[str]:
        names: list[str] = []
        for item in [*(s for m in self.measures for s in m.steps), *self.lines]:
            names.extend(n for n in item.who.new_names if n not in names)
        return names

    @property
    def step_count(self) -> int:
        return sum(len(m.steps) for m in self.measures)


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def resolve(reading: Reading, choices: ImportChoices, matcher: DivisionMatcher) -> Resolution:
    """What confirming ``reading`` with ``choices`` writes, and what still stops it."""
    result = Resolution()
    known = set(matcher.all_ids)
    unknown_texts = {key: text for key, text, _count in reading.unknown_divisions()}
    for key, text in unknown_texts.items():
        choice = choices.divisions.get(key, "")
        if choice not in (NEW, SKIP) and not (choice.isdigit() and int(choice) in known):
            result.problems.append(
                Problem(
                    key,
                    f"ยังไม่ได้เลือกว่า “{text}” คือส่วนราชการใด (หรือสร้างใหม่ หรือไม่ระบุ)",
                    "division",
                )
            )

    def who_of(key: str, responsible: Responsible, what: str) -> Who:
        if responsible.missing:
            chosen = [pk for pk in choices.who.get(key, []) if pk in known]
            if not chosen:
                result.problems.append(
                    Problem(key, f"{what} ไม่ได้ระบุผู้รับผิดชอบในไฟล์ กรุณาเลือกส่วนราชการ", "who")
                )
            return Who([pk for pk in matcher.all_ids if pk in chosen], [])
        ids = set(matcher.ids_of(responsible.match))
        new_names = []
        for unknown in responsible.match.unknown:
            choice = choices.divisions.get(unknown.key, "")
            if choice == NEW:
                new_names.append(unknown.text)
            elif choice.isdigit() and int(choice) in known:
                ids.add(int(choice))
        if (
            not ids
            and not new_names
            and all(choices.divisions.get(u.key) == SKIP for u in responsible.match.unknown)
        ):
            result.problems.append(
                Problem(key, f"{what} ไม่มีผู้รับผิดชอบที่เป็นส่วนราชการ (“{responsible.source}”)")
            )
        return Who([pk for pk in matcher.all_ids if pk in ids], new_names)

    def months_of(key: str, period: Period, what: str) -> tuple[int, int]:
        if not period.problem:
            return period.start, period.end
        chosen = choices.months.get(key)
        if chosen and thai.fiscal_month_index(chosen[0]) <= thai.fiscal_month_index(chosen[1]):
            return chosen
        reason = (
            "เดือนที่เลือกเดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น"
            if chosen
            else f"อ่านระยะเวลา “{period.source}” ไม่ได้ ({period.problem})"
        )
        result.problems.append(Problem(key, f"{what}: {reason}", "months"))
        return 10, 9

    for number, measure in enumerate(reading.measures, start=1):
        label = f"มาตรการที่ {thai.thai_digits(number)}"
        if not measure.title.strip():
            result.problems.append(Problem(measure.key, f"{label} ไม่มีชื่อมาตรการ ({measure.source})"))
        elif measure.title_too_long:
            result.problems.append(
                Problem(
                    measure.key,
                    f"{label} “{_short(measure.title)}” ยาวเกิน ๕๐๐ ตัวอักษร "
                    "กรุณาย่อชื่อมาตรการในไฟล์แล้วนำเข้าอีกครั้ง",
                )
            )
        steps = []
        for index, step in enumerate(measure.steps, start=1):
            what = f"{label} ขั้นตอนที่ {thai.thai_digits(index)} “{_short(step.text, 40)}”"
            who = who_of(step.key, step.responsible, what)
            start, end = months_of(step.key, step.period, what)
            steps.append(
                ResolvedStep(step.text, who, start, end, step.follow_up_6, step.follow_up_12)
            )
        result.measures.append(
            ResolvedMeasure(measure.title, measure.issue, measure.indicator, steps)
        )
    for line in reading.lines:
        what = f"แนวทางตามตัวชี้วัด “{_short(line.indicator_source or line.approach, 40)}”"
        number = (
            line.indicator
            if line.indicator and line.indicator <= 8
            else choices.indicators.get(line.key)
        )
        if not number or not 1 <= number <= 8:
            result.problems.append(
                Problem(line.key, f"{what}: กรุณาเลือกตัวชี้วัด IIT/EIT (ตัวชี้วัดที่ ๑–๘)", "indicator")
            )
        who = who_of(line.key, line.responsible, what)
        start, end = months_of(line.key, line.period, what)
        result.lines.append(ResolvedLine(number or 0, line.approach, who, start, end))
    if not result.measures and not result.lines:
        result.problems.append(Problem("", "ไม่มีมาตรการหรือแนวทางที่จะนำเข้า"))
    return result
