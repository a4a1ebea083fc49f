"""Appeals (`LPN Appeal`): a mailing under a campaign to a saved donor segment, in each donor's language.

Only donors whose consent allows appeals, who have an email and who have not unsubscribed (Frappe's Email
Unsubscribe: globally, or from any LPN appeal) are in a segment. Sending is a background job: the email of
each language is built once by Frappe's QueueBuilder, as Frappe's own bulk mail does, and each recipient
gets their own Email Queue row with their name and their own tracked link (signed per appeal and donor)
put in the way Frappe puts in the unsubscribe link. Opens are recorded as Frappe records a newsletter's
(View Log rows, through the Email Queue's read tracker). Gifts that come through a link carry `appeal`
and are totalled with the campaign's (fundraising.rollups).
"""

import html
import quopri
import re
from decimal import Decimal

import frappe
from frappe import _
from frappe.email.doctype.email_queue.email_queue import EmailQueue, QueueBuilder
from frappe.utils import cint, flt, get_url, now_datetime, today
from frappe.utils.password import get_encryption_key

from lpn_crm.domain import campaigns as rules
from lpn_crm.fundraising import analytics
from lpn_crm.fundraising.donors import CONSENT_SQL
from lpn_crm.fundraising.exceptions import AppealError

APPEAL = "LPN Appeal"
APPEALS_CONSENT = "Appeals"
TEMPLATE = "LPN Appeal ({language})"
DRAFT, QUEUED, SENT, FAILED = "Draft", "Queued", "Sent", "Failed"
READ_TRACKER = "/api/method/lpn_crm.api.campaigns.appeal_opened"
# Stand-ins for each recipient's own values in the email built once per language. Letters, dots and
# slashes, which quoted-printable keeps as they are, though it may break a long line inside one (a soft
# break, "=" and a newline): `slot_pattern` finds them with or without it. The link's stand-in is an
# absolute URL, so Frappe leaves it alone when it makes the email's links absolute.
NAME_SLOT = "LPNDONORNAMESLOT"
LINK_SLOT = "https://lpn-appeal-link.invalid/slot"

# Donors not to mail: Frappe's global unsubscribe, or an unsubscribe from any LPN appeal.
UNSUBSCRIBED_SQL = """p.email not in (
	select u.email from `tabEmail Unsubscribe` u
	where u.global_unsubscribe = 1 or u.reference_doctype = 'LPN Appeal')"""


def segment_of(appeal) -> rules.Segment:
	return rules.Segment(
		kind=appeal.segment or rules.EVERYONE,
		fund=appeal.fund or None,
		minimum_given=Decimal(str(appeal.minimum_given)) if flt(appeal.minimum_given) else None,
		language=appeal.language or None,
		country=appeal.donor_country or None,  # not "country": Frappe fills that from the system default
		last_gift_before=appeal.last_gift_before or None,
	)


def segment_query(segment: rules.Segment, consenting: bool = True) -> tuple[str, dict]:
	"""(SQL, values) selecting donor, name, email and language of the segment's donors: one statement."""
	values: dict = {"today": today(), "purpose": APPEALS_CONSENT}
	joins, where = [], ["coalesce(p.email, '') != ''"]
	if segment.kind in (rules.LYBUNT, rules.SYBUNT):
		# The reports' own definitions, joined as derived tables.
		bounds = analytics.fiscal_year_bounds(analytics.current_fiscal_year())
		values.update(bounds, lapsed_before=bounds["this_start"])
		lapsed = analytics.LYBUNT_SQL if segment.kind == rules.LYBUNT else analytics.SYBUNT_SQL
		joins.append(f"join ({lapsed}) lapsed on lapsed.donor = p.name")
	if segment.fund:
		values.update(fund=segment.fund, minimum=segment.minimum_given or Decimal("0.01"))
		where.append(
			"""(select coalesce(sum(x.base_amount), 0) from `tabLPN Donation` x
			where x.donor = p.name and x.docstatus = 1 and x.fund = %(fund)s) >= %(minimum)s"""
		)
	elif segment.minimum_given:
		values["minimum"] = segment.minimum_given
		where.append("p.lifetime_total >= %(minimum)s")
	for field, column in (("language", "preferred_language"), ("country", "country")):
		if getattr(segment, field):
			values[field] = getattr(segment, field)
			where.append(f"p.{column} = %({field})s")
	if segment.last_gift_before:
		values["last_gift_before"] = segment.last_gift_before
		where.append("p.last_gift_date < %(last_gift_before)s")
	if consenting:
		where.append(CONSENT_SQL.format(donor="p.name"))
		where.append(UNSUBSCRIBED_SQL)
	sql = f"""select p.name as donor, p.donor_name, p.email, coalesce(p.preferred_language, 'en') as language
		from `tabLPN Donor` p {" ".join(joins)}
		where {" and ".join(where)}
		order by p.name"""
	return sql, values


