"""Campaigns move from Planned / Active / Closed to Draft / Live / Closed, from the old types to annual,
scholarship drive, emergency appeal and capital; their description becomes their English story; each gets a
slug (its public web address) and its donor count and percent of goal."""

import frappe

from lpn_crm.domain.campaigns import slugify
from lpn_crm.fundraising.campaigns import free_slug
from lpn_crm.fundraising.rollups import recompute_campaign_totals

STATUSES = {"Planned": "Draft", "Active": "Live"}
TYPES = {
	"General": "Annual",
	"Event": "Annual",
	"Online": "Annual",
	"Capital Campaign": "Capital",
	"Sponsorship Drive": "Scholarship Drive",
}


def execute():
	for old, new in STATUSES.items():
		frappe.db.sql("update `tabLPN Campaign` set status = %s where status = %s", (new, old))
	for old, new in TYPES.items():
		frappe.db.sql("update `tabLPN Campaign` set campaign_type = %s where campaign_type = %s", (new, old))
	if frappe.db.has_column("LPN Campaign", "description"):
		frappe.db.sql(
			"""update `tabLPN Campaign` set story = description
			where coalesce(story, '') = '' and coalesce(description, '') != ''"""
		)
	for name, title in frappe.db.sql(
		"select name, title from `tabLPN Campaign` where coalesce(slug, '') = '' order by creation"
	):
		frappe.db.set_value(
			"LPN Campaign", name, "slug", free_slug(slugify(title) or name.lower()), update_modified=False
		)
	recompute_campaign_totals()
