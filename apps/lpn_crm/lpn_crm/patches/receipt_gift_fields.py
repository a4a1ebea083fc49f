"""Receipts issued before they carried their gift's fund, campaign, method and in-kind text get them."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabLPN Receipt` r join `tabLPN Donation` d on d.name = r.donation
		set r.fund = d.fund, r.campaign = d.campaign, r.payment_method = d.payment_method,
			r.is_in_kind = d.is_in_kind, r.in_kind_description = d.in_kind_description
		where r.fund is null"""
	)
