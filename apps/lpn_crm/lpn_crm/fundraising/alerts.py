"""Staff alerts: the app runs a named method on the record; a standard Notification listening to it
(fundraising/notification) sends the email, so staff edit its text, language and recipients in the desk.

Explicit methods rather than Value Change triggers: a Value Change Notification is evaluated on every save
and db_set of its doctype (a couple of milliseconds each, on the batch path too), and fires on edits no
alert is meant for.
"""

HELD_FOR_REVIEW = "on_held_for_review"  # LPN Donation / LPN Recurring Donation Held for Review
DISPUTE_OPENED = "on_dispute_opened"  # LPN Donation Disputed
LAPSED = "on_lapsed"  # LPN Recurring Donation Lapsed
DATA_REQUEST = "on_data_request"  # LPN Data Request Received (a PDPA export or erasure request)


def alert_staff(doc, alert: str = HELD_FOR_REVIEW) -> None:
	"""Send the staff alert `alert` about `doc` (its Notification reads the record's current values)."""
	doc.run_method(alert)
