"""When to try failed background work again: exponential backoff, capped, then give up."""

from datetime import datetime, timedelta

FIRST_DELAY = timedelta(minutes=15)
LONGEST_DELAY = timedelta(days=1)
MAX_ATTEMPTS = 10


def next_retry_at(attempts: int, now: datetime) -> datetime | None:
	"""When to retry after `attempts` failed tries (15 min, 30, 1 h, … capped at a day); None: give up.

	Stripe itself re-sends an unacknowledged webhook for three days; these retries are for events that were
	acknowledged and logged but whose processing failed (e.g. a record another event had not created yet).
	"""
	if attempts >= MAX_ATTEMPTS:
		return None
	delay = FIRST_DELAY * (2 ** max(attempts - 1, 0))
	return now + min(delay, LONGEST_DELAY)
