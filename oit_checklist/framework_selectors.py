"""Reads of the frameworks for the operator: the list, one framework with its comparison to
the previous one, its files and its history. Frameworks are shared by every organisation, so
these run with scopes disabled where they count organisations' use; each list costs a fixed
number of queries whatever the number of items or frameworks. Last, what moving one fiscal year
of an organisation to a newer framework would do (``move_plan``), in its scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django_scopes import scopes_disabled

from ita_portal.thai import thai_digits
from organisations.models import FiscalYear

from . import crosswalk, framework_files
from .crosswalk import Comparison, ItemView
from .enums import FrameworkStatus, PortalRole
from .loader import ParsedFramework
from .models import (
    ComponentTick,
    Framework,
    FrameworkMove,
    ItemStatus,
    ItemUrl,
    OitComponent,
    OitItem,
    SubIndicator,
)


def framework_of(*, agency_type: str, year: int) -> Framework | None:
    return Framework.objects.filter(agency_type=agency_type, year=year).first()


def frameworks_overview() -> list[Framework]:
    """Every framework, by agency type and newest year first, with ``item_count`` and
    ``year_count`` (fiscal years of any organisation on it). Three queries."""
    with scopes_disabled():  # counting every organisation's fiscal years
        years = (
            FiscalYear.objects.filter(framework=OuterRef("pk"))
            .order_by()
            .values("framework")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return list(
            Framework.objects.annotate(
                item_count=Count("items"),
                year_count=Coalesce(Subquery(years), 0),
            )
            .select_related("published_by")
            .order_by("agency_type", "-year")
        )


def framework_newest(*, agency_type: str, published_only: bool = True) -> Framework | None:
    frameworks = Framework.objects.filter(agency_type=agency_type)
    if published_only:
        frameworks = frameworks.filter(status=FrameworkStatus.PUBLISHED)
    return frameworks.order_by("-year").first()


def previous_framework(*, agency_type: str, year: int) -> Framework | None:
    """The published framework of the same agency type before ``year``: what a new one is
    compared with."""
    return (
        Framework.objects.filter(
            agency_type=agency_type, status=FrameworkStatus.PUBLISHED, year__lt=year
        )
        .order_by("-year")
        .first()
    )


def framework_items(framework: Framework) -> list[OitItem]:
    """The items in order with their sub-indicator and ``ordered_components``. Two queries."""
    return list(
        framework.items.select_related("sub_indicator")
        .prefetch_related(
            Prefetch(
                "components",
                queryset=OitComponent.objects.order_by("order"),
                to_attr="ordered_components",
            )
        )
        .order_by("order")
    )


def framework_views(framework: Framework | None) -> list[ItemView]:
    if framework is None:
        return []
    return [crosswalk.view_of(item) for item in framework_items(framework)]


def parsed_views(parsed: ParsedFramework) -> list[ItemView]:
    return [
        ItemView(
            number=item.number,
            label=item.label,
            title=item.title,
            components=tuple(item.components),
            sub_indicator=item.sub_indicator,
            sub_indicator_title=parsed.sub_indicators[item.sub_indicator][2],
            group_title=item.group_title,
            default_responsible=item.default_responsible,
            produced_by_portal=item.produced_by_portal,
        )
        for item in parsed.items
    ]


@dataclass
class FrameworkPage:
    framework: Framework
    items: list[OitItem]
    sub_indicators: list[SubIndicator]
    previous: Framework | None
    comparison: Comparison
    groups: list[tuple[SubIndicator, list[OitItem]]] = field(default_factory=list)


def framework_page(*, framework: Framework) -> FrameworkPage:
    """One framework: its items by sub-indicator and its comparison with the previous
    published framework of its agency type. Seven queries."""
    items = framework_items(framework)
    subs = list(framework.sub_indicators.order_by("order"))
    previous = previous_framework(agency_type=framework.agency_type, year=framework.year)
    comparison = crosswalk.compare(
        framework_views(previous), [crosswalk.view_of(item) for item in items]
    )
    by_sub: dict[int, list[OitItem]] = {sub.pk: [] for sub in subs}
    for item in items:
        by_sub.setdefault(item.sub_indicator_id, []).append(item)
    return FrameworkPage(
        framework=framework,
        items=items,
        sub_indicators=subs,
        previous=previous,
        comparison=comparison,
        groups=[(sub, by_sub[sub.pk]) for sub in subs],
    )


def reload_comparison(*, framework: Framework, parsed: ParsedFramework) -> Comparison:
    """What loading ``parsed`` onto ``framework`` (same year) would change."""
    return crosswalk.compare(framework_views(framework), parsed_views(parsed))


# ---------------------------------------------------------------------------------------------
# Files


def framework_rows(framework: Framework) -> list[list[str]]:
    """The rows of the framework's data file, in its order."""
    return [
        [
            str(framework.year),
            str(item.sub_indicator.indicator),
            item.sub_indicator.indicator_title,
            item.sub_indicator.code,
            item.sub_indicator.title,
            item.group_title,
            item.number,
            item.label,
            item.title,
            framework_files.COMPONENT_SEPARATOR.join(c.text for c in item.ordered_components),
            item.default_responsible,
            item.produced_by_portal,
        ]
        for item in framework_items(framework)
    ]


