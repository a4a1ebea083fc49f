"""Submitted sales between two dates by product, producer group, channel or month, with the margin where
the cost is known. Sales income only: a buyer's added gift is a donation and is not counted here."""

import frappe
from frappe import _
from frappe.utils import flt, get_first_day, getdate, today

from lpn_crm.domain.sales import margin
from lpn_crm.fundraising.report_columns import column

GROUPS = {
	"Product": ("item.product", {"fieldtype": "Link", "options": "LPN Product"}),
	"Producer Group": ("product.producer_group", {"fieldtype": "Data"}),
	"Channel": ("sale.channel", {"fieldtype": "Data"}),
	"Month": ("date_format(sale.sale_date, '%%Y-%%m')", {"fieldtype": "Data"}),
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	grouping = filters.group_by if filters.group_by in GROUPS else "Product"
	data = rows(grouping, filters)
	return columns(grouping), data, None, chart(data)


def rows(grouping: str, filters: frappe._dict) -> list[dict]:
	key = GROUPS[grouping][0]
	label = "max(product.product_name)" if grouping == "Product" else key
	conditions = ["sale.docstatus = 1", "sale.sale_date between %(from_date)s and %(to_date)s"]
	values = {
		"from_date": getdate(filters.from_date or get_first_day(today())),
		"to_date": getdate(filters.to_date or today()),
	}
	for field, column_name in (("producer_group", "product.producer_group"), ("channel", "sale.channel")):
		if filters.get(field):
			conditions.append(f"{column_name} = %({field})s")
			values[field] = filters[field]
	found = frappe.db.sql(
		f"""select {key} as group_key, {label} as label, sum(item.qty) as qty, count(distinct sale.name) as sales,
			sum(item.amount) as revenue,
			sum(case when item.cost > 0 then item.amount else 0 end) as costed_revenue,
			sum(case when item.cost > 0 then item.cost * item.qty else 0 end) as cost,
			sum(case when item.cost > 0 then 1 else 0 end) as costed_lines
		from `tabLPN Sale Item` item
		join `tabLPN Sale` sale on sale.name = item.parent and item.parenttype = 'LPN Sale'
		join `tabLPN Product` product on product.name = item.product
		where {" and ".join(conditions)}
		group by group_key
		order by revenue desc""",
		values,
		as_dict=True,
	)
	for row in found:
		row.label = row.label or _("(none)")
		if row.costed_lines:
			value, percent = margin(row.costed_revenue, row.cost)
			row.margin, row.margin_percent = flt(value), flt(percent) if percent is not None else None
		else:
			row.cost = row.margin = row.margin_percent = None
		row.revenue, row.qty = flt(row.revenue), flt(row.qty)
	return found


def columns(grouping: str) -> list[dict]:
	return [
		column("label", _(grouping), width=200),
		column("sales", _("Sales"), "Int", 90),
		column("qty", _("Qty"), "Float", 90),
		column("revenue", _("Revenue"), "Currency", 130),
		column("cost", _("Cost"), "Currency", 120),
		column("margin", _("Margin"), "Currency", 120),
		column("margin_percent", _("Margin %"), "Percent", 100),
	]


def chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row.label for row in data],
			"datasets": [{"name": _("Revenue"), "values": [flt(row.revenue) for row in data]}],
		},
		"type": "bar",
	}
