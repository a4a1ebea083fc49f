# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document

from lpn_crm.domain import campaigns as rules
from lpn_crm.fundraising.campaigns import raise_rule


class LPNCampaignTemplate(Document):
	def validate(self):
		with raise_rule():
			rules.check_goal(self.goal)
			rules.parse_amounts(self.suggested_amounts)
