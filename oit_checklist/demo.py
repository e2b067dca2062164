"""Demo data of the OIT checklist: the FY2566 framework, and นาทอน's checklist of the current
fiscal year half done, so that readiness looks alive.

What นาทอน has done is data too (``data/demo_nathon.tsv``, keyed by item number): items ticked
and linked, the executive item missing the phone number and the e-service item without a URL
(seed 003's minutes), the Facebook item marked as linking outside, a link on Google Drive that
leaves the main website, and a link the last check found broken. Idempotent: a second run adds
nothing and keeps whatever people changed since.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ita_portal import thai
from organisations import selectors as org_selectors
from organisations.models import Division, Organisation, User

from . import services
from .framework_services import framework_load_file
from .models import ComponentTick, Evidence, Framework, ItemStatus, ItemUrl, OitComponent

DATA = Path(__file__).resolve().parent / "data"
FRAMEWORK_FILE = DATA / "oit_items_2566.tsv"
FRAMEWORK_YEAR = 2566
NATHON_FILE = DATA / "demo_nathon.tsv"
# The seeds give no website for นาทอน; the demo needs one to tell on-site links from others.
NATHON_WEBSITE = "https://www.nathon.go.th"

# A one-page PDF, so that the demo's evidence opens in a reader.
_DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _window(fiscal_year: int) -> dict[str, dt.date]:
    """Seed 003's calendar: the assessor's window 1 March – 30 April; the internal deadline
    9 April, before Songkran, so that the executive can check the data in time."""
    ce = thai.ce_year(fiscal_year)
    return {
        "window_start": dt.date(ce, 3, 1),
        "window_end": dt.date(ce, 4, 30),
        "internal_deadline": dt.date(ce, 4, 9),
    }


@transaction.atomic
def load_oit_demo() -> list[tuple[str, str]]:
    """Load the FY2566 framework and the demo checklists; return lines for the command to print.

    Runs with scopes disabled to find the organisations, then inside each one's scope."""
    framework_load_file(path=FRAMEWORK_FILE, year=FRAMEWORK_YEAR)
    framework = Framework.objects.get(year=FRAMEWORK_YEAR)
    with scopes_disabled():  # demo loading spans organisations
        organisations = list(Organisation.objects.filter(slug__in=["nathon", "naok"]))
    for organisation in organisations:
        if organisation.slug == "nathon" and not organisation.website:
            organisation.website = NATHON_WEBSITE
            organisation.save(update_fields=["website"])
        with scope(organisation=organisation):
            fiscal_year = org_selectors.fiscal_year_current(organisation=organisation)
            if fiscal_year is None:
                continue
            fresh = not ItemStatus.objects.filter(fiscal_year=fiscal_year).exists()
            if fiscal_year.framework_id not in (None, framework.pk):
                continue  # someone chose another framework: leave it alone
            services.oit_year_configure(
                organisation=organisation,
                fiscal_year=fiscal_year,
                framework=framework,
                **_window(fiscal_year.year),
            )
            if fresh and organisation.slug == "nathon":
                _nathon_progress(organisation, fiscal_year)
    return [("oit", f"กรอบการประเมิน OIT ปี พ.ศ. {thai.thai_digits(FRAMEWORK_YEAR)}")]


def _nathon_progress(organisation: Organisation, fiscal_year) -> None:
    """Write the demo progress in a few bulk statements (with history rows), so that the
    demo, which every test of the suite loads, stays quick."""
    statuses = {
        status.item.number: status
        for status in ItemStatus.objects.filter(fiscal_year=fiscal_year).select_related("item")
    }
    components: dict[int, list] = {}
    for component in OitComponent.objects.filter(item__statuses__fiscal_year=fiscal_year):
        components.setdefault(component.item_id, []).append(component)
    divisions = {division.name: division for division in Division.objects.all()}
    with NATHON_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    changed, ticks, urls = [], [], []
    for row in rows:
        status = statuses.get(row["item_no"])
        if status is None:
            continue
        status.division = divisions.get(row["division"], status.division)
        status.points_outside = bool(row["points_outside"])
        status.state = row["state"]
        status.progress = row["progress"]
        status.note = row["note"]
        changed.append(status)
        own = sorted(components.get(status.item_id, []), key=lambda c: c.order)
        ticked = len(own) if row["ticked"] == "all" else int(row["ticked"] or 0)
        ticks += [
            ComponentTick(
                organisation=organisation, item_status=status, component=component, present=True
            )
            for component in own[:ticked]
        ]
        checked = (
            {"checked_at": timezone.now(), "http_status": int(row["last_http_status"])}
            if row["last_http_status"]
            else {}
        )
        urls += [
            ItemUrl(organisation=organisation, item_status=status, url=url, order=order, **checked)
            for order, url in enumerate(row["urls"].split())
        ]
    bulk_update_with_history(
        changed,
        ItemStatus,
        ["division", "points_outside", "state", "progress", "note"],
        batch_size=200,
    )
    bulk_create_with_history(ticks, ComponentTick, batch_size=500)
    bulk_create_with_history(urls, ItemUrl, batch_size=500)
    first = statuses[min(statuses)]
    if not Evidence.objects.filter(item_status=first).exists():
        coordinator = User.objects.filter(
            memberships__organisation=organisation, memberships__role="coordinator"
        ).first()
        evidence = Evidence(
            organisation=organisation,
            item_status=first,
            original_name="แผนผังโครงสร้างส่วนราชการ.pdf",
            content_type="application/pdf",
            size=len(_DEMO_PDF),
            uploaded_by=coordinator,
        )
        name = "oit/demo/structure.pdf"  # shared by every run of the demo
        if default_storage.exists(name):
            evidence.file.name = name  # a second run, or another test: the file is there
        else:
            evidence.file.name = default_storage.save(name, ContentFile(_DEMO_PDF))
        evidence.save()
