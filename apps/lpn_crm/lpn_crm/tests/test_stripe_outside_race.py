"""Two events of one subscription started outside the app, handled at once by two workers: one recurring gift.

Each worker runs in a session of its own that commits (lpn_crm.tests.test_races). Without the lock, both
would find no gift for the subscription and each would make one.
"""

import frappe
from frappe.utils import random_string

from lpn_crm.domain.stripe_events import parse_event
from lpn_crm.lpn_payments import records
from lpn_crm.lpn_payments.exceptions import PaymentNotMatchedError
from lpn_crm.tests.test_races import RaceTestCase, committed
from lpn_crm.tests.test_stripe_outside import Subscription

RECURRING = "LPN Recurring Donation"


class TestOneNewSubscriptionInTwoWorkers(RaceTestCase):
	def setUp(self):
		super().setUp()
		self.subscription = Subscription(email=f"race.sub.{random_string(8).lower()}@example.org")
		for sql in (
			"""delete from `tabComment` where reference_name in (select name from `tabLPN Recurring Donation`
			where stripe_subscription = %(subscription)s)""",
			"delete from `tabLPN Recurring Donation` where stripe_subscription = %(subscription)s",
			"""delete from `tabComment` where reference_doctype = 'LPN Donor'
			and reference_name in (select name from `tabLPN Donor` where email = %(email)s)""",
			"""delete from `tabLPN Donor Consent` where parenttype = 'LPN Donor'
			and parent in (select name from `tabLPN Donor` where email = %(email)s)""",
			"delete from `tabLPN Donor` where email = %(email)s",
		):
			self.delete_later(sql, subscription=self.subscription.id, email=self.subscription.email)

	def test_the_second_event_waits_for_the_first_and_makes_no_second_gift(self):
		completed = parse_event(self.subscription.completed())
		failed = parse_event(self.subscription.failed())
		made, second = self.interleave(
			lambda: records.payment_succeeded(completed), lambda: records.invoice_failed(failed)
		)
		# Its snapshot predates the gift: it fails, to be retried, and makes nothing.
		with self.assertRaises(PaymentNotMatchedError):
			second()
		first, other = self.sessions
		gifts = first.run(
			committed(
				lambda: frappe.db.sql_list(
					"select name from `tabLPN Recurring Donation` where stripe_subscription = %s",
					self.subscription.id,
				)
			)
		)
		self.assertEqual(gifts, [made[2]])
		# The retry, a new transaction, finds it.
		self.assertEqual(other.run(committed(lambda: records.invoice_failed(failed)))[2], made[2])
