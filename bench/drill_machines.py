"""Drill 4 of ``bench/drills.py``, ``machines``: the portal on two "machines" sharing one
PostgreSQL and one S3 bucket, as a province's deployment behind a load balancer runs it.

Two gunicorn instances on two loopback ports (web A and web B, each with its own empty media
folder, which must stay empty) and two ``manage.py db_worker`` processes, on a database of their
own (migrated, the demo loaded straight into the bucket) and a fresh bucket of the loopback S3
server that ``scripts/with-s3.sh`` started (``make drills`` wraps the drills in it). Checked:

* ``/readyz`` on A and B answers ready, the task workers' heartbeats counted
  (``ITA_READY_REQUIRE_WORKER``: none would be a 503);
* an evidence file uploaded through A downloads through B with the same SHA-256, and is in the
  bucket, not in either machine's folder;
* นาทอน's FY2568 results report is withdrawn and submitted again on A, decided by its four
  approvers on B (each confirming with their password), and published by whichever worker takes
  the task; that worker is killed with SIGKILL (its process group: the PDF renderer too) while
  it renders, the other takes the task back (``TASK_ABANDONED_AFTER`` of 3 s here) and publishes
  it; the public PDF downloads from A with ETag = SHA-256 of its body = the report's hash = the
  object's in the bucket;
* ``/readyz`` on A and B still ready afterwards, with one worker beating.

Every process it starts is stopped at the end, also when a check fails.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import requests
from common import create_database
from drill_parts import (
    PASSWORD,
    Server,
    Worker,
    asset_step,
    check,
    failures,
    fresh_db,
    manage,
    pdf,
    progress_request,
    progress_state,
    say,
    send,
    sha,
)

ABANDONED_AFTER = 3  # seconds: the workers' TASK_ABANDONED_AFTER in this drill
READY_WINDOW = 5  # seconds: ITA_READY_WORKER_SECONDS of the web machines
APPROVERS = ["nathon_head_palad", "nathon_deputy", "nathon_palad", "nathon_mayor"]
DATABASE = "ita_machines"


def _until(condition, seconds: float, step: float = 0.1):
    """``condition()``'s first true value within ``seconds``, else None."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(step)
    return None


def _s3_client(env: dict):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name=env.get("AWS_S3_REGION_NAME") or "us-east-1",
        aws_access_key_id=env.get("AWS_ACCESS_KEY_ID") or None,
        aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
    )


def _drop_bucket(client, bucket: str) -> None:
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for entry in page.get("Contents", ()):
            client.delete_object(Bucket=bucket, Key=entry["Key"])
    client.delete_bucket(Bucket=bucket)


def _object_sha(client, bucket: str, key: str) -> str | None:
    try:
        body = client.get_object(Bucket=bucket, Key=key)["Body"].read()
    except client.exceptions.NoSuchKey:
        return None
    return hashlib.sha256(body).hexdigest()


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@contextlib.contextmanager
def _this_process_on(name: str):
    """This process's Django (for looking, never serving) on the drill's own database."""
    from django.conf import settings
    from django.db import connection

    default = settings.DATABASES["default"]
    before = default["NAME"]
    default["NAME"] = name
    connection.close()
    try:
        yield
    finally:
        default["NAME"] = before
        connection.close()


def _ready(server: Server) -> tuple[int, dict, float]:
    started = time.monotonic()
    try:
        response = requests.get(f"{server.base}/readyz", timeout=10)
        body = response.json()
    except (requests.RequestException, ValueError) as error:
        return 0, {"error": type(error).__name__}, time.monotonic() - started
    return response.status_code, body, time.monotonic() - started


def _living_in_group(group: int) -> list[int]:
    """Processes of the process group that are not dead (a killed child stays a zombie until
    whoever inherited it reaps it)."""
    living = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == group and fields[0] not in "ZX":
                living.append(int(stat.parent.name))
    return living


