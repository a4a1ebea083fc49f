"""Shifts as a volunteer and a coordinator see them: seats left, the languages and skills still
uncovered, and weekly copies of a shift made in one action."""

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import add_days, get_datetime, getdate, now_datetime

from lpn_crm.domain import volunteering as rules
from lpn_crm.i18n import error_message

COPIED_FIELDS = (
	"clinic",
	"start_time",
	"end_time",
	"capacity",
	"coordinator",
	"requires_licence",
	"requires_training",
	"notes",
)


def repeat_weekly(shift_name: str, weeks: int) -> dict:
	"""Copies of a shift every 7 days for `weeks` weeks counted from the shift's own date (which counts
	as the first), skipping dates that already have a shift at that clinic and time. New copies are Draft
	when the shift is Draft, Open otherwise."""
	source = frappe.get_doc("LPN Clinic Shift", shift_name)
	source.check_permission("read")
	try:
		wanted = rules.weekly_dates(getdate(source.shift_date), weeks)
	except rules.ShiftError as error:
		frappe.throw(error_message(error), frappe.ValidationError)
	taken = {
		getdate(d)
		for d in frappe.get_all(
			"LPN Clinic Shift",
			filters={
				"clinic": source.clinic,
				"start_time": source.start_time,
				"end_time": source.end_time,
				"status": ("!=", "Cancelled"),
				"shift_date": ("between", (wanted[0], wanted[-1])),
			},
			pluck="shift_date",
		)
	}
	created = []
	for day in wanted:
		if day in taken:
			continue
		copy = frappe.get_doc(
			{
				"doctype": "LPN Clinic Shift",
				**{field: source.get(field) for field in COPIED_FIELDS},
				"shift_date": day,
				"status": "Draft" if source.status == "Draft" else "Open",
				"required_languages": [
					{"language": r.language, "min_count": r.min_count} for r in source.required_languages
				],
				"required_skills": [
					{"skill": r.skill, "min_count": r.min_count} for r in source.required_skills
				],
			}
		)
		copy.insert()
		created.append(copy.name)
	return {"created": created, "skipped": sorted(str(d) for d in taken)}


def coverage(shift_names: list[str]) -> dict[str, dict[str, dict[str, int]]]:
	"""For each shift: {"languages": uncovered, "skills": uncovered} over its confirmed volunteers."""
	if not shift_names:
		return {}
	needs = {name: {"languages": {}, "skills": {}} for name in shift_names}
	for table, field, key in (
		("LPN Shift Language Requirement", "language", "languages"),
		("LPN Shift Skill Requirement", "skill", "skills"),
	):
		for row in frappe.get_all(
			table,
			filters={"parent": ("in", shift_names), "parenttype": "LPN Clinic Shift"},
			fields=["parent", field, "min_count"],
		):
			needs[row.parent][key][row[field]] = max(int(row.min_count or 1), 1)
	present = {name: {"languages": [], "skills": []} for name in shift_names}
	for kind, table, field in (
		("languages", "LPN Volunteer Language", "language"),
		("skills", "LPN Volunteer Skill", "skill"),
	):
		for shift, value in frappe.db.sql(
			f"""select b.shift, t.`{field}` from `tabLPN Shift Booking` b
			join `tab{table}` t on t.parent = b.volunteer and t.parenttype = 'LPN Volunteer'
			where b.shift in %s and b.status in ('Confirmed', 'Attended')""",
			(tuple(shift_names),),
		):
			present[shift][kind].append(value)
	return {
		name: {
			kind: rules.uncovered(needs[name][kind], present[name][kind]) for kind in ("languages", "skills")
		}
		for name in shift_names
	}


def upcoming(days: int = 60, filters: dict | None = None) -> list[frappe._dict]:
	"""Open and full shifts from now on (as the session user may read them), with seats left and what is
	uncovered."""
	now = now_datetime()
	rows = frappe.get_list(
		"LPN Clinic Shift",
		filters={
			"status": ("in", rules.BOOKABLE_SHIFT_STATES),
			"starts_at": ("between", (now, now + timedelta(days=days))),
			**(filters or {}),
		},
		fields=[
			"name",
			"clinic",
			"shift_date",
			"start_time",
			"end_time",
			"capacity",
			"confirmed_count",
			"waitlist_count",
			"status",
			"requires_licence",
			"requires_training",
			"starts_at",
			"ends_at",
		],
		order_by="starts_at asc",
		limit=500,
	)
	gaps = coverage([r.name for r in rows])
	for row in rows:
		row.seats_left = max(int(row.capacity) - int(row.confirmed_count or 0), 0)
		row.uncovered_languages = gaps[row.name]["languages"]
		row.uncovered_skills = gaps[row.name]["skills"]
	return rows


def label_of(uncovered: dict[str, int]) -> str:
	return ", ".join(_(name) if count == 1 else f"{_(name)} × {count}" for name, count in uncovered.items())


def this_month_bounds():
	today = getdate()
	first = today.replace(day=1)
	return first, add_days(first.replace(month=first.month % 12 + 1, year=first.year + first.month // 12), -1)


def complete_past_shifts(now=None) -> list[str]:
	"""Hourly: an Open or Full shift that has ended becomes Completed. Its confirmed bookings stay
	Confirmed for the coordinator to mark Attended or No-show (a volunteer who came but was not checked in
	is not made a no-show by a clock); waitlisted ones, which never had a seat, are closed as Cancelled.
	Returns the shifts completed."""
	now = get_datetime(now) if now else now_datetime()
	names = frappe.get_all(
		"LPN Clinic Shift",
		filters={"status": ("in", rules.BOOKABLE_SHIFT_STATES), "ends_at": ("<=", now)},
		order_by="ends_at asc",
		pluck="name",
	)
	for name in names:
		from lpn_crm.volunteering.booking import close_waitlist

		shift = frappe.get_doc("LPN Clinic Shift", name, for_update=True)
		shift.status = "Completed"
		shift.save(ignore_permissions=True)
		close_waitlist(shift)
	return names
