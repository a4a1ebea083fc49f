"""What LPN's records become in ERPNext, and when a sync job is tried again.

Pure: a job's payload holds the local facts (amounts, fund, date, items) as they were when the record was
posted; the mapping (accounts, cost centre, items) is applied when the job is sent, so a mapping completed
later serves the jobs that waited for it. Amounts are Decimal; the documents built here are plain dicts in
the shape ERPNext's REST API takes.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlparse

from lpn_crm.domain.errors import DomainError
from lpn_crm.domain.money import to_decimal

# The custom field on every remote doctype that holds the local record's id (unique there).
EXTERNAL_ID_FIELD = "lpn_external_id"
CUSTOMER = "Customer"
JOURNAL_ENTRY = "Journal Entry"
PAYMENT_ENTRY = "Payment Entry"
SALES_INVOICE = "Sales Invoice"
TARGET_DOCTYPES = (CUSTOMER, JOURNAL_ENTRY, PAYMENT_ENTRY, SALES_INVOICE)

# What a job asks of the remote.
INSERT = "Insert"
CANCEL = "Cancel"
REFUND = "Refund"

FIRST_DELAY = timedelta(minutes=1)
LONGEST_DELAY = timedelta(hours=6)
DEFAULT_MAX_ATTEMPTS = 8


class SyncConfigError(DomainError):
	"""The settings lack something a job needs: the job waits, it does not fail."""


@dataclass
class Mapping:
	"""The accounts and names of LPN ERPNext Settings, as the documents need them."""

	company: str = ""
	donation_document: str = JOURNAL_ENTRY
	fund_accounts: dict[str, str] = field(default_factory=dict)
	default_income_account: str = ""
	sales_income_account: str = ""
	clearing_account: str = ""
	fee_account: str = ""
	bank_account: str = ""
	cost_center: str = ""
	customer_group: str = ""
	default_customer: str = ""
	items: dict[str, str] = field(default_factory=dict)
	default_item: str = ""


def check_remote_url(url: str | None) -> str:
	"""The ERPNext address without a trailing slash; anything but an http(s) URL with a host is refused."""
	url = (url or "").strip()
	parsed = urlparse(url)
	if parsed.scheme not in ("http", "https") or not parsed.netloc:
		raise DomainError("The ERPNext address must start with http:// or https://, not {0}", url)
	return url.rstrip("/")


def external_id(prefix: str | None, local_id: str) -> str:
	"""The id a local record carries in ERPNext: the site's prefix (so a staging and a live site never
	collide) and the record's name or Stripe object id."""
	return f"{(prefix or '').strip()}{local_id}"


def next_retry_at(attempts: int, now: datetime, max_attempts: int = DEFAULT_MAX_ATTEMPTS) -> datetime | None:
	"""After `attempts` failed tries: when to try again (1 min, 2, 4, … at most 6 h), or None: give up."""
	if attempts >= max_attempts:
		return None
	return now + min(FIRST_DELAY * (2 ** max(attempts - 1, 0)), LONGEST_DELAY)


def _money(value) -> Decimal:
	return to_decimal(value or 0)


def _require(value: str, template: str, *values: object) -> str:
	if not (value or "").strip():
		raise SyncConfigError(template, *values)
	return value.strip()


def _stamp(doc: dict, ext_id: str) -> dict:
	return {**doc, EXTERNAL_ID_FIELD: ext_id}


def customer_doc(facts: dict, mapping: Mapping, ext_id: str) -> dict:
	"""A donor as an ERPNext Customer."""
	group = _require(mapping.customer_group, "Set the customer group for donors in LPN ERPNext Settings")
	return _stamp(
		{
			"doctype": CUSTOMER,
			"customer_name": facts["customer_name"],
			"customer_type": "Company" if facts.get("is_organisation") else "Individual",
			"customer_group": group,
			"email_id": facts.get("email") or "",
		},
		ext_id,
	)


def income_account(facts: dict, mapping: Mapping) -> str:
	"""The income account of the gift's fund, else the default donation income account."""
	account = mapping.fund_accounts.get(facts.get("fund") or "") or mapping.default_income_account
	return _require(
		account, "Map an income account for fund {0} in LPN ERPNext Settings", facts.get("fund") or ""
	)


def _receiving_account(facts: dict, mapping: Mapping) -> str:
	if facts.get("via_stripe"):
		return _require(mapping.clearing_account, "Set the Stripe clearing account in LPN ERPNext Settings")
	return _require(mapping.bank_account, "Set the bank and cash account in LPN ERPNext Settings")


def _common(mapping: Mapping) -> dict:
	return {
		"company": _require(mapping.company, "Set the ERPNext company in LPN ERPNext Settings"),
	}


def journal_lines(facts: dict, mapping: Mapping) -> list[dict]:
	"""Gross to income (credit), the fee to expense and the net to clearing or bank (debits)."""
	gross, fee = _money(facts["amount"]), _money(facts.get("fee"))
	cost_center = _require(mapping.cost_center, "Set the cost centre in LPN ERPNext Settings")
	receiving = _receiving_account(facts, mapping)
	lines = [
		{
			"account": income_account(facts, mapping),
			"debit_in_account_currency": 0,
			"credit_in_account_currency": gross,
		},
		{"account": receiving, "debit_in_account_currency": gross - fee, "credit_in_account_currency": 0},
	]
	if fee:
		fee_account = _require(mapping.fee_account, "Set the Stripe fee account in LPN ERPNext Settings")
		lines.append(
			{"account": fee_account, "debit_in_account_currency": fee, "credit_in_account_currency": 0}
		)
	return [{**line, "cost_center": cost_center} for line in lines]