def framework_file(*, framework: Framework, fmt: str) -> bytes:
    """The framework as a TSV or XLSX file that ``load_oit_framework`` reads back as it is."""
    rows = framework_rows(framework)
    if fmt == "tsv":
        return framework_files.to_tsv(rows).encode("utf-8")
    if fmt == "xlsx":
        return framework_files.to_xlsx(rows, title=f"OIT {framework.year}")
    raise ValueError(fmt)


def framework_file_name(framework: Framework, fmt: str) -> str:
    draft = "-draft" if framework.is_draft else ""
    return f"oit_items_{framework.year}_{framework.agency_type}{draft}.{fmt}"


# ---------------------------------------------------------------------------------------------
# History


@dataclass
class ChangeEntry:
    """One thing an operator (or a file) did, with its details."""

    when: dt.datetime
    who: str
    what: str
    details: list[str] = field(default_factory=list)


_ITEM_FIELDS = {
    "number": "เลขข้อ",
    "label": "ข้อ",
    "title": "ข้อมูล",
    "group_title": "หัวข้อย่อย",
    "default_responsible": "ผู้รับผิดชอบ",
    "produced_by_portal": "จัดทำโดยระบบ",
    "sub_indicator": "ตัวชี้วัดย่อย",
}
_SUB_FIELDS = {
    "indicator": "ตัวชี้วัด",
    "indicator_title": "ชื่อตัวชี้วัด",
    "code": "ตัวชี้วัดย่อย",
    "title": "ชื่อตัวชี้วัดย่อย",
}
_ROLES = dict(PortalRole.choices)
_STATUSES = dict(FrameworkStatus.choices)
MAX_DETAILS = 12


def _changes(records, labels: dict[str, str]) -> dict[int, list[tuple[str, object, object]]]:
    """For each "~" record (by history_id), the fields that differ from the record of the same
    object before it. The records come in (object, date) order."""
    found: dict[int, list[tuple[str, object, object]]] = {}
    previous: dict[int, object] = {}
    for record in records:
        before = previous.get(record.id)
        if record.history_type == "~" and before is not None:
            found[record.history_id] = [
                (name, getattr(before, attname), getattr(record, attname))
                for name, attname in (
                    (name, f"{name}_id" if name == "sub_indicator" else name) for name in labels
                )
                if getattr(before, attname) != getattr(record, attname)
            ]
        previous[record.id] = record
    return found


def _value(name: str, value, subs: dict[int, str]) -> str:
    if name == "produced_by_portal":
        return _ROLES.get(value, "ไม่ใช่")
    if name == "sub_indicator":
        return subs.get(value, "")
    return str(value) if value not in (None, "") else "(ว่าง)"


