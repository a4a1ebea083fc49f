"""A second real Frappe site on the same bench standing in for ERPNext, served over HTTP.

ERPNext cannot be installed here. The stand-in carries, as custom doctypes, the target doctypes' key fields
and rules: Account and Item (so a wrong mapping is refused as ERPNext refuses it), Customer, Journal Entry
with an accounts table that must balance, Payment Entry, Sales Invoice with items (both submittable), and
the unique external-id field on each. Rules ERPNext writes in Python are Server Scripts here. The sync
talks to it with an API key and secret of a user made for it, as it would to ERPNext.

`StandIn.start()` makes the site if the bench lacks it (a few minutes, once), sets it up (idempotent),
serves it (erpnext_standin_server: `bench serve`'s server) on a free port and returns once it answers; `stop()` and `start()` again
take it down and bring it back on the same port (the "ERPNext is down" cases).
"""

import os
import socket
import subprocess
import time

import requests
from frappe.frappeclient import FrappeClient

from lpn_crm.domain.erpnext_sync import EXTERNAL_ID_FIELD

DEFAULT_SITE = "lpn-erp-erpnext.localhost"
ADMIN_PASSWORD = "admin"
API_USER = "lpn-sync@erp.test"
COMPANY = "LPN Foundation"
ACCOUNTS = (
	"Donations - General Fund - LPN",
	"Donations - Education Fund - LPN",
	"Donations - Other - LPN",
	"Sales - Social Enterprise - LPN",
	"Stripe Clearing - LPN",
	"Stripe Fees - LPN",
	"Cash and Bank - LPN",
)
ITEMS = ("SE-GOODS", "SE-SCARF", "SE-BAG")
COST_CENTER = "Main - LPN"
CUSTOMER_GROUP = "Donors"
WALK_IN = "Walk-in Customer"


def _field(fieldname, fieldtype, **kw):
	return {
		"fieldname": fieldname,
		"fieldtype": fieldtype,
		"label": fieldname.replace("_", " ").title(),
		**kw,
	}


def _ext_id():
	return _field(EXTERNAL_ID_FIELD, "Data", unique=1, read_only=1, no_copy=1, search_index=1)


def _perm(spec: dict) -> list[dict]:
	if spec.get("istable"):
		return []
	rights = {"role": "System Manager", "read": 1, "write": 1, "create": 1, "delete": 1}
	if spec.get("is_submittable"):
		rights.update(submit=1, cancel=1, amend=1)
	return [rights]


