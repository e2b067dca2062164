"""Writes of the OIT checklist. Every function runs inside ``scope(organisation=…)`` unless it
says otherwise, checks its preconditions, raises ServiceError with a Thai message when a rule
says no, and records history through django-simple-history (the request's user, from its
middleware, or ``history_user`` set here)."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ita_portal import thai, uploads
from ita_portal.errors import ServiceError
from organisations.models import Division, FiscalYear, Membership, Organisation, User

from . import crosswalk, framework_selectors, selectors
from .enums import ItemState, PortalRole, agency_type_of
from .models import (
    ComponentTick,
    Evidence,
    Framework,
    FrameworkMove,
    ItemStatus,
    ItemUrl,
    OitComponent,
    OitReview,
    OitYear,
)
from .weblinks import url_warning


def default_division(default_responsible: str, divisions: list[Division]) -> Division | None:
    """The first division named in the framework's responsible column that the organisation
    has (``สำนักปลัด, กองคลัง`` → สำนักปลัด), matched on the name without spaces."""
    by_name = {division.name.replace(" ", ""): division for division in divisions}
    for name in default_responsible.split(","):
        found = by_name.get(name.strip().replace(" ", ""))
        if found:
            return found
    return None


@transaction.atomic
def oit_year_configure(
    *,
    organisation: Organisation,
    fiscal_year: FiscalYear,
    framework: Framework,
    window_start: dt.date | None,
    window_end: dt.date | None,
    internal_deadline: dt.date | None,
) -> OitYear:
    """Point the fiscal year at ``framework`` and set its deadlines; on the first choice of a
    framework, create one ItemStatus per item, each assigned to the default division.

    Raises ServiceError when the year already works on another framework (moving it is
    ``fiscal_year_framework_move``), when the framework is a draft or of another agency type,
    or when the dates are out of order.
    """
    if window_start and window_end and window_start > window_end:
        raise ServiceError("วันเริ่มนำเข้าข้อมูลต้องไม่หลังวันสุดท้ายของการนำเข้าข้อมูล")
    if internal_deadline and window_end and internal_deadline > window_end:
        raise ServiceError(
            "กำหนดส่งข้อมูลภายในหน่วยงานต้องก่อนวันสุดท้ายของ ป.ป.ช. เพื่อให้ผู้บริหารตรวจสอบและอนุมัติข้อมูลได้ทัน"
        )
    fiscal_year = FiscalYear.objects.select_for_update().get(pk=fiscal_year.pk)
    if (
        fiscal_year.framework_id
        and fiscal_year.framework_id != framework.pk
        and selectors.year_statuses(fiscal_year).exists()
    ):
        raise ServiceError(
            f"{fiscal_year}ใช้กรอบการประเมินปี พ.ศ. "
            f"{thai.thai_digits(fiscal_year.framework.year)} และมีข้อมูลรายการแล้ว "
            "จึงเปลี่ยนกรอบการประเมินไม่ได้ ถ้าจะใช้กรอบที่ใหม่กว่า ให้ใช้การย้ายไปใช้กรอบการประเมินใหม่"
        )
    if framework.is_draft or framework.agency_type != agency_type_of(organisation.kind):
        raise ServiceError("กรุณาเลือกกรอบการประเมินที่เผยแพร่แล้วของประเภทหน่วยงานนี้")
    if fiscal_year.framework_id != framework.pk:
        fiscal_year.framework = framework
        fiscal_year.save(update_fields=["framework"])
    _create_statuses(organisation=organisation, fiscal_year=fiscal_year)
    oit_year, _ = OitYear.objects.update_or_create(
        fiscal_year=fiscal_year,
        defaults={
            "organisation": organisation,
            "window_start": window_start,
            "window_end": window_end,
            "internal_deadline": internal_deadline,
        },
    )
    return oit_year


def _create_statuses(*, organisation: Organisation, fiscal_year: FiscalYear) -> list[ItemStatus]:
    """The missing ItemStatus rows of the year's framework, with default divisions."""
    existing = set(
        ItemStatus.objects.filter(fiscal_year=fiscal_year).values_list("item_id", flat=True)
    )
    divisions = list(Division.objects.filter(organisation=organisation, is_active=True))
    new = [
        ItemStatus(
            organisation=organisation,
            fiscal_year=fiscal_year,
            item=item,
            division=(
                None
                if item.produced_by_portal
                else default_division(item.default_responsible, divisions)
            ),
        )
        for item in fiscal_year.framework.items.order_by("order")
        if item.pk not in existing
    ]
    if new:
        bulk_create_with_history(new, ItemStatus, batch_size=200)
    return new


