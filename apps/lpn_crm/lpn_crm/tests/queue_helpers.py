"""The real job queue in site tests: what a commit would have queued, found in Redis and then removed.

Site tests never commit (each test rolls back), so the after-commit hooks that queue jobs are run by hand
here, against the site's real RQ queues, and the jobs they made are deleted again before the test ends.
"""

import frappe
from frappe.utils.background_jobs import get_queue


def run_after_commit_hooks() -> None:
	"""What `frappe.db.commit()` does after the commit: run (and forget) the queued callbacks."""
	frappe.db.after_commit.run()


def queued_jobs(method: str, queue: str = "short") -> list:
	"""This site's jobs waiting in `queue` that will call `method`."""
	return [
		job
		for job in get_queue(queue).get_jobs()
		if job.kwargs.get("site") == frappe.local.site and job.kwargs.get("method") == method
	]


def clear_queued(method: str, queue: str = "short") -> None:
	for job in queued_jobs(method, queue):
		job.delete()
