"""Demo data for a new development site, read from the repository's fixtures/demo folder.

Each `*.json` file there holds a list of documents; files load in name order. A document that is
already on the site (same name, or same values in its `_match` fields) is left as it is, so loading
twice changes nothing. `_submit: true` submits a submittable document once inserted.
`_days_from_today: {"field": n}` sets a date field to today + n days (clinic shifts that stay ahead).
`_lookup: {"field": [doctype, filters]}` sets a Link to the record those filters find (names made by a
series are not known in advance); `_attach: {"field": "path"}` attaches a file of the demo folder (private);
`_then: [{values}, ...]` saves each set of values in turn after insert (a workflow's transitions).
An entry `{"_generate": "dotted.path", ...}` calls that function with the entry's other keys, for data made in
bulk (three years of gifts); it answers {doctype: added} and must itself add nothing the second time.
"""

import json
from pathlib import Path

import frappe


def load_demo_data(path: str) -> dict[str, int]:
	"""Load every fixture file under `path`; return how many documents each doctype gained."""
	folder = Path(path)
	if not folder.is_dir():
		frappe.throw(frappe._("Demo data folder {0} does not exist").format(path))
	added: dict[str, int] = {}
	for file in sorted(folder.glob("*.json")):
		for doc in json.loads(file.read_text(encoding="utf-8")):
			if generator := doc.get("_generate"):
				options = {key: value for key, value in doc.items() if key != "_generate"}
				for doctype, count in frappe.get_attr(generator)(**options).items():
					if count:
						added[doctype] = added.get(doctype, 0) + count
				continue
			if insert_unless_present(doc, folder):
				added[doc["doctype"]] = added.get(doc["doctype"], 0) + 1
	return added


def known_name(doc: dict) -> str | None:
	"""The name the document has or will get: given, or its `field:` autoname's value."""
	if doc.get("name"):
		return doc["name"]
	autoname = frappe.get_meta(doc["doctype"]).autoname or ""
	if autoname.startswith("field:"):
		return doc.get(autoname.removeprefix("field:"))
	return None


def insert_unless_present(doc: dict, folder: Path | None = None) -> bool:
	doc = dict(doc)
	for field, days in doc.pop("_days_from_today", {}).items():
		doc[field] = frappe.utils.add_days(frappe.utils.today(), days)
	for field, (doctype, filters) in doc.pop("_lookup", {}).items():
		doc[field] = frappe.db.get_value(doctype, filters, "name")
		if not doc[field]:
			frappe.throw(frappe._("Demo data: no {0} with {1}").format(doctype, filters))
	match_fields = doc.pop("_match", None)
	submit = doc.pop("_submit", False)
	attachments = doc.pop("_attach", {})
	steps = doc.pop("_then", [])
	if match_fields:
		if frappe.db.exists(doc["doctype"], {field: doc[field] for field in match_fields}):
			return False
	elif (name := known_name(doc)) and frappe.db.exists(doc["doctype"], name):
		return False
	new = frappe.get_doc(doc)
	new.flags.silent_duplicates = True
	new.insert(ignore_permissions=True)
	for field, relative in attachments.items():
		new.set(field, attach(new, field, (folder or Path(".")) / relative))
		new.save(ignore_permissions=True)
	for values in steps:
		# Each step saved in turn, as a person would: a workflow moves one transition at a time.
		new.update(values)
		new.save(ignore_permissions=True)
	if submit:
		new.submit()
	return True


def attach(doc, field: str, path: Path) -> str:
	"""A file of the demo folder attached (private) to the document's field, as the desk's uploader does;
	returns its URL."""
	return (
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": path.name,
				"attached_to_doctype": doc.doctype,
				"attached_to_name": doc.name,
				"attached_to_field": field,
				"is_private": 1,
				"content": path.read_bytes(),
			}
		)
		.insert(ignore_permissions=True)
		.file_url
	)
