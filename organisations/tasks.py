"""E-mails about people: invitations, the notice of a new membership, password resets.

They run in the task worker, never in the request, like the notifications of reports. Each is
safe to run twice (ita_portal.workers.RERUNNABLE): an invitation's link is minted and the mail
sent in one transaction, so a worker killed between the two sends a new link the next time and
the first one, never stored, never works.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django_scopes import scopes_disabled
from django_tasks import task


def _send(*, to: str, template: str, context: dict) -> None:
    """Send the text (``<template>.txt``) and HTML (``<template>.html``) of one Thai e-mail;
    its first text line is the subject."""
    text = render_to_string(f"organisations/email/{template}.txt", context)
    subject, _, body = text.partition("\n")
    message = EmailMultiAlternatives(subject=subject.strip()[:200], body=body.lstrip("\n"), to=[to])
    message.attach_alternative(
        render_to_string(f"organisations/email/{template}.html", context), "text/html"
    )
    message.send()


@task()
def send_invitation(invitation_id: int) -> str:
    from . import services
    from .models import Invitation

    with scopes_disabled():  # a task has no request; the invitation names its organisation
        invitation = (
            Invitation.objects.select_related("membership__user", "organisation", "created_by")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None or not invitation.email:
            return "nothing to send"
        with transaction.atomic():
            token = services.invitation_mint(invitation)
            if token is None:
                return "revoked or sent"
            _send(
                to=invitation.email,
                template="invitation",
                context={
                    "invitation": invitation,
                    "user": invitation.membership.user,
                    "organisation": invitation.organisation,
                    "link": f"{settings.PORTAL_URL}/accounts/invite/{token}/",
                    "days": settings.ITA_INVITATION_DAYS,
                },
            )
    return "sent"


@task()
def send_membership_notice(membership_id: int) -> str:
    """Tell a person who already has an account that they were added to an organisation."""
    from .models import Membership

    with scopes_disabled():
        membership = (
            Membership.objects.select_related("user", "organisation")
            .filter(pk=membership_id)
            .first()
        )
    if membership is None or not membership.user.email:
        return "nothing to send"
    _send(
        to=membership.user.email,
        template="membership_notice",
        context={
            "user": membership.user,
            "organisation": membership.organisation,
            "membership": membership,
            "link": f"{settings.PORTAL_URL}/o/{membership.organisation.slug}/",
        },
    )
    return "sent"


@task()
def send_email(subject: str, body: str, to: str, html: str = "") -> str:
    """One e-mail already written (Django's password reset hands its message over here)."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
    return "sent"
