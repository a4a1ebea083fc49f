"""Columns the fundraising reports share, built per request so labels follow the user's language."""

from frappe import _


def column(fieldname: str, label: str, fieldtype: str = "Data", width: int = 120, **extra) -> dict:
	return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **extra}


def donor_columns(*, phone: bool = True) -> list[dict]:
	"""Who the donor is and how to reach them: the first columns of every donor list."""
	columns = [
		column("donor", _("Donor"), "Link", 120, options="LPN Donor"),
		column("donor_name", _("Donor Name"), width=200),
		column("email", _("Email"), width=200),
	]
	if phone:
		columns.append(column("phone", _("Phone"), width=130))
	return columns
