"""Run the real task worker (``manage.py db_worker --batch``) against the test database until
its queue is empty, with the test process's media folder (so what it stores can be read here)."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def run_worker(timeout: int = 300) -> None:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-reload"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        capture_output=True,
    )
