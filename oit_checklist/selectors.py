"""Reads of the OIT checklist: the rows of a year, readiness, history, copy-forward matching.

Every selector runs inside ``scope(organisation=…)`` (the middleware's, or a test's) unless it
says otherwise. The list selectors cost a fixed number of queries whatever the number of items.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from ita_portal.thai import thai_digits
from organisations.enums import Role
from organisations.models import Division, FiscalYear, Membership, Organisation

from .enums import ItemState, PortalRole
from .models import (
    ComponentTick,
    Evidence,
    Framework,
    ItemStatus,
    ItemUrl,
    OitComponent,
    OitItem,
    OitReview,
    OitYear,
    SubIndicator,
)
from .rules import division_ids
from .weblinks import url_warning

# ---------------------------------------------------------------------------------------------
# The rows of one year


@dataclass
class UrlRow:
    url: ItemUrl
    warning: str


@dataclass
class ItemRow:
    """One item of the year with everything the checklist and readiness pages show."""

    status: ItemStatus
    components: list[OitComponent]
    present: set[int]
    urls: list[UrlRow]
    evidence_count: int

    @property
    def item(self) -> OitItem:
        return self.status.item

    @property
    def produced_by_portal(self) -> bool:
        return bool(self.status.item.produced_by_portal)

    @property
    def missing_components(self) -> list[OitComponent]:
        return [c for c in self.components if c.pk not in self.present]

    @property
    def ticked_count(self) -> int:
        return len(self.components) - len(self.missing_components)

    @property
    def broken_urls(self) -> list[ItemUrl]:
        return [row.url for row in self.urls if row.url.is_broken]

    @property
    def warned_urls(self) -> list[UrlRow]:
        return [row for row in self.urls if row.warning]

    @property
    def complete(self) -> bool:
        """Every component ticked and at least one URL that the last check did not find broken;
        for the items the portal produces, the report has been published."""
        if self.produced_by_portal:
            return self.status.published_at is not None
        working = [row for row in self.urls if not row.url.is_broken]
        return not self.missing_components and bool(working)

    @property
    def problems(self) -> list[str]:
        """What is missing, in the words a coordinator uses at the preparation meeting."""
        if self.produced_by_portal:
            return [] if self.complete else ["รอเผยแพร่รายงานที่จัดทำในระบบ"]
        found = []
        if self.status.division_id is None:
            found.append("ยังไม่ได้มอบหมายส่วนราชการ")
        missing = len(self.missing_components)
        if missing:
            found.append(
                f"ขาดองค์ประกอบ {thai_digits(missing)} จาก {thai_digits(len(self.components))} ข้อ"
            )
        if not self.urls:
            found.append("ยังไม่มี URL")
        if self.broken_urls:
            found.append(f"ลิงก์เสีย {thai_digits(len(self.broken_urls))} ลิงก์")
        if self.warned_urls:
            found.append(f"ลิงก์ที่ต้องตรวจ {thai_digits(len(self.warned_urls))} ลิงก์")
        return found


def _statuses(fiscal_year: FiscalYear) -> QuerySet[ItemStatus]:
    return (
        ItemStatus.objects.filter(fiscal_year=fiscal_year)
        .select_related("item__sub_indicator", "division")
        .prefetch_related(
            Prefetch(
                "item__components",
                queryset=OitComponent.objects.order_by("order"),
                to_attr="ordered_components",
            ),
            Prefetch(
                "ticks",
                queryset=ComponentTick.objects.filter(present=True).only(
                    "pk", "item_status_id", "component_id"
                ),
                to_attr="present_ticks",
            ),
            Prefetch("urls", queryset=ItemUrl.objects.order_by("order", "pk"), to_attr="url_list"),
        )
        .order_by("item__order")
    )


def _row(status: ItemStatus, website: str, evidence_count: int = 0) -> ItemRow:
    return ItemRow(
        status=status,
        components=status.item.ordered_components,
        present={tick.component_id for tick in status.present_ticks},
        urls=[
            UrlRow(
                url=url,
                warning=url_warning(url.url, website=website, points_outside=status.points_outside),
            )
            for url in status.url_list
        ],
        evidence_count=evidence_count,
    )


def item_rows(
    *, organisation: Organisation, fiscal_year: FiscalYear, divisions: set[int] | None = None
) -> list[ItemRow]:
    """The items of the year in framework order; only those of ``divisions`` when given."""
    statuses = _statuses(fiscal_year)
    if divisions is not None:
        statuses = statuses.filter(division__in=divisions)
    statuses = statuses.annotate(evidence_total=Count("evidence"))
    return [_row(status, organisation.website, status.evidence_total) for status in statuses]


def item_row(*, organisation: Organisation, item_status: ItemStatus) -> ItemRow:
    """One item with its components, ticks and URLs."""
    status = _statuses(item_status.fiscal_year).get(pk=item_status.pk)
    return _row(status, organisation.website, item_status.evidence.count())


def divisions_of_membership(membership: Membership) -> set[int] | None:
    """The divisions whose items a member works on: ``None`` (all) except for division staff."""
    if membership.role == Role.STAFF:
        return division_ids(membership)
    return None


# ---------------------------------------------------------------------------------------------
# Readiness


@dataclass
class Tally:
    """How many items of one group are complete, and which are not."""

    title: str
    code: str = ""
    rows: list[ItemRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def complete(self) -> int:
        return sum(1 for row in self.rows if row.complete)

    @property
    def done(self) -> int:
        return sum(1 for row in self.rows if row.status.state == ItemState.DONE)

    @property
    def incomplete_rows(self) -> list[ItemRow]:
        return [row for row in self.rows if not row.complete]

    @property
    def percent(self) -> int:
        return round(100 * self.complete / self.total) if self.total else 0


@dataclass
class Readiness:
    total: Tally
    by_sub_indicator: list[Tally]
    by_division: list[Tally]
    broken: list[tuple[ItemRow, ItemUrl]]
    warned: list[tuple[ItemRow, UrlRow]]
    unchecked_urls: int
    last_checked: dt.datetime | None
    days_to_internal_deadline: int | None
    days_to_window_end: int | None


def readiness(
    *, organisation: Organisation, fiscal_year: FiscalYear, today: dt.date | None = None
) -> Readiness:
    """Per sub-indicator and per division: complete items, what is missing, days left."""
    today = today or timezone.localdate()
    rows = item_rows(organisation=organisation, fiscal_year=fiscal_year)
    subs: dict[int, Tally] = {}
    divisions: dict[int | None, Tally] = {}
    for row in rows:
        sub = row.item.sub_indicator
        subs.setdefault(sub.pk, Tally(title=sub.title, code=sub.code)).rows.append(row)
        division = row.status.division
        if row.produced_by_portal:
            key, title = -1, "จัดทำโดยระบบ (รายงานมาตรการ)"
        elif division is None:
            key, title = None, "ยังไม่ได้มอบหมาย"
        else:
            key, title = division.pk, division.name
        divisions.setdefault(key, Tally(title=title)).rows.append(row)
    division_order = {d.pk: d.order for d in Division.objects.all()}

    def division_key(item):
        key, _tally = item
        if key is None:
            return (2, 0)
        if key == -1:
            return (1, 0)
        return (0, division_order.get(key, 0))

    urls = [url for row in rows for url in row.urls]
    checked = [row.url.checked_at for row in urls if row.url.checked_at]
    oit_year = OitYear.objects.filter(fiscal_year=fiscal_year).first()

    def days_to(date):
        return (date - today).days if date else None

    return Readiness(
        total=Tally(title="ทั้งหมด", rows=rows),
        by_sub_indicator=list(subs.values()),
        by_division=[tally for _key, tally in sorted(divisions.items(), key=division_key)],
        broken=[(row, url) for row in rows for url in row.broken_urls],
        warned=[(row, url) for row in rows for url in row.warned_urls],
        unchecked_urls=sum(1 for row in urls if row.url.checked_at is None),
        last_checked=max(checked) if checked else None,
        days_to_internal_deadline=days_to(oit_year.internal_deadline if oit_year else None),
        days_to_window_end=days_to(oit_year.window_end if oit_year else None),
    )


def reviews_of_year(*, fiscal_year: FiscalYear) -> list[OitReview]:
    return list(
        OitReview.objects.filter(fiscal_year=fiscal_year)
        .select_related("reviewer")
        .order_by("-created_at")
    )


def oit_year_of(*, fiscal_year: FiscalYear) -> OitYear | None:
    return OitYear.objects.filter(fiscal_year=fiscal_year).first()


# ---------------------------------------------------------------------------------------------
# History of one item


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    what: str


_STATE_LABELS = dict(ItemState.choices)


def item_history(*, item_status: ItemStatus) -> list[HistoryEntry]:
    """Who changed the item's status, division, texts, ticks and URLs, and when; newest first."""
    entries: list[HistoryEntry] = []
    records = list(
        item_status.history.select_related("history_user", "division").order_by("history_date")
    )
    previous = None
    for record in records:
        who = _who(record)
        if previous is None:
            entries.append(HistoryEntry(record.history_date, who, "สร้างรายการของปีนี้"))
        else:
            for change in record.diff_against(previous).changes:
                entries.append(HistoryEntry(record.history_date, who, _describe(change)))
        previous = record
    components = {c.pk: c for c in item_status.item.components.all()}
    for record in ComponentTick.history.filter(item_status_id=item_status.pk).select_related(
        "history_user"
    ):
        component = components.get(record.component_id)
        label = f"องค์ประกอบที่ {thai_digits(component.order + 1)}" if component else "องค์ประกอบ"
        verb = "ติ๊กว่ามีแล้ว" if record.present else "เอาเครื่องหมายออกจาก"
        if record.history_type == "-":
            continue
        if record.history_type == "+" and not record.present:
            continue
        entries.append(HistoryEntry(record.history_date, _who(record), f"{verb} {label}"))
    for record in ItemUrl.history.filter(item_status_id=item_status.pk).select_related(
        "history_user"
    ):
        verb = {"+": "เพิ่ม URL", "-": "ลบ URL", "~": "แก้ไข URL"}[record.history_type]
        entries.append(HistoryEntry(record.history_date, _who(record), f"{verb} {record.url}"))
    for record in Evidence.history.filter(item_status_id=item_status.pk).select_related(
        "history_user"
    ):
        verb = {"+": "แนบไฟล์", "-": "ลบไฟล์", "~": "แก้ไขไฟล์"}[record.history_type]
        entries.append(
            HistoryEntry(record.history_date, _who(record), f"{verb} {record.original_name}")
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _who(record) -> str:
    user = record.history_user
    return user.full_name if user else "ระบบ"


_FIELD_LABELS = {
    "state": "ความก้าวหน้า",
    "progress": "ผลการดำเนินการ",
    "note": "หมายเหตุ",
    "division": "ส่วนราชการที่รับผิดชอบ",
    "points_outside": "ลิงก์ไปยังเว็บไซต์ภายนอก",
    "published_url": "ลิงก์รายงานที่เผยแพร่",
    "published_at": "วันที่เผยแพร่",
}


def _describe(change) -> str:
    label = _FIELD_LABELS.get(change.field, change.field)
    if change.field == "state":
        return f"{label}: {_STATE_LABELS.get(change.old, '')} → {_STATE_LABELS.get(change.new, '')}"
    if change.field == "division":
        names = {d.pk: d.name for d in Division.objects.filter(pk__in=[change.old, change.new])}
        old = names.get(change.old, "ไม่ระบุ")
        new = names.get(change.new, "ไม่ระบุ")
        return f"{label}: {old} → {new}"
    if change.field == "points_outside":
        return f"{label}: {'ใช่' if change.new else 'ไม่ใช่'}"
    if change.field in {"progress", "note"}:
        return f"แก้ไข{label}"
    return f"{label}: {change.new}"


# ---------------------------------------------------------------------------------------------
# Copy forward: match last year's items to this year's framework


@dataclass
class CopyPlan:
    source: FiscalYear
    target: FiscalYear
    matched: list[tuple[ItemStatus, OitItem, str]]  # (last year's status, new item, how)
    unmatched_source: list[ItemStatus]
    unmatched_target: list[OitItem]

    @property
    def renumbered(self) -> list[tuple[ItemStatus, OitItem, str]]:
        return [m for m in self.matched if m[0].item.number != m[1].number]


MATCH_TITLE = "ชื่อข้อตรงกัน"
MATCH_COMPONENTS = "องค์ประกอบใกล้เคียงกัน"
MATCH_ROLE = "รายงานที่ระบบจัดทำ"
COMPONENT_SIMILARITY = 0.6

_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACE.sub("", text).lower()


def _similarity(a: OitItem, b: OitItem) -> float:
    left = " ".join(c.text for c in a.ordered_components)
    right = " ".join(c.text for c in b.ordered_components)
    title = difflib.SequenceMatcher(None, _normal(a.title), _normal(b.title)).ratio()
    body = difflib.SequenceMatcher(None, _normal(left), _normal(right)).ratio()
    return 0.4 * title + 0.6 * body


def copy_forward_plan(*, source: FiscalYear, target: FiscalYear) -> CopyPlan:
    """How last year's items map onto this year's framework.

    Matched in order: the same role among the items the portal produces; the same title
    (ignoring spaces); then the most similar title and components above a threshold. Item
    numbers are never used: they move between frameworks. What matches nothing is listed.
    Precondition: both years have a framework.
    """
    statuses = list(
        ItemStatus.objects.filter(fiscal_year=source)
        .select_related("item", "division")
        .prefetch_related(
            Prefetch(
                "item__components",
                queryset=OitComponent.objects.order_by("order"),
                to_attr="ordered_components",
            ),
            Prefetch("urls", queryset=ItemUrl.objects.order_by("order", "pk"), to_attr="url_list"),
        )
        .order_by("item__order")
    )
    targets = list(
        OitItem.objects.filter(framework=target.framework)
        .prefetch_related(
            Prefetch(
                "components",
                queryset=OitComponent.objects.order_by("order"),
                to_attr="ordered_components",
            )
        )
        .order_by("order")
    )
    free = {item.pk: item for item in targets}
    matched: list[tuple[ItemStatus, OitItem, str]] = []
    unmatched: list[ItemStatus] = []
    pending: list[ItemStatus] = []

    by_role = {item.produced_by_portal: item for item in targets if item.produced_by_portal}
    by_title = defaultdict(list)
    for item in targets:
        by_title[_normal(item.title)].append(item)
    for status in statuses:
        role = status.item.produced_by_portal
        candidates = [by_role[role]] if role and role in by_role else []
        how = MATCH_ROLE
        if not candidates:
            candidates = by_title.get(_normal(status.item.title), [])
            how = MATCH_TITLE
        candidates = [item for item in candidates if item.pk in free]
        if candidates:
            item = free.pop(candidates[0].pk)
            matched.append((status, item, how))
        else:
            pending.append(status)
    for status in pending:
        scored = sorted(
            ((_similarity(status.item, item), item) for item in free.values()),
            key=lambda pair: pair[0],
            reverse=True,
        )
        if scored and scored[0][0] >= COMPONENT_SIMILARITY:
            item = free.pop(scored[0][1].pk)
            matched.append((status, item, MATCH_COMPONENTS))
        else:
            unmatched.append(status)
    matched.sort(key=lambda m: m[1].order)
    return CopyPlan(
        source=source,
        target=target,
        matched=matched,
        unmatched_source=unmatched,
        unmatched_target=sorted(free.values(), key=lambda item: item.order),
    )


def copy_sources(*, target: FiscalYear) -> list[FiscalYear]:
    """Earlier fiscal years of the organisation that have a checklist to copy from."""
    return list(
        FiscalYear.objects.filter(year__lt=target.year, framework__isnull=False)
        .filter(oit_statuses__isnull=False)
        .select_related("framework")
        .distinct()
        .order_by("-year")
    )


# ---------------------------------------------------------------------------------------------
# Frameworks and the items the portal produces


def frameworks() -> list[Framework]:
    return list(Framework.objects.order_by("-year"))


def sub_indicators_of(framework: Framework) -> list[SubIndicator]:
    return list(framework.sub_indicators.order_by("order"))


def portal_item_status(*, fiscal_year: FiscalYear, role: PortalRole | str) -> ItemStatus | None:
    """The status of the item that the portal produces in ``role`` this year, or None when the
    year's framework has no such item. For the reports app: which OIT item a report answers."""
    return (
        ItemStatus.objects.filter(fiscal_year=fiscal_year, item__produced_by_portal=role)
        .select_related("item")
        .first()
    )
