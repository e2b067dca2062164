"""What a read document (``reading``) says as a measures plan: which tables are plan tables,
which column holds what (by its Thai header, with the variants the seeds use; the coordinator
may re-map a column), the measures with their numbered steps, who is responsible, the months,
and everything that could not be read, with the text it came from.

Pure functions of the document, the column mapping and the organisation's divisions: nothing
here touches the database, so the review page can interpret the stored document again with
another mapping, and the command line and the web read a file the same way.

Texts are kept as the file writes them, trimmed; only the numbering labels ("๑.", "(๒)") that
the portal prints itself are taken off. Several paragraphs of one cell are joined by line breaks.
"""

from __future__ import annotations

import hashlib
import json

from ita_portal import thai

from .columns import (
    INDICATOR_LINE,
    ISSUE_START,
    follow_up,
    guess_mapping,
    indicator_number,
    info_line,
    label_of,
    split_steps,
    strip_label,
    table_kind,
    toc_line,
)
from .divisions import DivisionMatcher, squeeze
from .drafts import (
    LineDraft,
    MeasureDraft,
    Period,
    Reading,
    Responsible,
    Skipped,
    StepDraft,
    TableGroup,
)

# --- Interpretation ---------------------------------------------------------------------------

_HEADER_ROWS = 6  # a plan table's header is among its first rows (Word)
_SHEET_HEADER_ROWS = 15  # a sheet may have titles above its table (Excel)


def _cell_text(cell: dict) -> str:
    return "\n".join(line["text"].strip() for line in cell["lines"] if line["text"].strip())


def _lines(cell: dict) -> list[dict]:
    return [line for line in cell["lines"] if line["text"].strip()]


def _group_id(headers: list[str]) -> str:
    data = json.dumps([squeeze(h) for h in headers], ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:12]


def _find_header(rows: list[list[dict]], limit: int) -> tuple[int, list[str]] | None:
    for index, row in enumerate(rows[:limit]):
        headers = _row_texts(row)
        if table_kind(guess_mapping(headers)):
            return index, headers
    return None


def _row_texts(row: list[dict]) -> list[str]:
    """The row's texts, a merged cell's text repeated in the cells it covers to the right."""
    texts: list[str] = []
    for cell in row:
        if cell["merged"] == "left" and texts:
            texts.append(texts[-1])
        else:
            texts.append(" ".join(_cell_text(cell).split()))
    return texts


_PLAN_FIELDS = {"measure", "steps", "responsible", "period", "follow_up", "indicator", "approach"}


def _plan_score(mapping: list[str]) -> int:
    return len(set(mapping) & _PLAN_FIELDS)


def table_groups(document: dict, mapping: dict[str, list[str]] | None = None) -> list[TableGroup]:
    """The plan tables of the document grouped by header; ``mapping`` (group id → field per
    column) replaces the guessed mapping of a group.

    A report holds the same measures in more than one table (our annual book: the plan, then
    the results; seed 001: the plan's columns with the output beside them). Of the groups of
    one kind, only the one that says most about the plan (who, when, follow-up) is read unless
    the coordinator maps another: the others are listed with every column "not imported"."""
    limit = _SHEET_HEADER_ROWS if document["format"] == "xlsx" else _HEADER_ROWS
    groups: dict[str, TableGroup] = {}
    for table in document["tables"]:
        found = _find_header(table["rows"], limit)
        if found is None:
            continue
        _index, headers = found
        group_id = _group_id(headers)
        if group_id not in groups:
            groups[group_id] = TableGroup(group_id, headers, [], guess_mapping(headers), [])
        groups[group_id].sources.append(table["source"])
    best: dict[str, TableGroup] = {}
    for group in groups.values():
        kind = table_kind(group.guessed)
        if kind not in best or _plan_score(group.guessed) > _plan_score(best[kind].guessed):
            best[kind] = group
    for group in groups.values():
        chosen = (mapping or {}).get(group.id)
        if chosen and len(chosen) == len(group.headers):
            group.mapping = list(chosen)
        elif best[table_kind(group.guessed)] is group:
            group.mapping = list(group.guessed)
        else:
            group.mapping = [""] * len(group.headers)
    return list(groups.values())


