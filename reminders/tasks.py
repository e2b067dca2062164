"""Delivery of the digests stored by ``services.reminders_send``: e-mail, then LINE.

The e-mail and the LINE push of a digest are independent: each is marked sent on its own, and
a failure of one is retried later by its own task without touching the other (a LINE outage
never loses the e-mail). Both are at least once (``ita_portal.workers.RERUNNABLE``); LINE
drops a repeated push by its retry key.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django_scopes import scopes_disabled
from django_tasks import task

from .enums import Channel

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


def _retry_at(attempt: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(minutes=2**attempt)


@task()
def send_digests(batch: str) -> str:
    """Deliver every e-mail-channel digest of one run."""
    from .models import Digest

    # a task: the run spans organisations, each digest carries its own
    with scopes_disabled():
        ids = list(
            Digest.objects.filter(batch=batch, channel=Channel.EMAIL)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    for digest_id in ids:
        send_digest_email.call(digest_id=digest_id)
        push_digest_line.call(digest_id=digest_id)
    return f"{len(ids)} digests"


def _digest(digest_id: int):
    from .models import Digest

    with scopes_disabled():  # a task: one digest of any organisation, by id
        return (
            Digest.objects.select_related("organisation", "recipient").filter(pk=digest_id).first()
        )


@task()
def send_digest_email(digest_id: int, attempt: int = 1) -> str:
    from . import selectors
    from .models import Digest

    digest = _digest(digest_id)
    if digest is None or digest.email_sent_at or not digest.recipient.email:
        return "nothing to send"
    context = {
        "digest": digest,
        "organisation": digest.organisation,
        "lines": [
            {"text": line["text"], "url": selectors.absolute(line["url"])} for line in digest.lines
        ],
        "url": selectors.absolute(digest.url),
        "settings_url": selectors.absolute(f"/o/{digest.organisation.slug}/reminders/"),
    }
    message = EmailMultiAlternatives(
        subject=f"[{digest.organisation.short_name or digest.organisation.name}] {digest.subject}"[
            :200
        ],
        body=render_to_string("reminders/email/digest.txt", context),
        to=[digest.recipient.email],
    )
    message.attach_alternative(
        render_to_string("reminders/email/digest.html", context), "text/html"
    )
    try:
        message.send()
    except Exception:  # any failure of the mail server: log and retry, LINE goes on
        logger.exception("digest %s: e-mail failed (attempt %s)", digest_id, attempt)
        if attempt < MAX_ATTEMPTS:
            send_digest_email.using(run_after=_retry_at(attempt)).enqueue(
                digest_id=digest_id, attempt=attempt + 1
            )
        return "failed"
    with scopes_disabled():
        Digest.objects.filter(pk=digest_id).update(email_sent_at=timezone.now())
    return "sent"


@task()
def push_digest_line(digest_id: int, attempt: int = 1) -> str:
    from . import line, selectors
    from .models import Digest, LineChannel, LineLink

    digest = _digest(digest_id)
    if digest is None or digest.line_sent_at:
        return "nothing to send"
    with scopes_disabled():
        channel = LineChannel.objects.filter(organisation=digest.organisation).first()
        link = LineLink.objects.filter(
            organisation=digest.organisation, user=digest.recipient
        ).first()
    if channel is None or link is None:
        return "not linked"
    text = render_to_string(
        "reminders/line_digest.txt",
        {
            "digest": digest,
            "organisation": digest.organisation,
            "lines": [
                {"text": item["text"], "url": selectors.absolute(item["url"])}
                for item in digest.lines
            ],
        },
    ).strip()
    retry_key = uuid.UUID(hex=digest.batch[:24] + f"{digest.pk:08x}"[-8:])
    try:
        line.push_text(
            access_token=channel.access_token, to=link.line_user_id, text=text, retry_key=retry_key
        )
    except line.LineError as error:
        logger.warning("digest %s: LINE push failed (attempt %s): %s", digest_id, attempt, error)
        with scopes_disabled():
            Digest.objects.filter(pk=digest_id).update(
                line_attempts=attempt, line_error=str(error)[:300]
            )
        if attempt < MAX_ATTEMPTS:
            push_digest_line.using(run_after=_retry_at(attempt)).enqueue(
                digest_id=digest_id, attempt=attempt + 1
            )
        return "failed"
    with scopes_disabled():
        Digest.objects.filter(pk=digest_id).update(
            line_sent_at=timezone.now(), line_attempts=attempt, line_error=""
        )
    return "sent"