def recipients_of(appeal, resend: bool = False) -> list[dict]:
	"""The appeal's recipients; for a re-send only those it was sent to who have not given through it."""
	sql, values = segment_query(segment_of(appeal))
	rows = frappe.db.sql(sql, values, as_dict=True)
	if not resend:
		return rows
	sent_to = set(
		frappe.db.sql_list(
			"""select r.recipient from `tabEmail Queue` q join `tabEmail Queue Recipient` r on r.parent = q.name
			where q.reference_doctype = %s and q.reference_name = %s""",
			(APPEAL, appeal.name),
		)
	)
	gave = set(
		frappe.db.sql_list(
			"select distinct donor from `tabLPN Donation` where appeal = %s and docstatus = 1", appeal.name
		)
	)
	return [row for row in rows if row.email in sent_to and row.donor not in gave]


def count_matching(appeal) -> tuple[int, int]:
	"""(donors matching the criteria, of whom consenting and reachable)."""
	counts = []
	for consenting in (False, True):
		sql, values = segment_query(segment_of(appeal), consenting=consenting)
		counts.append(cint(frappe.db.sql(f"select count(*) from ({sql}) s", values)[0][0]))
	return counts[0], counts[1]


def queue_appeal(name: str, resend: bool = False) -> dict:
	"""Check the appeal can go, mark it Queued and enqueue its sending; refused with a clear message when
	no donor of the segment may be written to, or when it was sent already (unless `resend`)."""
	appeal = frappe.get_doc(APPEAL, name, for_update=True)
	appeal.check_permission("write")
	if appeal.status == QUEUED:
		frappe.throw(_("This appeal is being sent already"), AppealError)
	if appeal.status == SENT and not resend:
		frappe.throw(
			_("This appeal was sent on {0}. Only a re-send to those who have not given is possible.").format(
				frappe.utils.format_datetime(appeal.sent_on)
			),
			AppealError,
		)
	if resend and appeal.status != SENT:
		frappe.throw(_("Only a sent appeal can be re-sent"), AppealError)
	if not has_outgoing_email():
		frappe.throw(_("Set up an outgoing email account before sending appeals"), AppealError)
	matching, consenting = count_matching(appeal)
	if not consenting:
		frappe.throw(
			_(
				"No donor in this segment has consented to appeals ({0} donors match the criteria, 0 may be written to)"
			).format(matching),
			AppealError,
		)
	if resend and not recipients_of(appeal, resend=True):
		frappe.throw(
			_("Everyone this appeal was sent to has given through it, or may no longer be written to"),
			AppealError,
		)
	appeal.db_set({"status": QUEUED, "send_error": None})
	frappe.enqueue(
		"lpn_crm.fundraising.appeals.send_appeal",
		queue="long",
		job_id=f"lpn_appeal::{name}",
		deduplicate=True,
		enqueue_after_commit=True,
		name=name,
		resend=resend,
	)
	return {"status": QUEUED, "recipients": consenting}


def has_outgoing_email() -> bool:
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(EmailAccount.find_outgoing(match_by_doctype=APPEAL))


def send_appeal(name: str, resend: bool = False) -> int:
	"""The job: queue one email per recipient, all in the job's one transaction; the appeal ends Sent, or
	Failed with the error on it (and no email queued)."""
	appeal = frappe.get_doc(APPEAL, name)
	try:
		count = queue_emails(appeal, recipients_of(appeal, resend=resend))
	except Exception:
		frappe.db.rollback()
		appeal.db_set({"status": FAILED, "send_error": frappe.get_traceback()[-2000:]})
		frappe.db.commit()  # nosemgrep: the failure stays on the appeal for staff to see
		raise
	appeal.db_set(
		{"status": SENT, "sent_on": now_datetime(), "recipient_count": cint(appeal.recipient_count) + count}
	)
	return count


