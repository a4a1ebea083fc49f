"""Social-enterprise sales: stock taken on submit and given back on cancel, bad lines refused with nothing
written, a buyer's added gift as a donation of its own, the point-of-sale endpoints and the sales report."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import random_string, today

from lpn_crm.social_enterprise.exceptions import InsufficientStockError, InvalidSaleLineError
from lpn_crm.tests.factories import make_donor, make_fund, make_product, make_sale, make_user

PRODUCT = "LPN Product"
SALE = "LPN Sale"


def stock_of(product: str) -> float:
	return frappe.db.get_value(PRODUCT, product, "stock_on_hand")


class TestSales(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		make_fund("General Fund")
		self.scarf = make_product(product_name="Hand-woven scarf", price=350, cost=120, stock_on_hand=5)
		self.bag = make_product(product_name="Shelter tote bag", price=200, cost=None, stock_on_hand=2)

	def test_stock_goes_down_on_submit_and_comes_back_on_cancel(self):
		sale = make_sale([(self.scarf, 2), (self.bag, 1)])
		self.assertEqual(sale.total, 900)
		self.assertEqual(stock_of(self.scarf), 3)
		self.assertEqual(stock_of(self.bag), 1)
		sale.cancel()
		self.assertEqual(stock_of(self.scarf), 5)
		self.assertEqual(stock_of(self.bag), 2)

	def test_zero_or_negative_quantities_are_refused_and_nothing_is_written(self):
		before = frappe.db.count(SALE)
		for qty in (0, -1):
			with self.assertRaises(InvalidSaleLineError) as refused:
				make_sale([(self.scarf, qty)])
			self.assertIn("must be more than zero", str(refused.exception))
		self.assertEqual(frappe.db.count(SALE), before)
		self.assertEqual(stock_of(self.scarf), 5)

	def test_a_product_without_a_price_cannot_be_sold(self):
		unpriced = make_product(product_name="Unpriced basket", price=0, stock_on_hand=3)
		with self.assertRaises(InvalidSaleLineError) as refused:
			make_sale([(unpriced, 1)])
		self.assertIn("has no price", str(refused.exception))

	def test_more_than_stock_is_refused_unless_back_orders_are_allowed(self):
		with self.assertRaises(InsufficientStockError) as refused:
			make_sale([(self.bag, 3)])
		self.assertIn("Only 2 of Shelter tote bag in stock", str(refused.exception))
		self.assertEqual(stock_of(self.bag), 2)
		frappe.db.set_value(PRODUCT, self.bag, "allow_back_orders", 1)
		make_sale([(self.bag, 3)])
		self.assertEqual(stock_of(self.bag), -1)

	def test_the_buyers_added_gift_is_a_donation_of_its_own_never_sales_income(self):
		donor = make_donor()
		sale = make_sale([(self.scarf, 1)], gift_amount=50, customer=donor.name, payment_method="PromptPay")
		self.assertEqual((sale.total, sale.grand_total), (350, 400))
		donation = frappe.get_doc("LPN Donation", sale.donation)
		self.assertEqual((donation.docstatus, donation.amount, donation.donor), (1, 50, donor.name))
		self.assertEqual(donation.payment_method, "PromptPay")
		self.assertTrue(donation.receipt)  # its own receipt, through the posting step
		sale.cancel()
		self.assertEqual(frappe.db.get_value("LPN Donation", sale.donation, "docstatus"), 2)

	def test_an_anonymous_buyers_gift_goes_to_the_walk_in_donor(self):
		sale = make_sale([(self.scarf, 1)], gift_amount=10)
		donor = frappe.db.get_value("LPN Donation", sale.donation, "donor_name")
		self.assertEqual(donor, "Shop and Stall Visitors")

	def test_a_negative_gift_is_refused(self):
		with self.assertRaises(frappe.ValidationError):
			make_sale([(self.scarf, 1)], gift_amount=-5)


class TestPointOfSale(FrappeTestCase):
	def setUp(self):
		frappe.set_user("Administrator")
		make_fund("General Fund")
		self.scarf = make_product(
			product_name=f"POS scarf {random_string(4)}", price=350, cost=100, stock_on_hand=4
		)

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_a_sale_at_the_stall_takes_the_price_from_the_product_not_the_client(self):
		from lpn_crm.api.shop import make_sale as pos_sale
		from lpn_crm.api.shop import products

		listed = {row["name"]: row for row in products()["products"]}
		self.assertEqual(listed[self.scarf]["price"], 350)
		answer = pos_sale(
			lines=[{"product": self.scarf, "qty": 2, "rate": 1}],
			payment_method="Cash",
			channel="Event Stall",
			round_up=1,
		)
		sale = frappe.get_doc(SALE, answer["sale"])
		self.assertEqual((sale.docstatus, sale.total, sale.channel), (1, 700, "Event Stall"))
		self.assertEqual(sale.gift_amount, 0)  # 700 is already a round amount
		self.assertEqual(answer["total"], 700)

	def test_round_up_gives_the_change_to_the_foundation(self):
		from lpn_crm.api.shop import make_sale as pos_sale

		cheap = make_product(product_name=f"Card {random_string(4)}", price=35, stock_on_hand=10)
		answer = pos_sale(lines=[{"product": cheap, "qty": 1}], payment_method="PromptPay", round_up=1)
		self.assertEqual(answer["gift"], 5)
		self.assertTrue(answer["donation"])

	def test_the_point_of_sale_is_refused_to_a_website_user(self):
		from lpn_crm.api.shop import make_sale as pos_sale
		from lpn_crm.api.shop import products

		user = make_user(
			f"buyer.{random_string(5).lower()}@example.org", "LPN Donor", user_type="Website User"
		)
		frappe.set_user(user.name)
		for call in (
			products,
			lambda: pos_sale(lines=[{"product": self.scarf, "qty": 1}], payment_method="Cash"),
		):
			with self.assertRaises(frappe.PermissionError):
				call()

	def test_the_receipt_is_emailed_with_the_sale_as_its_reference(self):
		from lpn_crm.api.shop import email_receipt
		from lpn_crm.api.shop import make_sale as pos_sale

		sale = pos_sale(lines=[{"product": self.scarf, "qty": 1}], payment_method="Cash")["sale"]
		email_receipt(sale, "buyer@example.org")
		queued = frappe.get_all(
			"Email Queue", filters={"reference_doctype": SALE, "reference_name": sale}, pluck="message"
		)
		self.assertEqual(len(queued), 1)
		self.assertIn("POS scarf", queued[0])
		self.assertEqual(frappe.db.get_value(SALE, sale, "receipt_email"), "buyer@example.org")
		with self.assertRaises(frappe.InvalidEmailAddressError):
			email_receipt(sale, "not-an-address")
		user = make_user(
			f"buyer.{random_string(5).lower()}@example.org", "LPN Donor", user_type="Website User"
		)
		frappe.set_user(user.name)
		with self.assertRaises(frappe.PermissionError):
			email_receipt(sale, "buyer@example.org")

	def test_the_page_is_staff_only(self):
		from lpn_crm.www.shop.pos import get_context

		frappe.set_user("Guest")
		with self.assertRaises(frappe.Redirect):
			get_context(frappe._dict())
		user = make_user(
			f"buyer.{random_string(5).lower()}@example.org", "LPN Donor", user_type="Website User"
		)
		frappe.set_user(user.name)
		with self.assertRaises(frappe.PermissionError):
			get_context(frappe._dict())


class TestSalesReport(FrappeTestCase):
	def test_sales_by_product_with_margin_where_cost_is_known(self):
		from lpn_crm.social_enterprise.report.lpn_sales_analysis.lpn_sales_analysis import execute

		group = f"Group {random_string(5)}"
		known = make_product(
			product_name="Known cost", price=100, cost=40, stock_on_hand=10, producer_group=group
		)
		unknown = make_product(product_name="Unknown cost", price=50, stock_on_hand=10, producer_group=group)
		make_sale([(known, 3), (unknown, 2)], channel="Event Stall", gift_amount=20)
		columns, rows = execute(
			frappe._dict(group_by="Product", from_date=today(), to_date=today(), producer_group=group)
		)[:2]
		by_name = {row["label"]: row for row in rows}
		self.assertEqual(by_name["Known cost"]["revenue"], 300)
		self.assertEqual(by_name["Known cost"]["margin"], 180)
		self.assertEqual(by_name["Known cost"]["margin_percent"], 60)
		self.assertIsNone(by_name["Unknown cost"]["margin"])
		self.assertEqual(sum(row["revenue"] for row in rows), 400)  # the gift is not sales income
		_c, by_channel = execute(
			frappe._dict(group_by="Channel", from_date=today(), to_date=today(), producer_group=group)
		)[:2]
		self.assertEqual([(row["label"], row["revenue"]) for row in by_channel], [("Event Stall", 400)])
		self.assertTrue(columns)