def _report_ready(label: str, server: Server, alive: int) -> None:
    status, body, seconds = _ready(server)
    workers = body.get("checks", {}).get("workers", {})
    failing = {k: v.get("reason") for k, v in body.get("checks", {}).items() if not v.get("ok")}
    check(
        status == 200 and body.get("status") == "ok" and workers.get("alive") == alive,
        f"/readyz on {label}: {status} {body.get('status')}, workers beating "
        f"{workers.get('alive')} (expected {alive}), {seconds * 1000:.0f} ms"
        + (f", failing: {failing}" if failing else ""),
    )


def _alerts(page: str) -> list[str]:
    """The texts of a page's error summary and field errors (for a failure's report)."""
    found = re.findall(
        r'class="(?:alert alert-danger|invalid-feedback)[^"]*"[^>]*>(.*?)</div>', page, re.S
    )
    return [re.sub(r"<[^>]+>|\s+", " ", text).strip() for text in found]


def _post(session: requests.Session, url: str, data: dict | None = None) -> requests.Response:
    payload = {"csrfmiddlewaretoken": session.cookies["csrftoken"], **(data or {})}
    return session.post(url, data=payload, allow_redirects=False, timeout=30)


def drill_machines(work: Path, media: Path) -> None:
    say("\n== Drill 4: two web machines and two task workers, one PostgreSQL, one S3 bucket ==")
    if os.environ.get("ITA_STORAGE") != "s3" or not os.environ.get("AWS_S3_ENDPOINT_URL"):
        check(False, "no S3 server: run through scripts/with-s3.sh (make drills does)")
        return
    client = _s3_client(os.environ)
    bucket = f"ita-drill-{uuid.uuid4().hex[:10]}"
    client.create_bucket(Bucket=bucket)
    url = urlunparse(urlparse(os.environ["DATABASE_URL"])._replace(path=f"/{DATABASE}"))
    shared = {
        "DATABASE_URL": url,
        "ITA_STORAGE": "s3",
        "ITA_TEST_STORAGE": "s3",  # the test settings keep a folder unless told
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_LOCATION": "",
        "TASK_ABANDONED_AFTER": str(ABANDONED_AFTER),
        "ITA_READY_WORKER_SECONDS": str(READY_WINDOW),
        "ITA_READY_REQUIRE_WORKER": "1",
    }
    labels = ("a", "b", "w1", "w2", "loader")
    folders = {name: work / f"machine-{name}" / "media" for name in labels}
    for folder in folders.values():
        folder.mkdir(parents=True)
    machine_a = Server(work / "machine-a", folders["a"], env=shared)
    machine_b = Server(work / "machine-b", folders["b"], env=shared)
    workers = {
        name: Worker(work / f"machine-{name}", folders[name], "db_worker", env=shared)
        for name in ("w1", "w2")
    }
    try:
        started = time.monotonic()
        create_database(url)
        for step in (["migrate", "--noinput"], ["load_demo"]):
            done = manage(*step, media=folders["loader"], env=shared)
            if not check(done.returncode == 0, f"manage.py {' '.join(step)} on the bucket"):
                say(done.stderr[-3000:])
                return
        objects = client.list_objects_v2(Bucket=bucket).get("KeyCount", 0)
        say(
            f"  database {DATABASE} migrated, the demo loaded into bucket {bucket} "
            f"({objects} objects) in {time.monotonic() - started:.1f} s"
        )
        with _this_process_on(DATABASE):
            _scenario(client, bucket, machine_a, machine_b, workers, folders)
    finally:
        for worker in workers.values():
            worker.stop()
        machine_a.stop()
        machine_b.stop()
        if failures:  # what the processes said, before the work folder goes
            logs = [machine_a.log, machine_b.log, *(w.log for w in workers.values())]
            for log in logs:
                if log.exists() and log.stat().st_size:
                    say(f"  --- {log.relative_to(work)} (end) ---")
                    say(log.read_text(errors="replace")[-2500:])
        with contextlib.suppress(Exception):
            _drop_bucket(client, bucket)


