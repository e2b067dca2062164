"""`manage.py db_worker`: django_tasks_db's worker, which also lives through a database outage
and loads the document renderer before its first task.

django_tasks_db's own worker exits on the first OperationalError that is not a locked SQLite
database, so that a PostgreSQL restart (an upgrade, a fail-over, a crash) leaves the queue
without workers until somebody starts them again. This one logs the error, waits (0.5 s, then
doubling up to 10 s) and carries on with the same options once the database answers again.
The `make drills` PostgreSQL drill restarts the database under a running worker.

It also keeps a heartbeat and takes back the tasks that dead workers left RUNNING (when it
starts, then now and then): see ita_portal/workers.py.
"""

import logging
import time

from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django_tasks_db.management.commands import db_worker

from ita_portal.workers import Lifeline

logger = logging.getLogger("ita_portal.tasks")

FIRST_WAIT = 0.5
LONGEST_WAIT = 10.0


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        lifeline = Lifeline(self.worker_id)
        lifeline.start()
        try:
            return self._run_through_outages()
        finally:
            lifeline.stop()

    def _run_through_outages(self) -> None:
        wait = FIRST_WAIT
        while self.running:
            started = time.monotonic()
            try:
                return super().run()
            except (OperationalError, InterfaceError) as error:
                if not self.running:
                    raise
                if time.monotonic() - started > 60:
                    wait = FIRST_WAIT  # it had been working: this is a new outage
                logger.warning(
                    "worker %s: the database is unavailable (%s); retrying in %.1f s",
                    self.worker_id,
                    (str(error).strip().splitlines() or [type(error).__name__])[0],
                    wait,
                )
                connections.close_all()
                time.sleep(wait)
                wait = min(wait * 2, LONGEST_WAIT)
        return None


class Command(db_worker.Command):
    help = db_worker.Command.help + " Waits out a database outage instead of exiting."

    def handle(self, *args, **options):
        if not options["batch"]:  # a long-lived worker: WeasyPrint and the fonts, up front
            from reports.documents.pdf import warm_up

            warm_up()
        # django_tasks_db's handle() builds its module's Worker: hand it ours for this run.
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker
        try:
            return super().handle(*args, **options)
        finally:
            db_worker.Worker = original
