"""The double-submit probe: every form that creates something, sent twice with the same page
(a double click, a browser resending), creates it once and answers the second with the first's
result and a Thai message; sent twice at once, never an error. A new create route must be
listed here (or exempted with its reason), so that the probe covers it."""

import re
import threading
import uuid

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django_scopes import scopes_disabled

from ita_portal import once
from measures.models import Indicator, Measure, MeasureStep
from oit_checklist.models import ItemStatus
from organisations.models import Division, FiscalYear
from reports.enums import ReportKind, ReportStatus
from reports.models import Report
from tests.organisations.test_onboarding import NONGWAENG
from tests.reports.test_minutes_views import _meeting_post
from tests.routes import routes

CREATE = re.compile(r"(create|add|new|invite|correct|copy-forward|resend|years/$)")
# Routes that look like a create but are guarded otherwise (the reason is the point).
EXEMPT = {
    "accounts/invite/<str:token>/": "an invitation's link works once: its token is spent",
    "o/<slug:org>/plan/<int:year>/copy-forward/": "copies into an empty plan only, else refuses",
    "o/<slug:org>/oit/<int:year>/copy-forward/": "updates the year's items in place",
    "o/<slug:org>/people/<int:membership>/resend/": "replaces the link: sending twice is harmless",
    # The operator's frameworks: the database refuses the second (one framework per year and
    # agency type; one item number per framework), and the operator gets the Thai message.
    "site/frameworks/new/": "one framework per year and agency type (unique constraint)",
    "site/frameworks/<int:framework>/items/new/": "one item number per framework (unique)",
}


def _creates(nathon):
    with scopes_disabled():
        year = FiscalYear.objects.get(organisation=nathon, year=2570)
        measure = Measure.objects.filter(organisation=nathon, plan__fiscal_year=year).first()
        step = MeasureStep.objects.filter(organisation=nathon, measure=measure).first()
        palad = Division.objects.get(organisation=nathon, name="สำนักปลัด")
        item = ItemStatus.objects.filter(organisation=nathon, fiscal_year=year).first()
        published = Report.objects.get(organisation=nathon, fiscal_year__year=2567)
        Report.objects.filter(pk=published.pk).update(status=ReportStatus.PUBLISHED)
    indicator = Indicator.objects.get(number=1).pk
    months = {"start_month": "10", "end_month": "9"}
    return {
        "o/<slug:org>/reports/new/": (
            "coordinator",
            "/o/nathon/reports/new/",
            lambda: {"kind": ReportKind.PLAN, "year": "2570"},
        ),
        "o/<slug:org>/reports/<int:report>/correct/": (
            "coordinator",
            f"/o/nathon/reports/{published.pk}/correct/",
            dict,
        ),
        "o/<slug:org>/reports/chains/new/": (
            "coordinator",
            "/o/nathon/reports/chains/new/",
            lambda: {"kind": "plan"},
        ),
        "o/<slug:org>/reports/<int:year>/minutes/new/": (
            "coordinator",
            "/o/nathon/reports/2570/minutes/new/",
            lambda: _meeting_post(nathon),
        ),
        "o/<slug:org>/plan/<int:year>/analysis/add/": (
            "coordinator",
            "/o/nathon/plan/2570/analysis/add/",
            lambda: {
                "kind": "urgent",
                "indicator": indicator,
                "text": "ยังไม่เปิดเผยผลการจัดซื้อจัดจ้างรายเดือนบนเว็บไซต์",
            },
        ),
        "o/<slug:org>/plan/<int:year>/measures/add/": (
            "coordinator",
            "/o/nathon/plan/2570/measures/add/",
            lambda: {"title": "มาตรการเปิดเผยข้อมูลการจัดซื้อจัดจ้าง", "indicator": indicator},
        ),
        "o/<slug:org>/plan/<int:year>/lines/add/": (
            "coordinator",
            "/o/nathon/plan/2570/lines/add/",
            lambda: {
                "indicator": indicator,
                "approach": "ประชุมชี้แจงเจ้าหน้าที่ทุกไตรมาส",
                "divisions": [palad.pk],
                **months,
            },
        ),
        "o/<slug:org>/measures/<int:measure>/steps/add/": (
            "coordinator",
            f"/o/nathon/measures/{measure.pk}/steps/add/",
            lambda: {
                "text": "จัดทำประกาศและเผยแพร่บนเว็บไซต์",
                "divisions": [palad.pk],
                "follow_up_12": "on",
                **months,
            },
        ),
        "o/<slug:org>/steps/<int:measurestep>/figures/add/": (
            "coordinator",
            f"/o/nathon/steps/{step.pk}/figures/add/",
            lambda: {
                "service": "การขออนุญาตก่อสร้าง",
                "before": "๑๕",
                "after": "๘",
                "unit": "นาที/ราย",
            },
        ),
        "o/<slug:org>/years/": ("coordinator", "/o/nathon/years/", lambda: {"year": "๒๕๗๑"}),
        "o/<slug:org>/oit/items/<int:itemstatus>/evidence/": (
            "coordinator",
            f"/o/nathon/oit/items/{item.pk}/evidence/",
            lambda: {"file": SimpleUploadedFile("คำสั่ง.pdf", b"%PDF-1.7\n1 0 obj << >> endobj\n")},
        ),
        "o/<slug:org>/people/invite/": (
            "coordinator",
            "/o/nathon/people/invite/",
            lambda: {
                "email": "wipawadee@nathon.go.th",
                "title": "นางสาว",
                "first_name": "วิภาวดี",
                "last_name": "แสงทอง",
                "role": "staff",
                "divisions": [palad.pk],
            },
        ),
        "site/organisations/new/": (
            "site_admin",
            "/site/organisations/new/",
            lambda: dict(NONGWAENG),
        ),
    }


