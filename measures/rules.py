"""Who may do what with the plan and its progress; checked against the visitor's Membership."""

import rules

from organisations.rules import is_coordinator, is_division_staff, is_member


@rules.predicate
def shares_a_division(membership, target):
    """The member reports for a division that the step (or indicator line) is assigned to."""
    mine = {division.pk for division in membership.divisions.all()}
    return any(division.pk in mine for division in target.divisions.all())


def can_report_progress(membership, target) -> bool:
    """Coordinators report for every step; division staff for their divisions' steps only."""
    if not membership:
        return False
    if membership.role == "coordinator":
        return True
    return membership.role == "staff" and shares_a_division(membership, target)


rules.add_perm("measures.edit_plan", is_member & is_coordinator)
rules.add_perm("measures.report_progress", is_member & (is_coordinator | is_division_staff))
