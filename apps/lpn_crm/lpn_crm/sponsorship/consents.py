"""A child's consent records as the domain reads them."""

import frappe
from frappe.utils import getdate

from lpn_crm.domain.sponsorship import Consent


def consents_of(child: str) -> list[Consent]:
	return [consent_of(row) for row in consent_rows([child]).get(child, [])]


def consent_of(row) -> Consent:
	return Consent(
		purpose=row.purpose, given=bool(row.given), given_by=row.given_by or "", on=getdate(row.consent_date)
	)


def consent_rows(children: list[str]) -> dict[str, list]:
	"""Every consent row of `children`, by child, in one query."""
	if not children:
		return {}
	rows = frappe.get_all(
		"LPN Child Consent",
		filters={"parent": ("in", children), "parenttype": "LPN Child"},
		fields=["parent", "purpose", "given", "given_by", "consent_date"],
		order_by="consent_date asc, idx asc",
	)
	grouped: dict[str, list] = {}
	for row in rows:
		grouped.setdefault(row.parent, []).append(row)
	return grouped
