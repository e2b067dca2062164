"""One way to ask what someone may do: the ``rules`` permissions declared in each app's
``rules.py`` (loaded by rules' autodiscovery), checked against the person's Membership of the
current organisation, or, for an object rule, against the object.

Views ask ``can(request, "measures.edit_plan")`` (for a link or a button) and
``require(request, "measures.edit_plan")`` (PermissionDenied, the Thai 403 page); services,
which have no request, ask ``allowed(membership, "reports.manage_reports")`` and refuse with a
Thai ServiceError of their own.
"""

from __future__ import annotations

import rules
from django.core.exceptions import PermissionDenied


def allowed(membership, permission: str, obj=None, *, user=None) -> bool:
    """Whether ``membership`` (None: nobody) has ``permission``; with ``obj``, the object rule
    ``permission`` of that membership and object. ``user``: the membership's user when the
    caller has it already (a request's), saving its query."""
    if membership is None:
        return False
    if obj is not None:
        return rules.test_rule(permission, membership, obj)
    return (user or membership.user).has_perm(permission, membership)


def can(request, permission: str, obj=None) -> bool:
    return allowed(getattr(request, "membership", None), permission, obj, user=request.user)


def require(request, permission: str, obj=None) -> None:
    if not can(request, permission, obj):
        raise PermissionDenied
