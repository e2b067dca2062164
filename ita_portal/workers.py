"""Tasks that a dead worker left RUNNING are taken back.

django_tasks_db (0.13) marks a task RUNNING when a worker claims it and SUCCESSFUL or FAILED when
the worker is done; it has no heartbeat. A worker killed in between (kill -9, the OOM killer, a
machine crash) leaves the row RUNNING for ever: a report that never gets published.

So each `manage.py db_worker` keeps a ``WorkerHeartbeat`` row fresh from a thread (every few
seconds, also while a task runs). A task is *abandoned* when it has been RUNNING for longer than
``TASK_ABANDONED_AFTER`` seconds (longer than the PDF time limit) and the worker that claimed
it has not beaten for as long. ``recover_abandoned_tasks`` then puts it back in the queue when
it is safe to run twice (``RERUNNABLE``) and has not yet been tried ``MAX_ATTEMPTS`` times, and
marks it FAILED otherwise, with a log line either way. Every worker does this when it starts and
then every ``TASK_ABANDONED_AFTER`` seconds; `manage.py recover_tasks` does it once (when no
worker runs, or from cron).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import Error as DatabaseError
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat

logger = logging.getLogger("ita_portal.tasks")

# Tasks whose second run does no harm, so an abandoned run is simply run again:
RERUNNABLE = {
    # publishes only an APPROVED report, under a row lock; a published one is left alone
    "reports.tasks.publish_report",
    # stores the preview under the hash of what it prints, only when it is missing
    "reports.tasks.render_preview",
    "reports.tasks.render_eit_poster",
    # rewrites each URL's last check result
    "oit_checklist.tasks.check_links",
    # at least once: a worker killed just after the mail server took the message sends it twice
    "reports.tasks.send_notification_email",
    "ita_portal.tasks.ping",
    # each digest's e-mail and LINE push are marked sent apart; LINE drops a repeat by its
    # retry key, an e-mail is at least once like the notifications
    "reminders.tasks.send_digests",
    "reminders.tasks.send_digest_email",
    "reminders.tasks.push_digest_line",
    # reads a plan import only while it is still being read; removes only expired imports
    "measures.tasks.read_plan_import",
    "measures.tasks.purge_plan_imports",
    # a link minted and sent in one transaction: a second run sends a new link, the first dies
    "organisations.tasks.send_invitation",
    "organisations.tasks.send_membership_notice",
    "organisations.tasks.send_email",
}
MAX_ATTEMPTS = 3  # a task that kills its worker every time is not tried for ever


class WorkerLost(RuntimeError):
    """Recorded as the exception of a task whose worker died while running it."""


def abandoned_after() -> dt.timedelta:
    return dt.timedelta(seconds=settings.TASK_ABANDONED_AFTER)


def heartbeat_interval() -> float:
    return max(0.5, min(10.0, settings.TASK_ABANDONED_AFTER / 4))


def beat(worker_id: str, started_at: dt.datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": timezone.now(),
        },
    )


def recover_abandoned_tasks() -> dict[str, int]:
    """Requeue or fail the tasks that dead workers left RUNNING. Safe to run from several
    workers at once (each row is locked, SKIP LOCKED). Returns the counts."""
    now = timezone.now()
    cutoff = now - abandoned_after()
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    counts = {"requeued": 0, "failed": 0}
    with transaction.atomic():
        candidates = (
            DBTaskResult.objects.running()
            .filter(started_at__lt=cutoff)
            .select_for_update(skip_locked=True)
        )
        for task in candidates:
            worker = task.worker_ids[-1] if task.worker_ids else ""
            if worker in alive:
                continue  # slow, but its worker is still there
            attempts = len(task.worker_ids)
            since = task.started_at
            if task.task_path in RERUNNABLE and attempts < MAX_ATTEMPTS:
                task.status = TaskResultStatus.READY
                task.started_at = None
                task.save(update_fields=["status", "started_at"])
                counts["requeued"] += 1
                logger.warning(
                    "task %s (%s) was left running by worker %s since %s: queued again "
                    "(attempt %d of %d)",
                    task.id,
                    task.task_path,
                    worker or "?",
                    since,
                    attempts + 1,
                    MAX_ATTEMPTS,
                )
            else:
                reason = (
                    f"the worker {worker or '?'} stopped while running this task "
                    f"(after {attempts} attempt(s)); "
                    + (
                        "not run again: it is not known to be safe to run twice"
                        if task.task_path not in RERUNNABLE
                        else "not run again: too many attempts"
                    )
                )
                task.set_failed(WorkerLost(reason))
                counts["failed"] += 1
                logger.error("task %s (%s) failed: %s", task.id, task.task_path, reason)
    # Heartbeats of workers gone for a day tell nobody anything any more.
    WorkerHeartbeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()
    return counts


class Lifeline:
    """The heartbeat thread of one worker, which also recovers abandoned tasks now and then."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def start(self) -> None:
        """Beat and recover once now (before the worker takes its first task), then keep
        beating in the background. A database that does not answer is not fatal here."""
        self._tick(recover=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        with contextlib.suppress(DatabaseError):
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def _tick(self, *, recover: bool) -> None:
        try:
            beat(self.worker_id, self.started_at)
            if recover:
                recover_abandoned_tasks()
        except DatabaseError as error:  # an outage: the worker itself waits it out
            logger.debug("worker heartbeat failed: %s", error)
            connection.close()

    def _run(self) -> None:
        last_recovery = timezone.now()
        try:
            while not self._stop.wait(heartbeat_interval()):
                recover = timezone.now() - last_recovery >= abandoned_after()
                self._tick(recover=recover)
                if recover:
                    last_recovery = timezone.now()
        finally:
            connection.close()
