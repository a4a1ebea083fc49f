"""Locks that last exactly as long as the transaction, and the one donor-by-email lookup built on them.

A lock is a row of Frappe's `tabSeries` (one per bucket of keys), taken with `insert … on duplicate key
update`: the row lock ends with the transaction, at commit or rollback, as MariaDB's GET_LOCK (held by the
connection, kept after a rollback) does not. Rows are locked in name order, so two batches never wait on
each other the wrong way round; keys hash into a fixed number of buckets, so the table never grows past
BUCKETS rows per scope, and two keys sharing a bucket only wait for each other, never get each other's
answer.

Under MariaDB's REPEATABLE READ a plain read sees the database as it was at the transaction's first read,
so the lock alone is not enough: a donor another transaction committed while this one waited stays
invisible. Each bucket row therefore counts what was made under it; when the count moved since this
transaction's snapshot, the lookup reads again with a locking read, which sees the latest rows.
"""

import hashlib
from collections.abc import Iterable

import frappe

BUCKETS = 4096
DONOR_EMAIL = "donor-email"


def _bucket(scope: str, key: str) -> str:
	digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
	return f"lpn-lock:{scope}:{int(digest[:8], 16) % BUCKETS:04d}"


def lock_keys(scope: str, keys: Iterable[str]) -> set[str]:
	"""Lock `keys` of `scope` until this transaction ends; returns the keys that another transaction may
	have changed (`mark_changed`) after this one's snapshot, which a plain read cannot see."""
	buckets = {key: _bucket(scope, key) for key in keys}
	names = sorted(set(buckets.values()))
	if not names:
		return set()
	# Read before locking: the snapshot's counts, to compare with the latest once the lock is held.
	seen = dict(
		frappe.db.sql("select name, current from `tabSeries` where name in %(names)s", {"names": names})
	)
	frappe.db.sql(
		f"""insert into `tabSeries` (name, current) values {", ".join(["(%s, 0)"] * len(names))}
		on duplicate key update current = current""",
		names,
	)
	latest = dict(
		frappe.db.sql(
			"select name, current from `tabSeries` where name in %(names)s for update", {"names": names}
		)
	)
	moved = {name for name in names if latest.get(name, 0) != seen.get(name, 0)}
	return {key for key, name in buckets.items() if name in moved}


def mark_changed(scope: str, keys: Iterable[str]) -> None:
	"""Tell later lock holders that this transaction made something under these (locked) keys."""
	names = sorted({_bucket(scope, key) for key in keys})
	if names:
		frappe.db.sql(
			"update `tabSeries` set current = current + 1 where name in %(names)s", {"names": names}
		)


def donors_by_email(keys: Iterable[str | None]) -> dict[str, str]:
	"""{email key: the oldest donor with it} for the normalised emails `keys`.

	A key no donor has yet stays locked until this transaction ends, and the caller is expected to make its
	donor in this transaction: however many requests and batches ask for one new email at once, one of them
	makes the donor and the others find it. The one lookup both the one-event and the batch path use.
	"""
	wanted = sorted({key for key in keys if key})
	found = _oldest_donors(wanted)
	missing = [key for key in wanted if key not in found]
	if not missing:
		return found
	moved = lock_keys(DONOR_EMAIL, missing)
	stale = [key for key in missing if key in moved]
	if stale:
		found.update(_oldest_donors(stale, latest=True))
	new = [key for key in missing if key not in found]
	mark_changed(DONOR_EMAIL, new)
	return found


def _oldest_donors(keys: list[str], latest: bool = False) -> dict[str, str]:
	if not keys:
		return {}
	found: dict[str, str] = {}
	for key, donor in frappe.db.sql(
		f"""select email_key, name from `tabLPN Donor` where email_key in %(keys)s order by creation desc
		{"lock in share mode" if latest else ""}""",
		{"keys": tuple(keys)},
	):
		found[key] = donor  # newest first, so the oldest donor with the email is the one kept
	return found
