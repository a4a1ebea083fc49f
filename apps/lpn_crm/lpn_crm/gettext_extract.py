"""The app's translatable strings, found without Frappe: what `bench generate-pot-file --app lpn_crm`
reads (through `babel_extractors.csv`, for the kinds Frappe's own extractors skip) and what the unit
tier's translation check (`tests/unit/i18n_catalog.py`) reads, so the two can never disagree.

Every place a person reads a string: `_()` in Python and Jinja (templates, portal pages, print formats,
notifications, email templates), `__()` in desk JS, the labels, options and descriptions of doctype,
workspace, report, number card, dashboard chart and print format JSON, the portal menu in hooks.py and
the message templates of the domain's errors (`raise SomeError("template {0}", value)`).

Pure Python: it imports nothing of Frappe or Babel.
"""

import ast
import json
import re
from functools import cache
from pathlib import Path

Found = list[tuple[int, str, str | None, str | None]]  # (line, message, context, comment)

# Frappe's doctype extractor leaves these select options alone: they are values, not words.
EXCLUDE_SELECT_OPTIONS = {"naming_series", "number_format", "float_precision", "currency_precision"}

JS_CALL = re.compile(r"""(?<![\w$.])__\(\s*(?P<q>["'`])(?P<msg>(?:\\.|(?!(?P=q)).)*?)(?P=q)""", re.S)
# Jinja and JS micro-templates: `_("…")`, as Frappe's TRANSLATE_PATTERN reads them.
JINJA_CALL = re.compile(
	r"""(?<![\w$.])_\(\s*(?P<q>["'])(?P<msg>(?:\\.|(?!(?P=q)).)*?)(?P=q)"""
	r"""(?:\s*,\s*context\s*=\s*(?P<cq>["'])(?P<ctx>(?:(?!(?P=cq)).)*)(?P=cq))?""",
	re.S,
)


def is_translatable(text: str | None) -> bool:
	"""Frappe's rule: something with a letter in it that is not an icon class, a size or an expression."""
	return bool(
		text
		and text.strip()
		and re.search("[a-zA-Z]", text)
		and not text.startswith("fa fa-")
		and not text.endswith("px")
		and not text.startswith("eval:")
	)


def _unescape(text: str) -> str:
	return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _line(source: str, offset: int) -> int:
	return source.count("\n", 0, offset) + 1


# --- extraction, file kind by file kind -------------------------------------------------------------


def from_python(source: str) -> Found:
	"""(line, message, context, comment) for every `_("literal")` / `_lt("literal")` call."""
	found = []
	for node in ast.walk(ast.parse(source)):
		if not isinstance(node, ast.Call) or not node.args:
			continue
		func = node.func
		name = (
			func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
		)
		if name not in ("_", "_lt"):
			continue
		first = node.args[0]
		if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
			continue
		context = next(
			(
				kw.value.value
				for kw in node.keywords
				if kw.arg == "context" and isinstance(kw.value, ast.Constant)
			),
			None,
		)
		found.append((node.lineno, first.value, context, None))
	return found


@cache
def domain_error_classes(domain: Path) -> frozenset[str]:
	"""The names of the domain's DomainError classes (what a person may read), however deep they derive."""
	bases: dict[str, set[str]] = {}
	for path in domain.glob("*.py"):
		for node in ast.parse(path.read_text(encoding="utf-8")).body:
			if isinstance(node, ast.ClassDef):
				bases[node.name] = {b.id for b in node.bases if isinstance(b, ast.Name)}
	known = {"DomainError"}
	while grown := {name for name, parents in bases.items() if parents & known} - known:
		known |= grown
	return frozenset(known)


def from_domain(source: str, errors: frozenset[str]) -> Found:
	"""The message templates of `raise SomeError("template {0}", value)` for the domain's DomainErrors:
	the app shows them through `lpn_crm.i18n.error_message`, which translates the template."""
	found = []
	for node in ast.walk(ast.parse(source)):
		if (
			isinstance(node, ast.Raise)
			and isinstance(node.exc, ast.Call)
			and isinstance(node.exc.func, ast.Name)
			and node.exc.func.id in errors
			and node.exc.args
		):
			first = node.exc.args[0]
			if isinstance(first, ast.Constant) and isinstance(first.value, str):
				found.append((node.lineno, first.value, None, "Error message of the domain"))
	return found


def from_javascript(source: str) -> Found:
	found = []
	for match in JS_CALL.finditer(source):
		message = match.group("msg")
		if match.group("q") == "`" and "${" in message:
			continue
		found.append((_line(source, match.start()), _unescape(message), None, None))
	# Micro-templates and HTML strings inside JS also call `_()`? Frappe reads only `__` in .js files.
	return found


def from_jinja(source: str, base_line: int = 1) -> Found:
	return [
		(_line(source, m.start()) + base_line - 1, _unescape(m.group("msg")), m.group("ctx"), None)
		for m in JINJA_CALL.finditer(source)
	]


