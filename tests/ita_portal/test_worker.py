"""A task runs through the real database worker process against PostgreSQL."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ita_portal.tasks import ping

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_ping_runs_in_the_db_worker_process(client_of, site_admin):
    assert connection.vendor == "postgresql"
    client_of(site_admin).post("/site/ping/")
    result = ping.enqueue(requested_by="probe")
    assert result.status == TaskResultStatus.READY

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ita_portal.settings.test",
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

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value.startswith("probe ")
    pings = DBTaskResult.objects.filter(task_path=ping.module_path)
    assert [p.status for p in pings] == [TaskResultStatus.SUCCESSFUL] * 2  # the admin's, ours
    # The site page lists what the worker ran (with the demo's e-mails): all succeeded.
    page = client_of(site_admin).get("/site/").content.decode()
    assert page.count("text-bg-success") >= 2
    assert "text-bg-danger" not in page and "text-bg-warning" not in page
