"""`manage.py recover_tasks`: take back once the tasks that dead workers left RUNNING.

Every `manage.py db_worker` does this when it starts and then now and then; run this when no
worker runs, or from cron. See ita_portal/workers.py."""

from django.core.management.base import BaseCommand

from ita_portal.workers import recover_abandoned_tasks


class Command(BaseCommand):
    help = "Queue again (or mark failed) the tasks left RUNNING by workers that are gone."

    def handle(self, *args, **options):
        counts = recover_abandoned_tasks()
        self.stdout.write(f"queued again: {counts['requeued']}, marked failed: {counts['failed']}")
