"""Serve the ERPNext stand-in site (`python -m lpn_crm.tests.erpnext_standin_server SITE PORT`, from the
bench's sites folder): `bench serve`'s server, with Server Scripts on in this process only.

The stand-in's ERPNext rules (a Journal Entry balances) are Server Scripts; Frappe runs them only when the
bench-wide config allows it, which would switch them on for every site of the bench. This process allows
them for the one site it serves, and the bench's config stays as it is.
"""

import sys

import frappe.app
import frappe.core.doctype.server_script.server_script as server_script
import frappe.utils.safe_exec as safe_exec


def _enabled() -> bool:
	return True


def main(site: str, port: int) -> None:
	safe_exec.is_safe_exec_enabled = _enabled
	server_script.is_safe_exec_enabled = _enabled
	frappe.app.serve(port=port, no_reload=True, site=site, sites_path=".")


if __name__ == "__main__":
	main(sys.argv[1], int(sys.argv[2]))
