"""The app's Workflows (volunteer onboarding, sponsorships, sponsor updates), made once with their states and
actions; a workflow staff have since edited is left as it is."""

import frappe


def ensure_workflow(
	name: str, doctype: str, states: tuple, transitions: tuple, role: str, state_field: str = "status"
) -> None:
	"""Make the Workflow `name` on `doctype` (its states editable by `role`, each (from, action, to) of
	`transitions` allowed to `role`), and the Workflow States and Actions it names, where missing."""
	for state in states:
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": state}).insert(
				ignore_permissions=True
			)
	for action in {t[1] for t in transitions}:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	if frappe.db.exists("Workflow", name):
		return
	frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": name,
			"document_type": doctype,
			"workflow_state_field": state_field,
			"is_active": 1,
			"send_email_alert": 0,
			"states": [{"state": s, "doc_status": "0", "allow_edit": role} for s in states],
			"transitions": [
				{"state": a, "action": act, "next_state": b, "allowed": role, "allow_self_approval": 1}
				for a, act, b in transitions
			],
		}
	).insert(ignore_permissions=True)
