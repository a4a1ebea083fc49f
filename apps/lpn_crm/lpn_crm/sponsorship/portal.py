"""What a sponsor reads in the portal (/my-sponsorships): their own current sponsorships and, for each, the
child as the whitelist of `domain.sponsorship` gives them (first name, age, grade, origin, progress), the
approved updates and photos their consents allow, the letters the sponsor wrote, and their payments.

Every row is chosen by the one condition of `sponsorship.permissions` (the same that refuses the generic
endpoints) and every child field by the whitelist; nothing else leaves the server. A page that is not the
sponsor's is refused with "Not permitted", the same whether it exists or not, and the attempt recorded.
"""

import frappe
from frappe import _
from frappe.utils import getdate, today

from lpn_crm.domain import sponsorship as rules
from lpn_crm.sponsorship import access
from lpn_crm.sponsorship.consents import consent_of, consent_rows
from lpn_crm.sponsorship.permissions import CHILD, SPONSORSHIP, UPDATE, condition, row_allowed

PORTAL = "/my-sponsorships"
LETTER_LIMIT = 4000


def lang_query() -> str:
	"""`?_lang=xx` when the page was asked for in a language of the switch, else ""."""
	lang = frappe.form_dict.get("_lang")
	return f"?_lang={lang}" if lang in ("en", "th", "my") else ""


def not_permitted(doctype: str, name: str | None, user: str) -> None:
	access.record_refusal(doctype, name, "read", user, via="sponsor portal")
	raise frappe.PermissionError(_("Not permitted"))


def check_sponsorship_permission(name: str | None, user: str) -> None:
	"""The sponsorship is one of `user`'s current ones (staff who read every sponsorship pass too, to see
	what the sponsor sees); else "Not permitted", recorded, whether it exists or not."""
	if not name or not frappe.db.exists(SPONSORSHIP, name) or not row_allowed(SPONSORSHIP, name, user):
		not_permitted(SPONSORSHIP, name, user)


def check_sponsor_permission(name: str | None, user: str) -> None:
	"""As check_sponsorship_permission, for what only the sponsor does (writing to the child)."""
	check_sponsorship_permission(name, user)
	if condition(SPONSORSHIP, user) == "":
		not_permitted(SPONSORSHIP, name, user)


def check_logged_in() -> str:
	user = frappe.session.user
	if user == "Guest":
		raise frappe.PermissionError(_("Log in to see your sponsorships"))
	return user


def sponsorships_of(user: str) -> list[dict]:
	"""The user's current sponsorships, newest first (one query, the permission condition)."""
	where = condition(SPONSORSHIP, user)
	return frappe.db.sql(
		f"""select `tabLPN Sponsorship`.name, child, monthly_amount, currency, start_date, status, payment_channel
		from `tabLPN Sponsorship` where {where or "1 = 1"}
		order by start_date desc, name desc""",
		as_dict=True,
	)


def children_of(names: list[str]) -> dict[str, dict]:
	"""The children of `names` as a sponsor may see them: the whitelist, and only with the consents."""
	if not names:
		return {}
	rows = frappe.get_all(
		CHILD,
		filters={"name": ("in", names)},
		fields=["name", "first_name", "date_of_birth", "grade", "origin", "progress_this_year"],
	)
	consents = consent_rows(names)
	on = getdate(today())
	views = {}
	for row in rows:
		recorded = [consent_of(c) for c in consents.get(row.name, [])]
		born = getdate(row.date_of_birth) if row.date_of_birth else None
		shown = rules.may_show_to_sponsor(recorded, born, on)
		story = shown and rules.consent_allows(recorded, rules.STORY_USE, born, on)
		view = rules.sponsor_child_view(row, on) if shown else dict.fromkeys(rules.SPONSOR_CHILD_FIELDS)
		if not story:
			view["progress_this_year"] = None
		view.update(shown=shown, stories=story, consents=recorded, born=born)
		views[row.name] = view
	return views


def overview(user: str) -> list[dict]:
	"""/my-sponsorships: each current sponsorship with its child's first name, age, grade and origin."""
	sponsorships = sponsorships_of(user)
	children = children_of([s.child for s in sponsorships if s.child])
	for s in sponsorships:
		child = children.get(s.child) or {}
		s["child_view"] = {field: child.get(field) for field in rules.SPONSOR_CHILD_FIELDS}
		s["child_shown"] = bool(child.get("shown"))
		if s.child:
			access.record_read(CHILD, s.child, "read", user, method=access.PORTAL)
	return sponsorships


