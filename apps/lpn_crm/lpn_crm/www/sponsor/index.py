"""/sponsor: become a monthly sponsor of a migrant child's schooling. No child is shown here: only how many
children wait and what a month covers (lpn_crm.sponsorship.online.page_context)."""

from frappe import _

from lpn_crm.sponsorship.online import page_context

no_cache = 1


def get_context(context):
	context.no_cache = 1
	context.title = _("Sponsor a child's education")
	context.update(page_context())
	return context
