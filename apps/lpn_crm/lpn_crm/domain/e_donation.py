"""Rows for the Thai Revenue Department's e-Donation export, and who belongs in it."""

import csv
import io
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from datetime import date

from lpn_crm.domain.errors import DomainError
from lpn_crm.domain.money import MoneyError, from_minor_units, require_positive, to_decimal, to_minor_units
from lpn_crm.domain.thai_dates import buddhist_year
from lpn_crm.domain.thai_id import InvalidThaiID, validate_thai_id

EDONATION_COLUMNS = ("donor_tax_id", "donor_name", "amount", "donation_date")


class EDonationError(DomainError):
	"""A donation that cannot be written as an e-Donation row."""


@dataclass(frozen=True)
class EDonationRow:
	"""One e-Donation line, every field already formatted as the export writes it."""

	donor_tax_id: str
	donor_name: str
	amount: str
	donation_date: str

	@classmethod
	def build(cls, tax_id: str, name: str, amount: object, donation_date: date) -> "EDonationRow":
		"""Validate and format one donation; InvalidThaiID, MoneyError or EDonationError if it cannot be."""
		donor_name = " ".join(name.split()) if isinstance(name, str) else ""
		if not donor_name:
			raise EDonationError("The donor's name is required for e-Donation")
		require_positive(amount)
		# Exactly the satang on the document: to_minor_units refuses to round 10.005 away.
		baht = from_minor_units(to_minor_units(amount, "THB"), "THB")
		return cls(
			donor_tax_id=validate_thai_id(tax_id, allow_leading_zero=True),
			donor_name=donor_name,
			amount=f"{baht:f}",
			donation_date=f"{donation_date.day:02d}/{donation_date.month:02d}/{buddhist_year(donation_date)}",
		)

	def as_tuple(self) -> tuple[str, str, str, str]:
		"""The fields in EDONATION_COLUMNS order."""
		return astuple(self)


def edonation_row(tax_id: str, name: str, amount: object, donation_date: date) -> tuple[str, str, str, str]:
	"""One export row: (13-digit ID, name, "1500.00", "26/11/2569" in the Buddhist Era).

	The name is stripped and its inner whitespace collapsed (a line break would split the row).
	"""
	return EDonationRow.build(tax_id, name, amount, donation_date).as_tuple()


def eligibility(tax_id: str | None, consent: bool, amount: object, is_in_kind: bool) -> tuple[bool, str]:
	"""Whether a donation goes into the e-Donation export, and if not, why, in one English sentence.

	It needs a cash amount above zero, the donor's consent to report it and a valid Thai ID number.
	consent and is_in_kind are read for truth, so Frappe's 0/1 Check values work.
	"""
	if is_in_kind:
		return False, "In-kind gifts are not reported through e-Donation."
	try:
		positive = to_decimal(amount) > 0
	except MoneyError:
		positive = False
	if not positive:
		return False, "Only gifts of more than zero baht are reported."
	if not consent:
		return False, "The donor has not agreed to have the gift reported to the Revenue Department."
	if not tax_id or not str(tax_id).strip():
		return False, "The donor has no Thai ID number."
	try:
		validate_thai_id(tax_id, allow_leading_zero=True)
	except InvalidThaiID as error:
		reason = f"The donor's Thai ID number is not valid: {error}"
		return False, reason if reason.endswith(("?", ".")) else reason + "."
	return True, ""


def to_csv(rows: Iterable[tuple | EDonationRow]) -> str:
	"""The export as CSV text: a header of EDONATION_COLUMNS, then the rows, CRLF line ends.

	The caller encodes it (UTF-8); a byte-order mark, if the upload needs one, is the caller's choice.
	"""
	buffer = io.StringIO(newline="")
	writer = csv.writer(buffer, lineterminator="\r\n")
	writer.writerow(EDONATION_COLUMNS)
	for row in rows:
		fields = row.as_tuple() if isinstance(row, EDonationRow) else tuple(row)
		if len(fields) != len(EDONATION_COLUMNS):
			raise EDonationError(
				"An e-Donation row has {0} fields, not {1}", len(EDONATION_COLUMNS), len(fields)
			)
		writer.writerow(fields)
	return buffer.getvalue()