def sponsorship_page(name: str, user: str) -> dict:
	"""/my-sponsorships/<name>: the sponsorship, its child (whitelist), approved updates and photos, the
	sponsor's letters, and the payments."""
	check_sponsorship_permission(name, user)
	sponsorship = frappe.db.get_value(
		SPONSORSHIP,
		name,
		["name", "child", "monthly_amount", "currency", "start_date", "status", "payment_channel"],
		as_dict=True,
	)
	child = children_of([sponsorship.child]).get(sponsorship.child) if sponsorship.child else None
	if sponsorship.child:
		access.record_read(CHILD, sponsorship.child, "read", user, method=access.PORTAL)
	return {
		"sponsorship": sponsorship,
		"child": {field: child.get(field) for field in rules.SPONSOR_CHILD_FIELDS} if child else None,
		"child_shown": bool(child and child["shown"]),
		"updates": updates_of(name, child, user),
		"payments": payments_of(name),
	}


def updates_of(sponsorship: str, child: dict | None, user: str) -> list[dict]:
	"""The approved updates (only with the story consent), each photo only where the photo consent stands,
	and the sponsor's own letters (their status, too)."""
	where = condition(UPDATE, user) or "1 = 1"
	rows = frappe.db.sql(
		f"""select `tabLPN Sponsor Update`.name, type, title, text, update_date, status, photo, owner
		from `tabLPN Sponsor Update`
		where sponsorship = %s and {where}
		order by update_date desc, creation desc""",
		sponsorship,
		as_dict=True,
	)
	on = getdate(today())
	shown = []
	for row in rows:
		mine = row.type == rules.LETTER_FROM_SPONSOR and row.owner == user
		if not mine and not (child and child["stories"]):
			continue
		if not mine and row.status not in rules.APPROVED_UPDATE_STATES:
			continue
		view = {field: row.get(field) for field in rules.SPONSOR_UPDATE_FIELDS}
		view["mine"] = mine
		view["photo_url"] = (
			f"/api/method/lpn_crm.api.sponsorship.photo?update={row.name}"
			if not mine
			and child
			and rules.photo_may_be_shown(row.status, bool(row.photo), child["consents"], child["born"], on)
			else None
		)
		shown.append(view)
	return shown


def payments_of(sponsorship: str) -> list[dict]:
	return frappe.get_all(
		"LPN Donation",
		filters={"sponsorship": sponsorship, "docstatus": 1},
		fields=list(rules.SPONSOR_PAYMENT_FIELDS),
		order_by="donation_date desc",
		limit=120,
	)


def check_update_permission(update: str | None, user: str) -> None:
	if not update or not row_allowed(UPDATE, update, user):
		not_permitted(UPDATE, update, user)


def photo_file(update: str, user: str) -> tuple[str, bytes]:
	"""(file name, content) of an update's photo, for a user the update's row and consents allow."""
	check_update_permission(update, user)
	row = frappe.db.get_value(UPDATE, update, ["name", "child", "status", "photo"], as_dict=True)
	child = children_of([row.child]).get(row.child) if row and row.child else None
	staff = condition(UPDATE, user) == ""
	if not row or not row.photo or not child:
		not_permitted(UPDATE, update, user)
	if not staff and not rules.photo_may_be_shown(
		row.status, True, child["consents"], child["born"], getdate(today())
	):
		not_permitted(UPDATE, update, user)
	file = frappe.get_all("File", filters={"file_url": row.photo}, fields=["name"], limit=1)
	if not file:
		not_permitted(UPDATE, update, user)
	doc = frappe.get_doc("File", file[0].name)
	access.record_read(CHILD, row.child, "read", user, method=access.PORTAL)
	return doc.file_name, doc.get_content()


def write_letter(sponsorship: str, text: str, user: str) -> str:
	"""The sponsor's letter to the child, as a Draft update for staff to review before it reaches the child."""
	check_sponsor_permission(sponsorship, user)
	text = (text or "").strip()
	if not text:
		frappe.throw(_("Write your letter first"), frappe.ValidationError)
	if len(text) > LETTER_LIMIT:
		frappe.throw(
			_("A letter can be up to {0} characters; yours has {1}").format(LETTER_LIMIT, len(text)),
			frappe.ValidationError,
		)
	doc = frappe.get_doc(
		{
			"doctype": UPDATE,
			"sponsorship": sponsorship,
			"type": rules.LETTER_FROM_SPONSOR,
			"title": frappe.db.get_value(SPONSORSHIP, sponsorship, "sponsor_name"),
			"text": text,
			"update_date": today(),
			"status": "Draft",
		}
	)
	doc.insert(ignore_permissions=True)
	return doc.name
