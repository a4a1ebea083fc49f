"""The roles lpn_crm brings, in one place: install, tests and permissions read them from here."""

FUNDRAISING_MANAGER = "LPN Fundraising Manager"
FUNDRAISING_USER = "LPN Fundraising User"
SPONSORSHIP_COORDINATOR = "LPN Sponsorship Coordinator"
CLINIC_COORDINATOR = "LPN Clinic Coordinator"
VOLUNTEER = "LPN Volunteer"
SPONSOR = "LPN Sponsor"
DONOR = "LPN Donor"

# role name -> desk access. Volunteers, sponsors and donors are website users: portal pages only.
ROLES: dict[str, bool] = {
	FUNDRAISING_MANAGER: True,
	FUNDRAISING_USER: True,
	SPONSORSHIP_COORDINATOR: True,
	CLINIC_COORDINATOR: True,
	VOLUNTEER: False,
	SPONSOR: False,
	DONOR: False,
}

STAFF_ROLES = tuple(role for role, desk in ROLES.items() if desk)
