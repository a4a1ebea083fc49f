"""Which supporter page or appeal a gift from the donate form is credited to.

The donate form carries what the visitor came through (a supporter page; an appeal link's appeal, donor
and signed token); only what checks out is kept on the draft donation, so the Stripe batch path, which
submits that draft, keeps it too. A forged or stale token credits nothing: the gift is still taken."""

from lpn_crm.fundraising.appeals import attributable_appeal
from lpn_crm.fundraising.supporters import attributable_page

FIELDS = ("supporter_page", "appeal")


def gift_attribution(campaign: str | None, given: dict | None) -> dict:
	"""{"supporter_page": …, "appeal": …} of what `given` names that is genuine and under `campaign`."""
	given = given or {}
	found = {
		"supporter_page": attributable_page(given.get("supporter_page"), campaign),
		"appeal": attributable_appeal(
			given.get("appeal"), given.get("appeal_donor"), given.get("appeal_token"), campaign
		),
	}
	return {field: value for field, value in found.items() if value}


def attribution_metadata(doc) -> dict[str, str]:
	"""What the gift is credited to, on the Checkout Session too (Stripe's dashboard shows it)."""
	values = {"lpn_campaign": doc.get("campaign")} | {f"lpn_{field}": doc.get(field) for field in FIELDS}
	return {key: value for key, value in values.items() if value}
