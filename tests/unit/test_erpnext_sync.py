"""What LPN's records become in ERPNext (lpn_crm.domain.erpnext_sync), and the backoff of sync jobs."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from lpn_crm.domain import erpnext_sync as es
from lpn_crm.domain.errors import DomainError

MAPPING = es.Mapping(
	company="LPN Foundation",
	fund_accounts={"Education Fund": "Donations - Education"},
	default_income_account="Donations - Other",
	sales_income_account="Sales",
	clearing_account="Stripe Clearing",
	fee_account="Stripe Fees",
	bank_account="Bank",
	cost_center="Main",
	customer_group="Donors",
	default_customer="Walk-in",
	items={"PRD-00001": "SE-SCARF"},
	default_item="SE-GOODS",
)
GIFT = {
	"name": "DON-2026-000001",
	"date": "2026-12-01",
	"amount": 1000,
	"fund": "Education Fund",
	"donor": "D1",
}


@pytest.mark.parametrize(
	"url", ["ftp://erp.example.org", "erp.example.org", "", None, "javascript:alert(1)", "http://"]
)
def test_only_http_addresses_with_a_host_are_accepted(url):
	with pytest.raises(DomainError):
		es.check_remote_url(url)


def test_an_address_loses_its_trailing_slash():
	assert es.check_remote_url(" https://erp.lpn.org/ ") == "https://erp.lpn.org"


def test_a_stripe_gift_credits_the_funds_income_and_debits_net_and_fee():
	lines = es.journal_lines({**GIFT, "fee": Decimal("36.50"), "via_stripe": True}, MAPPING)
	assert [
		(line["account"], line["debit_in_account_currency"], line["credit_in_account_currency"])
		for line in lines
	] == [
		("Donations - Education", 0, Decimal("1000")),
		("Stripe Clearing", Decimal("963.50"), 0),
		("Stripe Fees", Decimal("36.50"), 0),
	]
	assert es.balance_of(lines) == 0


def test_a_gift_of_an_unmapped_fund_goes_to_the_default_income_account_from_the_bank():
	lines = es.journal_lines({**GIFT, "fund": "Museum Fund"}, MAPPING)
	assert [line["account"] for line in lines] == ["Donations - Other", "Bank"]


def test_a_missing_mapping_is_a_config_error_naming_what_to_set():
	with pytest.raises(es.SyncConfigError) as missing:
		es.donation_doc(
			GIFT, es.Mapping(company="LPN", fund_accounts={"Education Fund": "X"}, bank_account="B"), "x"
		)
	assert str(missing.value) == "Set the cost centre in LPN ERPNext Settings"
	with pytest.raises(es.SyncConfigError, match="fund Museum Fund"):
		es.income_account({"fund": "Museum Fund"}, es.Mapping())


def test_a_journal_entry_carries_the_external_id_and_is_submitted():
	doc = es.donation_doc(GIFT, MAPPING, "LPN-DON-2026-000001")
	assert (doc["doctype"], doc["docstatus"], doc[es.EXTERNAL_ID_FIELD]) == (
		"Journal Entry",
		1,
		"LPN-DON-2026-000001",
	)


def test_a_payment_entry_names_the_customer():
	mapping = es.Mapping(**{**MAPPING.__dict__, "donation_document": es.PAYMENT_ENTRY})
	doc = es.donation_doc(GIFT, mapping, "x", customer="CUST-1")
	assert (doc["doctype"], doc["party"], doc["paid_from"], doc["paid_to"]) == (
		"Payment Entry",
		"CUST-1",
		"Donations - Education",
		"Bank",
	)


def test_a_reversal_swaps_debit_and_credit():
	original = es.donation_doc(GIFT, MAPPING, "x")
	reversal = es.reversing_doc(original, "x-REV", "2026-12-02")
	assert reversal[es.EXTERNAL_ID_FIELD] == "x-REV"
	assert es.balance_of(reversal["accounts"]) == 0
	assert reversal["accounts"][0]["debit_in_account_currency"] == Decimal("1000")


def test_a_refund_takes_the_amount_out_of_income():
	doc = es.refund_doc({**GIFT, "amount": 250}, MAPPING, "x-REF")
	income = doc["accounts"][0]
	assert (income["account"], income["debit_in_account_currency"]) == (
		"Donations - Education",
		Decimal("250"),
	)


def test_a_sale_uses_the_item_of_each_product_and_the_walk_in_customer():
	sale = {
		"name": "SALE-2026-00001",
		"date": "2026-12-01",
		"channel": "Shop",
		"items": [
			{"product": "PRD-00001", "qty": 2, "rate": 350, "amount": 700},
			{"product": "PRD-00009", "qty": 1, "rate": 50, "amount": 50},
		],
	}
	doc = es.sales_invoice(sale, MAPPING, "x")
	assert doc["customer"] == "Walk-in"
	assert [item["item_code"] for item in doc["items"]] == ["SE-SCARF", "SE-GOODS"]
	with pytest.raises(es.SyncConfigError, match="PRD-00009"):
		es.sales_invoice(sale, es.Mapping(**{**MAPPING.__dict__, "default_item": ""}), "x")


def test_backoff_doubles_from_a_minute_to_six_hours_then_gives_up():
	now = datetime(2026, 12, 1, 12, 0)
	delays = [es.next_retry_at(n, now, max_attempts=20) - now for n in (1, 2, 3, 10)]
	assert delays == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4), timedelta(hours=6)]
	assert es.next_retry_at(8, now) is None


def test_external_ids_carry_the_sites_prefix():
	assert es.external_id("LPN-", "ch_123") == "LPN-ch_123"
	assert es.external_id(None, "DON-1") == "DON-1"