# name -> the DocType document (without doctype/name), in the order they must be made.
DOCTYPES = {
	"Account": {
		"autoname": "field:account_name",
		"fields": [_field("account_name", "Data", reqd=1, unique=1)],
	},
	"Item": {"autoname": "field:item_code", "fields": [_field("item_code", "Data", reqd=1, unique=1)]},
	"Customer": {
		"autoname": "hash",
		"fields": [
			_field("customer_name", "Data", reqd=1),
			_field("customer_type", "Select", options="Individual\nCompany"),
			_field("customer_group", "Data", reqd=1),
			_field("email_id", "Data"),
			_ext_id(),
		],
	},
	"Journal Entry Account": {
		"istable": 1,
		"fields": [
			_field("account", "Link", options="Account", reqd=1),
			_field("debit_in_account_currency", "Currency"),
			_field("credit_in_account_currency", "Currency"),
			_field("cost_center", "Data"),
		],
	},
	"Journal Entry": {
		"autoname": "hash",
		"is_submittable": 1,
		"fields": [
			_field("company", "Data", reqd=1),
			_field("voucher_type", "Data"),
			_field("posting_date", "Date", reqd=1),
			_field("cheque_no", "Data"),
			_field("cheque_date", "Date"),
			_field("user_remark", "Small Text"),
			_field("accounts", "Table", options="Journal Entry Account", reqd=1),
			_field("total_debit", "Currency", read_only=1),
			_field("total_credit", "Currency", read_only=1),
			_ext_id(),
			_field("amended_from", "Link", options="Journal Entry", read_only=1),
		],
	},
	"Payment Entry": {
		"autoname": "hash",
		"is_submittable": 1,
		"fields": [
			_field("company", "Data", reqd=1),
			_field("payment_type", "Select", options="Receive\nPay"),
			_field("posting_date", "Date", reqd=1),
			_field("party_type", "Data"),
			_field("party", "Link", options="Customer", reqd=1),
			_field("paid_from", "Link", options="Account", reqd=1),
			_field("paid_to", "Link", options="Account", reqd=1),
			_field("paid_amount", "Currency"),
			_field("received_amount", "Currency"),
			_field("reference_no", "Data"),
			_field("reference_date", "Date"),
			_field("cost_center", "Data"),
			_field("remarks", "Small Text"),
			_ext_id(),
			_field("amended_from", "Link", options="Payment Entry", read_only=1),
		],
	},
	"Sales Invoice Item": {
		"istable": 1,
		"fields": [
			_field("item_code", "Link", options="Item", reqd=1),
			_field("item_name", "Data"),
			_field("qty", "Float"),
			_field("rate", "Currency"),
			_field("amount", "Currency"),
			_field("income_account", "Link", options="Account", reqd=1),
			_field("cost_center", "Data"),
		],
	},
	"Sales Invoice": {
		"autoname": "hash",
		"is_submittable": 1,
		"fields": [
			_field("company", "Data", reqd=1),
			_field("customer", "Link", options="Customer", reqd=1),
			_field("posting_date", "Date", reqd=1),
			_field("is_return", "Check"),
			_field("remarks", "Small Text"),
			_field("items", "Table", options="Sales Invoice Item", reqd=1),
			_field("grand_total", "Currency", read_only=1),
			_ext_id(),
			_field("amended_from", "Link", options="Sales Invoice", read_only=1),
		],
	},
}

# ERPNext's own rules, as Server Scripts: a Journal Entry balances, and one of a closed period (before 2020)
# cannot be cancelled; an invoice's amounts are qty x rate.
SCRIPTS = {
	"LPN Stand-in Journal Entry Balances": (
		"Journal Entry",
		"Before Validate",
		"""debit = sum([frappe.utils.flt(row.debit_in_account_currency) for row in doc.accounts])
credit = sum([frappe.utils.flt(row.credit_in_account_currency) for row in doc.accounts])
if abs(debit - credit) > 0.005:
    frappe.throw("Total Debit must be equal to Total Credit. The difference is " + str(debit - credit))
doc.total_debit = debit
doc.total_credit = credit
""",
	),
	"LPN Stand-in Closed Period": (
		"Journal Entry",
		"Before Cancel",
		"""if str(doc.posting_date) < "2020-01-01":
    frappe.throw("Cannot cancel: the accounting period up to 2019-12-31 is closed")
""",
	),
	"LPN Stand-in Sales Invoice Totals": (
		"Sales Invoice",
		"Before Validate",
		"""total = 0
for row in doc.items:
    row.amount = frappe.utils.flt(row.qty) * frappe.utils.flt(row.rate)
    total = total + row.amount
if not doc.is_return and total <= 0:
    frappe.throw("Grand Total must be greater than zero")
doc.grand_total = total
""",
	),
}


def free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


