"""Who may do what with the OIT checklist.

Organisation-wide permissions are checked against the visitor's Membership, like the rest of
the portal: ``ita_portal.permissions.can(request, "oit_checklist.manage_checklist")``.
Item-level rules take the membership and the item's status:
``rules.test_rule("oit_checklist.edit_item", request.membership, item_status)``.
"""

import rules

from organisations.rules import is_approver, is_coordinator, is_division_staff, is_member


@rules.predicate
def _member(membership, item_status):
    return membership is not None and membership.is_active


@rules.predicate
def _coordinator(membership, item_status):
    return is_coordinator(membership.user, membership)


@rules.predicate
def _staff_of_item_division(membership, item_status):
    return (
        is_division_staff(membership.user, membership)
        and item_status.division_id is not None
        and item_status.division_id in division_ids(membership)
    )


@rules.predicate
def _not_produced_by_portal(membership, item_status):
    return not item_status.item.produced_by_portal


def division_ids(membership) -> set[int]:
    """The ids of the divisions a staff member reports for (cached on the membership)."""
    cached = getattr(membership, "_oit_division_ids", None)
    if cached is None:
        cached = set(membership.divisions.values_list("pk", flat=True))
        membership._oit_division_ids = cached
    return cached


# Staff open only the items of their own divisions; everyone else in the organisation reads all.
rules.add_rule(
    "oit_checklist.view_item",
    _member
    & (~rules.predicate(lambda m, s: is_division_staff(m.user, m)) | _staff_of_item_division),
)
rules.add_rule(
    "oit_checklist.edit_item",
    _member & _not_produced_by_portal & (_coordinator | _staff_of_item_division),
)
rules.add_rule("oit_checklist.add_evidence", _member & (_coordinator | _staff_of_item_division))

rules.add_perm("oit_checklist.view_checklist", is_member)
rules.add_perm("oit_checklist.manage_checklist", is_member & is_coordinator)
rules.add_perm("oit_checklist.review_checklist", is_member & is_approver)
