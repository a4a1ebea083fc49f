# Copyright (c) 2026, Labour Protection Network

from frappe.model.document import Document
from frappe.utils import getdate

from lpn_crm.domain import campaigns as rules
from lpn_crm.fundraising.campaigns import raise_rule, unique_slug


class LPNCampaign(Document):
	def validate(self):
		with raise_rule():
			rules.check_goal(self.goal)
			rules.check_dates(
				getdate(self.start_date) if self.start_date else None,
				getdate(self.end_date) if self.end_date else None,
			)
			rules.parse_amounts(self.suggested_amounts)
			self.slug = rules.check_slug(self.slug or rules.slugify(self.title))
		unique_slug("LPN Campaign", self.slug, self.name)
		self.set_percent_of_goal()

	def set_percent_of_goal(self):
		self.percent_of_goal = rules.percent_of_goal(self.raised or 0, self.goal)
