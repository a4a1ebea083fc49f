app_name = "lpn_crm"
app_title = "LPN CRM"
app_publisher = "Labour Protection Network"
app_description = "Volunteer, donor and fundraising CRM of the Labour Protection Network"
app_email = "it@lpnfoundation.org"
app_license = "AGPL-3.0-or-later"

# Field lists at the top of every controller, so readers and type checkers see a doctype's shape.
export_python_type_annotations = True

before_install = "lpn_crm.setup.install.before_install"
after_install = [
	"lpn_crm.setup.install.after_install",
	"lpn_crm.volunteering.setup.after_install",
	"lpn_crm.sponsorship.setup.after_install",
]
after_migrate = [
	"lpn_crm.setup.install.after_migrate",
	"lpn_crm.volunteering.setup.after_migrate",
	"lpn_crm.sponsorship.setup.after_migrate",
]
before_uninstall = "lpn_crm.setup.install.before_uninstall"

# Row-level access for logged-in donors: one condition for lists and single documents.
permission_query_conditions = {
	"LPN Donor": "lpn_crm.fundraising.permissions.query_conditions",
	"LPN Donation": "lpn_crm.fundraising.permissions.query_conditions",
	"LPN Receipt": "lpn_crm.fundraising.permissions.query_conditions",
	"LPN Recurring Donation": "lpn_crm.fundraising.permissions.query_conditions",
	"LPN Donor Consent": "lpn_crm.fundraising.permissions.query_conditions",
	# volunteers: their own record and bookings, open shifts (lpn_crm.volunteering.permissions)
	"LPN Volunteer": "lpn_crm.volunteering.permissions.query_conditions",
	"LPN Shift Booking": "lpn_crm.volunteering.permissions.query_conditions",
	"LPN Clinic Shift": "lpn_crm.volunteering.permissions.query_conditions",
	# children, sponsorships, updates: coordinators all; fundraising staff sponsorships and a child's level 0;
	# sponsors only through the portal (lpn_crm.sponsorship.permissions)
	"LPN Child": "lpn_crm.sponsorship.permissions.query_conditions",
	"LPN Sponsorship": "lpn_crm.sponsorship.permissions.query_conditions",
	"LPN Sponsor Update": "lpn_crm.sponsorship.permissions.query_conditions",
}
has_permission = {
	"LPN Donor": "lpn_crm.fundraising.permissions.has_permission",
	"LPN Donation": "lpn_crm.fundraising.permissions.has_permission",
	"LPN Receipt": "lpn_crm.fundraising.permissions.has_permission",
	"LPN Recurring Donation": "lpn_crm.fundraising.permissions.has_permission",
	"LPN Volunteer": "lpn_crm.volunteering.permissions.has_permission",
	"LPN Shift Booking": "lpn_crm.volunteering.permissions.has_permission",
	"LPN Clinic Shift": "lpn_crm.volunteering.permissions.has_permission",
	"LPN Child": "lpn_crm.sponsorship.permissions.has_permission",
	"LPN Sponsorship": "lpn_crm.sponsorship.permissions.has_permission",
	"LPN Sponsor Update": "lpn_crm.sponsorship.permissions.has_permission",
}
# Frappe's generic reads step around the conditions above (get_count checks nothing; a link search with
# ignore_user_permissions drops them): the app's doctypes go through permission-aware stand-ins.
override_whitelisted_methods = {
	"frappe.client.get_count": "lpn_crm.api.reads.get_count",
	"frappe.desk.search.search_link": "lpn_crm.api.reads.search_link",
	"frappe.desk.search.search_widget": "lpn_crm.api.reads.search_widget",
	"frappe.desk.listview.get_group_by_count": "lpn_crm.api.reads.get_group_by_count",
}

# Log Settings clears Processed and Ignored Stripe events after this many days (staff change it there).
default_log_clearing_doctypes = {"LPN Stripe Event": 90}