def from_doctype(data: dict) -> Found:
	doctype = data.get("name")
	messages = [(doctype, "Name of a DocType")]
	if data.get("description"):
		messages.append((data["description"], "Description of a DocType"))
	for df in data.get("fields", []):
		fieldtype, fieldname, label = df.get("fieldtype"), df.get("fieldname"), df.get("label")
		if label:
			messages.append((label, f"Label of a {fieldtype} field in DocType '{doctype}'"))
		shown = label or fieldname
		if df.get("description"):
			messages.append(
				(
					df["description"],
					f"Description of the '{shown}' ({fieldtype}) field in DocType '{doctype}'",
				)
			)
		options = df.get("options")
		if options and fieldtype == "Select" and fieldname not in EXCLUDE_SELECT_OPTIONS:
			choices = [o for o in options.split("\n") if o and not o.isdigit()]
			if choices and "icon" not in choices[0]:
				comment = f"Option for the '{shown}' ({fieldtype}) field in DocType '{doctype}'"
				messages.extend((choice, comment) for choice in choices)
		elif options and fieldtype == "HTML":
			messages.append((options, f"Content of the '{shown}' ({fieldtype}) field in DocType '{doctype}'"))
	for link in data.get("links", []):
		if link.get("group"):
			messages.append((link["group"], f"Group in {doctype}'s connections"))
		if link.get("link_doctype"):
			messages.append((link["link_doctype"], f"Linked DocType in {doctype}'s connections"))
	messages.extend(
		(perm["role"], "Name of a role") for perm in data.get("permissions", []) if "role" in perm
	)
	return [(0, message, None, comment) for message, comment in messages]


def from_workspace(data: dict) -> Found:
	name = data.get("label")
	messages = [(name, "Name of a Workspace")]
	messages += [
		(c.get("label"), f"Label of a chart in the {name} Workspace") for c in data.get("charts", [])
	]
	messages += [
		(c.get("label"), f"Label of a number card in the {name} Workspace")
		for c in data.get("number_cards", [])
	]
	for link in data.get("links", []):
		messages.append((link.get("label"), f"Label of a {link.get('type')} in the {name} Workspace"))
		messages.append(
			(link.get("description"), f"Description of a {link.get('type')} in the {name} Workspace")
		)
	for shortcut in data.get("shortcuts", []):
		messages.append((shortcut.get("label"), f"Label of a shortcut in the {name} Workspace"))
		messages.append((shortcut.get("format"), f"Count format of shortcut in the {name} Workspace"))
	for block in json.loads(data.get("content") or "[]"):
		if block.get("type") in ("header", "paragraph"):
			text = block.get("data", {}).get("text")
			messages.append((text, f"{block['type'].title()} text in the {name} Workspace"))
	return [(0, message, None, comment) for message, comment in messages]


def from_json(path: Path, data: dict) -> Found:
	kind = data.get("doctype")
	if kind == "DocType":
		return from_doctype(data)
	if kind == "Workspace":
		return from_workspace(data)
	if kind == "Report":
		return [(0, data.get("report_name"), None, "Name of a report")]
	if kind == "Number Card":
		return [(0, data.get("label"), None, "Label of a Number Card")]
	if kind == "Dashboard Chart":
		return [(0, data.get("chart_name"), None, "Name of a Dashboard Chart")]
	if kind == "Print Format":
		found = [(0, data.get("name"), None, "Name of a Print Format")]
		return found + from_jinja(data.get("html") or "")
	if kind == "Notification":
		# The message is in the .html beside the JSON; the subject is a Jinja template here.
		return from_jinja(data.get("subject") or "")
	if kind in ("Notification", "Email Template"):
		return from_jinja(data.get("subject") or "") + from_jinja(
			data.get("message") or data.get("response") or ""
		)
	if kind == "Web Form":
		# What Frappe's web form translates for the page (WebForm.get_translations) and its template.
		keys = ("title", "introduction_text", "success_title", "success_message", "list_title")
		keys += ("button_label", "meta_title", "meta_description")
		found = [(0, data.get(key), None, f"Web Form {key}") for key in keys]
		for df in data.get("web_form_fields", []):
			found += [(0, df.get("label"), None, "Label of a Web Form field")]
			found += [(0, df.get("description"), None, "Description of a Web Form field")]
			if df.get("fieldtype") == "Select" and df.get("options"):
				found += [
					(0, option, None, "Option of a Web Form field") for option in df["options"].split("\n")
				]
		return found
	return []


def from_hooks(source: str) -> Found:
	"""The portal menu's titles: the portal shows them through `_()`."""
	found = from_python(source)
	for node in ast.walk(ast.parse(source)):
		if isinstance(node, ast.Dict):
			for key, value in zip(node.keys, node.values, strict=True):
				if (
					isinstance(key, ast.Constant)
					and key.value in ("title", "item_label")
					and isinstance(value, ast.Constant)
				):
					found.append((node.lineno, value.value, None, "Label of a portal menu item"))
	return found


def source_files(app_root: Path) -> list[Path]:
	package = app_root / "lpn_crm"
	skip = ("__pycache__", "node_modules", "locale")
	paths = []
	for path in sorted(package.rglob("*")):
		if not path.is_file() or any(part in skip for part in path.relative_to(package).parts):
			continue
		if path.suffix in (".py", ".js", ".html", ".json", ".md", ".vue"):
			paths.append(path)
	return paths


def extract_file(path: Path) -> Found:
	source = path.read_text(encoding="utf-8")
	if path.suffix == ".py":
		if path.name == "hooks.py":
			return from_hooks(source)
		if path.parent.name == "domain":
			return from_python(source) + from_domain(source, domain_error_classes(path.parent))
		return from_python(source)
	if path.suffix == ".js":
		return from_javascript(source) + (from_jinja(source) if "/templates/" in str(path) else [])
	if path.suffix in (".html", ".md", ".vue"):
		return from_jinja(source) + (from_javascript(source) if path.suffix == ".html" else [])
	if path.suffix == ".json":
		data = json.loads(source)
		return from_json(path, data) if isinstance(data, dict) else []
	return []


def babel_extract(fileobj, keywords, comment_tags, options):
	"""A Babel extraction method (`babel_extractors.csv`) over `extract_file`, for `bench generate-pot-file`."""
	for line, message, context, comment in extract_file(Path(fileobj.name)):
		if is_translatable(message):
			comments = [comment] if comment else []
			if context:
				yield line, "pgettext", (context, message), comments
			else:
				yield line, "_", message, comments
