# Copyright (c) 2026, Labour Protection Network
"""Per child for one school term: the need, what sponsorships pledged for it, what they paid during it and
what was disbursed to the school or guardian (THB); what is left to disburse."""

import frappe
from frappe import _

from lpn_crm.access import SPONSORSHIP_COORDINATOR, SYSTEM_MANAGER, check_roles
from lpn_crm.domain.sponsorship_money import SponsorshipMoneyError
from lpn_crm.i18n import error_message
from lpn_crm.sponsorship.finance import term_rows


def execute(filters=None):
	check_roles((SPONSORSHIP_COORDINATOR, SYSTEM_MANAGER))
	filters = frappe._dict(filters or {})
	try:
		rows = term_rows(int(filters.school_year or 0), int(filters.term or 0), filters.child or None)
	except SponsorshipMoneyError as error:
		frappe.throw(error_message(error))
	columns = [
		{
			"fieldname": "child",
			"label": _("Child"),
			"fieldtype": "Link",
			"options": "LPN Child",
			"width": 120,
		},
		{"fieldname": "first_name", "label": _("First Name"), "fieldtype": "Data", "width": 130},
		{"fieldname": "need", "label": _("Need (THB)"), "fieldtype": "Currency", "width": 120},
		{
			"fieldname": "pledged",
			"label": _("Covered by Sponsorships (THB)"),
			"fieldtype": "Currency",
			"width": 190,
		},
		{"fieldname": "received", "label": _("Received (THB)"), "fieldtype": "Currency", "width": 130},
		{"fieldname": "disbursed", "label": _("Disbursed (THB)"), "fieldtype": "Currency", "width": 130},
		{
			"fieldname": "to_disburse",
			"label": _("Still to Disburse (THB)"),
			"fieldtype": "Currency",
			"width": 160,
		},
		{
			"fieldname": "balance",
			"label": _("Received less Disbursed (THB)"),
			"fieldtype": "Currency",
			"width": 190,
		},
	]
	return columns, rows
