"""The public probe: every URL pattern of the public site, discovered from the URLconf, requested
by an anonymous visitor with the years, kinds, versions, item numbers and evidence ids of things
that are *not* published; every one must answer 404 (issue 8: nothing unpublished is reachable).

Unpublished things: a report in each state short of published (draft, in_review, returned,
approved), a draft correction (version 2) of a published report, a fiscal year whose OIT data no
executive has reviewed (with its items and an evidence file), an evidence file attached after the
review of a public year, and another organisation's evidence id.

Each pattern is also filled with published things and must answer 200, so that the probe
requests real URLs, not typos. A new public URL needs no edit here as long as its arguments are
among ``KNOWN_ARGUMENTS``; a new kind of argument makes the probe fail until it is taught.
"""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_scopes import scope
from django_tasks_db.models import DBTaskResult

from oit_checklist import services as oit_services
from oit_checklist.models import Evidence, Framework, ItemStatus
from organisations.middleware import PUBLIC_PREFIX
from organisations.models import FiscalYear, Organisation, User
from reports.enums import ReportKind, ReportStatus
from tests.public.factories import report_in_state
from tests.routes import routes

ARGUMENT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
KNOWN_ARGUMENTS = {"org", "year", "kind", "version", "item", "evidence"}


PUBLIC_ROUTES = routes(PUBLIC_PREFIX)


def _arguments(route: str) -> set[str]:
    return {m.group("name") for m in ARGUMENT.finditer(route)}


def test_the_probe_finds_the_public_site():
    assert "p/<slug:org>/" in PUBLIC_ROUTES
    assert "p/<slug:org>/<int:year>/reports/<str:kind>/v<int:version>/pdf/" in PUBLIC_ROUTES
    assert "p/<slug:org>/<int:year>/oit/<int:item>/evidence/<int:evidence>/" in PUBLIC_ROUTES
    for route in PUBLIC_ROUTES:
        unknown = _arguments(route) - KNOWN_ARGUMENTS
        assert not unknown, f"teach the public probe the meaning of {unknown} in {route}"


def _fill(route: str, values: dict) -> str:
    def fill(match):
        return str(values[match.group("name")])

    url = "/" + ARGUMENT.sub(fill, route)
    if values.get("round"):
        url += f"?round={values['round']}"
    return url


def _report_values(report) -> dict:
    return {
        "org": report.organisation.slug,
        "year": report.fiscal_year.year,
        "kind": report.kind,
        "version": report.version,
        "round": report.round,
    }


