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


class SubmittedForm(models.Model):
    """A form that created something, by the token its page carried (``ita_portal.once``): the
    same form sent again (a double click, a resent request) is answered with the first one's
    result instead of creating it twice. Rows older than a day are removed as new ones come."""

    user = models.ForeignKey("organisations.User", on_delete=models.CASCADE)
    token = models.CharField(max_length=32)
    path = models.CharField(max_length=500)
    location = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="submitted_form_unique_token")
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.token}"
