"""Writes about organisations and their people."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_scopes import scopes_disabled

from ita_portal import thai
from ita_portal.errors import ServiceError

from .enums import MemberAction, Role
from .models import (
    Division,
    FiscalYear,
    Invitation,
    MemberEvent,
    Membership,
    Organisation,
    Position,
    User,
)


def fiscal_year_create(*, organisation: Organisation, year: int) -> FiscalYear:
    """Open fiscal year ``year`` (พ.ศ.) for the organisation.

    Raises ServiceError when the organisation already has it. Runs in its own transaction;
    precondition: inside ``scope(organisation=organisation)``.
    """
    try:
        with transaction.atomic():
            return FiscalYear.objects.create(organisation=organisation, year=year)
    except IntegrityError:
        raise ServiceError(f"ปีงบประมาณ พ.ศ. {thai.thai_digits(year)} มีอยู่แล้วในหน่วยงานนี้") from None


def organisation_eit_survey_set(*, organisation: Organisation, url: str) -> Organisation:
    """Set (or clear, with "") the address of the organisation's EIT survey.

    The public site turns it into the QR code and the poster at once; no other side effect."""
    organisation.eit_survey_url = url.strip()
    organisation.save(update_fields=["eit_survey_url"])
    return organisation


# --- people ---------------------------------------------------------------------------------
# Every change below writes a MemberEvent (who, what, when, from where) in the same transaction.
# Preconditions: inside ``scope(organisation=…)`` of the membership's organisation; the caller
# has checked that ``actor`` may manage people there (rules: organisations.manage_people).


def _event(membership, action, actor, detail: str = "", ip: str | None = None) -> MemberEvent:
    return MemberEvent.objects.create(
        organisation_id=membership.organisation_id,
        membership=membership,
        action=action,
        actor=actor,
        detail=detail[:500],
        ip=ip,
    )


def _username_from(email: str, first_name: str) -> str:
    """A free username: the e-mail's local part (somchai.k@… → somchai.k), else the given name
    romanised (บุญเรือน → bunruean), bunruean2 … when taken. The person may change it when they
    accept their invitation."""
    base = email.split("@")[0] if email else ""
    if not base and first_name:
        from pythainlp.transliterate import romanize  # loaded only for officers without e-mail

        base = romanize(first_name.replace(" ", ""))
    base = re.sub(r"[^a-zA-Z0-9._-]", "", base).lower()[:30] or "user"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def _require_not_last_coordinator(membership: Membership, *, role=None, active=True) -> None:
    if membership.role != Role.COORDINATOR or not membership.is_active:
        return
    if role == Role.COORDINATOR and active:
        return
    others = (
        Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Role.COORDINATOR, is_active=True
        )
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ServiceError(
            "ไม่สามารถเปลี่ยนแปลงได้ เพราะท่านนี้เป็นผู้ประสานงาน ITA คนสุดท้ายของหน่วยงาน "
            "กรุณาแต่งตั้งผู้ประสานงานคนอื่นก่อน"
        )


def member_invite(
    *,
    organisation: Organisation,
    actor: User | None,
    email: str,
    title: str,
    first_name: str,
    last_name: str,
    role: str,
    divisions=(),
    position: Position | None = None,
    acting_position: Position | None = None,
    ip: str | None = None,
) -> Membership:
    """Add a person to the organisation and e-mail them a link to choose their password.

    A person whose e-mail address already has an account (a province officer working for
    several organisations) gets the membership at once and an e-mail saying so. Raises
    ServiceError when the address is already a member here. The e-mail goes through the task
    worker after the transaction commits (``tasks.send_invitation`` mints the link)."""
    from .tasks import send_invitation, send_membership_notice

    email = email.strip().lower()
    with transaction.atomic():
        existing = User.objects.filter(email__iexact=email).order_by("pk").first()
        if (
            existing
            and Membership.objects.filter(organisation=organisation, user=existing).exists()
        ):
            raise ServiceError(
                "อีเมลนี้เป็นสมาชิกของหน่วยงานอยู่แล้ว หากถูกระงับการใช้งาน ให้เปิดใช้งานอีกครั้งจากหน้าของสมาชิกผู้นั้น"
            )
        if existing is None:
            user = User(
                username=_username_from(email, first_name),
                email=email,
                title=title,
                first_name=first_name,
                last_name=last_name,
            )
            user.set_unusable_password()
            user.save()
        else:
            user = existing
        membership = _membership_create(
            organisation, user, role, divisions, position, acting_position
        )
        if existing is None:
            invitation = Invitation.objects.create(
                organisation=organisation, membership=membership, email=email, created_by=actor
            )
            _event(membership, MemberAction.INVITED, actor, email, ip)
            transaction.on_commit(lambda: send_invitation.enqueue(invitation_id=invitation.pk))
        else:
            _event(membership, MemberAction.ADDED, actor, email, ip)
            transaction.on_commit(
                lambda: send_membership_notice.enqueue(membership_id=membership.pk)
            )
    return membership


def member_create_without_email(
    *,
    organisation: Organisation,
    actor: User | None,
    title: str,
    first_name: str,
    last_name: str,
    role: str,
    divisions=(),
    position: Position | None = None,
    acting_position: Position | None = None,
    ip: str | None = None,
) -> tuple[Membership, str]:
    """Create the account of an officer without e-mail; return it with the one-time activation
    token that the coordinator prints (``activation_sheet``) and hands over. The token is not
    stored, only its hash: printing again means issuing a new one."""
    with transaction.atomic():
        user = User(
            username=_username_from("", first_name.strip()),
            title=title,
            first_name=first_name,
            last_name=last_name,
        )
        user.set_unusable_password()
        user.save()
        membership = _membership_create(
            organisation, user, role, divisions, position, acting_position
        )
        token = _invitation_with_token(membership, actor)
        _event(membership, MemberAction.CREATED, actor, "", ip)
    return membership, token


def _membership_create(organisation, user, role, divisions, position, acting_position):
    membership = Membership.objects.create(
        organisation=organisation,
        user=user,
        role=role,
        position=position,
        acting_position=acting_position,
    )
    membership.divisions.set(divisions)
    return membership


def invitation_token_new() -> tuple[str, str]:
    """A fresh token and its SHA-256 (what is stored)."""
    token = secrets.token_urlsafe(32)
    return token, invitation_token_hash(token)


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _revoke_open_invitations(membership: Membership) -> None:
    Invitation.objects.filter(
        membership=membership, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def _invitation_with_token(membership: Membership, actor, email: str = "") -> str:
    _revoke_open_invitations(membership)
    token, digest = invitation_token_new()
    now = timezone.now()
    Invitation.objects.create(
        organisation_id=membership.organisation_id,
        membership=membership,
        email=email,
        token_hash=digest,
        created_by=actor,
        sent_at=now,
        expires_at=now + dt.timedelta(days=settings.ITA_INVITATION_DAYS),
    )
    return token


def invitation_resend(*, membership: Membership, actor: User, ip: str | None = None) -> str:
    """A new link for the person: by e-mail when they have an address (returns ""), else a new
    activation token for the printed sheet (returned). Older links stop working. Also how a
    coordinator lets an officer without e-mail choose a new password."""
    from .tasks import send_invitation

    user = membership.user
    with transaction.atomic():
        if user.email:
            _revoke_open_invitations(membership)
            invitation = Invitation.objects.create(
                organisation_id=membership.organisation_id,
                membership=membership,
                email=user.email,
                created_by=actor,
            )
            _event(membership, MemberAction.INVITATION_RESENT, actor, user.email, ip)
            transaction.on_commit(lambda: send_invitation.enqueue(invitation_id=invitation.pk))
            return ""
        token = _invitation_with_token(membership, actor)
        _event(membership, MemberAction.CODE_ISSUED, actor, "", ip)
        return token


def invitation_mint(invitation: Invitation) -> str | None:
    """Give an e-mailed invitation its token (the task worker, just before sending). None when
    the invitation was revoked, accepted or already sent meanwhile."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.revoked_at or invitation.accepted_at or invitation.token_hash:
            return None
        token, invitation.token_hash = invitation_token_new()
        invitation.sent_at = timezone.now()
        invitation.expires_at = invitation.sent_at + dt.timedelta(days=settings.ITA_INVITATION_DAYS)
        invitation.save(update_fields=["token_hash", "sent_at", "expires_at"])
    return token


