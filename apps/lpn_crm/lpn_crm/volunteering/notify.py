"""The clinic's emails: to volunteers in their own language, to coordinators in theirs.

Each goes through Frappe's email queue (sent by the worker after the transaction commits, and gone with
a rollback) with the booking, shift or volunteer as its reference. Every text is a fixed template
translated into the reader's language, values formatted in after.
"""

import frappe
from frappe import _
from frappe.utils import escape_html, format_time, get_url

from lpn_crm.domain.thai_dates import format_date_for

SHIFTS_PAGE = "/volunteer/shifts"


def language_of(user: str | None) -> str:
	return (user and frappe.db.get_value("User", user, "language")) or "en"


def when(shift, lang: str) -> str:
	"""The shift's date and times as the reader reads them."""
	return "{} {}–{}".format(
		format_date_for(frappe.utils.getdate(shift.shift_date), lang),
		format_time(shift.start_time, "HH:mm"),
		format_time(shift.end_time, "HH:mm"),
	)


def send(recipient: str | None, subject: str, paragraphs: list[str], doctype: str, name: str) -> None:
	"""Queue one email; `paragraphs` are plain text (escaped here) or ("link", url, text) tuples."""
	if not recipient:
		return
	html = "".join(
		f'<p><a href="{escape_html(p[1])}">{escape_html(p[2])}</a></p>'
		if isinstance(p, tuple)
		else f"<p>{escape_html(p)}</p>"
		for p in paragraphs
	)
	try:
		frappe.sendmail(
			recipients=[recipient],
			subject=subject,
			message=html,
			reference_doctype=doctype,
			reference_name=name,
			now=False,
		)
	except frappe.OutgoingEmailError:
		# A site with no outgoing Email Account yet: the booking or activation stands; the Error Log says
		# which email was not sent.
		frappe.log_error(title=f"Clinic email not sent (no outgoing email account): {doctype} {name}")


def volunteer_contact(name: str) -> frappe._dict:
	contact = frappe.db.get_value("LPN Volunteer", name, ["name", "email", "user", "full_name"], as_dict=True)
	contact.lang = language_of(contact.user)
	return contact


def coordinator_of(shift) -> str | None:
	"""The shift's coordinator, else the clinic alert address of LPN Volunteering Settings."""
	if shift.coordinator:
		return shift.coordinator
	from lpn_crm.volunteering.setup import stored_setting

	return stored_setting("coordinator_email")


def shifts_link(lang: str) -> tuple:
	return ("link", get_url(SHIFTS_PAGE), _("Your shifts", lang))


def desk_link(shift) -> tuple:
	return ("link", get_url(f"/app/lpn-clinic-shift/{shift.name}"), shift.name)


def promoted(shift, booking) -> None:
	v = volunteer_contact(booking.volunteer)
	send(
		v.email,
		_("A seat is yours: {0}, {1}", v.lang).format(shift.clinic, when(shift, v.lang)),
		[
			_("Dear {0},", v.lang).format(v.full_name),
			_("A seat came free and your waitlisted booking at {0} on {1} is now confirmed.", v.lang).format(
				shift.clinic, when(shift, v.lang)
			),
			shifts_link(v.lang),
		],
		booking.doctype,
		booking.name,
	)


def reminder(shift, booking, hours_before: int) -> None:
	v = volunteer_contact(booking.volunteer)
	send(
		v.email,
		_("Reminder: your clinic shift in {0} hours", v.lang).format(hours_before),
		[
			_("Dear {0},", v.lang).format(v.full_name),
			_(
				"Your shift at {0} is on {1}. If you cannot come, please cancel it on your shifts page so that someone on the waitlist can take your seat.",
				v.lang,
			).format(shift.clinic, when(shift, v.lang)),
			shifts_link(v.lang),
		],
		booking.doctype,
		booking.name,
	)


def shift_cancelled(shift, booking) -> None:
	v = volunteer_contact(booking.volunteer)
	send(
		v.email,
		_("Shift cancelled: {0}, {1}", v.lang).format(shift.clinic, when(shift, v.lang)),
		[
			_("Dear {0},", v.lang).format(v.full_name),
			_(
				"The clinic has cancelled the shift at {0} on {1}. We are sorry for the change.", v.lang
			).format(shift.clinic, when(shift, v.lang)),
			shifts_link(v.lang),
		],
		booking.doctype,
		booking.name,
	)


def late_cancellation(shift, booking) -> None:
	to = coordinator_of(shift)
	lang = language_of(to)
	send(
		to,
		_("Late cancellation: {0}, {1}", lang).format(shift.clinic, when(shift, lang)),
		[
			_("{0} cancelled their confirmed seat inside the cancellation cut-off.", lang).format(
				booking.volunteer_name
			),
			_("Reason: {0}", lang).format(booking.cancel_reason or ""),
			desk_link(shift),
		],
		booking.doctype,
		booking.name,
	)


def coverage_gap(shift, missing: dict[str, int]) -> None:
	to = coordinator_of(shift)
	lang = language_of(to)
	needed = ", ".join(f"{_(name, lang)} × {count}" for name, count in missing.items())
	send(
		to,
		_("Shift still lacks a language or skill: {0}, {1}", lang).format(shift.clinic, when(shift, lang)),
		[_("Still needed: {0}", lang).format(needed), desk_link(shift)],
		shift.doctype,
		shift.name,
	)


def credential_expiring(volunteer, is_licence: bool, expiry) -> None:
	lang = language_of(volunteer.user)
	what = _("professional licence", lang) if is_licence else _("safeguarding training", lang)
	send(
		volunteer.email,
		_("Your {0} expires on {1}", lang).format(what, format_date_for(expiry, lang)),
		[
			_("Dear {0},", lang).format(volunteer.full_name),
			_(
				"Your {0} expires on {1}. Shifts that need it can be booked only while it is valid; please send LPN the renewed one.",
				lang,
			).format(what, format_date_for(expiry, lang)),
		],
		volunteer.doctype,
		volunteer.name,
	)


def welcome(volunteer) -> None:
	lang = language_of(volunteer.user)
	send(
		volunteer.email,
		_("Welcome to the LPN clinic, {0}", lang).format(volunteer.full_name),
		[
			_("Dear {0},", lang).format(volunteer.full_name),
			_(
				"You are now an active volunteer of LPN's social-worker clinic. Book your shifts on your shifts page.",
				lang,
			),
			shifts_link(lang),
		],
		volunteer.doctype,
		volunteer.name,
	)
