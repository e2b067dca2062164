"""Who may do what with the plan and its progress; checked against the visitor's Membership.
Which steps a member of staff may report on is a read (``selectors.steps_visible_to``), so
that another division's step answers 404 rather than 403."""

import rules

from organisations.rules import is_coordinator, is_division_staff, is_member

rules.add_perm("measures.edit_plan", is_member & is_coordinator)
rules.add_perm("measures.report_progress", is_member & (is_coordinator | is_division_staff))
