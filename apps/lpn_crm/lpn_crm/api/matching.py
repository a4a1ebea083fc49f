"""The matching board's endpoints (Sponsorship Coordinators): waiting sponsors beside waiting children,
holds, and the match. /api/method/lpn_crm.api.matching.<name>"""

import frappe

from lpn_crm.access import SPONSORSHIP_COORDINATOR, SYSTEM_MANAGER, staff_only
from lpn_crm.sponsorship import holds
from lpn_crm.sponsorship.money_settings import setting

COORDINATORS = (SPONSORSHIP_COORDINATOR, SYSTEM_MANAGER)


@frappe.whitelist(methods=["GET", "POST"])
@staff_only(*COORDINATORS)
def board(sponsorship: str | None = None) -> dict:
	"""{"sponsorships": waiting sponsorships, "children": waiting children, "hold_days": the default hold},
	the children filtered by the preferences of `sponsorship` when one is chosen."""
	return {
		"sponsorships": holds.waiting_sponsorships(),
		"children": holds.waiting_children(sponsorship or None),
		"hold_days": setting("hold_days"),
	}


@frappe.whitelist(methods=["POST"])
@staff_only(*COORDINATORS)
def place_hold(sponsorship: str, child: str, days: int | None = None) -> dict:
	"""Reserve the child for the sponsorship's sponsor; answers {"hold": name, "until": date}."""
	doc = holds.place_hold(sponsorship, child, None if days in (None, "") else int(days))
	return {"hold": doc.name, "until": str(doc.until)}


@frappe.whitelist(methods=["POST"])
@staff_only(*COORDINATORS)
def release_hold(hold: str) -> dict:
	holds.close_hold(hold, holds.RELEASED)
	return {"hold": hold, "status": frappe.db.get_value(holds.HOLD, hold, "status")}


@frappe.whitelist(methods=["POST"])
@staff_only(*COORDINATORS)
def match(sponsorship: str, child: str) -> dict:
	"""Give the Proposed sponsorship its child; answers {"sponsorship": name, "child": child}."""
	return {"sponsorship": holds.match(sponsorship, child), "child": child}