@pytest.fixture
def world(nathon, naok):
    """นาทอน with published and unpublished things of every sort (see the module docstring)."""
    published = report_in_state(nathon, year=2568, kind=ReportKind.RESULTS)
    correction = report_in_state(
        nathon,
        year=2568,
        kind=ReportKind.RESULTS,
        version=2,
        supersedes=published,
        status=ReportStatus.DRAFT,
    )
    unpublished = [correction] + [
        report_in_state(nathon, year=2569, kind=kind, status=status)
        for status, kind in [
            (ReportStatus.DRAFT, ReportKind.PLAN),
            (ReportStatus.IN_REVIEW, ReportKind.PROGRESS),
            (ReportStatus.RETURNED, ReportKind.TABLES),
            (ReportStatus.APPROVED, ReportKind.MINUTES),
            (ReportStatus.APPROVED, ReportKind.BOOK),
        ]
    ]
    staff = User.objects.get(username="nathon_staff_palad")

    def attach(status, name):
        evidence = Evidence(
            organisation=status.organisation,
            item_status=status,
            original_name=name,
            content_type="application/pdf",
            size=9,
            uploaded_by=staff,
        )
        evidence.file.save("probe.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
        evidence.save()
        return evidence

    with scope(organisation=nathon):
        # FY2570: public (the demo's review); its demo evidence is published, a later one not.
        public_year = FiscalYear.objects.get(year=2570)
        public_evidence = Evidence.objects.filter(item_status__fiscal_year=public_year).first()
        first = ItemStatus.objects.select_related("item").get(
            fiscal_year=public_year, item__number="01"
        )
        late = attach(first, "หลังการตรวจสอบ.pdf")
        # FY2569: the same framework, items and evidence, but no executive review.
        hidden_year = FiscalYear.objects.get(year=2569)
        oit_services.oit_year_configure(
            organisation=nathon,
            fiscal_year=hidden_year,
            framework=Framework.objects.get(pk=public_year.framework_id),
            window_start=None,
            window_end=None,
            internal_deadline=None,
        )
        hidden_status = ItemStatus.objects.get(fiscal_year=hidden_year, item__number="01")
        hidden = attach(hidden_status, "ปีที่ยังไม่ตรวจสอบ.pdf")
    with scope(organisation=naok):
        foreign = attach(ItemStatus.objects.order_by("pk").first(), "ของนาออก.pdf")
    return {
        "published": published,
        "unpublished": unpublished,
        "public_year": public_year.year,
        "public_evidence": public_evidence,
        "hidden_year": hidden_year.year,
        "hidden_evidence": hidden,
        "late_evidence": late,
        "foreign_evidence": foreign,
    }


def _published_url(route: str, world) -> str:
    args = _arguments(route)
    values = _report_values(world["published"])
    if args & {"item", "evidence"} or route.endswith("/oit/"):
        values["year"] = world["public_year"]
        values["round"] = None
    values["item"] = 1
    values["evidence"] = world["public_evidence"].pk
    if "kind" not in args:
        values["round"] = None
    return _fill(route, values)


def _unpublished_urls(route: str, world) -> list[str]:
    args = _arguments(route)
    urls = []
    if "evidence" in args:
        for key, year in [
            ("late_evidence", world["public_year"]),
            ("hidden_evidence", world["hidden_year"]),
            ("foreign_evidence", world["public_year"]),
        ]:
            urls.append(
                _fill(route, {"org": "nathon", "year": year, "item": 1, "evidence": world[key].pk})
            )
        return urls
    if "item" in args:
        return [_fill(route, {"org": "nathon", "year": world["hidden_year"], "item": 1})]
    if "kind" in args:
        for report in world["unpublished"]:
            values = _report_values(report)
            if "version" not in args and report.version > 1:
                continue  # the stable URL of a published report rightly shows version 1
            urls.append(_fill(route, values))
        return urls
    if "year" in args:
        return [_fill(route, {"org": "nathon", "year": world["hidden_year"]})]
    # The organisation alone: an inactive organisation is not public at all.
    return [_fill(route, {"org": "closed"})]


def _run_new_tasks(before: set) -> list:
    """Run here the tasks enqueued since ``before``, as the worker would (the probe runs in one
    transaction that a worker process cannot see; tests/public/test_eit.py runs the real one)."""
    new = DBTaskResult.objects.ready().exclude(pk__in=before)
    assert new.exists()
    made = []
    for row in new:
        result = row.task_result
        made.append(row.task.call(*result.args, **result.kwargs))
    return made  # the storage names of what they stored


@pytest.mark.parametrize("route", PUBLIC_ROUTES)
def test_public_route_answers_404_for_unpublished_things(route, client, world, request):
    Organisation.objects.create(
        name="องค์การบริหารส่วนตำบลปิดใช้งาน",
        kind="sao",
        slug="closed",
        district="ทุ่งหว้า",
        province="สตูล",
        is_active=False,
        eit_survey_url="https://itas.nacc.go.th/go/eit/closed",
    )
    published = _published_url(route, world)
    queued = set(DBTaskResult.objects.values_list("pk", flat=True))
    response = client.get(published)
    if response.status_code == 202:  # a PDF the task worker makes first (the EIT poster)
        assert "กำลังจัดทำไฟล์ PDF" in response.content.decode()
        for name in _run_new_tasks(queued):
            request.addfinalizer(lambda name=name: default_storage.delete(name))
        response = client.get(published)
    assert response.status_code in {200, 302}, f"{published} is not a working public URL"
    assert client.post(published).status_code == 405, published

    urls = _unpublished_urls(route, world)
    assert urls, route
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_listings_show_no_unpublished_title(client, world):
    titles = {report.title for report in world["unpublished"] if report.version == 1}
    pages = ["/", "/p/nathon/", "/p/nathon/2568/", f"/p/nathon/{world['public_year']}/oit/"]
    for url in pages:
        page = client.get(url).content.decode()
        for title in titles:
            assert title not in page, (url, title)
        for key in ["late_evidence", "hidden_evidence", "foreign_evidence"]:
            assert world[key].original_name not in page, (url, key)


def test_the_directory_answers_only_reads(client, demo):
    """The portal's home page (outside /p/, so not among the routes above) is the public
    directory for visitors: it reads, and a POST is refused like on every public page."""
    assert client.get("/").status_code == 200
    assert client.head("/").status_code == 200
    assert client.post("/", {"q": "นาทอน"}).status_code == 405
