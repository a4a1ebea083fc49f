"""Static checks of the Frappe app: what would break `bench install-app` or a request, caught without Frappe."""

import ast
import json
import re

import pytest
from app_source import (
	APP,
	all_test_code,
	app_roles,
	core_doctypes,
	doctype_files,
	doctypes,
	hook_paths,
	module_folders,
	parse,
	python_files,
	resolves,
	whitelisted_methods,
)

# Module names are global on a site: a module another app owns would hijack that app's doctypes.
OTHER_APPS_MODULES = {
	# frappe
	*("Core", "Website", "Workflow", "Email", "Custom", "Geo", "Desk", "Integrations", "Printing"),
	*("Contacts", "Social", "Automation"),
	# erpnext, payments, hrms, non_profit: apps LPN's site may carry beside this one
	*("Accounts", "CRM", "Buying", "Projects", "Selling", "Setup", "Manufacturing", "Stock", "Support"),
	*("Utilities", "Assets", "Portal", "Maintenance", "Regional", "ERPNext Integrations"),
	*("Quality Management", "Communication", "Telephony", "Bulk Transaction", "Subcontracting", "EDI"),
	*("Payments", "Payment Gateways", "HR", "Payroll", "Non Profit"),
}


def test_module_names_are_not_owned_by_other_apps():
	assert not set(module_folders()) & OTHER_APPS_MODULES


def test_every_module_in_modules_txt_is_a_package():
	for name, folder in module_folders().items():
		assert (folder / "__init__.py").exists(), f"module {name} has no package at {folder}"


@pytest.mark.parametrize("path", doctype_files(), ids=lambda p: p.stem)
def test_doctype_json_is_complete(path):
	meta = json.loads(path.read_text())
	assert meta["doctype"] == "DocType"
	assert meta["name"].startswith("LPN "), (
		"doctypes carry the LPN prefix so they can share a site with ERPNext"
	)
	assert path.stem == meta["name"].lower().replace(" ", "_").replace("-", "_")
	assert meta["module"] in module_folders(), f"unknown module {meta['module']}"
	assert path.parent.parent.parent == module_folders()[meta["module"]], "doctype lives outside its module"
	assert (path.parent / f"{path.stem}.py").exists(), "every doctype has a controller"
	assert (path.parent / "__init__.py").exists()
	fieldnames = [field["fieldname"] for field in meta.get("fields", [])]
	assert len(fieldnames) == len(set(fieldnames)), "duplicate fieldnames"
	assert meta.get("field_order", fieldnames) == fieldnames, "field_order disagrees with fields"


def test_every_link_target_exists():
	known = set(doctypes()) | core_doctypes()
	missing = []
	for name, meta in doctypes().items():
		for field in meta.get("fields", []):
			if (
				field["fieldtype"] in ("Link", "Table", "Table MultiSelect")
				and field.get("options") not in known
			):
				missing.append(f"{name}.{field['fieldname']} -> {field.get('options')!r}")
	assert not missing, "links to doctypes that exist nowhere: " + ", ".join(missing)


def test_roles_named_in_doctype_permissions_are_known():
	known = app_roles() | {"System Manager", "Administrator", "Guest", "All", "Desk User"}
	for name, meta in doctypes().items():
		for perm in meta.get("permissions", []):
			assert perm["role"] in known, f"{name} grants to unknown role {perm['role']}"


def test_hook_paths_resolve_to_functions():
	paths = hook_paths()
	assert "lpn_crm.setup.install.after_install" in paths
	unresolved = [path for path in paths if not resolves(path)]
	assert not unresolved, f"hooks.py names things that do not exist: {unresolved}"


def test_hook_assets_exist():
	text = (APP / "hooks.py").read_text()
	for asset in re.findall(r'"/assets/lpn_crm/([^"]+)"', text):
		assert (APP / "public" / asset).exists(), f"hooks.py includes a missing asset {asset}"


def test_every_whitelisted_method_has_a_test():
	tests = all_test_code()
	untested = [method for method in whitelisted_methods() if method.rsplit(".", 1)[-1] not in tests]
	assert not untested, f"whitelisted methods no test mentions: {untested}"


def test_whitelisted_methods_are_typed():
	for path in python_files():
		for node in ast.walk(parse(path)):
			if isinstance(node, ast.FunctionDef) and any(
				isinstance(d, ast.Call | ast.Attribute)
				and getattr(d.func if isinstance(d, ast.Call) else d, "attr", "") == "whitelist"
				for d in node.decorator_list
			):
				args = [a for a in node.args.args + node.args.kwonlyargs if a.arg != "self"]
				untyped = [a.arg for a in args if a.annotation is None]
				assert not untyped, f"{path.name}:{node.name} has untyped arguments {untyped}"


def is_permission_check(name: str) -> bool:
	"""What counts as an explicit permission check in a whitelisted function's body: has_permission,
	check_permission, check_parent_permission, check_roles and the app's own check_*_permission."""
	return name in ("has_permission", "check_roles") or (
		name.startswith("check_") and name.endswith("permission")
	)


def test_every_endpoint_checks_permission_or_a_role():
	"""Staff endpoints go behind access.staff_only (frappe.only_for is a no-op under tests); the rest
	check the document's permission themselves."""
	unchecked = []
	for path in python_files():
		for node in ast.walk(parse(path)):
			if not isinstance(node, ast.FunctionDef):
				continue
			decorators = [ast.unparse(d) for d in node.decorator_list]
			if not any(".whitelist" in d for d in decorators) or any(
				"allow_guest=True" in d for d in decorators
			):
				continue
			called = {
				getattr(call.func, "attr", getattr(call.func, "id", ""))
				for call in ast.walk(node)
				if isinstance(call, ast.Call)
			}
			if not any(d.startswith("staff_only(") for d in decorators) and not any(
				map(is_permission_check, called)
			):
				unchecked.append(f"{path.name}:{node.name}")
	assert not unchecked, f"whitelisted methods that check no permission: {unchecked}"


def test_no_role_gate_tests_cannot_see():
	for path in python_files():
		if path.name.startswith("test_"):
			continue
		text = path.read_text()
		assert "only_for(" not in text, f"{path.name} uses frappe.only_for: use access.staff_only"
		assert "setup.roles" not in text, f"{path.name} reads roles from setup: use lpn_crm.access"


def test_guest_endpoints_are_rate_limited():
	for path in python_files():
		for node in ast.walk(parse(path)):
			if not isinstance(node, ast.FunctionDef):
				continue
			decorators = [ast.unparse(d) for d in node.decorator_list]
			if any("allow_guest=True" in d for d in decorators):
				assert any("rate_limit" in d for d in decorators), (
					f"{path.name}:{node.name} is open to guests without rate_limit"
				)


def test_domain_never_imports_frappe():
	for path in python_files(APP / "domain"):
		for node in ast.walk(parse(path)):
			names = []
			if isinstance(node, ast.Import):
				names = [alias.name for alias in node.names]
			elif isinstance(node, ast.ImportFrom):
				names = [node.module or ""]
			assert not any(n == "frappe" or n.startswith("frappe.") for n in names), f"{path} imports frappe"


def test_no_empty_test_stubs():
	for path in python_files():
		if not path.name.startswith("test_"):
			continue
		tree = parse(path)
		tests = [
			node
			for node in ast.walk(tree)
			if isinstance(node, ast.FunctionDef) and node.name.startswith("test")
		]
		assert tests, f"{path} holds no test"
		for node in tests:
			assert not (len(node.body) == 1 and isinstance(node.body[0], ast.Pass)), (
				f"{path}:{node.name} is a stub"
			)
