"""Writes of the frameworks, for the operator (``/site/frameworks/``) and the commands.

A framework is shared by every organisation of its agency type, so these functions run with
scopes disabled (``loader`` and the checks span organisations). Every change is saved with a
history record (django-simple-history: the request's user, or ``actor``) whose change reason
says what the operator did; ``framework_selectors.framework_history`` reads them back.

The life of a framework: made from an uploaded file (``framework_upload``) or copied from the
newest one (``framework_draft_create``) as a **draft**, edited (``framework_item_save``,
``framework_item_remove``, ``framework_sub_indicator_save``), then **published**
(``framework_publish``). Only a draft is edited in the portal; a published framework changes
only by loading its file again, in place, which never drops an item organisations track.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django_scopes import scopes_disabled
from simple_history.utils import bulk_create_with_history

from ita_portal import thai
from ita_portal.errors import ServiceError

from .enums import AgencyType, FrameworkStatus, PortalRole
from .loader import (
    FrameworkFileError,
    LoadResult,
    ParsedFramework,
    _stamp,
    framework_load,
    read_framework,
)
from .models import Framework, OitComponent, OitItem, SubIndicator


def framework_upload(
    *,
    parsed: ParsedFramework,
    agency_type: AgencyType | str,
    actor=None,
    publish: bool = False,
) -> LoadResult:
    """Load a checked file: a new year becomes a draft, a draft or a published framework of
    the same year and agency type is updated in place (ticks kept). ``publish`` publishes a
    draft at once (the command line does; the operator's page confirms first).
    Raises FrameworkFileError (nothing written)."""
    with transaction.atomic():
        result = framework_load(parsed=parsed, agency_type=agency_type, actor=actor)
        if publish and result.framework.is_draft:
            published = framework_publish(framework=result.framework, actor=actor)
            result = dataclasses.replace(result, framework=published)
    return result


def framework_load_file(
    *,
    path: Path | str,
    year: int,
    agency_type: AgencyType | str = AgencyType.LOCAL,
    publish: bool = True,
    actor=None,
) -> LoadResult:
    """Read, check and load a TSV or XLSX file from disk (``manage.py load_oit_framework``,
    the demo). Published at once unless ``publish`` is False."""
    path = Path(path)
    parsed = read_framework(name=path.name, data=path.read_bytes(), year=year)
    return framework_upload(parsed=parsed, agency_type=agency_type, actor=actor, publish=publish)


def _draft(framework: Framework) -> Framework:
    """The framework, locked; ServiceError unless it is a draft."""
    locked = Framework.objects.select_for_update().get(pk=framework.pk)
    if not locked.is_draft:
        raise ServiceError(
            f"{locked}เผยแพร่แล้ว จึงแก้ไขในระบบไม่ได้ "
            "ถ้าต้องแก้ ให้นำเข้าไฟล์ของปีเดียวกันอีกครั้ง (ระบบปรับปรุงในที่เดิม ไม่ลบข้อที่หน่วยงานใช้อยู่)"
        )
    return locked


def framework_publish(*, framework: Framework, actor=None) -> Framework:
    """Publish a draft: from now on organisations of its agency type may choose it, and those
    on an older framework are offered the move. Raises ServiceError when it is not a draft, has
    no items, an item has no component, or a portal role is given twice. One transaction."""
    with transaction.atomic(), scopes_disabled():
        framework = _draft(framework)
        items = list(framework.items.prefetch_related("components"))
        if not items:
            raise ServiceError("กรอบการประเมินยังไม่มีข้อ OIT จึงเผยแพร่ไม่ได้")
        empty = [item.label for item in items if not item.components.all()]
        if empty:
            raise ServiceError(f"ข้อ {', '.join(empty)} ยังไม่มีองค์ประกอบด้านข้อมูล จึงเผยแพร่ไม่ได้")
        roles = [item.produced_by_portal for item in items if item.produced_by_portal]
        if len(roles) != len(set(roles)):
            raise ServiceError("มีข้อที่ระบบจัดทำซ้ำกัน แต่ละประเภทต้องมีได้ข้อเดียว")
        framework.status = FrameworkStatus.PUBLISHED
        framework.published_at = timezone.now()
        framework.published_by = actor
        _stamp(framework, actor, "เผยแพร่")
        framework.save(update_fields=["status", "published_at", "published_by", "loaded_at"])
    return framework


def framework_draft_create(
    *, agency_type: AgencyType | str, year: int, source: Framework | None, actor=None
) -> Framework:
    """Next year's framework made in the portal: a draft of ``year`` holding a copy of
    ``source`` (its sub-indicators, items and components), to edit and then publish.
    Raises ServiceError when the agency type already has a framework of that year."""
    reason = (
        f"คัดลอกจากกรอบการประเมินปี {thai.thai_digits(source.year)}" if source else "สร้างฉบับร่างใหม่"
    )
    with transaction.atomic(), scopes_disabled():
        if Framework.objects.filter(agency_type=agency_type, year=year).exists():
            raise ServiceError(
                f"มีกรอบการประเมินปี พ.ศ. {thai.thai_digits(year)} ของประเภทหน่วยงานนี้อยู่แล้ว "
                "เปิดฉบับนั้นเพื่อแก้ไข หรือเลือกปีอื่น"
            )
        framework = Framework(
            agency_type=agency_type,
            year=year,
            source_name=f"คัดลอกจากปี {source.year}" if source else "",
        )
        _stamp(framework, actor, reason).save()
        if source is None:
            return framework
        history = {"default_user": actor, "default_change_reason": reason}
        old_subs = list(source.sub_indicators.order_by("order"))
        subs = bulk_create_with_history(
            [
                SubIndicator(
                    framework=framework,
                    indicator=sub.indicator,
                    indicator_title=sub.indicator_title,
                    code=sub.code,
                    title=sub.title,
                    order=sub.order,
                )
                for sub in old_subs
            ],
            SubIndicator,
            **history,
        )
        sub_of = {old.pk: new for old, new in zip(old_subs, subs, strict=True)}
        old_items = list(source.items.order_by("order").prefetch_related("components"))
        items = bulk_create_with_history(
            [
                OitItem(
                    framework=framework,
                    sub_indicator=sub_of[item.sub_indicator_id],
                    group_title=item.group_title,
                    number=item.number,
                    label=item.label,
                    title=item.title,
                    default_responsible=item.default_responsible,
                    produced_by_portal=item.produced_by_portal,
                    order=item.order,
                )
                for item in old_items
            ],
            OitItem,
            batch_size=200,
            **history,
        )
        bulk_create_with_history(
            [
                OitComponent(item=new, order=component.order, text=component.text)
                for old, new in zip(old_items, items, strict=True)
                for component in sorted(old.components.all(), key=lambda c: c.order)
            ],
            OitComponent,
            batch_size=500,
            **history,
        )
    return framework


def framework_draft_delete(*, framework: Framework, actor=None) -> None:
    """Throw a draft away (its history stays). ServiceError when it is not a draft."""
    with transaction.atomic(), scopes_disabled():
        framework = _draft(framework)
        _stamp(framework, actor, "ลบฉบับร่าง").delete()


def _reorder(framework: Framework) -> None:
    """Items in the framework's order: by sub-indicator, then by number. The order follows from
    the numbers, so it is written without history."""
    items = list(framework.items.select_related("sub_indicator"))
    items.sort(key=lambda item: (item.sub_indicator.order, int(item.number), item.pk))
    changed = []
    for order, item in enumerate(items):
        if item.order != order:
            item.order = order
            changed.append(item)
    OitItem.objects.bulk_update(changed, ["order"])


def framework_item_save(
    *,
    framework: Framework,
    item: OitItem | None,
    sub_indicator: SubIndicator,
    number: str,
    label: str,
    title: str,
    components: list[str],
    group_title: str = "",
    default_responsible: str = "",
    produced_by_portal: str = "",
    actor=None,
) -> OitItem:
    """Add an item to a draft (``item`` None) or change one: its number, label, title,
    components (by position: the first line is component ๑), group, default division and
    portal role. Only the rows that change are saved, each with a history record.

    Raises ServiceError when the framework is not a draft, the number is taken, the role is
    another item's, or no component is given. One transaction."""
    number = number.strip()
    components = [text.strip() for text in components if text.strip()]
    if not components:
        raise ServiceError("ต้องมีองค์ประกอบด้านข้อมูลอย่างน้อยหนึ่งข้อ")
    if produced_by_portal and produced_by_portal not in PortalRole.values:
        raise ServiceError("กรุณาเลือกประเภทรายงานที่ระบบจัดทำจากรายการ")
    with transaction.atomic(), scopes_disabled():
        framework = _draft(framework)
        if sub_indicator.framework_id != framework.pk:
            raise ServiceError("กรุณาเลือกตัวชี้วัดย่อยของกรอบการประเมินนี้")
        others = framework.items.exclude(pk=item.pk if item else None)
        taken = others.filter(number=number).first()
        if taken:
            raise ServiceError(f"เลขข้อ {number} เป็นของข้อ {taken.label} {taken.title} อยู่แล้ว")
        if produced_by_portal:
            holder = others.filter(produced_by_portal=produced_by_portal).first()
            if holder:
                raise ServiceError(
                    f"ข้อ {holder.label} {holder.title} เป็น"
                    f"{PortalRole(produced_by_portal).label}อยู่แล้ว แต่ละประเภทมีได้ข้อเดียว"
                )
        values = {
            "sub_indicator_id": sub_indicator.pk,
            "number": number,
            "label": label.strip(),
            "title": title.strip(),
            "group_title": group_title.strip(),
            "default_responsible": default_responsible.strip(),
            "produced_by_portal": produced_by_portal,
        }
        if item is None:
            reason = f"เพิ่มข้อ {values['label']}"
            item = OitItem(framework=framework, order=framework.items.count(), **values)
            _stamp(item, actor, reason).save()
            old: list[OitComponent] = []
        else:
            item = framework.items.select_for_update().get(pk=item.pk)
            reason = f"แก้ไขข้อ {item.label}"
            changed = [name for name, value in values.items() if getattr(item, name) != value]
            if changed:
                for name in changed:
                    setattr(item, name, values[name])
                _stamp(item, actor, reason).save(update_fields=changed)
            old = list(item.components.order_by("order"))
        for position, text in enumerate(components):
            if position < len(old):
                if old[position].text != text:
                    old[position].text = text
                    _stamp(old[position], actor, reason).save(update_fields=["text"])
            else:
                _stamp(OitComponent(item=item, order=position, text=text), actor, reason).save()
        for component in old[len(components) :]:
            _stamp(component, actor, reason).delete()
        _reorder(framework)
    return item


def framework_item_remove(*, item: OitItem, actor=None) -> None:
    """Remove an item from a draft (its history stays). ServiceError unless a draft."""
    with transaction.atomic(), scopes_disabled():
        framework = _draft(item.framework)
        _stamp(item, actor, f"ลบข้อ {item.label}").delete()
        _reorder(framework)


def framework_sub_indicator_save(
    *,
    framework: Framework,
    sub_indicator: SubIndicator | None,
    indicator: int,
    indicator_title: str,
    code: str,
    title: str,
    actor=None,
) -> SubIndicator:
    """Add a sub-indicator to a draft, or rename one. Raises ServiceError when the framework is
    not a draft or the code is taken."""
    with transaction.atomic(), scopes_disabled():
        framework = _draft(framework)
        values = {
            "indicator": indicator,
            "indicator_title": indicator_title.strip(),
            "code": code.strip(),
            "title": title.strip(),
        }
        others = framework.sub_indicators.exclude(pk=sub_indicator.pk if sub_indicator else None)
        if others.filter(code=values["code"]).exists():
            raise ServiceError(f"มีตัวชี้วัดย่อย {thai.thai_digits(values['code'])} อยู่แล้ว")
        if sub_indicator is None:
            last = framework.sub_indicators.aggregate(last=Max("order"))["last"]
            sub_indicator = SubIndicator(
                framework=framework, order=0 if last is None else last + 1, **values
            )
            reason = f"เพิ่มตัวชี้วัดย่อย {values['code']}"
        else:
            reason = f"แก้ไขตัวชี้วัดย่อย {sub_indicator.code}"
            for name, value in values.items():
                setattr(sub_indicator, name, value)
        try:
            with transaction.atomic():
                _stamp(sub_indicator, actor, reason).save()
        except IntegrityError:
            raise ServiceError(f"มีตัวชี้วัดย่อย {values['code']} อยู่แล้ว") from None
    return sub_indicator


__all__ = [
    "FrameworkFileError",
    "framework_draft_create",
    "framework_draft_delete",
    "framework_item_remove",
    "framework_item_save",
    "framework_load_file",
    "framework_publish",
    "framework_sub_indicator_save",
    "framework_upload",
]
