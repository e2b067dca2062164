"""The background link check, against a small HTTP server on 127.0.0.1 (never the internet)."""

import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django_scopes import scope
from django_tasks_db.models import DBTaskResult

from oit_checklist import services
from oit_checklist.models import ItemUrl
from oit_checklist.tasks import check_links
from tests.pages import unwrapped

ROOT = Path(__file__).resolve().parents[2]


class _Site(BaseHTTPRequestHandler):
    """นาทอน's website as the check meets it: a page, a moved page, a missing one, a slow one."""

    requests: list[str] = []

    def do_GET(self):
        type(self).requests.append(self.path)
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.end_headers()
            return
        status = {"/ok": 200, "/slow": 200}.get(self.path, 404)
        body = "<html><body>ข้อมูลผู้บริหาร</body></html>".encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def site():
    _Site.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_checks(settings):
    settings.OIT_LINK_CHECK_ALLOW_PRIVATE = True
    settings.OIT_LINK_CHECK_DELAY = 0
    settings.OIT_LINK_CHECK_TIMEOUT = 0.5


def _give_urls(nathon, this_year, status_of, urls_by_title: dict[str, list[str]]):
    with scope(organisation=nathon):
        ItemUrl.objects.filter(item_status__fiscal_year=this_year).delete()  # the demo's
        for title, urls in urls_by_title.items():
            status = status_of(title)
            services.item_status_update(
                item_status=status,
                present_components=set(),
                urls=urls,
                progress="",
                state=status.state,
            )


def _results(nathon, this_year) -> dict[str, tuple]:
    with scope(organisation=nathon):
        return {
            row.url: (row.http_status, row.final_url, row.check_error, row.checked_at is not None)
            for row in ItemUrl.objects.filter(item_status__fiscal_year=this_year)
        }


@pytest.mark.django_db
def test_check_records_status_final_url_and_time(
    site, local_checks, nathon, this_year, status_of, client_of, coordinator
):
    _give_urls(
        nathon,
        this_year,
        status_of,
        {
            "ข้อมูลผู้บริหาร": [f"{site}/ok", f"{site}/moved"],
            "E-Service": [f"{site}/gone", f"{site}/slow"],
            "Q&A": [f"{site}/ok"],  # the same URL again: fetched once
        },
    )
    summary = check_links.call(fiscal_year_id=this_year.pk)
    assert summary == {"checked": 4, "broken": 2}
    assert sorted(_Site.requests) == [
        "/gone",
        "/moved",
        "/ok",
        "/ok",
        "/slow",
    ]  # /ok once more via /moved

    results = _results(nathon, this_year)
    assert results[f"{site}/ok"] == (200, f"{site}/ok", "", True)
    assert results[f"{site}/moved"] == (200, f"{site}/ok", "", True)
    assert results[f"{site}/gone"] == (404, f"{site}/gone", "", True)
    assert results[f"{site}/slow"] == (None, "", "เว็บไซต์ไม่ตอบสนองภายในเวลาที่กำหนด", True)

    page = client_of(coordinator).get(f"/o/nathon/oit/{this_year.year}/readiness/").content.decode()
    assert f"{site}/gone" in page and "HTTP 404" in page
    assert "เว็บไซต์ไม่ตอบสนองภายในเวลาที่กำหนด" in page
    item = (
        client_of(coordinator)
        .get(f"/o/nathon/oit/items/{status_of('ข้อมูลผู้บริหาร').pk}/")
        .content.decode()
    )
    assert f"เปลี่ยนเส้นทางไปที่ {site}/ok" in unwrapped(item)
    assert "เปิดได้" in item


@pytest.mark.django_db
def test_addresses_inside_the_network_are_not_fetched_by_default(
    site, settings, nathon, this_year, status_of
):
    settings.OIT_LINK_CHECK_DELAY = 0
    _give_urls(nathon, this_year, status_of, {"E-Service": [f"{site}/ok"]})
    check_links.call(fiscal_year_id=this_year.pk)
    assert _Site.requests == []
    assert _results(nathon, this_year)[f"{site}/ok"][2] == "ไม่ตรวจที่อยู่ภายในเครือข่ายภายใน"


@pytest.mark.django_db
def test_the_check_is_polite_to_one_host(
    site, local_checks, settings, nathon, this_year, status_of
):
    settings.OIT_LINK_CHECK_DELAY = 0.2
    _give_urls(
        nathon, this_year, status_of, {"E-Service": [f"{site}/ok", f"{site}/a", f"{site}/b"]}
    )
    started = time.monotonic()
    check_links.call(fiscal_year_id=this_year.pk)
    assert time.monotonic() - started >= 0.4  # two pauses between three requests


@pytest.mark.django_db
def test_coordinator_starts_the_check_and_staff_cannot(
    client_of, coordinator, staff_palad, this_year
):
    url = f"/o/nathon/oit/{this_year.year}/link-check/"
    assert client_of(staff_palad).post(url).status_code == 403
    response = client_of(coordinator).post(url, follow=True)
    assert "เริ่มตรวจลิงก์ ๑๔ รายการในเบื้องหลังแล้ว" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_db_worker_process_runs_the_check(
    site, nathon, this_year, status_of, client_of, coordinator
):
    assert connection.vendor == "postgresql"
    _give_urls(nathon, this_year, status_of, {"E-Service": [f"{site}/gone"]})
    client_of(coordinator).post(f"/o/nathon/oit/{this_year.year}/link-check/")

    db = connection.settings_dict
    env = {
        **os.environ,
        # The test settings plus permission to fetch 127.0.0.1, where the test's site runs.
        "DJANGO_SETTINGS_MODULE": "tests.oit_checklist.linkcheck_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    assert _Site.requests == ["/gone"]
    assert _results(nathon, this_year)[f"{site}/gone"][:1] == (404,)


@pytest.mark.django_db
def test_the_command_queues_a_check_per_year_with_urls(this_year, capsys):
    call_command("check_oit_links")
    assert "ส่งงานตรวจลิงก์ 1 ปีงบประมาณเข้าคิวแล้ว" in capsys.readouterr().out  # นาทอน's
    # (the demo's notification e-mails wait in the queue too)
    queued = DBTaskResult.objects.get(task_path="oit_checklist.tasks.check_links")
    assert queued.args_kwargs["kwargs"] == {"fiscal_year_id": this_year.pk}