def invitation_find(token: str) -> Invitation:
    """The open invitation of ``token``. Raises ServiceError (Thai, says what to do) when the
    link is unknown, used, replaced or expired. Runs without a scope: the token is the key."""
    with scopes_disabled():
        invitation = (
            Invitation.objects.select_related("membership__user", "organisation")
            .filter(token_hash=invitation_token_hash(token))
            .first()
        )
    if invitation is None or invitation.revoked_at:
        raise ServiceError(
            "ลิงก์นี้ใช้ไม่ได้ อาจพิมพ์ไม่ครบหรือมีการส่งลิงก์ใหม่แทนแล้ว "
            "กรุณาใช้ลิงก์ล่าสุด หรือขอให้ผู้ประสานงาน ITA ของหน่วยงานส่งให้อีกครั้ง"
        )
    if invitation.accepted_at:
        raise ServiceError("ลิงก์นี้ใช้ตั้งรหัสผ่านไปแล้ว กรุณาเข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่านของท่าน")
    if invitation.expires_at is None or invitation.expires_at <= timezone.now():
        raise ServiceError("ลิงก์นี้หมดอายุแล้ว กรุณาขอให้ผู้ประสานงาน ITA ของหน่วยงานส่งคำเชิญให้อีกครั้ง")
    if not invitation.membership.is_active:
        raise ServiceError("สิทธิ์ของท่านในหน่วยงานนี้ถูกระงับ กรุณาติดต่อผู้ประสานงาน ITA ของหน่วยงาน")
    return invitation