def _history(framework: Framework, *, item: OitItem | None = None) -> list[ChangeEntry]:
    frame = OitItem.history.filter(framework_id=framework.pk)
    if item is not None:
        frame = frame.filter(id=item.pk)
    item_records = list(frame.select_related("history_user").order_by("id", "history_date"))
    item_ids = {record.id for record in item_records}
    labels = {record.id: record.label for record in item_records}  # the last label of each
    component_records = list(
        OitComponent.history.filter(item_id__in=item_ids)
        .select_related("history_user")
        .order_by("id", "history_date")
    )
    sub_records = []
    framework_records = []
    if item is None:
        sub_records = list(
            SubIndicator.history.filter(framework_id=framework.pk)
            .select_related("history_user")
            .order_by("id", "history_date")
        )
        framework_records = list(
            Framework.history.filter(id=framework.pk)
            .select_related("history_user")
            .order_by("history_date")
        )
    subs = {record.id: thai_digits(record.code) for record in sub_records}
    if item is not None:
        subs.update(
            {sub.pk: thai_digits(sub.code) for sub in framework.sub_indicators.only("pk", "code")}
        )
    item_changes = _changes(item_records, _ITEM_FIELDS)
    component_previous: dict[int, str] = {}
    lines: list[tuple[object, str]] = []  # (record, description)
    for record in item_records:
        name = f"ข้อ {record.label} {record.title}"
        if record.history_type == "+":
            lines.append((record, f"เพิ่ม{name}"))
        elif record.history_type == "-":
            lines.append((record, f"ลบ{name}"))
        else:
            for field_name, old, new in item_changes.get(record.history_id, []):
                lines.append(
                    (
                        record,
                        f"ข้อ {record.label}: {_ITEM_FIELDS[field_name]} "
                        f"{_value(field_name, old, subs)} → {_value(field_name, new, subs)}",
                    )
                )
    for record in component_records:
        where = f"ข้อ {labels.get(record.item_id, '')} องค์ประกอบที่ {thai_digits(record.order + 1)}"
        if record.history_type == "+":
            lines.append((record, f"{where}: เพิ่ม “{record.text}”"))
        elif record.history_type == "-":
            lines.append((record, f"{where}: ลบ “{record.text}”"))
        elif component_previous.get(record.id) != record.text:
            lines.append(
                (record, f"{where}: “{component_previous.get(record.id, '')}” → “{record.text}”")
            )
        component_previous[record.id] = record.text
    sub_changes = _changes(sub_records, _SUB_FIELDS)
    for record in sub_records:
        name = f"ตัวชี้วัดย่อย {thai_digits(record.code)} {record.title}"
        if record.history_type == "+":
            lines.append((record, f"เพิ่ม{name}"))
        elif record.history_type == "-":
            lines.append((record, f"ลบ{name}"))
        else:
            for field_name, old, new in sub_changes.get(record.history_id, []):
                lines.append((record, f"{name}: {_SUB_FIELDS[field_name]} {old} → {new}"))
    previous_status = None
    for record in framework_records:
        if record.history_type == "+":
            lines.append((record, "สร้างกรอบการประเมิน"))
        elif record.status != previous_status and previous_status is not None:
            lines.append((record, f"สถานะ: {_STATUSES.get(record.status, record.status)}"))
        elif record.history_type == "~" and record.history_change_reason:
            lines.append((record, record.history_change_reason))
        previous_status = record.status
    # One entry per act: consecutive records of one person with one reason (a file loaded, an
    # item saved), newest first.
    lines.sort(key=lambda line: (line[0].history_date, line[0].history_id))
    entries: list[ChangeEntry] = []
    key = None
    for record, text in lines:
        who = record.history_user.full_name if record.history_user else "ระบบ"
        reason = record.history_change_reason or "แก้ไข"
        this = (who, reason)
        if entries and this == key:
            entries[-1].details.append(text)
        else:
            entries.append(
                ChangeEntry(when=record.history_date, who=who, what=reason, details=[text])
            )
            key = this
    for entry in entries:
        if len(entry.details) > MAX_DETAILS:
            added = sum(1 for text in entry.details if text.startswith("เพิ่ม"))
            summary = f"{thai_digits(len(entry.details))} รายการ"
            if added:
                summary += f" (เพิ่ม {thai_digits(added)})"
            entry.details = [*entry.details[:MAX_DETAILS], f"… รวม {summary}"]
    entries.reverse()
    return entries


