"""A worker killed in the middle of a task (kill -9, as a crash or the OOM killer would) leaves the
task RUNNING in the queue. The next worker (or `manage.py recover_tasks`) takes it back once it
has been running longer than TASK_ABANDONED_AFTER with no heartbeat from its worker: a task safe
to run twice runs again (the report gets published after all), any other is marked failed. A
slow task whose worker is alive is left alone."""

import os
import signal
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django_scopes import scope
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ita_portal.models import WorkerHeartbeat
from organisations.models import Organisation
from reports import services
from reports.enums import DecisionValue, EventAction, ReportKind, ReportStatus
from reports.models import Report
from tests.worker import run_worker, start_worker

from .tasks import sleep_then_record

AFTER = "2"  # TASK_ABANDONED_AFTER, seconds, in the worker processes of these tests


def _wait(condition, seconds=60, worker=None, log=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        if worker is not None and worker.poll() is not None:
            break
        time.sleep(0.05)
    raise AssertionError(log.read_text() if log else "timed out")


def _kill(worker) -> None:
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


@pytest.mark.django_db(transaction=True)
def test_a_report_whose_worker_was_killed_while_publishing_is_published_by_the_next(
    demo, client, approvers, tmp_path
):
    assert connection.vendor == "postgresql"
    nathon = Organisation.objects.get(slug="nathon")
    _head, deputy, palad, mayor = approvers
    with scope(organisation=nathon):
        report = Report.objects.get(fiscal_year__year=2568, kind=ReportKind.RESULTS)
        for approver in (deputy, palad, mayor):
            services.report_decide(report=report, user=approver, value=DecisionValue.APPROVE)
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED
    (task,) = DBTaskResult.objects.filter(
        task_path="reports.tasks.publish_report", args_kwargs__kwargs__report_id=report.pk
    )

    log = tmp_path / "worker.log"
    worker = start_worker(log, TASK_ABANDONED_AFTER=AFTER)
    try:
        # The worker takes the task and renders the PDF (seconds): kill it in the middle.
        _wait(lambda: DBTaskResult.objects.get(pk=task.pk).status == "RUNNING", 60, worker, log)
        time.sleep(0.3)
    finally:
        _kill(worker)
    task.refresh_from_db()
    assert task.status == TaskResultStatus.RUNNING  # and so it would stay
    with scope(organisation=nathon):
        report.refresh_from_db()
        assert report.status == ReportStatus.APPROVED and not report.pdf
    assert client.get("/p/nathon/2568/reports/results/").status_code == 404

    time.sleep(float(AFTER) + 0.5)  # the dead worker's heartbeat goes stale
    run_worker(TASK_ABANDONED_AFTER=AFTER)  # a new worker: takes it back and runs it

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert len(task.worker_ids) == 2  # the killed worker, then the new one
    with scope(organisation=nathon):
        report.refresh_from_db()
        assert report.status == ReportStatus.PUBLISHED
        assert report.pdf_sha256 == task.return_value
        assert report.events.filter(action=EventAction.PUBLISH).count() == 1
    page = client.get("/p/nathon/2568/reports/results/")
    assert page.status_code == 200 and report.pdf_sha256 in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_slow_task_is_left_alone_and_a_dead_ones_task_not_safe_to_repeat_fails(
    tmp_path, settings, caplog
):
    assert connection.vendor == "postgresql"
    settings.TASK_ABANDONED_AFTER = int(AFTER)  # for recover_tasks, run here
    marker = tmp_path / "done.txt"
    slow = sleep_then_record.enqueue(seconds=5, path=str(marker))
    log = tmp_path / "worker.log"
    worker = start_worker(log, TASK_ABANDONED_AFTER=AFTER)
    try:
        _wait(lambda: DBTaskResult.objects.get(pk=slow.id).status == "RUNNING", 60, worker, log)
        assert WorkerHeartbeat.objects.filter(pid=worker.pid).exists()
        time.sleep(float(AFTER) + 1)  # running longer than the limit, but its worker beats
        call_command("recover_tasks")
        assert DBTaskResult.objects.get(pk=slow.id).status == "RUNNING"
        _wait(lambda: DBTaskResult.objects.get(pk=slow.id).status == "SUCCESSFUL", 30, worker, log)
        assert marker.read_text().count("done") == 1

        # The same kind of task again, and the worker dies under it.
        doomed = sleep_then_record.enqueue(seconds=30, path=str(marker))
        _wait(lambda: DBTaskResult.objects.get(pk=doomed.id).status == "RUNNING", 30, worker, log)
    finally:
        _kill(worker)
    call_command("recover_tasks")  # too early: it has not been running for long enough
    assert DBTaskResult.objects.get(pk=doomed.id).status == "RUNNING"

    time.sleep(float(AFTER) + 0.5)
    call_command("recover_tasks")
    doomed.refresh()
    assert doomed.status == TaskResultStatus.FAILED
    (error,) = doomed.errors
    assert error.exception_class_path == "ita_portal.workers.WorkerLost"
    assert "not known to be safe to run twice" in error.traceback
    assert "not known to be safe to run twice" in caplog.text
    run_worker(TASK_ABANDONED_AFTER=AFTER)  # nothing runs it again
    assert marker.read_text().count("done") == 1
