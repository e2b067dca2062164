"""Reads of the public site: only what is published, nothing else.

The rules (also in the README, "The public site"):

* **Reports**: a report is public when its status is ``published``. The newest published version
  of a (fiscal year, kind, round) is the one its stable URL shows; older published versions stay
  public at their own URLs. Drafts, reports in review, returned and approved-but-unpublished
  reports are never read here.
* **OIT years**: the disclosure index of a fiscal year is public once an executive has recorded
  a review of that year's OIT data (``OitReview``, seed 003's step "ผู้บริหารตรวจสอบและอนุมัติ
  ข้อมูล"). The index shows the framework's items with the URLs the organisation gave (addresses
  on its own public website) and the components it marked as present.
* **OIT evidence**: a file is public only when the year is public and it was attached at or
  before the latest executive review (the files the executive saw). Files attached later wait
  for the next review.
* **People**: no staff name appears except those printed in a published document (the memo's
  drafter and approvers); evidence shows no uploader, items no staff.

Every selector that reads tenant rows runs inside ``scope(organisation=…)`` (the middleware's).
The list selectors cost a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from oit_checklist.enums import PortalRole
from oit_checklist.models import (
    ComponentTick,
    Evidence,
    ItemStatus,
    ItemUrl,
    OitComponent,
    OitItem,
    OitReview,
    SubIndicator,
)
from organisations.models import FiscalYear, Organisation
from reports.enums import ROUND_KINDS, ReportKind, ReportStatus
from reports.models import Report

KIND_ORDER = {kind.value: index for index, kind in enumerate(ReportKind)}

# The reports that answer the OIT items the portal itself produces.
PORTAL_ITEM_KINDS = {
    PortalRole.MEASURES_PLAN: [ReportKind.PLAN],
    PortalRole.MEASURES_REPORT: [ReportKind.RESULTS, ReportKind.PROGRESS],
}


# ---------------------------------------------------------------------------------------------
# The portal's directory of organisations (outside any organisation's scope)


def organisations_directory(*, query: str = "") -> list[Organisation]:
    """Active organisations ordered by province, district and name, each annotated with
    ``published_count``; ``query`` matches name, short name, subdistrict, district or
    province. Two queries at most, whatever the number of organisations."""
    organisations = Organisation.objects.filter(is_active=True)
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(subdistrict__icontains=query)
            | Q(district__icontains=query)
            | Q(province__icontains=query)
        )
    return list(
        organisations.annotate(
            published_count=Count("report", filter=Q(report__status=ReportStatus.PUBLISHED))
        )
        .only("name", "short_name", "slug", "subdistrict", "district", "province")
        .order_by("province", "district", "name")
    )


# ---------------------------------------------------------------------------------------------
# Published reports


def published_reports() -> QuerySet[Report]:
    return (
        Report.objects.filter(status=ReportStatus.PUBLISHED)
        .select_related("fiscal_year", "organisation")
        .defer("snapshot", "chain")
    )


@dataclass
class ReportEntry:
    """The newest published version of one (year, kind, round), with the older ones."""

    report: Report
    older: list[Report] = field(default_factory=list)


@dataclass
class YearGroup:
    year: int
    entries: list[ReportEntry]


def _sort_key(report: Report) -> tuple:
    return (-report.fiscal_year.year, KIND_ORDER.get(report.kind, 99), report.round or 0)


def reports_by_year(*, year: int | None = None, kind: str | None = None) -> list[YearGroup]:
    """The published reports of the current organisation, grouped by fiscal year (newest
    first), kinds in the enum's order; each entry is the newest version with the older
    published versions. One query."""
    reports = published_reports()
    if year is not None:
        reports = reports.filter(fiscal_year__year=year)
    if kind:
        reports = reports.filter(kind=kind)
    entries: dict[tuple, ReportEntry] = {}
    for report in sorted(reports, key=lambda r: (*_sort_key(r), -r.version)):
        key = (report.fiscal_year.year, report.kind, report.round)
        if key in entries:
            entries[key].older.append(report)
        else:
            entries[key] = ReportEntry(report=report)
    groups: OrderedDict[int, list[ReportEntry]] = OrderedDict()
    for (entry_year, _kind, _round), entry in entries.items():
        groups.setdefault(entry_year, []).append(entry)
    return [YearGroup(year=y, entries=e) for y, e in groups.items()]


def published_years() -> list[int]:
    """The fiscal years (พ.ศ.) with at least one published report, newest first."""
    return list(
        published_reports()
        .order_by("-fiscal_year__year")
        .values_list("fiscal_year__year", flat=True)
        .distinct()
    )


def report_versions(*, year: int, kind: str, round_: int | None) -> list[Report]:
    """Every published version of one (year, kind, round), newest first."""
    return list(
        published_reports()
        .filter(fiscal_year__year=year, kind=kind, round=round_)
        .order_by("-version")
    )


def report_rounds(*, year: int, kind: str) -> list[int]:
    """The rounds with a published version of a round kind in a year, latest first."""
    if kind not in ROUND_KINDS:
        return []
    rounds = (
        published_reports()
        .filter(fiscal_year__year=year, kind=kind, round__isnull=False)
        .values_list("round", flat=True)
        .distinct()
    )
    return sorted(set(rounds), reverse=True)


# ---------------------------------------------------------------------------------------------
# The OIT disclosure index


@dataclass
class PublicYear:
    """A fiscal year whose OIT index is public: the year, and the review that made it so."""

    fiscal_year: FiscalYear
    reviewed_at: dt.datetime


def public_oit_years() -> list[PublicYear]:
    """The fiscal years whose OIT index is public (an executive review is recorded and the year
    has a framework), newest first. One query."""
    years = (
        FiscalYear.objects.filter(framework__isnull=False)
        .annotate(reviewed_at=Max("oit_reviews__created_at"))
        .filter(reviewed_at__isnull=False)
        .select_related("framework")
        .order_by("-year")
    )
    return [PublicYear(fiscal_year=year, reviewed_at=year.reviewed_at) for year in years]


def public_oit_year(*, year: int) -> PublicYear | None:
    for public in public_oit_years():
        if public.fiscal_year.year == year:
            return public
    return None


def last_review(*, fiscal_year: FiscalYear) -> OitReview | None:
    return OitReview.objects.filter(fiscal_year=fiscal_year).order_by("-created_at").first()


@dataclass
class PublicItem:
    item: OitItem
    status: ItemStatus | None
    components: list[OitComponent]
    present: set[int]
    urls: list[ItemUrl]
    evidence: list[Evidence]
    reports: list[Report]

    @property
    def present_count(self) -> int:
        return sum(1 for component in self.components if component.pk in self.present)

    @property
    def has_data(self) -> bool:
        return bool(self.urls or self.evidence or self.reports)


@dataclass
class PublicSubIndicator:
    sub_indicator: SubIndicator
    items: list[PublicItem]


def _published_evidence(public: PublicYear) -> QuerySet[Evidence]:
    return Evidence.objects.filter(
        item_status__fiscal_year=public.fiscal_year, uploaded_at__lte=public.reviewed_at
    ).order_by("uploaded_at", "pk")


def oit_index(*, public: PublicYear, number: str | None = None) -> list[PublicSubIndicator]:
    """The framework of a public year, sub-indicators and items in order, with what the
    organisation published for each item; ``number`` keeps one item. A fixed number of
    queries, whatever the number of items."""
    fiscal_year = public.fiscal_year
    items = OitItem.objects.filter(framework_id=fiscal_year.framework_id)
    if number is not None:
        items = items.filter(number=number)
    items = list(
        items.select_related("sub_indicator")
        .prefetch_related(
            Prefetch(
                "components",
                queryset=OitComponent.objects.order_by("order"),
                to_attr="ordered_components",
            )
        )
        .order_by("order")
    )
    statuses = {
        status.item_id: status
        for status in ItemStatus.objects.filter(
            fiscal_year=fiscal_year, item__in=[item.pk for item in items]
        ).prefetch_related(
            Prefetch(
                "ticks",
                queryset=ComponentTick.objects.filter(present=True).only(
                    "pk", "item_status_id", "component_id"
                ),
                to_attr="present_ticks",
            ),
            Prefetch("urls", queryset=ItemUrl.objects.order_by("order", "pk"), to_attr="url_list"),
            Prefetch(
                "evidence",
                queryset=_published_evidence(public).only(
                    "pk", "item_status_id", "original_name", "content_type", "size", "uploaded_at"
                ),
                to_attr="public_evidence",
            ),
        )
    }
    portal_reports: dict[str, list[Report]] = {}
    if any(item.produced_by_portal for item in items):
        for report in published_reports().filter(fiscal_year=fiscal_year).order_by("-version"):
            portal_reports.setdefault(report.kind, []).append(report)

    groups: OrderedDict[int, PublicSubIndicator] = OrderedDict()
    for item in items:
        status = statuses.get(item.pk)
        reports = []
        for kind in PORTAL_ITEM_KINDS.get(item.produced_by_portal, []):
            reports += _newest_versions(portal_reports.get(kind, []))
        public_item = PublicItem(
            item=item,
            status=status,
            components=item.ordered_components,
            present={tick.component_id for tick in status.present_ticks} if status else set(),
            urls=status.url_list if status else [],
            evidence=status.public_evidence if status else [],
            reports=reports,
        )
        group = groups.setdefault(
            item.sub_indicator_id, PublicSubIndicator(sub_indicator=item.sub_indicator, items=[])
        )
        group.items.append(public_item)
    return sorted(groups.values(), key=lambda group: group.sub_indicator.order)


def _newest_versions(reports: list[Report]) -> list[Report]:
    newest: dict[int | None, Report] = {}
    for report in reports:  # ordered by version, newest first
        newest.setdefault(report.round, report)
    return sorted(newest.values(), key=lambda r: r.round or 0, reverse=True)


def oit_item_by_number(*, public: PublicYear, number: int) -> OitItem | None:
    """The item numbered ``number`` (18 finds "18", "018" …) in the year's framework."""
    candidates = OitItem.objects.filter(framework_id=public.fiscal_year.framework_id)
    for item in candidates.only("pk", "number"):
        if item.number.isdigit() and int(item.number) == number:
            return item
    return None


def published_evidence(*, public: PublicYear, item: OitItem, evidence_id: int) -> Evidence | None:
    """One evidence file of an item, only if published under the rule above."""
    return (
        _published_evidence(public)
        .filter(item_status__item=item, pk=evidence_id)
        .select_related("item_status")
        .first()
    )
