"""Giving without the online form: LPN's bank account and PromptPay QR, from LPN Fundraising Settings."""

import base64
import io

from frappe import _

from lpn_crm.domain.promptpay import PromptPayError, promptpay_payload
from lpn_crm.fundraising.settings import get_settings


def offline_giving() -> dict | None:
	"""What the donate page shows for a bank transfer or a PromptPay scan; None when nothing is set."""
	settings = get_settings()
	if not (settings.bank_account_number or settings.promptpay_id):
		return None
	return {
		"bank_name": _(settings.bank_name) if settings.bank_name else "",
		"account_name": settings.bank_account_name or settings.organisation_name,
		"account_number": settings.bank_account_number,
		"promptpay_id": settings.promptpay_id,
		"promptpay_qr": promptpay_qr(settings.promptpay_id),
	}


def promptpay_qr(promptpay_id: str) -> str:
	"""The PromptPay QR of the ID as an SVG data URI (any amount), or "" when the ID is not a PromptPay ID."""
	if not promptpay_id:
		return ""
	import pyqrcode

	try:
		payload = promptpay_payload(promptpay_id)
	except PromptPayError:
		return ""
	buffer = io.BytesIO()
	pyqrcode.create(payload, error="M").svg(buffer, scale=5, xmldecl=False, svgns=True)
	return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
