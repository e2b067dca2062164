"""Tables of the portal itself (no organisation: they belong to the whole deployment)."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A `manage.py db_worker` process says every few seconds that it is alive (see
    ``ita_portal.workers``): a task left RUNNING by a worker that stopped saying so was
    abandoned (kill -9, a machine crash) and is run again or marked failed."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host} pid {self.pid})"
