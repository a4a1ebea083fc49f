def get_context(context):
	"""The public volunteer application: the fields are the web form's; the controller starts every
	application at Applied with no login (LPNVolunteer.start_applications_at_applied)."""
	return context
