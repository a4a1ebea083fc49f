"""Demo data for a new development site, read from the repository's fixtures/demo folder.

Each `*.json` file there holds a list of documents; files load in name order. A document that is
already on the site (same name, or same values in its `_match` fields) is left as it is, so loading
twice changes nothing. `_submit: true` submits a submittable document once inserted.
`_days_from_today: {"field": n}` sets a date field to today + n days (clinic shifts that stay ahead).
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
			if insert_unless_present(doc):
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


def insert_unless_present(doc: dict) -> bool:
	doc = dict(doc)
	for field, days in doc.pop("_days_from_today", {}).items():
		doc[field] = frappe.utils.add_days(frappe.utils.today(), days)
	match_fields = doc.pop("_match", None)
	submit = doc.pop("_submit", False)
	if match_fields:
		if frappe.db.exists(doc["doctype"], {field: doc[field] for field in match_fields}):
			return False
	elif (name := known_name(doc)) and frappe.db.exists(doc["doctype"], name):
		return False
	new = frappe.get_doc(doc)
	new.flags.silent_duplicates = True
	new.insert(ignore_permissions=True)
	if submit:
		new.submit()
	return True
