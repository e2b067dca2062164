"""Loading an OIT framework from its data file (see ``../shared/data/README.md``).

The whole file is read and checked before anything is written; the writing happens in one
transaction. Loading the same year again updates titles and components in place (matched by
item number and component position), so the organisations' statuses and ticks survive.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django_scopes import scopes_disabled

from .enums import PortalRole
from .models import Framework, ItemStatus, OitComponent, OitItem, SubIndicator

COLUMNS = (
    "framework_year",
    "indicator",
    "indicator_title",
    "sub_indicator",
    "sub_indicator_title",
    "group_title",
    "item_no",
    "item_label",
    "item_title",
    "components",
    "default_responsible",
    "produced_by_portal",
)
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
COMPONENT_SEPARATOR = " | "
_ITEM_NO = re.compile(r"^\d{1,3}$")
_SUB_INDICATOR = re.compile(r"^\d{1,2}\.\d{1,2}$")


class FrameworkFileError(Exception):
    """The file was refused; ``errors`` are ``(line number, reason)``, nothing was written."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("; ".join(f"บรรทัดที่ {line}: {reason}" for line, reason in errors))


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


@dataclass(frozen=True)
class LoadResult:
    framework: Framework
    created: bool
    items: int
    components: int


def parse_framework(text: str, *, year: int) -> ParsedFramework:
    """Check the whole file; return what it says or raise FrameworkFileError with every problem.

    Line numbers count the header as line 1, as an editor shows them."""
    errors: list[tuple[int, str]] = []
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or not lines[0].strip():
        raise FrameworkFileError([(1, "ไฟล์ว่างเปล่า ต้องมีบรรทัดหัวตาราง")])
    header = lines[0].split("\t")
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise FrameworkFileError([(1, f"ไม่มีคอลัมน์ {', '.join(missing)}")])

    parsed = ParsedFramework(year=year)
    seen_numbers: dict[str, int] = {}
    roles: dict[str, int] = {}
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    for offset, row in enumerate(reader):
        line = offset + 2
        if not any((value or "").strip() for value in row.values() if isinstance(value, str)):
            continue  # a blank line
        if None in row or any(row.get(name) is None for name in COLUMNS):
            errors.append((line, f"ต้องมี {len(header)} ช่อง คั่นด้วย tab"))
            continue
        values = {name: row[name].strip() for name in COLUMNS}
        empty = [name for name in REQUIRED_VALUES if not values[name]]
        if empty:
            errors.append((line, f"ช่อง {', '.join(empty)} ว่าง"))
            continue
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
            _, _, title = parsed.sub_indicators[code]
            if title != values["sub_indicator_title"]:
                errors.append((line, f"sub_indicator {code} มีชื่อไม่ตรงกับบรรทัดก่อนหน้า"))
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
        raise FrameworkFileError(errors)
    return parsed


def framework_load(*, text: str, year: int, source_name: str = "") -> LoadResult:
    """Load (or re-load) the framework of assessment year ``year`` from the text of a TSV file.

    Raises FrameworkFileError, writing nothing, when the file is malformed, or when it drops an
    item that organisations already track. Runs in one transaction. Runs with scopes disabled:
    a framework is shared by every organisation, and the check for tracked items spans them.
    """
    parsed = parse_framework(text, year=year)
    with transaction.atomic(), scopes_disabled():
        framework, created = Framework.objects.select_for_update().get_or_create(year=year)
        if source_name and framework.source_name != source_name:
            framework.source_name = source_name
        framework.save()
        if created:
            _create_all(framework, parsed)
        else:
            _update_all(framework, parsed)
    return LoadResult(
        framework=framework,
        created=created,
        items=len(parsed.items),
        components=sum(len(item.components) for item in parsed.items),
    )


def framework_load_file(*, path: Path | str, year: int) -> LoadResult:
    path = Path(path)
    return framework_load(text=path.read_text(encoding="utf-8"), year=year, source_name=path.name)


def _create_all(framework: Framework, parsed: ParsedFramework) -> None:
    """A new framework: a handful of bulk inserts, so that loading the demo stays quick."""
    subs = SubIndicator.objects.bulk_create(
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
    )
    by_code = {sub.code: sub for sub in subs}
    items = OitItem.objects.bulk_create(
        OitItem(
            framework=framework, sub_indicator=by_code[p.sub_indicator], order=order, **_fields(p)
        )
        for order, p in enumerate(parsed.items)
    )
    OitComponent.objects.bulk_create(
        OitComponent(item=item, order=order, text=text)
        for item, p in zip(items, parsed.items, strict=True)
        for order, text in enumerate(p.components)
    )


def _fields(p: ParsedItem) -> dict[str, str]:
    return {
        "group_title": p.group_title,
        "number": p.number,
        "label": p.label,
        "title": p.title,
        "default_responsible": p.default_responsible,
        "produced_by_portal": p.produced_by_portal,
    }


def _update_all(framework: Framework, parsed: ParsedFramework) -> None:
    """Update in place: items by number, components by position, so ticks stay attached."""
    existing = {item.number: item for item in framework.items.all()}
    dropped = set(existing) - {p.number for p in parsed.items}
    tracked = set(
        ItemStatus.objects.filter(item__framework=framework, item__number__in=dropped)
        .values_list("item__number", flat=True)
        .distinct()
    )
    if tracked:
        raise FrameworkFileError(
            [
                (
                    0,
                    f"ไฟล์ไม่มีข้อ {', '.join(sorted(tracked))} ซึ่งหน่วยงานใช้ติดตามงานอยู่แล้ว "
                    "ห้ามลบออกจากไฟล์",
                )
            ]
        )
    OitItem.objects.filter(framework=framework, number__in=dropped).delete()

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
            SubIndicator.objects.filter(pk=subs[code].pk).update(**values)
        else:
            subs[code] = SubIndicator.objects.create(framework=framework, code=code, **values)

    components_of: dict[int, list[OitComponent]] = defaultdict(list)
    for component in OitComponent.objects.filter(item__framework=framework).order_by("order"):
        components_of[component.item_id].append(component)
    for order, p in enumerate(parsed.items):
        values = {**_fields(p), "sub_indicator": subs[p.sub_indicator], "order": order}
        item = existing.get(p.number)
        if item is None:
            item = OitItem.objects.create(framework=framework, **values)
        else:
            OitItem.objects.filter(pk=item.pk).update(**values)
        old = components_of.get(item.pk, [])
        for position, text in enumerate(p.components):
            if position < len(old):
                if old[position].text != text:
                    OitComponent.objects.filter(pk=old[position].pk).update(text=text)
            else:
                OitComponent.objects.create(item=item, order=position, text=text)
        extra = [component.pk for component in old[len(p.components) :]]
        if extra:
            OitComponent.objects.filter(pk__in=extra).delete()
    SubIndicator.objects.filter(framework=framework).exclude(
        code__in=parsed.sub_indicators
    ).delete()
