"""Loading an OIT framework from its data file, TSV or XLSX (``framework_files``; the format is
``../shared/data/README.md``'s).

The whole file is read and checked before anything is written (``read_framework``: every
problem with its line, in Thai); the writing happens in one transaction (``framework_load``).
Loading the same agency type and year again updates titles and components in place (items
matched by number, components by position), so the organisations' statuses and ticks survive;
only the rows that change are written, each with a history record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django_scopes import scopes_disabled
from simple_history.utils import bulk_create_with_history

from .enums import AgencyType, PortalRole
from .framework_files import COLUMNS, COMPONENT_SEPARATOR, FileRefused, Table, read_tsv_text
from .framework_files import read_upload as read_table
from .models import Framework, ItemStatus, OitComponent, OitItem, SubIndicator

REQUIRED_VALUES = (
    "framework_year",
    "indicator",
    "indicator_title",
    "sub_indicator",
    "sub_indicator_title",
    "item_no",
    "item_label",
    "item_title",
    "components",
)
_ITEM_NO = re.compile(r"^\d{1,3}$")
_SUB_INDICATOR = re.compile(r"^\d{1,2}\.\d{1,2}$")


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


# The longest value of each column that the database takes.
MAX_LENGTHS = {
    "indicator_title": _max_length(SubIndicator, "indicator_title"),
    "sub_indicator_title": _max_length(SubIndicator, "title"),
    "group_title": _max_length(OitItem, "group_title"),
    "item_label": _max_length(OitItem, "label"),
    "item_title": _max_length(OitItem, "title"),
    "default_responsible": _max_length(OitItem, "default_responsible"),
}


class FrameworkFileError(Exception):
    """The file was refused; ``errors`` are ``(line number, reason)`` (0: the whole file),
    ``unit`` says how the person counts lines (บรรทัดที่ in a text file, แถวที่ in Excel).
    Nothing was written."""

    def __init__(self, errors: list[tuple[int, str]], unit: str = "บรรทัดที่"):
        self.errors = errors
        self.unit = unit
        super().__init__("; ".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.unit} {line}: {reason}" if line else reason for line, reason in self.errors]


@dataclass
class ParsedItem:
    line: int
    sub_indicator: str
    group_title: str
    number: str
    label: str
    title: str
    components: list[str]
    default_responsible: str
    produced_by_portal: str


@dataclass
class ParsedFramework:
    year: int
    sub_indicators: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    items: list[ParsedItem] = field(default_factory=list)
    source_name: str = ""

    def rows(self) -> list[list[str]]:
        """The file's rows again, in COLUMNS' order (``framework_files.to_tsv``)."""
        rows = []
        for item in self.items:
            indicator, indicator_title, title = self.sub_indicators[item.sub_indicator]
            rows.append(
                [
                    str(self.year),
                    str(indicator),
                    indicator_title,
                    item.sub_indicator,
                    title,
                    item.group_title,
                    item.number,
                    item.label,
                    item.title,
                    COMPONENT_SEPARATOR.join(item.components),
                    item.default_responsible,
                    item.produced_by_portal,
                ]
            )
        return rows


@dataclass(frozen=True)
class LoadResult:
    framework: Framework
    created: bool
    items: int
    components: int


def read_framework(*, name: str, data: bytes, year: int) -> ParsedFramework:
    """Read and check a TSV or XLSX file (by its name); raise FrameworkFileError with every
    problem, by line. Writes nothing."""
    try:
        table = read_table(name=name, data=data)
    except FileRefused as refused:
        raise FrameworkFileError([(0, refused.message)]) from None
    parsed = parse_rows(table, year=year)
    parsed.source_name = Path(name).name[:200]
    return parsed


def parse_framework(text: str, *, year: int) -> ParsedFramework:
    """Check the text of a TSV file (see ``parse_rows``)."""
    return parse_rows(read_tsv_text(text), year=year)


def parse_rows(table: Table, *, year: int) -> ParsedFramework:
    """Check the whole table; return what it says or raise FrameworkFileError with every
    problem. Line numbers count the header as line 1, as an editor (or Excel) shows them."""
    errors: list[tuple[int, str]] = list(table.errors)
    if not table.header:
        raise FrameworkFileError(errors or [(1, "ไฟล์ว่างเปล่า ต้องมีบรรทัดหัวตาราง")], table.unit)
    header = table.header
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise FrameworkFileError([(1, f"ไม่มีคอลัมน์ {', '.join(missing)}")], table.unit)
    position = {name: header.index(name) for name in COLUMNS}

    parsed = ParsedFramework(year=year)
    seen_numbers: dict[str, int] = {}
    roles: dict[str, int] = {}
    for line, cells in table.rows:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if len(cells) != len(header):
            errors.append((line, f"ต้องมี {len(header)} ช่อง คั่นด้วย tab (มี {len(cells)} ช่อง)"))
            continue
        values = {name: cells[position[name]].strip() for name in COLUMNS}
        empty = [name for name in REQUIRED_VALUES if not values[name]]
        if empty:
            errors.append((line, f"ช่อง {', '.join(empty)} ว่าง"))
            continue
        too_long = [
            f"{name} (ไม่เกิน {limit} ตัวอักษร)"
            for name, limit in MAX_LENGTHS.items()
            if len(values[name]) > limit
        ]
        if too_long:
            errors.append((line, f"ช่อง {', '.join(too_long)} ยาวเกิน"))
        if values["framework_year"] != str(year):
            errors.append(
                (line, f"framework_year เป็น {values['framework_year']} ไม่ตรงกับ --year {year}")
            )
        number = values["item_no"]
        if not _ITEM_NO.match(number):
            errors.append((line, f"item_no {number!r} ไม่ใช่ตัวเลข ๑–๓ หลัก"))
        elif number in seen_numbers:
            errors.append((line, f"item_no {number} ซ้ำกับบรรทัดที่ {seen_numbers[number]}"))
        else:
            seen_numbers[number] = line
        code = values["sub_indicator"]
        if not _SUB_INDICATOR.match(code):
            errors.append((line, f"sub_indicator {code!r} ต้องเขียนแบบ 9.1"))
        if not values["indicator"].isdigit():
            errors.append((line, f"indicator {values['indicator']!r} ไม่ใช่ตัวเลข"))
        role = values["produced_by_portal"]
        if role and role not in PortalRole.values:
            errors.append(
                (line, f"produced_by_portal {role!r} ต้องเป็น {', '.join(PortalRole.values)} หรือว่าง")
            )
        elif role in roles:
            errors.append((line, f"produced_by_portal {role} ซ้ำกับบรรทัดที่ {roles[role]}"))
        elif role:
            roles[role] = line
        components = [
            part.strip() for part in values["components"].split(COMPONENT_SEPARATOR.strip())
        ]
        if not all(components):
            errors.append((line, "มีองค์ประกอบว่างระหว่างเครื่องหมาย ' | '"))
        if code in parsed.sub_indicators:
            indicator, indicator_title, title = parsed.sub_indicators[code]
            if title != values["sub_indicator_title"]:
                errors.append((line, f"sub_indicator {code} มีชื่อไม่ตรงกับบรรทัดก่อนหน้า"))
            elif (str(indicator), indicator_title) != (
                values["indicator"],
                values["indicator_title"],
            ):
                errors.append((line, f"sub_indicator {code} อยู่ในตัวชี้วัดไม่ตรงกับบรรทัดก่อนหน้า"))
        elif values["indicator"].isdigit():
            parsed.sub_indicators[code] = (
                int(values["indicator"]),
                values["indicator_title"],
                values["sub_indicator_title"],
            )
        parsed.items.append(
            ParsedItem(
                line=line,
                sub_indicator=code,
                group_title=values["group_title"],
                number=number,
                label=values["item_label"],
                title=values["item_title"],
                components=components,
                default_responsible=values["default_responsible"],
                produced_by_portal=role,
            )
        )
    if not parsed.items and not errors:
        errors.append((2, "ไม่มีรายการข้อ OIT ในไฟล์"))
    if errors:
        raise FrameworkFileError(sorted(errors, key=lambda error: error[0]), table.unit)
    return parsed


def framework_load(
    *,
    parsed: ParsedFramework,
    agency_type: AgencyType | str = AgencyType.LOCAL,
    source_name: str = "",
    actor=None,
) -> LoadResult:
    """Load (or re-load) the framework of ``parsed.year`` and ``agency_type``.

    A new framework is a draft (``framework_services.framework_publish`` publishes it); an
    existing one, draft or published, is updated in place and keeps its status. Raises
    FrameworkFileError, writing nothing, when the file drops an item that organisations
    already track. One transaction; every row written gets a history record by ``actor``.
    Runs with scopes disabled: a framework is shared by every organisation, and the check for
    tracked items spans them.
    """
    source_name = (source_name or parsed.source_name)[:200]
    reason = f"นำเข้าจากไฟล์ {source_name}"[:100] if source_name else "นำเข้าจากไฟล์"
    with transaction.atomic(), scopes_disabled():
        framework = (
            Framework.objects.select_for_update()
            .filter(agency_type=agency_type, year=parsed.year)
            .first()
        )
        created = framework is None
        if created:
            framework = Framework(
                agency_type=agency_type, year=parsed.year, source_name=source_name
            )
            _stamp(framework, actor, reason)
            framework.save()
            _create_all(framework, parsed, actor=actor, reason=reason)
        else:
            _update_all(framework, parsed, actor=actor, reason=reason)
            if source_name and framework.source_name != source_name:
                framework.source_name = source_name
                _stamp(framework, actor, reason)
                framework.save(update_fields=["source_name", "loaded_at"])
            else:
                Framework.objects.filter(pk=framework.pk).update(loaded_at=timezone.now())
    return LoadResult(
        framework=framework,
        created=created,
        items=len(parsed.items),
        components=sum(len(item.components) for item in parsed.items),
    )


def _stamp(obj, actor, reason: str):
    """Who and why, for the history record the next save writes."""
    if actor is not None:
        obj._history_user = actor
    obj._change_reason = reason
    return obj


def _create_all(framework: Framework, parsed: ParsedFramework, *, actor, reason: str) -> None:
    """A new framework: a handful of bulk inserts (with their history rows), so that loading
    the demo stays quick."""
    history = {"default_user": actor, "default_change_reason": reason}
    subs = bulk_create_with_history(
        [
            SubIndicator(
                framework=framework,
                indicator=indicator,
                indicator_title=indicator_title,
                code=code,
                title=title,
                order=order,
            )
            for order, (code, (indicator, indicator_title, title)) in enumerate(
                parsed.sub_indicators.items()
            )
        ],
        SubIndicator,
        **history,
    )
    by_code = {sub.code: sub for sub in subs}
    items = bulk_create_with_history(
        [
            OitItem(
                framework=framework,
                sub_indicator=by_code[p.sub_indicator],
                order=order,
                **item_fields(p),
            )
            for order, p in enumerate(parsed.items)
        ],
        OitItem,
        batch_size=200,
        **history,
    )
    bulk_create_with_history(
        [
            OitComponent(item=item, order=order, text=text)
            for item, p in zip(items, parsed.items, strict=True)
            for order, text in enumerate(p.components)
        ],
        OitComponent,
        batch_size=500,
        **history,
    )


def item_fields(p: ParsedItem) -> dict[str, str]:
    return {
        "group_title": p.group_title,
        "number": p.number,
        "label": p.label,
        "title": p.title,
        "default_responsible": p.default_responsible,
        "produced_by_portal": p.produced_by_portal,
    }


def tracked_numbers(framework: Framework, numbers: set[str]) -> list[str]:
    """Which of the item ``numbers`` some organisation tracks (has a status of)."""
    with scopes_disabled():  # the question spans organisations
        return sorted(
            set(
                ItemStatus.objects.filter(item__framework=framework, item__number__in=numbers)
                .values_list("item__number", flat=True)
                .distinct()
            )
        )


def _save_changed(obj, values: dict, *, actor, reason: str) -> bool:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(obj, name, values[name])
    _stamp(obj, actor, reason).save(update_fields=changed)
    return True


def _update_all(framework: Framework, parsed: ParsedFramework, *, actor, reason: str) -> None:
    """Update in place: items by number, components by position, so ticks stay attached."""
    existing = {item.number: item for item in framework.items.all()}
    dropped = set(existing) - {p.number for p in parsed.items}
    tracked = tracked_numbers(framework, dropped)
    if tracked:
        raise FrameworkFileError(
            [
                (
                    0,
                    f"ไฟล์ไม่มีข้อ {', '.join(tracked)} ซึ่งหน่วยงานใช้ติดตามงานอยู่แล้ว ห้ามลบออกจากไฟล์",
                )
            ]
        )
    for number in sorted(dropped):
        _stamp(existing[number], actor, reason).delete()

    subs = {sub.code: sub for sub in framework.sub_indicators.all()}
    for order, (code, (indicator, indicator_title, title)) in enumerate(
        parsed.sub_indicators.items()
    ):
        values = {
            "indicator": indicator,
            "indicator_title": indicator_title,
            "title": title,
            "order": order,
        }
        if code in subs:
            _save_changed(subs[code], values, actor=actor, reason=reason)
        else:
            subs[code] = _stamp(
                SubIndicator(framework=framework, code=code, **values), actor, reason
            )
            subs[code].save()

    components_of: dict[int, list[OitComponent]] = {}
    for component in OitComponent.objects.filter(item__framework=framework).order_by("order"):
        components_of.setdefault(component.item_id, []).append(component)
    for order, p in enumerate(parsed.items):
        values = {**item_fields(p), "sub_indicator": subs[p.sub_indicator], "order": order}
        item = existing.get(p.number)
        if item is None:
            item = _stamp(OitItem(framework=framework, **values), actor, reason)
            item.save()
        else:
            _save_changed(item, values, actor=actor, reason=reason)
        old = components_of.get(item.pk, [])
        for position, text in enumerate(p.components):
            if position < len(old):
                _save_changed(old[position], {"text": text}, actor=actor, reason=reason)
            else:
                _stamp(OitComponent(item=item, order=position, text=text), actor, reason).save()
        for component in old[len(p.components) :]:
            _stamp(component, actor, reason).delete()
    for code, sub in subs.items():
        if code not in parsed.sub_indicators:
            _stamp(sub, actor, reason).delete()
