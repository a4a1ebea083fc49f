from frappe import _


def get_data():
	"""The donor form's connections: their gifts, monthly gifts, receipts and consent changes."""
	return {
		"fieldname": "donor",
		"transactions": [
			{"label": _("Giving"), "items": ["LPN Donation", "LPN Recurring Donation"]},
			{"label": _("Receipts and consent"), "items": ["LPN Receipt", "LPN Consent Log"]},
		],
	}