def framework_history(*, framework: Framework) -> list[ChangeEntry]:
    """Who did what to the framework, its sub-indicators, items and components; newest first.
    Four queries, whatever the number of records."""
    return _history(framework)


def item_history(*, item: OitItem) -> list[ChangeEntry]:
    """Who changed the item and its components; newest first."""
    return _history(item.framework, item=item)


# ---------------------------------------------------------------------------------------------
# Moving a fiscal year to a newer framework


@dataclass
class MoveRow:
    """An item of the old framework and the item of the new one it becomes."""

    old: ItemStatus
    item: OitItem
    how: str
    ticked_texts: set[str]  # the old item's ticked components, as ``crosswalk.normal`` text
    lost_ticks: list[str]  # ticked components whose text the new item does not have

    @property
    def renumbered(self) -> bool:
        return self.old.item.number != self.item.number or self.old.item.label != self.item.label


@dataclass
class MovePlan:
    fiscal_year: FiscalYear
    source: Framework
    target: Framework
    matched: list[MoveRow]
    unmatched_old: list[ItemStatus]
    unmatched_new: list[OitItem]

    @property
    def renumbered(self) -> list[MoveRow]:
        return [row for row in self.matched if row.renumbered]

    @property
    def recheck(self) -> list[MoveRow]:
        """Matched items with ticks that do not carry over (their component changed)."""
        return [row for row in self.matched if row.lost_ticks]


def _components(queryset_name: str = "components") -> Prefetch:
    return Prefetch(
        queryset_name, queryset=OitComponent.objects.order_by("order"), to_attr="ordered_components"
    )


def move_plan(*, fiscal_year: FiscalYear, source: Framework, target: Framework) -> MovePlan:
    """What moving the year's statuses on ``source`` to ``target`` carries over and what is left
    to decide: the old items that match nothing (their data stays on the old framework) and the
    new items that nothing became (to assign). Five queries, whatever the number of items."""
    statuses = list(
        ItemStatus.objects.filter(fiscal_year=fiscal_year, item__framework=source)
        .select_related("item__sub_indicator", "division")
        .prefetch_related(
            _components("item__components"),
            Prefetch(
                "ticks",
                queryset=ComponentTick.objects.filter(present=True).only(
                    "pk", "item_status_id", "component_id"
                ),
                to_attr="present_ticks",
            ),
            Prefetch("urls", queryset=ItemUrl.objects.order_by("order", "pk"), to_attr="url_list"),
        )
        .annotate(evidence_total=Count("evidence"))
        .order_by("item__order")
    )
    targets = list(
        OitItem.objects.filter(framework=target)
        .select_related("sub_indicator")
        .prefetch_related(_components())
        .order_by("order")
    )
    found = crosswalk.match(
        [crosswalk.view_of(status.item) for status in statuses],
        [crosswalk.view_of(item) for item in targets],
    )
    matched = []
    for i, j, how in found.pairs:
        old, item = statuses[i], targets[j]
        present = {tick.component_id for tick in old.present_ticks}
        ticked = [c.text for c in old.item.ordered_components if c.pk in present]
        new_texts = {crosswalk.normal(c.text) for c in item.ordered_components}
        matched.append(
            MoveRow(
                old=old,
                item=item,
                how=how,
                ticked_texts={crosswalk.normal(text) for text in ticked},
                lost_ticks=[text for text in ticked if crosswalk.normal(text) not in new_texts],
            )
        )
    return MovePlan(
        fiscal_year=fiscal_year,
        source=source,
        target=target,
        matched=matched,
        unmatched_old=[statuses[i] for i in found.unmatched_old],
        unmatched_new=[targets[j] for j in found.unmatched_new],
    )


def last_move(*, fiscal_year: FiscalYear) -> FrameworkMove | None:
    return (
        FrameworkMove.objects.filter(fiscal_year=fiscal_year)
        .select_related("from_framework", "to_framework", "moved_by")
        .order_by("-moved_at")
        .first()
    )