def interpret(
    document: dict,
    *,
    matcher: DivisionMatcher,
    mapping: dict[str, list[str]] | None = None,
    indicator_titles: dict[int, str] | None = None,
) -> Reading:
    """The plan the document holds (see the module's docstring)."""
    groups = table_groups(document, mapping)
    reading = Reading(layout="tables" if groups else "")
    reading.groups = groups
    builder = _Builder(reading, matcher, indicator_titles or {})
    limit = _SHEET_HEADER_ROWS if document["format"] == "xlsx" else _HEADER_ROWS
    by_id = {group.id: group for group in groups}
    for table in document["tables"]:
        found = _find_header(table["rows"], limit)
        if found is None:
            if any(_cell_text(c) for row in table["rows"][:1] for c in row):
                reading.other_headers.append(_row_texts(table["rows"][0])[:8])
            continue
        index, headers = found
        group = by_id[_group_id(headers)]
        rows = table["rows"][index + 1 :]
        if group.kind == "measures":
            builder.measure_rows(group, table["source"], index, rows)
        elif group.kind == "lines":
            builder.line_rows(group, table["source"], index, rows)
    if not groups and document.get("paragraphs"):
        builder.numbered_list(document["paragraphs"])
    return reading


def _looks_like_a_period(text: str) -> bool:
    """A paragraph that is a period of its own, readable or not (not half of one that the
    column wrapped: "ม.ค. ๖๔ ถึง" / "เม.ย. ๖๔")."""
    connectors = ("ถึง", "-", "–", "—")
    if text.strip().endswith(connectors) or text.strip().startswith(connectors):
        return False
    return Period.read(text).problem != thai.NO_PERIOD


class _Row:
    """One table row read through the column mapping. A cell that continues a merged cell
    gives the text of the cell it continues (``above``: each column's text in the row above)."""

    EMPTY = {"lines": [], "merged": ""}

    def __init__(self, cells: list[dict], columns: dict[str, int], above: dict[str, str]):
        self.cells, self.columns, self.above = cells, columns, above

    def cell(self, name: str) -> dict:
        index = self.columns.get(name)
        return self.cells[index] if index is not None and index < len(self.cells) else self.EMPTY

    def own_text(self, name: str) -> str:
        cell = self.cell(name)
        return "" if cell["merged"] else _cell_text(cell)

    def text(self, name: str) -> str:
        return self.above.get(name, "") if self.cell(name)["merged"] else self.own_text(name)

    def texts_for_below(self) -> dict[str, str]:
        return {name: self.text(name) for name in self.columns}


