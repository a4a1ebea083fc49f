"""Writing many new records at once: names from their own series, one insert per table.

For machine-made records (a batch of payment events): each is a Document validated by its own controller
exactly as a form save validates it, then all are written together instead of one insert (and its hooks)
at a time. Whatever a controller does after saving is the caller's to do for the batch.
"""

import frappe
from frappe.model.naming import _format_autoname
from frappe.utils import now_datetime


def next_sequence(key: str, count: int = 1) -> int:
	"""Atomically take the next `count` numbers of counter `key` (a row of Frappe's own Series table) and
	return the first of them.

	One statement creates the counter or moves it on, taking the row's exclusive lock at once: simultaneous
	writers queue on that lock and each gets the next numbers (an INSERT IGNORE then UPDATE would take a
	shared lock first and deadlock on the upgrade), and a rolled-back transaction rolls its numbers back.
	Frappe's own naming series use the same rows, so names taken here never collide with theirs.
	"""
	if count < 1:
		raise ValueError(f"take at least one number from a series, not {count}")
	frappe.db.sql(
		"""insert into `tabSeries` (`name`, `current`) values (%(key)s, last_insert_id(%(count)s))
		on duplicate key update `current` = last_insert_id(`current` + %(count)s)""",
		{"key": key, "count": count},
	)
	return int(frappe.db.sql("select last_insert_id()")[0][0]) - count + 1


def new_names(doctype: str, count: int) -> list[str]:
	"""`count` new names from the doctype's own series (an autoname such as format:DON-{YYYY}-{######})."""
	autoname = frappe.get_meta(doctype).autoname or ""
	pattern, _, hashes = autoname.rpartition("{")
	digits = hashes.rstrip("}")
	if not pattern.startswith("format:") or set(digits) != {"#"}:
		raise ValueError(f"{doctype} names must end in a {{###}} series to be made in bulk, not {autoname!r}")
	key = _format_autoname(pattern, frappe._dict(doctype=doctype))
	first = next_sequence(key, count)
	return [f"{key}{number:0{len(digits)}d}" for number in range(first, first + count)]


def new_doc(doctype: str, values: dict):
	"""A new Document with the doctype's defaults and `values`, validated by its controller as a save would."""
	doc = frappe.new_doc(doctype)
	doc.update(values)
	doc.run_method("validate")
	return doc


def insert_validated(docs: list) -> None:
	"""Write new Documents of one doctype, already validated, with one insert for them and one per child
	table. Names come from the doctype's series; children get Frappe's usual random names."""
	if not docs:
		return
	doctype = docs[0].doctype
	now, user = now_datetime(), frappe.session.user
	tables: dict[str, list[dict]] = {}
	for doc, name in zip(docs, new_names(doctype, len(docs)), strict=True):
		doc.name = name
		for row in (doc, *doc.get_all_children()):
			row.creation = row.modified = now
			row.owner = row.modified_by = user
			if row is not doc:
				row.update({"parent": name, "parenttype": doctype, "name": frappe.generate_hash(length=10)})
			tables.setdefault(row.doctype, []).append(
				row.get_valid_dict(convert_dates_to_str=True, ignore_virtual=True)
			)
	for table, rows in tables.items():
		fields = list(rows[0])
		insert_rows(table, fields, [[row.get(field) for field in fields] for row in rows])


def insert_records(doctype: str, records: list[dict]) -> None:
	"""New rows, each a dict of its name and fields, with the standard columns an insert fills (creation,
	owner...) filled the same way; every record gives the same fields."""
	now, user = now_datetime(), frappe.session.user
	standard = {
		"creation": now,
		"modified": now,
		"owner": user,
		"modified_by": user,
		"docstatus": 0,
		"idx": 0,
	}
	rows = [{**standard, **record} for record in records]
	fields = list(rows[0]) if rows else []
	insert_rows(doctype, fields, [[row[field] for field in fields] for row in rows])


def insert_rows(doctype: str, fields: list[str], rows: list) -> None:
	"""One INSERT of many rows, with the values passed as parameters. (frappe.db.bulk_insert builds the
	same statement through the query builder, which costs more than the insert itself at a hundred rows.)"""
	if not rows:
		return
	columns = ", ".join(f"`{field}`" for field in fields)
	row = f"({', '.join(['%s'] * len(fields))})"
	frappe.db.sql(
		f"insert into `tab{doctype}` ({columns}) values {', '.join([row] * len(rows))}",
		[value for values in rows for value in values],
	)


def update_row(doctype: str, name: str, values: dict) -> None:
	"""One UPDATE of the given columns by name, as db_set without touching `modified` (unless given)."""
	assignments = ", ".join(f"`{field}` = %({field})s" for field in values)
	frappe.db.sql(
		f"update `tab{doctype}` set {assignments} where name = %(__name)s", {**values, "__name": name}
	)


def add_notes(doctype: str, notes: dict[str, str]) -> None:
	"""An Info comment on each record's timeline ({name: text}), as Document.add_comment writes it."""
	user = frappe.session.user
	insert_records(
		"Comment",
		[
			{
				"name": frappe.generate_hash(length=10),
				"comment_type": "Info",
				"reference_doctype": doctype,
				"reference_name": name,
				"content": text,
				"comment_email": user,
				"comment_by": user,
			}
			for name, text in notes.items()
		],
	)