def queue_emails(appeal, recipients: list[dict]) -> int:
	"""One Email Queue row per recipient, in their language; the email of each language built once."""
	secret = get_encryption_key()
	campaign = frappe.get_doc("LPN Campaign", appeal.campaign)
	link_base = get_url(f"/campaigns/{campaign.slug}")
	by_language: dict[str, list[dict]] = {}
	for row in recipients:
		by_language.setdefault(row.language if row.language in rules.LANGUAGES else "en", []).append(row)
	count = 0
	for lang, rows in by_language.items():
		queue_data = email_of_language(appeal, campaign, lang)
		parts = queue_data.pop("message_parts")
		for row in rows:
			token = rules.appeal_token(secret, appeal.name, row.donor)
			values = {
				"link": quoted(f"{link_base}?appeal={appeal.name}&r={row.donor}&t={token}"),
				"name": quoted(html.escape(row.donor_name or "")),
			}
			EmailQueue.new(
				{**queue_data, "message": fill_slots(parts, values), "recipients": [row.email]},
				ignore_permissions=True,
			)
			count += 1
	return count


def slot_pattern() -> re.Pattern:
	"""The slots in a quoted-printable message, soft line breaks and all; one capturing group each."""

	def tolerant(slot: str) -> str:
		return r"(?:=\r?\n)?".join(re.escape(char) for char in slot)

	return re.compile(f"({tolerant(LINK_SLOT)})|({tolerant(NAME_SLOT)})")


def fill_slots(parts: list, values: dict[str, str]) -> str:
	"""The message split by slot_pattern, each slot filled: re.split leaves the text, then the link group,
	then the name group (one of them None), for every slot found."""
	out = []
	for index, part in enumerate(parts):
		kind = index % 3
		if kind == 0:
			out.append(part)
		elif part is not None:
			out.append(values["link"] if kind == 1 else values["name"])
	return "".join(out)


def quoted(text: str) -> str:
	"""`text` as quoted-printable, as Frappe puts in the unsubscribe link."""
	return quopri.encodestring(text.encode()).decode()


def email_of_language(appeal, campaign, lang: str) -> dict:
	"""The Email Queue values of the appeal's email in `lang`; its message split at the recipient's name
	and link (`message_parts`, for fill_slots)."""
	template = frappe.get_doc(
		"Email Template", appeal.get(f"email_template_{lang}") or TEMPLATE.format(language=lang)
	)
	row = campaign.as_dict()
	context = {
		"donor_name": NAME_SLOT,
		"appeal_link": LINK_SLOT,
		"campaign_title": rules.in_language(row, "title", lang),
		"campaign_story": rules.in_language(row, "story", lang),
		"goal": flt(campaign.goal),
		"raised": flt(campaign.raised),
		"percent_of_goal": flt(campaign.percent_of_goal),
	}
	subject = frappe.render_template(template.subject, context)
	message = frappe.render_template(
		template.response_html if template.use_html else template.response, context
	)
	builder = QueueBuilder(
		recipients=["appeal-recipient@example.invalid"],
		subject=subject,
		message=message,
		reference_doctype=APPEAL,
		reference_name=appeal.name,
		unsubscribe_message=_("Stop receiving LPN's appeals", lang=lang),
		email_read_tracker_url=READ_TRACKER,
		send_priority=0,
	)
	data = builder.as_dict(include_recipients=False)
	if data is None:
		frappe.throw(_("The appeal's email could not be built"), AppealError)
	data["message_parts"] = slot_pattern().split(data.pop("message"))
	if LINK_SLOT not in message:
		frappe.throw(_("The appeal's email template has no link for the donor to give"), AppealError)
	return data


def mark_opened(recipient_email: str, name: str) -> None:
	"""A recipient opened the appeal (Frappe's read tracker called back): one View Log per recipient."""
	appeal = frappe.get_cached_doc(APPEAL, name)
	if appeal.add_viewed(recipient_email, force=True, unique_views=True):
		frappe.db.sql("update `tabLPN Appeal` set opened_count = opened_count + 1 where name = %s", name)


def attributable_appeal(
	appeal: str | None, donor: str | None, token: str | None, campaign: str | None
) -> str | None:
	"""The appeal a gift came through, if its link's token is genuine and the appeal is under the gift's
	campaign; else None (the gift is still taken, unattributed)."""
	if not rules.token_is_valid(get_encryption_key(), appeal, donor, token):
		return None
	if not frappe.db.exists(APPEAL, {"name": appeal, "campaign": campaign}):
		return None
	return appeal


APPEAL_SUBJECTS = {
	"en": "{{ campaign_title }}: will you help?",
	"th": "{{ campaign_title }}: ร่วมช่วยเหลือกับเรา",
	"my": "{{ campaign_title }}: ကူညီပေးပါ",
}


def appeal_templates() -> list[tuple[str, str, str]]:
	"""(name, subject, body file) of the appeal's Email Templates, one per language, for the app's setup."""
	return [
		(TEMPLATE.format(language=lang), subject, f"appeal_{lang}.html")
		for lang, subject in APPEAL_SUBJECTS.items()
	]
