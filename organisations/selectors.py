"""Reads about organisations and their people."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone
from django_scopes import scopes_disabled

from ita_portal import thai

from .models import Division, FiscalYear, Membership, Organisation, User


def memberships_of_user(*, user: User) -> list[Membership]:
    """The active memberships of ``user`` in active organisations, across organisations.

    Runs with scopes disabled on purpose: listing a person's own organisations is what a
    hosting provider's staff need to choose where to work; the filter is the user.
    """
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user, is_active=True, organisation__is_active=True)
            .select_related("organisation", "position")
            .order_by("organisation__name")
        )


def fiscal_year_current(
    *, organisation: Organisation, today: dt.date | None = None
) -> FiscalYear | None:
    """The fiscal year that contains ``today``, else the latest one the organisation has.

    Precondition: runs inside ``scope(organisation=organisation)``.
    """
    today = today or timezone.localdate()
    years = FiscalYear.objects.filter(organisation=organisation)
    return years.filter(year=thai.fiscal_year_of(today)).first() or years.order_by("-year").first()


def divisions_with_members(*, organisation: Organisation) -> list[Division]:
    """Divisions in their order, each with ``active_memberships`` (users and positions loaded)."""
    members = Membership.objects.filter(is_active=True).select_related("user", "position")
    return list(
        Division.objects.filter(organisation=organisation).prefetch_related(
            Prefetch("membership_set", queryset=members, to_attr="active_memberships")
        )
    )


def memberships_of_organisation(*, organisation: Organisation) -> list[Membership]:
    """Everyone active in the organisation with their position and divisions, by role."""
    return list(
        Membership.objects.filter(organisation=organisation, is_active=True)
        .select_related("user", "position")
        .prefetch_related("divisions")
        .order_by("role", "position__title", "user__first_name")
    )


def memberships_of_division(*, division: Division) -> list[Membership]:
    """Everyone active who reports for ``division``, with their position."""
    return list(
        division.membership_set.filter(is_active=True)
        .select_related("user", "position")
        .order_by("role", "user__first_name")
    )


def memberships_inactive(*, organisation: Organisation) -> list[Membership]:
    """The members whose use of the organisation was stopped, newest first."""
    return list(
        Membership.objects.filter(organisation=organisation, is_active=False)
        .select_related("user", "position")
        .order_by("user__first_name")
    )


def member_events(*, membership: Membership) -> list:
    """The person's history in the organisation, newest first, with who acted."""
    return list(membership.events.select_related("actor").order_by("-at", "-pk")[:200])


def invitation_open(*, membership: Membership):
    """The newest invitation not yet used nor replaced (sent or still queued), or None."""
    return (
        membership.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
