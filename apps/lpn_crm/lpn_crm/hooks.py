app_name = "lpn_crm"
app_title = "LPN CRM"
app_publisher = "Labour Protection Network"
app_description = "Volunteer, donor and fundraising CRM of the Labour Protection Network"
app_email = "it@lpnfoundation.org"
app_license = "AGPL-3.0-or-later"

# Field lists at the top of every controller, so readers and type checkers see a doctype's shape.
export_python_type_annotations = True

before_install = "lpn_crm.setup.install.before_install"
after_install = "lpn_crm.setup.install.after_install"
after_migrate = "lpn_crm.setup.install.after_migrate"
before_uninstall = "lpn_crm.setup.install.before_uninstall"
