"""Role predicates. Permissions are checked against the visitor's Membership of the current
organisation: ``ita_portal.permissions.can(request, "organisations.manage_fiscal_years")``.
"""

import rules

from .enums import Role


@rules.predicate
def is_member(user, membership):
    return membership is not None and membership.is_active and membership.user_id == user.pk


@rules.predicate
def is_coordinator(user, membership):
    return membership.role == Role.COORDINATOR


@rules.predicate
def is_division_staff(user, membership):
    return membership.role == Role.STAFF


@rules.predicate
def is_approver(user, membership):
    return membership.role == Role.APPROVER and membership.position_id is not None


rules.add_perm("organisations.view_organisation", is_member)
rules.add_perm("organisations.manage_fiscal_years", is_member & is_coordinator)
rules.add_perm("organisations.manage_public_site", is_member & is_coordinator)
rules.add_perm("organisations.manage_people", is_member & is_coordinator)
rules.add_perm("organisations.manage_settings", is_member & is_coordinator)


@rules.predicate
def is_operator(user):
    """The operator of the deployment (a province's office, a hosting provider): ``is_staff``."""
    return user.is_authenticated and user.is_active and user.is_staff


rules.add_perm("organisations.operate_site", is_operator)
