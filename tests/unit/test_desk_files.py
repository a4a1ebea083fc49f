"""Static checks of the exported desk records (reports, number cards, charts, workspace): what would
make `bench migrate` import something broken, caught without Frappe."""

import ast
import json
from pathlib import Path

import pytest
from app_source import APP, app_roles, core_doctypes, defines, doctypes, module_folders, parse

REPORT_FILES = sorted(path for path in APP.glob("*/report/*/*.json") if path.stem == path.parent.name)
CARD_FILES = sorted(path for path in APP.glob("*/number_card/*/*.json") if path.stem == path.parent.name)
CHART_FILES = sorted(path for path in APP.glob("*/dashboard_chart/*/*.json") if path.stem == path.parent.name)
WORKSPACE_FILES = sorted(path for path in APP.glob("*/workspace/*/*.json") if path.stem == path.parent.name)


def load(path: Path) -> dict:
	return json.loads(path.read_text())


def scrub(name: str) -> str:
	return name.lower().replace(" ", "_").replace("-", "_")


def check_module_record(path: Path, meta: dict, kind: str) -> None:
	assert meta["doctype"] == kind
	assert path.stem == scrub(meta["name"]), "the folder is the scrubbed name, or Frappe cannot find it"
	assert meta["module"] in module_folders()
	assert path.parents[2] == module_folders()[meta["module"]], f"{kind} lives outside its module"


def test_the_fundraising_desk_records_are_there():
	names = {load(path)["name"] for path in REPORT_FILES + CARD_FILES + CHART_FILES}
	assert {
		"LPN LYBUNT",
		"LPN SYBUNT",
		"LPN Donations Analysis",
		"LPN Top Donors",
		"LPN Donor Retention",
		"LPN Donations This Month",
		"LPN Active Recurring Gifts",
		"LPN Donors Needing Review",
		"LPN Monthly Donations",
	} <= names


@pytest.mark.parametrize("path", REPORT_FILES, ids=lambda p: p.stem)
def test_script_reports_are_complete(path):
	meta = load(path)
	check_module_record(path, meta, "Report")
	assert meta["report_name"] == meta["name"]
	assert meta["is_standard"] == "Yes"
	assert meta["ref_doctype"] in doctypes()
	assert {row["role"] for row in meta["roles"]} <= app_roles() | {"System Manager"}
	assert meta["roles"], "a report nobody may run"
	if meta["report_type"] == "Script Report":
		controller = path.with_suffix(".py")
		assert controller.exists() and defines(controller, "execute")
		assert (path.parent / "__init__.py").exists()
		script = path.with_suffix(".js")
		if script.exists():
			assert f'frappe.query_reports["{meta["name"]}"]' in script.read_text()


@pytest.mark.parametrize("path", CARD_FILES + CHART_FILES, ids=lambda p: p.stem)
def test_number_cards_and_charts_are_complete(path):
	meta = load(path)
	check_module_record(path, meta, meta["doctype"])
	assert meta["is_standard"] == 1
	fields = {field["fieldname"] for field in doctypes()[meta["document_type"]]["fields"]}
	for doctype, fieldname, *_ in json.loads(meta["filters_json"]):
		assert doctype == meta["document_type"]
		assert fieldname in fields | {"docstatus", "name", "creation", "modified"}, fieldname
	for key in ("aggregate_function_based_on", "based_on", "value_based_on"):
		if meta.get(key):
			assert meta[key] in fields, f"{key} names no field: {meta[key]}"


@pytest.mark.parametrize("path", WORKSPACE_FILES, ids=lambda p: p.stem)
def test_workspace_points_at_things_that_exist(path):
	meta = load(path)
	reports = {load(report)["name"] for report in REPORT_FILES}
	cards = {load(card)["name"] for card in CARD_FILES}
	charts = {load(chart)["name"] for chart in CHART_FILES}
	known_doctypes = set(doctypes()) | core_doctypes()
	for link in meta["links"]:
		if link["type"] != "Link":
			continue
		assert link["link_to"] in (reports if link["link_type"] == "Report" else known_doctypes), link
	for shortcut in meta["shortcuts"]:
		if shortcut["type"] == "DocType":
			assert shortcut["link_to"] in known_doctypes
	assert {row["number_card_name"] for row in meta["number_cards"]} <= cards
	assert {row["chart_name"] for row in meta["charts"]} <= charts
	# Every block in the page names (by label: that is how the desk finds it) a number card, chart,
	# shortcut or link group the workspace carries.
	blocks = json.loads(meta["content"])
	assert len({block["id"] for block in blocks}) == len(blocks), "block ids repeat"
	groups = {link["label"] for link in meta["links"] if link["type"] == "Card Break"}
	shortcuts = {shortcut["label"] for shortcut in meta["shortcuts"]}
	for block in blocks:
		data = block["data"]
		if block["type"] == "number_card":
			assert data["number_card_name"] in {row["label"] for row in meta["number_cards"]}
		elif block["type"] == "chart":
			assert data["chart_name"] in {row["label"] for row in meta["charts"]}
		elif block["type"] == "shortcut":
			assert data["shortcut_name"] in shortcuts
		elif block["type"] == "card":
			assert data["card_name"] in groups


def test_report_queries_are_read_only():
	# The analytics behind the reports may run on a read replica: every query function says so.
	analytics = APP / "fundraising" / "analytics.py"
	for node in parse(analytics).body:
		if hasattr(node, "decorator_list") and "frappe.db.sql" in ast_source(node):
			assert any("read_only" in ast_source(d) for d in node.decorator_list), node.name


def ast_source(node) -> str:
	return ast.unparse(node)