def invitation_accept(*, token: str, username: str, password: str, ip=None) -> User:
    """Use the invitation: the person's username and password are set, the link is spent.
    Raises ServiceError as ``invitation_find`` does, or when the username is taken.
    The password is validated by the caller (Django's validators, through the form)."""
    with scopes_disabled(), transaction.atomic():
        invitation = invitation_find(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at or invitation.revoked_at:
            raise ServiceError("ลิงก์นี้ใช้ตั้งรหัสผ่านไปแล้ว กรุณาเข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่านของท่าน")
        user = invitation.membership.user
        if User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
            raise ServiceError("ชื่อผู้ใช้นี้มีผู้ใช้แล้ว กรุณาเลือกชื่ออื่น")
        user.username = username
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["username", "password", "is_active"])
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
        _event(invitation.membership, MemberAction.ACTIVATED, user, "", ip)
    return user


def member_update(
    *,
    membership: Membership,
    actor: User,
    role: str,
    divisions,
    position: Position | None,
    acting_position: Position | None,
    ip: str | None = None,
) -> Membership:
    """Change a member's role, divisions, position and acting position.

    Raises ServiceError when it would leave the organisation without an active coordinator.
    Approval chains name positions: a report submitted later goes to the new holder; reports
    already in review keep their frozen chain."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        _require_not_last_coordinator(membership, role=role)
        before = _describe(membership)
        membership.role = role
        membership.position = position
        membership.acting_position = acting_position
        membership.save(update_fields=["role", "position", "acting_position"])
        membership.divisions.set(divisions)
        after = _describe(membership)
        if before != after:
            _event(membership, MemberAction.CHANGED, actor, f"{before} → {after}", ip)
    return membership


def _describe(membership: Membership) -> str:
    parts = [membership.get_role_display()]
    if membership.position_id:
        parts.append(membership.position.title)
    if membership.acting_position_id:
        parts.append(f"รักษาราชการแทน{membership.acting_position.title}")
    divisions = ", ".join(d.name for d in membership.divisions.order_by("order", "name"))
    if divisions:
        parts.append(divisions)
    return " / ".join(parts)


def member_set_active(
    *, membership: Membership, actor: User, active: bool, ip: str | None = None
) -> Membership:
    """Deactivate (the person's sessions here end on their next request, see
    organisations.middleware) or reactivate a member. A deactivated member keeps their history
    and past decisions. Raises ServiceError for the last active coordinator."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.is_active == active:
            return membership
        if not active:
            _require_not_last_coordinator(membership, active=False)
            _revoke_open_invitations(membership)
        membership.is_active = active
        membership.save(update_fields=["is_active"])
        action = MemberAction.REACTIVATED if active else MemberAction.DEACTIVATED
        _event(membership, action, actor, "", ip)
    return membership


