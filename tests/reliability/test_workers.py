"""Several `db_worker` processes share one queue without running a task twice: django_tasks_db
claims each task with SELECT … FOR UPDATE SKIP LOCKED. Two real worker processes, 50 tasks."""

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django_tasks import TaskResultStatus

from ita_portal.tasks import ping

from .tasks import record_run

ROOT = Path(__file__).resolve().parents[2]
TASKS = 50


@pytest.mark.django_db(transaction=True)
def test_two_workers_run_each_of_50_tasks_exactly_once(tmp_path):
    assert connection.vendor == "postgresql"
    log = tmp_path / "runs.log"
    results = [record_run.enqueue(number=n, path=str(log)) for n in range(TASKS)]

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-reload",
                "--interval",
                "0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, err = worker.communicate(timeout=180)
        assert worker.returncode == 0, err.decode()[-2000:]

    runs = [line.split() for line in log.read_text().splitlines()]
    per_task = Counter(int(number) for number, _ in runs)
    assert per_task == Counter(range(TASKS))  # every task ran, and none twice
    per_worker = Counter(pid for _, pid in runs)
    assert len(per_worker) == 2, per_worker  # both workers took a share
    for result in results:
        result.refresh()
        assert result.status == TaskResultStatus.SUCCESSFUL
    print(f"runs per worker process: {dict(per_worker)}")


def _wait_for(result, status, worker, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and worker.poll() is None:
        result.refresh()
        if result.status == status:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_worker_waits_out_a_database_outage(tmp_path):
    """The database refuses the worker for a while (its role may not log in and its connection
    is cut, as in a restart): `manage.py db_worker` keeps waiting and runs the next task once
    the database lets it in again. django_tasks_db's own worker exits here. (`make drills`
    restarts a real PostgreSQL under a worker.)"""
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE ita_drill_worker LOGIN SUPERUSER")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings.test",
        "DATABASE_URL": f"postgres://ita_drill_worker@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }
    log = tmp_path / "worker.log"
    with log.open("w") as out:
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.1",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        before = ping.enqueue(requested_by="before the outage")
        assert _wait_for(before, TaskResultStatus.SUCCESSFUL, worker), log.read_text()

        with connection.cursor() as cursor:
            cursor.execute("ALTER ROLE ita_drill_worker NOLOGIN")
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE usename = 'ita_drill_worker'"
            )
        during = ping.enqueue(requested_by="during the outage")
        time.sleep(2)  # several attempts to reconnect, all refused
        assert worker.poll() is None, log.read_text()
        during.refresh()
        assert during.status == TaskResultStatus.READY

        with connection.cursor() as cursor:
            cursor.execute("ALTER ROLE ita_drill_worker LOGIN")
        assert _wait_for(during, TaskResultStatus.SUCCESSFUL, worker), log.read_text()
        assert "the database is unavailable" in log.read_text()
        assert 'role "ita_drill_worker" is not permitted to log in' in log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE usename = 'ita_drill_worker'"
            )
            cursor.execute("DROP ROLE ita_drill_worker")
