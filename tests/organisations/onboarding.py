"""Helpers of the onboarding tests: run the queued e-mail tasks in this process (their logic is
what these tests check; tests/reliability proves the real worker), and read links from mails."""

import re

from django.core import mail
from django_tasks_db.models import DBTaskResult

from organisations import tasks

LINK = re.compile(r"https?://\S+?/accounts/(?:invite|reset)/\S+?/(?:\S+?/)?(?=\s|$)")


def run_queued_mail() -> int:
    """Run every queued e-mail task of organisations.tasks once, here; return how many ran."""
    paths = {
        task.module_path: task
        for task in (tasks.send_invitation, tasks.send_membership_notice, tasks.send_email)
    }
    ran = 0
    for result in DBTaskResult.objects.filter(task_path__in=paths, status="READY").order_by(
        "enqueued_at"
    ):
        task = paths[result.task_path]
        task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.status = "SUCCESSFUL"
        result.save(update_fields=["status"])
        ran += 1
    return ran


def link_in_mail_to(address: str) -> str:
    """The invitation or reset link of the newest mail to ``address``, as a path."""
    message = [m for m in mail.outbox if address in m.to][-1]
    url = LINK.search(message.body).group(0)
    return "/" + url.split("/", 3)[3]