def person_event(*, user: User, action: str, actor: User | None, ip: str | None = None) -> None:
    """Record something that happened to a person's account (a password reset, a change of
    name) in the history of each of their memberships. Runs across organisations on purpose:
    the person is the key."""
    with scopes_disabled():
        for membership in Membership.objects.filter(user=user):
            _event(membership, action, actor, "", ip)


# --- divisions and positions ------------------------------------------------------------------


def division_save(
    *, organisation: Organisation, division: Division | None, name: str, order: int
) -> Division:
    """Add a division (``division`` None) or rename/reorder one. Raises ServiceError on a
    duplicate name."""
    try:
        with transaction.atomic():
            if division is None:
                return Division.objects.create(organisation=organisation, name=name, order=order)
            division.name, division.order = name, order
            division.save(update_fields=["name", "order"])
            return division
    except IntegrityError:
        raise ServiceError("มีส่วนราชการชื่อนี้อยู่แล้ว") from None


def division_set_active(*, division: Division, active: bool) -> Division:
    """Retire a division (it stays in past plans, reports and history; new work cannot choose
    it) or bring it back. Nothing is ever deleted."""
    division.is_active = active
    division.save(update_fields=["is_active"])
    return division


def position_save(
    *,
    organisation: Organisation,
    position: Position | None,
    title: str,
    division: Division | None,
) -> Position:
    """Add a position or rename one (the printed title of chains to come; reports already
    submitted keep the title they froze). Raises ServiceError on a duplicate title."""
    try:
        with transaction.atomic():
            if position is None:
                return Position.objects.create(
                    organisation=organisation, title=title, division=division
                )
            position.title, position.division = title, division
            position.save(update_fields=["title", "division"])
            return position
    except IntegrityError:
        raise ServiceError("มีตำแหน่งชื่อนี้อยู่แล้ว") from None


def position_set_active(*, position: Position, active: bool) -> Position:
    """Retire a position or bring it back. Its holders keep it until the coordinator changes
    them; chains that name it are shown with a warning."""
    position.is_active = active
    position.save(update_fields=["is_active"])
    return position


# --- settings ---------------------------------------------------------------------------------

SETTINGS_FIELDS = [
    "address",
    "subdistrict",
    "postcode",
    "phone",
    "fax",
    "email",
    "website",
    "facebook_url",
    "document_prefix",
    "logo",
    "eit_survey_url",
    "require_otp_for_approvers",
    "publish_on_approval",
]


# The public site's privacy notice and website policy (forms.OrganisationPoliciesForm).
POLICY_FIELDS = ["privacy_notice", "website_policy"]


def organisation_settings_save(*, organisation: Organisation, **fields) -> Organisation:
    """Save the coordinator's settings of the organisation (``SETTINGS_FIELDS``, validated by
    forms.OrganisationSettingsForm, and ``POLICY_FIELDS``, by forms.OrganisationPoliciesForm).
    The logo is a checked, re-encoded image."""
    for name, value in fields.items():
        if name not in SETTINGS_FIELDS and name not in POLICY_FIELDS:
            raise ValueError(name)
        setattr(organisation, name, value)
    organisation.save(update_fields=list(fields))
    return organisation
