"""Run the real task worker (``manage.py db_worker``) against the test database, with the test
process's media folder (so what it stores can be read here): ``run_worker`` until its queue is
empty, ``start_worker`` in the background (stop it yourself)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

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
