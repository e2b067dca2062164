"""Several `db_worker` processes share one queue without running a task twice: django_tasks_db
claims each task with SELECT … FOR UPDATE SKIP LOCKED. Two real worker processes, 50 tasks."""

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django_tasks import TaskResultStatus

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