@transaction.atomic
def item_statuses_assign(
    *, fiscal_year: FiscalYear, assignments: dict[int, tuple[Division | None, bool]]
) -> int:
    """Assign items to divisions and mark the items that must link outside the main website.

    ``assignments`` maps an ItemStatus id to ``(division, points_outside)``. Only the rows that
    change are saved (each with a history record). Returns how many changed.
    """
    changed = 0
    statuses = ItemStatus.objects.select_for_update().filter(
        fiscal_year=fiscal_year, pk__in=assignments
    )
    for status in statuses:
        division, outside = assignments[status.pk]
        division_id = division.pk if division else None
        if status.division_id == division_id and status.points_outside == outside:
            continue
        status.division = division
        status.points_outside = outside
        status.save(update_fields=["division", "points_outside", "updated_at"])
        changed += 1
    return changed


@transaction.atomic
def item_status_update(
    *,
    item_status: ItemStatus,
    present_components: set[int],
    urls: list[str],
    progress: str,
    state: ItemState | str,
    note: str | None = None,
) -> list[tuple[str, str]]:
    """Save what a division reports for one item: ticks, URLs, progress text and status.

    Ticks and URLs are kept as rows with history: a tick row changes only when its value does;
    a URL that stays keeps its last link check. ``note`` is the coordinator's and is left alone
    when None. Returns the URL warnings ``(url, warning)`` to show. Raises ServiceError for the
    items the portal produces (their status follows the reports).
    """
    status = (
        ItemStatus.objects.select_for_update()
        .select_related("item", "fiscal_year")
        .get(pk=item_status.pk)
    )
    if status.item.framework_id != status.fiscal_year.framework_id:
        raise ServiceError(
            "ข้อนี้อยู่ในกรอบการประเมินเดิมของปีงบประมาณนี้ ซึ่งย้ายไปใช้กรอบใหม่แล้ว "
            "จึงเก็บไว้ดูอย่างเดียว กรุณาบันทึกในข้อของกรอบใหม่"
        )
    if status.item.produced_by_portal:
        raise ServiceError("ข้อนี้จัดทำโดยระบบ สถานะจะเปลี่ยนเมื่อเผยแพร่รายงานมาตรการ")

    components = list(status.item.components.all())
    ticks = {tick.component_id: tick for tick in status.ticks.all()}
    for component in components:
        present = component.pk in present_components
        tick = ticks.get(component.pk)
        if tick is None:
            if present:
                ComponentTick.objects.create(
                    organisation_id=status.organisation_id,
                    item_status=status,
                    component=component,
                    present=True,
                )
        elif tick.present != present:
            tick.present = present
            tick.save(update_fields=["present"])

    wanted = list(dict.fromkeys(url.strip() for url in urls if url.strip()))
    existing = {url.url: url for url in status.urls.all()}
    for url in existing.values():
        if url.url not in wanted:
            url.delete()
    for order, text in enumerate(wanted):
        url = existing.get(text)
        if url is None:
            ItemUrl.objects.create(
                organisation_id=status.organisation_id, item_status=status, url=text, order=order
            )
        elif url.order != order:
            url.order = order
            url.save(update_fields=["order"])

    fields = []
    if status.progress != progress:
        status.progress = progress
        fields.append("progress")
    if status.state != state:
        status.state = state
        fields.append("state")
    if note is not None and status.note != note:
        status.note = note
        fields.append("note")
    if fields:
        status.save(update_fields=[*fields, "updated_at"])

    website = status.organisation.website
    return [
        (text, warning)
        for text in wanted
        if (warning := url_warning(text, website=website, points_outside=status.points_outside))
    ]


@uploads.atomic_with_files()
def evidence_add(*, item_status: ItemStatus, upload: UploadedFile, user: User) -> Evidence:
    """Attach a file to the item after checking its content (``ita_portal.uploads``); images
    are re-encoded without their metadata and get a thumbnail. Raises ValidationError (Thai)
    for a file that is refused and when the media disk is full. The files are written before
    the row and removed again if the transaction does not commit."""
    kind = uploads.validate_upload(upload)
    evidence = Evidence(
        organisation_id=item_status.organisation_id,
        item_status=item_status,
        original_name=(upload.name or "")[:255],
        content_type=kind.content_type,
        uploaded_by=user,
    )
    uploads.store_evidence(evidence, upload, kind)
    evidence.save()
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence) -> None:
    """Remove a wrongly attached file. The history keeps who attached and who removed it (and
    its name); the stored file and its thumbnail are deleted after the transaction commits."""
    files = [f for f in (evidence.file, evidence.thumbnail) if f]
    names = [(f.storage, f.name) for f in files]
    evidence.delete()

    def delete_files():
        for storage, name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)