def donation_doc(facts: dict, mapping: Mapping, ext_id: str, customer: str | None = None) -> dict:
	"""A gift as a submitted Journal Entry, or a Payment Entry from the donor's Customer when the mapping
	says so (then `customer` is the Customer's name in ERPNext)."""
	remark = f"{facts['name']} {facts.get('donor_name') or ''}".strip()
	if mapping.donation_document == PAYMENT_ENTRY:
		gross = _money(facts["amount"])
		return _stamp(
			{
				"doctype": PAYMENT_ENTRY,
				**_common(mapping),
				"docstatus": 1,
				"payment_type": "Receive",
				"posting_date": facts["date"],
				"party_type": "Customer",
				"party": customer,
				"paid_from": income_account(facts, mapping),
				"paid_to": _receiving_account(facts, mapping),
				"paid_amount": gross,
				"received_amount": gross,
				"reference_no": facts["name"],
				"reference_date": facts["date"],
				"cost_center": _require(mapping.cost_center, "Set the cost centre in LPN ERPNext Settings"),
				"remarks": remark,
			},
			ext_id,
		)
	return _stamp(
		{
			"doctype": JOURNAL_ENTRY,
			**_common(mapping),
			"docstatus": 1,
			"voucher_type": "Journal Entry",
			"posting_date": facts["date"],
			"cheque_no": facts["name"],
			"cheque_date": facts["date"],
			"user_remark": remark,
			"accounts": journal_lines(facts, mapping),
		},
		ext_id,
	)


def refund_doc(facts: dict, mapping: Mapping, ext_id: str) -> dict:
	"""A partial refund as its own Journal Entry: the refunded amount out of income, back from clearing."""
	lines = journal_lines({**facts, "fee": 0}, mapping)
	return _stamp(
		{
			"doctype": JOURNAL_ENTRY,
			**_common(mapping),
			"docstatus": 1,
			"voucher_type": "Journal Entry",
			"posting_date": facts["date"],
			"cheque_no": facts["name"],
			"cheque_date": facts["date"],
			"user_remark": f"Refund of {facts['name']}",
			"accounts": reverse_lines(lines),
		},
		ext_id,
	)


def reverse_lines(lines: list[dict]) -> list[dict]:
	"""The same accounts with debit and credit swapped: the entry that undoes `lines`."""
	return [
		{
			**line,
			"debit_in_account_currency": line.get("credit_in_account_currency", 0),
			"credit_in_account_currency": line.get("debit_in_account_currency", 0),
		}
		for line in lines
	]


def reversing_doc(original: dict, ext_id: str, posting_date: str) -> dict:
	"""Where the remote will not cancel (a closed period, a linked payment): an entry that reverses it."""
	if original.get("doctype") == SALES_INVOICE:
		return _stamp(
			{
				**{k: v for k, v in original.items() if k != EXTERNAL_ID_FIELD},
				"is_return": 1,
				"posting_date": posting_date,
				"items": [{**item, "qty": -_money(item["qty"])} for item in original["items"]],
			},
			ext_id,
		)
	return _stamp(
		{
			**{k: v for k, v in original.items() if k not in (EXTERNAL_ID_FIELD, "accounts")},
			"posting_date": posting_date,
			"user_remark": f"Reversal of {original.get('cheque_no') or ''}".strip(),
			"accounts": reverse_lines(original.get("accounts") or []),
		},
		ext_id,
	)


def sales_invoice(facts: dict, mapping: Mapping, ext_id: str, customer: str | None = None) -> dict:
	"""A sale as a submitted Sales Invoice (the walk-in customer when the sale names none)."""
	income = _require(mapping.sales_income_account, "Set the sales income account in LPN ERPNext Settings")
	items = []
	for line in facts["items"]:
		item = mapping.items.get(line["product"]) or mapping.default_item
		_require(item, "Map an ERPNext item for product {0} in LPN ERPNext Settings", line["product"])
		items.append(
			{
				"item_code": item,
				"item_name": line.get("product_name") or line["product"],
				"qty": _money(line["qty"]),
				"rate": _money(line["rate"]),
				"amount": _money(line["amount"]),
				"income_account": income,
				"cost_center": _require(mapping.cost_center, "Set the cost centre in LPN ERPNext Settings"),
			}
		)
	party = customer or _require(mapping.default_customer, "Set the walk-in customer in LPN ERPNext Settings")
	return _stamp(
		{
			"doctype": SALES_INVOICE,
			**_common(mapping),
			"docstatus": 1,
			"customer": party,
			"posting_date": facts["date"],
			"remarks": f"{facts['name']} ({facts.get('channel') or ''})",
			"items": items,
		},
		ext_id,
	)


def balance_of(lines: list[dict]) -> Decimal:
	"""Debits minus credits: zero for an entry ERPNext accepts."""
	return sum(
		(
			_money(line.get("debit_in_account_currency")) - _money(line.get("credit_in_account_currency"))
			for line in lines
		),
		Decimal(0),
	)
