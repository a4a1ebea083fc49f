"""Stands in for another installed app's `doc_events`: a real hook target that records every call it gets.

Register it with frappe.tests.utils.patch_hooks({"doc_events": {doctype: {event: PROBE}}}) inside
`probing()`, which also drops Frappe's per-request cache of the doc_events hooks on the way in and out.
"""

from contextlib import contextmanager

import frappe
from frappe.tests.utils import patch_hooks

PROBE = "lpn_crm.tests.doc_event_probe.record"
calls: list[tuple[str, str, str]] = []


def record(doc, method: str | None = None) -> None:
	"""A doc_events handler: Frappe calls it with the document and the event's name."""
	calls.append((doc.doctype, doc.name, method))


def _forget_cached_hooks() -> None:
	if hasattr(frappe.local, "doc_events_hooks"):
		del frappe.local.doc_events_hooks


@contextmanager
def probing(events: dict[str, list[str]]):
	"""{doctype: [event, ...]} hooked to `record` while the block runs; yields the list of calls."""
	calls.clear()
	hooks = {doctype: {event: [PROBE] for event in names} for doctype, names in events.items()}
	with patch_hooks({"doc_events": hooks}):
		_forget_cached_hooks()
		try:
			yield calls
		finally:
			_forget_cached_hooks()
