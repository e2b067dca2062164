"""The plan as the review page shows it before anything is saved: measures, steps and IIT/EIT
lines drafted from the file, each with the text it came from and what could not be read."""

from __future__ import annotations

from dataclasses import dataclass, field

from ita_portal import thai

from .columns import table_kind
from .divisions import Match

# --- What the coordinator sees and confirms ---------------------------------------------------


@dataclass
class Period:
    source: str  # the text of the file ("" when it gives none)
    start: int | None = None
    end: int | None = None
    fiscal_year: int | None = None  # the year the file names, if any
    problem: str = ""  # why it could not be read
    defaulted: bool = False  # the file gives no period: the whole fiscal year

    @classmethod
    def read(cls, text: str) -> Period:
        text = text.strip()
        if not text:
            return cls("", 10, 9, defaulted=True)
        try:
            start, end, year = thai.read_period(text)
        except ValueError as error:
            return cls(text, problem=str(error))
        return cls(text, start, end, year)


@dataclass
class Responsible:
    source: str
    match: Match
    missing: bool = False  # no text at all


@dataclass
class StepDraft:
    key: str
    text: str
    responsible: Responsible
    period: Period
    follow_up_6: bool = True
    follow_up_12: bool = True


@dataclass
class MeasureDraft:
    key: str
    title: str
    source: str
    issue: str = ""
    indicator: int | None = None
    steps: list[StepDraft] = field(default_factory=list)
    number: str = ""
    raw_title: str = ""
    step_style: str = ""

    @property
    def title_too_long(self) -> bool:
        return len(self.title) > 500


@dataclass
class LineDraft:
    key: str
    indicator: int | None
    indicator_source: str
    approach: str
    responsible: Responsible
    period: Period
    source: str


@dataclass
class TableGroup:
    """Tables of the file with the same header (one plan table over several pages)."""

    id: str
    headers: list[str]
    mapping: list[str]
    guessed: list[str]
    sources: list[str]

    @property
    def kind(self) -> str:
        return table_kind(self.mapping)

    @property
    def columns(self) -> list[tuple[int, str, str]]:
        return [(i, h, m) for i, (h, m) in enumerate(zip(self.headers, self.mapping, strict=True))]


@dataclass
class Skipped:
    source: str
    text: str
    reason: str
    unread: bool = True  # text of the plan left out (not a heading that spans the table)


@dataclass
class Reading:
    layout: str  # "tables", "list" or "" (no plan found)
    groups: list[TableGroup] = field(default_factory=list)
    measures: list[MeasureDraft] = field(default_factory=list)
    lines: list[LineDraft] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    other_headers: list[list[str]] = field(default_factory=list)

    @property
    def steps(self) -> list[StepDraft]:
        return [step for measure in self.measures for step in measure.steps]

    def unknown_divisions(self) -> list[tuple[str, str, int]]:
        """(key, text as written, how many steps and lines name it), in the file's order."""
        seen: dict[str, list] = {}
        for item in [*self.steps, *self.lines]:
            for unknown in item.responsible.match.unknown:
                entry = seen.setdefault(unknown.key, [unknown.key, unknown.text, 0])
                entry[2] += 1
        return [tuple(entry) for entry in seen.values()]
