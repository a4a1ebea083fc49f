# Copyright (c) 2026, Labour Protection Network
"""Children fully, partly and not sponsored: each child's monthly need beside what Active sponsorships cover
and the monthly gap in THB, with the totals per coverage in the summary."""

import frappe
from frappe import _

from lpn_crm.access import FUNDRAISING_STAFF, SPONSORSHIP_COORDINATOR, check_roles
from lpn_crm.domain.sponsorship_money import COVERAGE_STATES, FULLY, NOT_SPONSORED, PARTLY
from lpn_crm.sponsorship.finance import coverage_rows


def execute(filters=None):
	check_roles((SPONSORSHIP_COORDINATOR, *FUNDRAISING_STAFF))
	filters = frappe._dict(filters or {})
	coverage = filters.coverage if filters.coverage in COVERAGE_STATES else None
	rows = coverage_rows(coverage=coverage, origin=filters.origin or None)
	labels = coverage_labels()
	for row in rows:
		row.coverage_label = labels[row.coverage]
	columns = [
		{
			"fieldname": "child",
			"label": _("Child"),
			"fieldtype": "Link",
			"options": "LPN Child",
			"width": 120,
		},
		{"fieldname": "first_name", "label": _("First Name"), "fieldtype": "Data", "width": 130},
		{"fieldname": "origin", "label": _("Origin"), "fieldtype": "Data", "width": 100},
		{"fieldname": "coverage_label", "label": _("Coverage"), "fieldtype": "Data", "width": 140},
		{
			"fieldname": "monthly_need",
			"label": _("Monthly Need (THB)"),
			"fieldtype": "Currency",
			"width": 140,
		},
		{"fieldname": "covered", "label": _("Covered (THB a month)"), "fieldtype": "Currency", "width": 150},
		{"fieldname": "monthly_gap", "label": _("Monthly Gap (THB)"), "fieldtype": "Currency", "width": 140},
		{"fieldname": "sponsors", "label": _("Sponsors"), "fieldtype": "Int", "width": 90},
	]
	return columns, rows, None, None, summary(rows)


def coverage_labels() -> dict[str, str]:
	"""The coverage states in the reader's language (written out, so the catalogue knows them)."""
	return {FULLY: _("Fully Sponsored"), PARTLY: _("Partly Sponsored"), NOT_SPONSORED: _("Not Sponsored")}


def summary(rows: list[dict]) -> list[dict]:
	labels = coverage_labels()
	counts = {state: 0 for state in COVERAGE_STATES}
	for row in rows:
		counts[row.coverage] += 1
	indicators = {"Fully Sponsored": "Green", "Partly Sponsored": "Orange", "Not Sponsored": "Red"}
	cards = [
		{"value": counts[state], "label": labels[state], "datatype": "Int", "indicator": indicators[state]}
		for state in COVERAGE_STATES
	]
	cards.append(
		{
			"value": sum(row.monthly_gap for row in rows),
			"label": _("Monthly Gap (THB)"),
			"datatype": "Currency",
			"currency": "THB",
			"indicator": "Red",
		}
	)
	return cards
