"""PromptPay QR payloads (Thai QR Payment, EMVCo merchant-presented mode), for the donate page's bank block.

A PromptPay ID is a Thai mobile number (10 digits, 0 then 9) or a 13-digit national / taxpayer ID. The payload
is a row of tag-length-value fields ending with a CRC-16/CCITT-FALSE checksum; any Thai banking app reads it.
"""

from decimal import Decimal

from lpn_crm.domain.errors import DomainError

PROMPTPAY_AID = "A000000677010111"


class PromptPayError(DomainError):
	"""Text that is not a PromptPay ID."""


def _field(tag: str, value: str) -> str:
	return f"{tag}{len(value):02d}{value}"


def crc16(data: str) -> str:
	"""CRC-16/CCITT-FALSE (polynomial 0x1021, start 0xFFFF) of the text, as four upper-case hex digits."""
	crc = 0xFFFF
	for byte in data.encode("ascii"):
		crc ^= byte << 8
		for _ in range(8):
			crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
			crc &= 0xFFFF
	return f"{crc:04X}"


def promptpay_target(raw: str) -> tuple[str, str]:
	"""(sub-tag, value) of a PromptPay ID: 01 and 0066 + the number without its 0 for a phone, 02 for an ID."""
	digits = "".join(ch for ch in (raw or "") if ch not in " -")
	if not (digits.isascii() and digits.isdigit()):
		raise PromptPayError("{0} is not a PromptPay ID: use a mobile number or a 13-digit tax ID", repr(raw))
	if len(digits) == 10 and digits.startswith("0"):
		return "01", "0066" + digits[1:]
	if len(digits) == 13:
		return "02", digits
	raise PromptPayError("{0} is not a PromptPay ID: use a mobile number or a 13-digit tax ID", repr(raw))


def promptpay_payload(raw_id: str, amount: Decimal | None = None) -> str:
	"""The QR text paying `raw_id` in baht: reusable (any amount) without `amount`, one-time with it."""
	sub_tag, value = promptpay_target(raw_id)
	parts = [
		_field("00", "01"),
		_field("01", "12" if amount else "11"),
		_field("29", _field("00", PROMPTPAY_AID) + _field(sub_tag, value)),
		_field("58", "TH"),
		_field("53", "764"),
	]
	if amount:
		parts.append(_field("54", f"{Decimal(amount):.2f}"))
	body = "".join(parts) + "6304"
	return body + crc16(body)
