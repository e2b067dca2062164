"""Who may do what with reports, checked with ``ita_portal.permissions`` against the visitor's
Membership: the coordinator drafts, submits, withdraws, publishes and corrects reports, edits
their memo, the approval chains and the meeting minutes, and exports; executives of the chain
(approvers with a position) and the coordinator see the documents' previews. The decisions
themselves are the chain's: ``reports.services`` checks that the step waits on that person."""

import rules

from organisations.rules import is_approver, is_coordinator, is_member

rules.add_perm("reports.manage_reports", is_member & is_coordinator)
rules.add_perm("reports.export_report", is_member & is_coordinator)
rules.add_perm("reports.edit_minutes", is_member & is_coordinator)
rules.add_perm("reports.preview_documents", is_member & (is_coordinator | is_approver))