def _rows() -> dict[str, int]:
    with scopes_disabled():
        return {
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.app_label not in {"sessions", "axes", "admin"}
            and model._meta.label != "ita_portal.SubmittedForm"
        }


def _changed(before: dict, after: dict) -> dict:
    return {label: after[label] - before[label] for label in after if after[label] != before[label]}


def test_the_probe_knows_every_create_route(nathon):
    found = {r for r in routes("") if CREATE.search(r) and not r.startswith("admin")}
    listed = set(_creates(nathon)) | set(EXEMPT)
    assert found - listed == set(), "list these in the double-submit probe"


def test_every_create_sent_twice_from_one_page_creates_once(
    client_of, coordinator, site_admin, nathon
):
    clients = {"coordinator": client_of(coordinator), "site_admin": client_of(site_admin)}
    failures = []
    for route, (who, url, data) in _creates(nathon).items():
        client = clients[who]
        token = {once.FIELD: uuid.uuid4().hex}
        first = client.post(url, {**data(), **token})
        if first.status_code != 302:
            failures.append(f"{route}: the first POST answered {first.status_code}")
            continue
        before = _rows()
        second = client.post(url, {**data(), **token})
        if second.status_code != 302 or second["Location"] != first["Location"]:
            failures.append(f"{route}: the second answered {second.status_code}")
        elif _changed(before, _rows()):
            failures.append(f"{route}: the second created {_changed(before, _rows())}")
        elif once.AGAIN_TEXT not in client.get(second["Location"]).content.decode():
            failures.append(f"{route}: the second said nothing")
    assert not failures, "\n".join(failures)


def test_every_page_that_posts_carries_its_token():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    missing = [
        str(path.relative_to(root))
        for path in root.glob("**/templates/**/*.html")
        if ".venv" not in path.parts
        and "{% csrf_token %}" in (text := path.read_text(encoding="utf-8"))
        and text.count("{% csrf_token %}") != text.count("{% form_token %}")
    ]
    assert missing == []


# --- At once ---------------------------------------------------------------------------------


def _at_once(url: str, data: dict, user) -> list:
    """Two browsers of ``user`` send ``data`` at the same moment; their answers."""
    answers = [None, None]

    def send(index):
        client = Client()
        client.force_login(user)
        answers[index] = client.post(url, data)
        connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return answers


@pytest.mark.django_db(transaction=True)
def test_creating_and_correcting_a_report_twice_at_once(demo, coordinator):
    """With the page's token the second is sent to the first's report; without it (a script
    replaying the request) the second gets the Thai message; never a 500."""
    for kind, with_token in [(ReportKind.PLAN, True), (ReportKind.TABLES, False)]:
        data = {"kind": kind, "year": "2570"}
        if with_token:
            data[once.FIELD] = uuid.uuid4().hex
        answers = _at_once("/o/nathon/reports/new/", data, coordinator)
        statuses = sorted(a.status_code for a in answers)
        with scopes_disabled():
            assert Report.objects.filter(fiscal_year__year=2570, kind=kind).count() == 1
        if with_token:
            assert statuses == [302, 302], statuses
            assert answers[0]["Location"] == answers[1]["Location"]
        else:
            assert statuses in ([302, 302], [302, 400]), statuses
            for refused in (a for a in answers if a.status_code == 400):
                assert "มีรายงานนี้ของปีงบประมาณนี้" in refused.content.decode()

    with scopes_disabled():
        published = Report.objects.get(fiscal_year__year=2567, kind=ReportKind.RESULTS)
        Report.objects.filter(pk=published.pk).update(status=ReportStatus.PUBLISHED)
    answers = _at_once(f"/o/nathon/reports/{published.pk}/correct/", {}, coordinator)
    assert sorted(a.status_code for a in answers) == [302, 302]  # the second: a Thai message
    with scopes_disabled():
        assert Report.objects.filter(supersedes=published).count() == 1
