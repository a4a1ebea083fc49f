"""Each volunteer's shifts as an iCalendar feed at a secret address that phone calendars subscribe to.

The token is the whole secret: it is random, stored only as its SHA-256 hash, and replaced (so the old
address stops working) whenever the volunteer asks for a new one. The feed is written with the
`icalendar` library.
"""

import hashlib
import secrets

import frappe
from frappe.utils import get_datetime, get_url, now_datetime
from icalendar import Calendar, Event

FEED_PATH = "/api/method/lpn_crm.api.volunteering.ical"
TIMEZONE = "Asia/Bangkok"


def token_hash(token: str) -> str:
	return hashlib.sha256(token.encode()).hexdigest()


def new_token(volunteer: str) -> str:
	"""A new secret token for `volunteer`; the one before it stops working."""
	token = secrets.token_urlsafe(32)
	frappe.db.set_value("LPN Volunteer", volunteer, "ical_token", token_hash(token), update_modified=False)
	return token


def feed_url(token: str) -> str:
	return get_url(f"{FEED_PATH}?token={token}")


def volunteer_of_token(token: str) -> str | None:
	if not token or len(token) > 200:
		return None
	return frappe.db.get_value("LPN Volunteer", {"ical_token": token_hash(token)}, "name")


def feed(volunteer: str) -> bytes:
	"""The volunteer's Confirmed, Waitlisted and Attended shifts of the last 30 days and the future."""
	from zoneinfo import ZoneInfo

	zone = ZoneInfo(TIMEZONE)
	cal = Calendar()
	cal.add("prodid", "-//Labour Protection Network//lpn_crm volunteer shifts//EN")
	cal.add("version", "2.0")
	cal.add("x-wr-calname", "LPN clinic shifts")
	rows = frappe.db.sql(
		"""select b.name, b.status, b.modified, s.clinic, s.starts_at, s.ends_at, c.address, c.place
		from `tabLPN Shift Booking` b
		join `tabLPN Clinic Shift` s on s.name = b.shift
		left join `tabLPN Clinic` c on c.name = s.clinic
		where b.volunteer = %s and b.status in ('Confirmed', 'Waitlisted', 'Attended')
			and s.status != 'Cancelled' and s.ends_at >= %s
		order by s.starts_at""",
		(volunteer, frappe.utils.add_days(now_datetime(), -30)),
		as_dict=True,
	)
	site = frappe.local.site
	for row in rows:
		event = Event()
		event.add("uid", f"{row.name}@{site}")
		event.add(
			"summary", f"LPN clinic: {row.clinic}" + (" (waitlist)" if row.status == "Waitlisted" else "")
		)
		event.add("dtstart", get_datetime(row.starts_at).replace(tzinfo=zone))
		event.add("dtend", get_datetime(row.ends_at).replace(tzinfo=zone))
		event.add("dtstamp", get_datetime(row.modified).replace(tzinfo=zone))
		event.add("status", "TENTATIVE" if row.status == "Waitlisted" else "CONFIRMED")
		if row.address or row.place:
			event.add("location", row.address or row.place)
		cal.add_component(event)
	return cal.to_ical()


def respond(token: str) -> None:
	volunteer = volunteer_of_token(token)
	if not volunteer:
		raise NotFound()
	frappe.local.response.filename = "lpn-shifts.ics"
	frappe.local.response.content_type = "text/calendar; charset=utf-8"
	frappe.local.response.filecontent = feed(volunteer)
	frappe.local.response.type = "download"
	frappe.local.response.display_content_as = "inline"


class NotFound(frappe.DoesNotExistError):
	"""A bare 404; the message says nothing of why."""

	http_status_code = 404
