"""Reads of the OIT checklist: the rows of a year, readiness, history, copy-forward matching.

Every selector runs inside ``scope(organisation=…)`` (the middleware's, or a test's) unless it
says otherwise. The list selectors cost a fixed number of queries whatever the number of items.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, QuerySet
from django.utils import timezone

from ita_portal.thai import thai_digits
from organisations.enums import Role
from organisations.models import Division, FiscalYear, Membership, Organisation

from . import crosswalk
from .crosswalk import MATCH_COMPONENTS as MATCH_COMPONENTS  # re-exported for callers
from .crosswalk import MATCH_ROLE as MATCH_ROLE
from .crosswalk import MATCH_TITLE as MATCH_TITLE
from .enums import FrameworkStatus, ItemState, PortalRole, agency_type_of
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


def readiness_label(row: ItemRow | ItasRow) -> str:
    """พร้อม, ยังไม่ตรวจลิงก์ or ยังไม่ครบ: one word for an item's readiness, on every page and
    in the ITAS sheet (``_readiness_badge.html``)."""
    if row.complete:
        return "พร้อม"
    return "ยังไม่ตรวจลิงก์" if row.links_unchecked else "ยังไม่ครบ"


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
        """Every component ticked and at least one URL that a check opened (a URL nobody
        checked yet may not open: ``links_unchecked``); for the items the portal produces, the
        report has been published."""
        if self.produced_by_portal:
            return self.status.published_at is not None
        opened = [row for row in self.urls if row.url.checked_at and not row.url.is_broken]
        return not self.missing_components and bool(opened)

    @property
    def links_unchecked(self) -> bool:
        """Every component ticked and URLs given, none broken, but none checked yet: shown as
        "ยังไม่ตรวจลิงก์" and counted apart from the complete ones until a check runs."""
        if self.produced_by_portal or self.missing_components or not self.urls:
            return False
        return not self.complete and not self.broken_urls

    @property
    def readiness(self) -> str:
        return readiness_label(self)

    @property
    def unchecked_urls(self) -> list[ItemUrl]:
        return [row.url for row in self.urls if row.url.checked_at is None]

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
        if self.unchecked_urls and not self.complete:
            found.append(f"ยังไม่ตรวจลิงก์ {thai_digits(len(self.unchecked_urls))} ลิงก์")
        if self.warned_urls:
            found.append(f"ลิงก์ที่ต้องตรวจ {thai_digits(len(self.warned_urls))} ลิงก์")
        return found


def year_statuses(fiscal_year: FiscalYear) -> QuerySet[ItemStatus]:
    """The statuses of the fiscal year on its framework. After a move to a newer framework the
    statuses of the old one stay, untouched, for the record; they are no longer the year's."""
    return ItemStatus.objects.filter(
        fiscal_year=fiscal_year, item__framework_id=F("fiscal_year__framework_id")
    )


def _statuses(fiscal_year: FiscalYear, *, any_framework: bool = False) -> QuerySet[ItemStatus]:
    statuses = (
        ItemStatus.objects.filter(fiscal_year=fiscal_year)
        if any_framework
        else year_statuses(fiscal_year)
    )
    return (
        statuses.select_related("item__sub_indicator", "division")
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
    status = _statuses(item_status.fiscal_year, any_framework=True).get(pk=item_status.pk)
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
    def unchecked(self) -> int:
        """Items that would be complete but for links nobody checked yet (not in ``complete``)."""
        return sum(1 for row in self.rows if row.links_unchecked)

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


def copy_forward_plan(*, source: FiscalYear, target: FiscalYear) -> CopyPlan:
    """How last year's items map onto this year's framework (``crosswalk.match``: the portal's
    role, the title, then title and components; never the number). What matches nothing is
    listed. Precondition: both years have a framework."""
    statuses = list(
        year_statuses(source)
        .select_related("item__sub_indicator", "division")
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
        .select_related("sub_indicator")
        .prefetch_related(
            Prefetch(
                "components",
                queryset=OitComponent.objects.order_by("order"),
                to_attr="ordered_components",
            )
        )
        .order_by("order")
    )
    found = crosswalk.match(
        [crosswalk.view_of(status.item) for status in statuses],
        [crosswalk.view_of(item) for item in targets],
    )
    return CopyPlan(
        source=source,
        target=target,
        matched=[(statuses[i], targets[j], how) for i, j, how in found.pairs],
        unmatched_source=[statuses[i] for i in found.unmatched_old],
        unmatched_target=[targets[j] for j in found.unmatched_new],
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


def frameworks_for(*, organisation: Organisation) -> QuerySet[Framework]:
    """The published frameworks of the organisation's agency type, newest first: the ones a
    fiscal year may choose. Drafts are the operator's."""
    return Framework.objects.filter(
        status=FrameworkStatus.PUBLISHED, agency_type=agency_type_of(organisation.kind)
    ).order_by("-year")


def framework_newest(*, agency_type: str) -> Framework | None:
    """The newest published framework of an agency type (for a new organisation's year)."""
    return (
        Framework.objects.filter(status=FrameworkStatus.PUBLISHED, agency_type=agency_type)
        .order_by("-year")
        .first()
    )


def newer_frameworks(*, organisation: Organisation, fiscal_year: FiscalYear) -> list[Framework]:
    """Published frameworks of the organisation's type newer than the fiscal year's, newest
    first: what the year may move to. One query."""
    if not fiscal_year.framework_id:
        return []
    return list(
        frameworks_for(organisation=organisation).filter(year__gt=fiscal_year.framework.year)
    )


def sub_indicators_of(framework: Framework) -> list[SubIndicator]:
    return list(framework.sub_indicators.order_by("order"))


def portal_item_status(*, fiscal_year: FiscalYear, role: PortalRole | str) -> ItemStatus | None:
    """The status of the item that the portal produces in ``role`` this year, or None when the
    year's framework has no such item. For the reports app: which OIT item a report answers."""
    return (
        year_statuses(fiscal_year)
        .filter(item__produced_by_portal=role)
        .select_related("item")
        .first()
    )


# ---------------------------------------------------------------------------------------------
# The ITAS sheet


@dataclass
class ItasRow:
    """One line of the ITAS sheet: what to type into the assessor's system for an item."""

    item: OitItem
    urls: list[str]
    missing: list[OitComponent]
    division: str
    complete: bool
    links_unchecked: bool
    broken: list[str]

    @property
    def readiness(self) -> str:
        return readiness_label(self)


def itas_rows(*, organisation: Organisation, fiscal_year: FiscalYear) -> list[ItasRow]:
    """Every item of the year in the framework's order with its URLs (the published report's
    first for the items the portal produces), the components still missing and the division.
    A fixed number of queries."""
    rows = []
    for row in item_rows(organisation=organisation, fiscal_year=fiscal_year):
        urls = [url_row.url.url for url_row in row.urls]
        published = row.status.published_url
        if published and published not in urls:
            urls.insert(0, published)
        if row.produced_by_portal:
            division = "จัดทำโดยระบบ (รายงานมาตรการ)"
        else:
            division = row.status.division.name if row.status.division else "ยังไม่ได้มอบหมาย"
        rows.append(
            ItasRow(
                item=row.item,
                urls=urls,
                missing=[] if row.produced_by_portal else row.missing_components,
                division=division,
                complete=row.complete,
                links_unchecked=row.links_unchecked,
                broken=[url.url for url in row.broken_urls],
            )
        )
    return rows