def _scenario(client, bucket, machine_a, machine_b, workers, folders) -> None:
    from django_scopes import scopes_disabled
    from django_tasks_db.models import DBTaskResult

    from ita_portal.models import WorkerHeartbeat
    from reports.enums import ReportKind, ReportStatus
    from reports.models import Report

    fresh_db()
    with scopes_disabled():
        check(
            WorkerHeartbeat.objects.count() == 0 and Report.objects.exists(),
            "this process looks at the drill's database (the demo, no worker yet)",
        )
    say(f"  web A up in {machine_a.start():.1f} s on {machine_a.base}")
    say(f"  web B up in {machine_b.start():.1f} s on {machine_b.base}")
    for worker in workers.values():
        worker.start("--no-startup-delay")

    def beating():
        fresh_db()
        return WorkerHeartbeat.objects.count() == 2

    beating = _until(beating, 60)
    check(bool(beating), "both db_workers beat (a WorkerHeartbeat row each)")
    _report_ready("A", machine_a, 2)
    _report_ready("B", machine_b, 2)

    # -- A file uploaded through A downloads through B --------------------------------------
    staff_a = machine_a.login("nathon_staff_klang")
    staff_b = machine_b.login("nathon_staff_klang")
    step = asset_step()
    version, _output, rows = progress_state(step)
    content = pdf(3 * 1024 * 1024, "machines")
    started = time.monotonic()
    response = send(
        staff_a,
        progress_request(
            machine_a,
            staff_a,
            step,
            version=version,
            output="ตรวจนับครุภัณฑ์ครบทุกรายการ บันทึกผ่านเครื่อง ก",
            file=("หลักฐานผ่านเครื่อง ก.pdf", content),
            caption="อัปโหลดผ่านเครื่อง ก",
        ),
    )
    uploaded = time.monotonic() - started
    _, _, after = progress_state(step)
    new = [row for row in after if row not in rows]
    if not check(
        response.status_code == 302 and len(new) == 1,
        f"an evidence file of 3 MiB uploaded through A: {response.status_code} in "
        f"{uploaded * 1000:.0f} ms",
    ):
        say(f"    the page said: {_alerts(response.text)}")
        return
    pk, name = new[0]
    started = time.monotonic()
    got = staff_b.get(f"{machine_b.base}/o/nathon/evidence/{pk}/", timeout=30)
    downloaded = time.monotonic() - started
    check(
        got.status_code == 200 and sha(got.content) == sha(content),
        f"it downloads through B with the same SHA-256 {sha(got.content)[:16]}… "
        f"({got.status_code}, {downloaded * 1000:.0f} ms)",
    )
    in_bucket = _object_sha(client, bucket, name)
    check(in_bucket == sha(content), f"the bucket holds it ({name}) with that SHA-256")
    local = {label: _files(folder) for label, folder in folders.items()}
    check(
        not any(local.values()),
        f"no machine's media folder holds a file: {local}",
    )

    # -- Submitted on A, decided on B, published by a worker; one worker killed -------------
    with scopes_disabled():
        report = Report.objects.get(
            organisation__slug="nathon", fiscal_year__year=2568, kind=ReportKind.RESULTS
        )
    coordinator = machine_a.login("nathon_coordinator")
    detail = f"/o/nathon/reports/{report.pk}/"
    withdrawn = _post(coordinator, f"{machine_a.base}{detail}withdraw/")
    submitted = _post(coordinator, f"{machine_a.base}{detail}submit/")
    fresh_db()
    with scopes_disabled():
        report.refresh_from_db()
    check(
        withdrawn.status_code == submitted.status_code == 302
        and report.status == ReportStatus.IN_REVIEW,
        f"the report withdrawn and submitted again on A: review round {report.review_round}, "
        f"{len(report.chain)} approvers",
    )
    started = time.monotonic()
    for username in APPROVERS:
        approver = machine_b.login(username)
        decided = _post(
            approver,
            f"{machine_b.base}{detail}decide/",
            {"value": "approve", "comment": "เห็นควรอนุมัติ", "password": PASSWORD},
        )
        check(decided.status_code == 302, f"{username} approves on B ({decided.status_code})")
    decided_in = time.monotonic() - started
    fresh_db()
    with scopes_disabled():
        report.refresh_from_db()
    check(
        report.status in (ReportStatus.APPROVED, ReportStatus.PUBLISHED),
        f"the four decisions on B took {decided_in:.1f} s; the report: {report.status}",
    )

    def running():
        fresh_db()
        return (
            DBTaskResult.objects.filter(
                task_path="reports.tasks.publish_report",
                args_kwargs__kwargs__report_id=report.pk,
                status="RUNNING",
            )
            .order_by("-enqueued_at")
            .first()
        )

    task = _until(running, 60, 0.05)
    if not check(task is not None, "a worker takes the publication task"):
        return
    claimed_by = task.worker_ids[-1]
    beat = WorkerHeartbeat.objects.filter(worker_id=claimed_by).first()
    by_pid = {worker.pid: label for label, worker in workers.items()}
    victim = by_pid.get(beat.pid) if beat else None
    if not check(victim is not None, f"the worker that took it is one of ours: {claimed_by}"):
        return
    survivor = next(label for label in workers if label != victim)
    time.sleep(0.3)  # it is rendering the PDF (seconds)
    workers[victim].kill9()
    killed_at = time.monotonic()
    gone = _until(lambda: not _living_in_group(workers[victim].pid), 10)
    left = _living_in_group(workers[victim].pid)
    check(
        bool(gone),
        f"no process of worker {victim}'s group is left (its PDF renderer died too)"
        + (f": {left} still running" if left else ""),
    )
    fresh_db()
    task.refresh_from_db()
    with scopes_disabled():
        report.refresh_from_db()
    check(
        task.status == "RUNNING" and report.status == ReportStatus.APPROVED,
        f"worker {victim} killed (SIGKILL) while publishing: task {task.status}, "
        f"report {report.status}",
    )

    def published():
        fresh_db()
        with scopes_disabled():
            report.refresh_from_db()
        return report.status == ReportStatus.PUBLISHED

    done = _until(published, 60 + ABANDONED_AFTER * 3, 0.2)
    took = time.monotonic() - killed_at
    fresh_db()
    task.refresh_from_db()
    check(
        bool(done) and task.status == "SUCCESSFUL" and len(task.worker_ids) == 2,
        (
            f"worker {survivor} took the task back and published it {took:.1f} s after the kill"
            if done
            else f"the report is not published {took:.0f} s after the kill"
        )
        + f" (task {task.status}, taken by {len(task.worker_ids)} workers)",
    )
    check(workers[survivor].alive(), f"worker {survivor} still runs")
    if not done:
        say(workers[survivor].log.read_text()[-2000:])
        return

    public = requests.Session()
    started = time.monotonic()
    got = public.get(f"{machine_a.base}/p/nathon/2568/reports/results/pdf/", timeout=30)
    downloaded = time.monotonic() - started
    etag = got.headers.get("ETag", "").strip('"')
    body = sha(got.content)
    check(
        got.status_code == 200 and got.content.startswith(b"%PDF") and body == etag,
        f"the public PDF from A: {got.status_code}, {len(got.content) / 1024:.0f} KiB in "
        f"{downloaded * 1000:.0f} ms, SHA-256 {body[:16]}… = ETag",
    )
    check(body == report.pdf_sha256, "= the report's pdf_sha256")
    check(
        _object_sha(client, bucket, report.pdf.name) == body,
        f"= the object's in the bucket ({report.pdf.name})",
    )
    local = {label: _files(folder) for label, folder in folders.items()}
    check(not any(local.values()), "still no file in any machine's media folder")

    # The dead worker's heartbeat leaves the window: both machines still ready, one worker.
    _until(lambda: _ready(machine_a)[1].get("checks", {}).get("workers", {}).get("alive") == 1, 30)
    _report_ready("A", machine_a, 1)
    _report_ready("B", machine_b, 1)