@transaction.atomic
def checklist_copy_forward(*, source: FiscalYear, target: FiscalYear) -> selectors.CopyPlan:
    """Copy last year's assignments, URLs, notes and outside-link marks onto this year's items.

    Items are matched by ``selectors.copy_forward_plan`` (title and components, never the
    number). Ticks, statuses and progress are not copied: they describe last year's documents.
    A target item that already has URLs or a note keeps them (nothing typed this year is
    overwritten). Returns the plan, whose unmatched lists a person must decide on.
    Preconditions: both years have a framework; the target's statuses exist.
    """
    if not source.framework_id or not target.framework_id:
        raise ServiceError("ทั้งสองปีงบประมาณต้องเลือกกรอบการประเมิน OIT ก่อน")
    if source.year >= target.year:
        raise ServiceError("คัดลอกได้จากปีงบประมาณก่อนหน้าเท่านั้น")
    plan = selectors.copy_forward_plan(source=source, target=target)
    targets = {
        status.item_id: status
        for status in ItemStatus.objects.select_for_update()
        .filter(fiscal_year=target)
        .prefetch_related("urls")
    }
    for old, item, _how in plan.matched:
        status = targets.get(item.pk)
        if status is None:
            continue
        fields = []
        if (
            old.division_id
            and old.division_id != status.division_id
            and not item.produced_by_portal
        ):
            status.division_id = old.division_id
            fields.append("division")
        if old.points_outside and not status.points_outside:
            status.points_outside = True
            fields.append("points_outside")
        if old.note and not status.note:
            status.note = old.note
            fields.append("note")
        if fields:
            status.save(update_fields=[*fields, "updated_at"])
        if not item.produced_by_portal and not status.urls.all():
            for order, url in enumerate(old.url_list):
                ItemUrl.objects.create(
                    organisation_id=status.organisation_id,
                    item_status=status,
                    url=url.url,
                    order=order,
                )
    return plan


@transaction.atomic
def oit_review_record(
    *, fiscal_year: FiscalYear, membership: Membership, comment: str
) -> OitReview:
    """Record that an executive checked the year's OIT data (seed 003, step ๒), with the
    readiness at that moment. Append-only. Precondition: the year has a framework."""
    if not fiscal_year.framework_id:
        raise ServiceError("ยังไม่ได้เลือกกรอบการประเมิน OIT ของปีงบประมาณนี้")
    tally = selectors.readiness(organisation=membership.organisation, fiscal_year=fiscal_year).total
    return OitReview.objects.create(
        organisation_id=membership.organisation_id,
        fiscal_year=fiscal_year,
        reviewer=membership.user,
        position_title=membership.position.title if membership.position else "",
        comment=comment.strip(),
        complete_items=tally.complete,
        total_items=tally.total,
    )


def link_check_request(*, fiscal_year: FiscalYear) -> int:
    """Queue a background check of every URL of the year; returns how many URLs it will check.

    Side effect: enqueues ``oit_checklist.tasks.check_links`` after the transaction commits."""
    from .tasks import check_links

    count = ItemUrl.objects.filter(item_status__in=selectors.year_statuses(fiscal_year)).count()
    if count == 0:
        raise ServiceError("ยังไม่มี URL ให้ตรวจในปีงบประมาณนี้")
    transaction.on_commit(lambda: check_links.enqueue(fiscal_year_id=fiscal_year.pk))
    return count


@transaction.atomic
def portal_item_publish(
    *,
    fiscal_year: FiscalYear,
    role: PortalRole | str,
    url: str,
    published_at: dt.datetime | None = None,
) -> ItemStatus | None:
    """Called by ``reports.services.report_publish``: a report the portal produces was published
    at ``url``.

    Marks the item of ``role`` (from the framework's ``produced_by_portal`` column, never a
    number) as done, with the report's public URL and every component ticked. Returns None when
    this year's framework has no item of that role. Idempotent.
    """
    status = selectors.portal_item_status(fiscal_year=fiscal_year, role=role)
    if status is None:
        return None
    status = ItemStatus.objects.select_for_update().get(pk=status.pk)
    status.state = ItemState.DONE
    status.published_url = url
    status.published_at = published_at or timezone.now()
    status.save(update_fields=["state", "published_url", "published_at", "updated_at"])
    if not status.urls.filter(url=url).exists():
        ItemUrl.objects.create(organisation_id=status.organisation_id, item_status=status, url=url)
    ticked = set(status.ticks.filter(present=True).values_list("component_id", flat=True))
    for component in status.item.components.all():
        if component.pk not in ticked:
            ComponentTick.objects.update_or_create(
                item_status=status,
                component=component,
                defaults={"organisation_id": status.organisation_id, "present": True},
            )
    return status


