"""Run the real task worker (``manage.py db_worker``) against the test database, with the test
process's media folder (so what it stores can be read here): ``run_worker`` until its queue is
empty, ``start_worker`` in the background (stop it yourself). ``run_tasks_here`` runs the queued
tasks in the test process instead, for tests of what a task does rather than of the worker."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker

ROOT = Path(__file__).resolve().parents[1]


def worker_env(**extra: str) -> dict[str, str]:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        **extra,
    }


def run_worker(timeout: int = 300, **env: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"],
        cwd=ROOT,
        env=worker_env(**env),
        check=True,
        timeout=timeout,
        capture_output=True,
    )


def start_worker(log: Path, **env: str) -> subprocess.Popen:
    """A worker that keeps polling the queue (every 0.1 s), its output in ``log``."""
    with log.open("a") as out:
        return subprocess.Popen(
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
            env=worker_env(**env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def run_tasks_here() -> None:
    """Run every queued task in this process until the queue is empty: django_tasks_db's worker
    loop, as ``db_worker --batch`` runs it (each task claimed, RUNNING, then SUCCESSFUL or FAILED
    with its result), without starting a process, Django and the renderer again (seconds each
    time). For transactional tests only (the loop closes connections between tasks). The worker
    process itself is proved by the tests that call ``run_worker`` or ``start_worker``."""
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests-in-process",
        excluded_queue_names=[],
    ).run()