scheduler_events = {
	"daily_long": [
		"lpn_crm.fundraising.rollups.nightly_rollups",
		"lpn_crm.fundraising.recurring.daily_lapse_check",
	],
	# The donate form's drafts that never reached payment (LPN Stripe Settings says after how long).
	"daily": [
		"lpn_crm.lpn_payments.checkout.delete_abandoned_checkouts",
		# volunteers whose licence or safeguarding training expires in 30 days
		"lpn_crm.volunteering.reminders.credential_alerts",
		# sponsorship: holds past their last day lapse; arrears reminders at 1, 2, 3 missed months
		"lpn_crm.sponsorship.holds.lapse_holds",
		"lpn_crm.sponsorship.reminders.send_arrears_reminders",
		# PDPA exports whose download link has expired: their files are deleted (the request stays logged)
		"lpn_crm.fundraising.privacy.delete_expired_exports",
	],
	# Failed Stripe events come back on their backoff schedule (15 min doubling, at most a day).
	# ERPNext outbox: jobs whose backoff has passed, and any a finished drain left behind.
	"cron": {"*/5 * * * *": ["lpn_crm.lpn_integrations.sync.scheduled_drain"]},
	"hourly": [
		"lpn_crm.lpn_payments.processing.retry_failed_events",
		# clinic shifts: reminders 48 h and 24 h before, coverage alerts 72 h before
		"lpn_crm.volunteering.reminders.shift_reminders",
		"lpn_crm.volunteering.reminders.coverage_alerts",
		# ended shifts become Completed (their confirmed bookings wait for the coordinator's attendance)
		"lpn_crm.volunteering.shifts.complete_past_shifts",
	],
}

jinja = {
	"methods": [
		"lpn_crm.domain.amount_words.baht_text",
		"lpn_crm.domain.amount_words.burmese_baht_text",
		"lpn_crm.domain.amount_words.english_amount_words",
		"lpn_crm.domain.thai_dates.format_date_for",
		"lpn_crm.domain.thai_dates.buddhist_year",
		# Recipients of the staff alert Notifications (fundraising/notification): {{ staff_alert_recipients() }}
		"lpn_crm.fundraising.settings.staff_alert_recipients",
		"lpn_crm.fundraising.statements.annual_statement",
		# the donation's print format shows its receipt (templates/print/receipt.html)
		"lpn_crm.fundraising.receipts.receipt_for_print",
	],
}
# the period filters of the date-range reports (Top Donors, Donations Analysis)
app_include_js = ["/assets/lpn_crm/js/lpn_report_periods.js"]

before_tests = "lpn_crm.tests.setup.before_tests"

# A guest's pages follow the language they chose with the switch (Frappe's preferred_language cookie).
before_request = ["lpn_crm.i18n.set_visitor_language"]

# A donor who logs in with the email LPN has for them is linked to their donor record.
on_session_creation = "lpn_crm.fundraising.donors.link_donor_to_user"

doc_events = {
	# LPN's staff land on the LPN workspace, with Frappe's admin modules hidden (lpn_crm.setup.desk)
	"User": {"before_validate": "lpn_crm.setup.desk.set_staff_home"},
	# photos of children: private, EXIF / GPS removed (lpn_crm.sponsorship.photos)
	"File": {"after_insert": "lpn_crm.sponsorship.photos.protect_upload"},
	# a child's record is never shared outside the coordinators
	"DocShare": {"validate": "lpn_crm.sponsorship.permissions.refuse_sharing"},
}

# A sponsor refused anything about a child gets a plain "Not permitted", and the attempt is recorded.
after_request = ["lpn_crm.sponsorship.access.after_request"]

# The ERPNext sync status on each record that is sent there.
doctype_js = {
	"LPN Donation": "public/js/erpnext_sync_status.js",
	"LPN Donor": "public/js/erpnext_sync_status.js",
	"LPN Sale": "public/js/erpnext_sync_status.js",
}

# Public campaign pages: /campaigns/<slug> and a supporter's /campaigns/<slug>/<supporter> (www/campaigns).
website_route_rules = [
	{"from_route": "/campaigns/<slug>", "to_route": "campaigns/campaign"},
	{"from_route": "/campaigns/<slug>/<supporter>", "to_route": "campaigns/supporter"},
	{"from_route": "/my-sponsorships", "to_route": "my_sponsorships"},
	{"from_route": "/my-sponsorships/<name>", "to_route": "my_sponsorships/sponsorship"},
]

portal_menu_items = [
	{
		"title": "My Sponsorships",
		"route": "/my-sponsorships",
		"reference_doctype": "LPN Sponsorship",
		"role": "LPN Sponsor",
	},
	{
		"title": "My Donations",
		"route": "/my-donations",
		"reference_doctype": "LPN Donation",
		"role": "LPN Donor",
	},
	{
		"title": "My Shifts",
		"route": "/volunteer/shifts",
		"reference_doctype": "LPN Shift Booking",
		"role": "LPN Volunteer",
	},
]