@transaction.atomic
def fiscal_year_framework_move(
    *, fiscal_year: FiscalYear, framework: Framework, membership: Membership
) -> framework_selectors.MovePlan:
    """Move a fiscal year onto a newer published framework of its organisation's agency type,
    through the crosswalk (``framework_selectors.move_plan``: items matched by role, title and
    components, never by number).

    The year gets a status for every item of the new framework (default divisions); each
    matched item takes over what its old item held this year: division, outside-link mark,
    note, state, progress text, the portal's publication, the URLs with their last check, the
    ticks of the components whose text is the same, and the evidence files (moved, not copied:
    one file, one place). Nothing is deleted: the statuses of the old framework stay as they
    were (their URLs and ticks too), for the record and for what the plan lists to decide.
    Records a FrameworkMove. Returns the plan. Raises ServiceError when the year has no
    framework yet (choose one instead), or the framework is not newer, not published or of
    another agency type.
    """
    fiscal_year = (
        FiscalYear.objects.select_for_update(of=("self",))
        .select_related("framework")
        .get(pk=fiscal_year.pk)
    )
    source = fiscal_year.framework
    if source is None:
        raise ServiceError(
            "ปีงบประมาณนี้ยังไม่ได้เลือกกรอบการประเมิน OIT ให้เลือกที่หน้ากรอบการประเมินและกำหนดการ"
        )
    organisation = membership.organisation
    if framework.is_draft or framework.agency_type != agency_type_of(organisation.kind):
        raise ServiceError("กรุณาเลือกกรอบการประเมินที่เผยแพร่แล้วของประเภทหน่วยงานนี้")
    if framework.year <= source.year:
        raise ServiceError(
            f"ย้ายได้เฉพาะไปยังกรอบการประเมินที่ใหม่กว่าปี พ.ศ. {thai.thai_digits(source.year)}"
        )
    plan = framework_selectors.move_plan(fiscal_year=fiscal_year, source=source, target=framework)
    fiscal_year.framework = framework
    fiscal_year.save(update_fields=["framework"])
    _create_statuses(organisation=organisation, fiscal_year=fiscal_year)
    statuses = {
        status.item_id: status
        for status in selectors.year_statuses(fiscal_year).select_for_update()
    }
    components: dict[int, list] = {}
    for component in OitComponent.objects.filter(item__framework=framework).order_by("order"):
        components.setdefault(component.item_id, []).append(component)
    for row in plan.matched:
        old, status = row.old, statuses[row.item.pk]
        values = {
            "points_outside": old.points_outside,
            "note": old.note,
            "state": old.state,
            "progress": old.progress,
            "published_url": old.published_url,
            "published_at": old.published_at,
        }
        if not row.item.produced_by_portal and old.division_id:
            values["division_id"] = old.division_id
        changed = [name for name, value in values.items() if getattr(status, name) != value]
        if changed:
            for name in changed:
                setattr(status, name, values[name])
            status.save(update_fields=[*changed, "updated_at"])
        for order, url in enumerate(old.url_list):
            ItemUrl.objects.create(
                organisation=organisation,
                item_status=status,
                url=url.url,
                order=order,
                checked_at=url.checked_at,
                http_status=url.http_status,
                final_url=url.final_url,
                check_error=url.check_error,
            )
        for component in components.get(row.item.pk, []):
            if crosswalk.normal(component.text) in row.ticked_texts:
                ComponentTick.objects.create(
                    organisation=organisation,
                    item_status=status,
                    component=component,
                    present=True,
                )
        for evidence in old.evidence.all():
            evidence.item_status = status
            evidence.save(update_fields=["item_status"])
    FrameworkMove.objects.create(
        organisation=organisation,
        fiscal_year=fiscal_year,
        from_framework=source,
        to_framework=framework,
        moved_by=membership.user,
        matched=len(plan.matched),
    )
    return plan
