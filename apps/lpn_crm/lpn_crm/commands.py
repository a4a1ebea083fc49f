"""bench commands of lpn_crm. Frappe imports this module for every bench command: keep it light."""

import time

import click
from frappe.commands import get_site, pass_context


@click.command("lpn-recompute-rollups")
@pass_context
def recompute_rollups(context):
	"""Recompute every donor's and campaign's giving totals (what the nightly job does), now."""
	import frappe

	from lpn_crm.fundraising.rollups import nightly_rollups

	if not context.sites:
		get_site(context)  # raises SiteNotSpecifiedError with bench's usual message
	for site in context.sites:
		frappe.init(site=site)
		frappe.connect()
		try:
			started = time.monotonic()
			nightly_rollups()
			frappe.db.commit()  # nosemgrep: a bench command owns its transaction
			click.echo(f"{site}: donor and campaign rollups recomputed in {time.monotonic() - started:.2f} s")
		finally:
			frappe.destroy()


commands = [recompute_rollups]
