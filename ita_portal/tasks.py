"""Background tasks of the portal itself."""

from django.utils import timezone
from django_tasks import task


@task()
def ping(requested_by: str) -> str:
    """Prove that a worker is running: the site administrator's status page enqueues this
    and shows when a worker answered."""
    return f"{requested_by} {timezone.now().isoformat()}"