class StandIn:
	def __init__(self, bench_path: str, site: str | None = None, port: int | None = None):
		self.bench_path = bench_path
		self.site = site or os.environ.get("LPN_ERP_SITE") or DEFAULT_SITE
		self.port = port or free_port()
		self.url = f"http://127.0.0.1:{self.port}"
		self.process = None
		self.api_key = self.api_secret = None

	def _bench(self, *args: str, timeout: int = 900) -> None:
		subprocess.run(
			["bench", *args], cwd=self.bench_path, check=True, capture_output=True, timeout=timeout
		)

	def ensure_site(self) -> None:
		if not os.path.exists(os.path.join(self.bench_path, "sites", self.site, "site_config.json")):
			self._bench(
				"new-site",
				self.site,
				"--admin-password",
				ADMIN_PASSWORD,
				"--db-root-username",
				os.environ.get("LPN_DB_ADMIN", "lpn_dbadmin"),
				"--db-root-password",
				os.environ.get("LPN_DB_ADMIN_PASSWORD", "lpn-dbadmin"),
			)

	def start(self) -> "StandIn":
		if self.process is None:
			log = open(os.path.join(self.bench_path, "logs", f"standin-{self.port}.log"), "ab")
			self.process = subprocess.Popen(
				[
					os.path.join(self.bench_path, "env", "bin", "python"),
					"-m",
					"lpn_crm.tests.erpnext_standin_server",
					self.site,
					str(self.port),
				],
				cwd=os.path.join(self.bench_path, "sites"),
				stdout=log,
				stderr=subprocess.STDOUT,
				start_new_session=True,
			)
		deadline = time.monotonic() + 90
		while time.monotonic() < deadline:
			try:
				if requests.get(f"{self.url}/api/method/ping", timeout=2).ok:
					return self
			except requests.RequestException:
				pass
			if self.process.poll() is not None:
				raise RuntimeError(f"bench serve of {self.site} exited ({self.process.returncode})")
			time.sleep(0.2)  # polling a starting server, bounded by the deadline
		raise RuntimeError(f"{self.site} did not answer on {self.url} within 90 s")

	def stop(self) -> None:
		if self.process is not None:
			os.killpg(self.process.pid, 15)
			self.process.wait(timeout=30)
			self.process = None

	def admin(self) -> FrappeClient:
		return FrappeClient(self.url, "Administrator", ADMIN_PASSWORD)

	def set_up(self) -> "StandIn":
		"""The doctypes, rules, master data and an API user with keys; running it again changes nothing."""
		admin = self.admin()
		for name, spec in DOCTYPES.items():
			if not admin.get_list("DocType", filters={"name": name}):
				admin.insert(
					{
						"doctype": "DocType",
						"name": name,
						"module": "Custom",
						"custom": 1,
						"permissions": _perm(spec),
						**spec,
					}
				)
		for name, (doctype, event, script) in SCRIPTS.items():
			if admin.get_list("Server Script", filters={"name": name}):
				admin.set_value("Server Script", name, "script", script)
			else:
				admin.insert(
					{
						"doctype": "Server Script",
						"name": name,
						"script_type": "DocType Event",
						"reference_doctype": doctype,
						"doctype_event": event,
						"script": script,
					}
				)
		for account in ACCOUNTS:
			if not admin.get_list("Account", filters={"name": account}):
				admin.insert({"doctype": "Account", "account_name": account})
		for item in ITEMS:
			if not admin.get_list("Item", filters={"name": item}):
				admin.insert({"doctype": "Item", "item_code": item})
		if not admin.get_list("Customer", filters={EXTERNAL_ID_FIELD: WALK_IN}):
			admin.insert(
				{
					"doctype": "Customer",
					"customer_name": WALK_IN,
					"customer_group": "Walk-in",
					EXTERNAL_ID_FIELD: WALK_IN,
				}
			)
		if not admin.get_list("User", filters={"name": API_USER}):
			admin.insert(
				{
					"doctype": "User",
					"email": API_USER,
					"first_name": "LPN Sync",
					"send_welcome_email": 0,
					"roles": [{"role": "System Manager"}],
				}
			)
		self.api_secret = admin.post_api("frappe.core.doctype.user.user.generate_keys", {"user": API_USER})[
			"api_secret"
		]
		self.api_key = admin.get_value("User", "api_key", {"name": API_USER})["api_key"]
		return self

	def walk_in_customer(self) -> str:
		return self.admin().get_list("Customer", filters={EXTERNAL_ID_FIELD: WALK_IN})[0]["name"]

	def documents(self, doctype: str, external_ids: list[str]) -> list[dict]:
		"""Every remote document carrying one of these ids (more than one per id would be a double)."""
		return self.admin().get_list(
			doctype,
			fields=["name", "docstatus", EXTERNAL_ID_FIELD],
			filters=[[EXTERNAL_ID_FIELD, "in", external_ids]],
			limit_page_length=len(external_ids) * 2 + 10,
		)

	def get(self, doctype: str, name: str) -> dict:
		return self.admin().get_doc(doctype, name)