class _Builder:
    def __init__(self, reading: Reading, matcher: DivisionMatcher, titles: dict[int, str]):
        self.reading = reading
        self.matcher = matcher
        self.titles = titles
        self.measure: MeasureDraft | None = None  # carried from one table to the next page's
        self.line: LineDraft | None = None

    # -- helpers

    def _responsible(self, text: str) -> Responsible:
        return Responsible(text, self.matcher.match(text), missing=not text.strip())

    def _new_step(self, text: str, responsible: Responsible, period: Period, follow) -> StepDraft:
        measure = self.measure
        key = f"{measure.key}s{len(measure.steps) + 1}"
        step = StepDraft(key, text, responsible, period, *follow)
        measure.steps.append(step)
        return step

    def _new_measure(self, cell_text: str, number: str, source: str) -> MeasureDraft:
        title_lines, issue_lines, indicator = [], [], None
        for position, line in enumerate(t for t in cell_text.split("\n") if t.strip()):
            text = strip_label(line) if position == 0 else line.strip()
            found = INDICATOR_LINE.match(text)
            if found and title_lines:
                indicator = int(thai.arabic_digits(found.group(1)))
            elif text.startswith(ISSUE_START) and title_lines:
                issue_lines.append(text)
            else:
                title_lines.append(text)
        measure = MeasureDraft(
            key=f"m{len(self.reading.measures) + 1}",
            title="\n".join(title_lines),
            source=source,
            issue="\n".join(issue_lines),
            number=number,
            raw_title=cell_text,
        )
        measure.indicator = indicator or indicator_number(f"{measure.title}\n{measure.issue}", None)
        if measure.indicator is not None and not 1 <= measure.indicator <= 10:
            measure.indicator = None
        self.reading.measures.append(measure)
        self.measure = measure
        return measure

    @staticmethod
    def _per_step(cell: dict, count: int, usable) -> list[str] | None:
        """One text per step when the cell has exactly one usable paragraph for each of
        ``count`` (> 1) steps; None when the whole text applies to every step."""
        lines = [line["text"].strip() for line in _lines(cell)]
        if count > 1 and len(lines) == count and all(usable(line) for line in lines):
            return lines
        return None

    # -- a table of measures

    def measure_rows(self, group: TableGroup, source: str, header_index: int, rows) -> None:
        columns = {name: i for i, name in enumerate(group.mapping) if name}
        header_texts = [squeeze(h) for h in group.headers]
        above: dict[str, str] = {}  # each column's text in the row above (for merged cells)
        for offset, cells in enumerate(rows):
            where = f"{source} แถวที่ {thai.thai_digits(header_index + offset + 2)}"
            texts = _row_texts(cells)
            if not any(texts):
                continue
            if [squeeze(t) for t in texts] == header_texts[: len(texts)]:
                continue  # the header repeated on a later page
            if len(set(texts)) == 1 and all(c["merged"] == "left" for c in cells[1:]):
                self.reading.skipped.append(
                    Skipped(where, texts[0], "แถวหัวข้อที่กินเต็มความกว้างของตาราง", unread=False)
                )
                continue
            row = _Row(cells, columns, above)
            self._measure_row(row, where, texts)
            above.update(row.texts_for_below())

    def _measure_row(self, row: _Row, where: str, texts: list[str]) -> None:
        measure_text = row.own_text("measure")
        number = row.text("number")
        starts_measure = bool(measure_text) and (
            self.measure is None
            or measure_text != self.measure.raw_title
            or bool(number and number != self.measure.number)
        )
        if starts_measure:
            measure = self._new_measure(measure_text, number, where)
            if row.text("issue"):
                measure.issue = "\n".join(filter(None, [measure.issue, row.text("issue")]))
            if row.text("indicator"):
                found = indicator_number(row.text("indicator"), self.titles)
                measure.indicator = found or measure.indicator
        elif self.measure is None:
            content = " ".join(t for t in texts if t)
            self.reading.skipped.append(
                Skipped(where, content, "แถวนี้ไม่อยู่ใต้มาตรการใด (ไม่มีชื่อมาตรการก่อนหน้า)")
            )
            return
        self._steps_of_row(row, first_row=starts_measure)

    def _step_texts(self, row: _Row, *, first_row: bool) -> list[str]:
        """The texts of the steps that begin in this row (a step running on from the row above
        is extended in place)."""
        measure = self.measure
        if "steps" not in row.columns:
            # No steps column: the measure is its one step (seeds 000/003 repeat its title there).
            return [measure.title] if first_row else []
        cell = row.cell("steps")
        if cell["merged"] == "up":
            return []
        lines = _lines(cell)
        if "step_number" in row.columns:  # one step per row, numbered in its own column
            joined = "\n".join(line["text"].strip() for line in lines)
            return [joined] if joined else []
        lead, items, style = split_steps(lines, measure.step_style)
        measure.step_style = measure.step_style or style
        issue = [t for t in lead if t.startswith(ISSUE_START)]
        lead = [t for t in lead if not t.startswith(ISSUE_START)]
        if issue:
            measure.issue = "\n".join(filter(None, [measure.issue, *issue]))
            if measure.indicator is None:
                measure.indicator = indicator_number("\n".join(issue))
        texts = []
        if lead and measure.steps and not first_row:
            step = measure.steps[-1]  # a step that runs on from the page before
            step.text = "\n".join([step.text, *lead])
        elif lead:
            texts.append("\n".join(lead))
        texts.extend("\n".join(item) for item in items)
        return texts

    def _steps_of_row(self, row: _Row, *, first_row: bool) -> None:
        new_texts = self._step_texts(row, first_row=first_row)
        if not new_texts:
            return
        count = len(new_texts)
        previous = self.measure.steps[-1] if self.measure.steps else None
        per_responsible = self._per_step(
            row.cell("responsible"), count, lambda t: self.matcher.match(t).found_anything
        )
        per_period = self._per_step(row.cell("period"), count, _looks_like_a_period)
        follow_text = row.text("follow_up")
        for index, step_text in enumerate(new_texts):
            who = per_responsible[index] if per_responsible else row.text("responsible")
            if who.strip() or previous is None:
                responsible = self._responsible(who)
            else:
                responsible = previous.responsible  # the same as the step above
            when = per_period[index] if per_period else row.text("period")
            period = Period.read(when) if when.strip() or previous is None else previous.period
            if follow_text.strip():
                follow = follow_up(follow_text)
            else:
                follow = (previous.follow_up_6, previous.follow_up_12) if previous else (True, True)
            previous = self._new_step(step_text, responsible, period, follow)

    # -- a table of IIT/EIT lines

    def line_rows(self, group: TableGroup, source: str, header_index: int, rows) -> None:
        columns = {name: i for i, name in enumerate(group.mapping) if name}
        header_texts = [squeeze(h) for h in group.headers]
        for offset, cells in enumerate(rows):
            where = f"{source} แถวที่ {thai.thai_digits(header_index + offset + 2)}"
            texts = _row_texts(cells)
            if not any(texts) or [squeeze(t) for t in texts] == header_texts[: len(texts)]:
                continue
            row = _Row(cells, columns, {})
            indicator_text, approach = row.own_text("indicator"), row.own_text("approach")
            if not indicator_text and self.line is not None and approach:
                self.line.approach = "\n".join([self.line.approach, approach])
                continue
            if not approach:
                if indicator_text:
                    self.reading.skipped.append(
                        Skipped(where, indicator_text, "ไม่มีแนวทางในการยกระดับ")
                    )
                continue
            number = indicator_number(indicator_text, self.titles)
            self.line = LineDraft(
                key=f"l{len(self.reading.lines) + 1}",
                indicator=number,
                indicator_source=indicator_text,
                approach=approach,
                responsible=self._responsible(row.own_text("responsible")),
                period=Period.read(row.own_text("period")),
                source=where,
            )
            self.reading.lines.append(self.line)

    # -- a numbered list, no table (seed 000's layout)

    def numbered_list(self, paragraphs: list[dict]) -> None:
        """Measures numbered ๑.๑ ๑.๒ … (or ๑. ๒. … when nothing is numbered deeper), their
        steps below them as (๑) ๑) - or ๑.๑.๑, and lines "ผู้รับผิดชอบ …", "ระยะเวลา …",
        "การกำกับติดตาม …" for the measure (before its first step) or the step above them.
        Lines of a table of contents (ending in a tab and a page number) are left out."""
        lines = [p for p in paragraphs if p["text"].strip() and not toc_line(p["text"])]
        kinds = [label_of(line)[0] for line in lines]
        if kinds.count("dot2") >= 2:
            measure_kind, section_kind = "dot2", "dot"
        elif kinds.count("dot") >= 2:
            measure_kind, section_kind = "dot", None
        else:
            return
        if not any("มาตรการ" in line["text"] for line in lines):
            return
        self.reading.layout = "list"
        measure_info: dict[str, str] = {}
        step_info: dict[str, dict[str, str]] = {}  # step key → its own lines

        def close_measure():
            measure = self.measure
            if measure is not None:
                if not measure.steps:  # the measure is its one step, as seeds 000/003 write it
                    measure.steps.append(StepDraft(f"{measure.key}s1", measure.title, None, None))
                for step in measure.steps:
                    self._apply_info(step, step_info.get(step.key, {}), measure_info)
            self.measure = None
            measure_info.clear()
            step_info.clear()

        for number, line in enumerate(lines, start=1):
            kind, rest = label_of(line)
            if kind == measure_kind:
                close_measure()
                self._new_measure(rest, "", f"ย่อหน้าที่ {thai.thai_digits(number)}")
                continue
            if kind and kind == section_kind:
                close_measure()
                continue
            if self.measure is None:
                continue
            info = info_line(line["text"])
            steps = self.measure.steps
            if info:
                target = step_info.setdefault(steps[-1].key, {}) if steps else measure_info
                target[info[0]] = info[1]
            elif kind:
                steps.append(StepDraft(f"{self.measure.key}s{len(steps) + 1}", rest, None, None))
        close_measure()

    def _apply_info(self, step: StepDraft, own: dict, measure: dict) -> None:
        who = own.get("responsible", measure.get("responsible", ""))
        step.responsible = self._responsible(who)
        step.period = Period.read(own.get("period", measure.get("period", "")))
        follow = own.get("follow_up", measure.get("follow_up", ""))
        step.follow_up_6, step.follow_up_12 = follow_up(follow) if follow else (True, True)
