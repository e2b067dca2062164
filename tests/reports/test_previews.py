"""Staff PDF previews come from the task worker, never from the request: the page waits (and
asks the worker once), the queued task renders (run here as the worker runs it), the page then
gets the PDF; a decision changes what is printed, so the next preview is a new one."""

import io

import pdfplumber
import pytest
from django.core.cache import cache
from django_scopes import scope
from django_tasks_db.models import DBTaskResult

from organisations.models import Organisation
from reports import services
from reports.enums import DecisionValue, ReportKind
from reports.models import Report
from reports.tasks import render_preview
from tests.worker import run_tasks_here


def _text(response) -> str:
    pdf = b"".join(response.streaming_content)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        text = "".join(page.extract_text() or "" for page in document.pages)
    return "".join(text.replace("\u0e4d\u0e32", "\u0e33").split())


def _queued() -> int:
    return DBTaskResult.objects.filter(task_path=render_preview.module_path).count()


@pytest.mark.django_db(transaction=True)
def test_previews_are_rendered_by_the_worker(
    demo, client_of, coordinator, approvers, media_storage
):
    nathon = Organisation.objects.get(slug="nathon")
    with scope(organisation=nathon):
        report = Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)
    cache.clear()  # earlier tests (the tenancy probe) asked for previews in rolled-back queues
    client = client_of(coordinator)
    report_url = f"/o/nathon/reports/{report.pk}/pdf/"
    plan_url = "/o/nathon/reports/2568/preview/plan.pdf"

    for url in (report_url, plan_url):
        waiting = client.get(url)
        assert waiting.status_code == 202
        page = waiting.content.decode()
        assert "กำลังจัดทำไฟล์ PDF" in page and 'http-equiv="refresh"' in page
    client.get(report_url)  # a reload while it waits does not ask the worker again
    assert _queued() == 2

    run_tasks_here()

    response = client.get(report_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert any(name.startswith("previews/nathon/") for name in media_storage.names())
    text = _text(response)
    assert text.startswith("บันทึกข้อความ")  # the memo with the decisions so far, then the report
    assert "ความเห็นหัวหน้าสำนักปลัด" in text
    response = client.get(plan_url)
    assert response.status_code == 200
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in _text(response)

    with scope(organisation=nathon):
        services.report_decide(report=report, user=approvers[1], value=DecisionValue.APPROVE)
    assert client.get(report_url).status_code == 202  # the deputy's approval is not printed yet
    assert _queued() == 3


def test_the_documents_design_changes_with_any_print_template():
    """The digest that names cached renderings covers every print template and stylesheet: a
    changed template (here: one left out) gives another name, never the old rendering."""
    from reports.documents import pdf as rendering

    templates = rendering.design_templates()
    assert {"reports/print/memo.html", "reports/print/_evidence.html"} <= set(templates)
    whole = rendering.documents_design()
    for index in (0, len(templates) - 1):
        fewer = templates[:index] + templates[index + 1 :]
        assert rendering.design_digest(fewer, rendering.PRINT_STYLESHEETS) != whole
