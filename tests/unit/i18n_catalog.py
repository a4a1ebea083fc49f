"""The app's translatable strings and its gettext files, read and written without Frappe or Babel.

One extractor for every place a person reads a string: `_()` in Python and Jinja (templates, portal
pages, print formats, email templates), `__()` in desk JS, and the labels, options and descriptions of
doctype, workspace, report, number card, dashboard chart and print format JSON. It finds what Frappe's
`bench generate-pot-file` finds for the same files, plus the JSON kinds Frappe's extractors skip.

    python3 tests/unit/i18n_catalog.py update        # write locale/main.pot, merge new strings into th.po, my.po
    python3 tests/unit/i18n_catalog.py missing th    # the strings Thai lacks, one per line
    python3 tests/unit/i18n_catalog.py check         # what the unit test checks, as a report

`tests/unit/test_translations.py` fails when a string has no Thai or no Burmese entry, or when an
entry's placeholders differ from its source.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

APP_ROOT = Path(__file__).resolve().parents[2] / "apps" / "lpn_crm"
LANGUAGES = ("th", "my")
HEADER_LANGUAGE = {"th": "th", "my": "my"}

# Frappe's doctype extractor leaves these select options alone: they are values, not words.
EXCLUDE_SELECT_OPTIONS = {"naming_series", "number_format", "float_precision", "currency_precision"}
# Select fields whose options are codes a person never reads as words (languages, ISO codes).
CODE_OPTIONS = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")

JS_CALL = re.compile(r"""(?<![\w$.])__\(\s*(?P<q>["'`])(?P<msg>(?:\\.|(?!(?P=q)).)*?)(?P=q)""", re.S)
# Jinja and JS micro-templates: `_("…")`, as Frappe's TRANSLATE_PATTERN reads them.
JINJA_CALL = re.compile(
	r"""(?<![\w$.])_\(\s*(?P<q>["'])(?P<msg>(?:\\.|(?!(?P=q)).)*?)(?P=q)"""
	r"""(?:\s*,\s*context\s*=\s*(?P<cq>["'])(?P<ctx>(?:(?!(?P=cq)).)*)(?P=cq))?""",
	re.S,
)
PLACEHOLDER = re.compile(r"\{[A-Za-z0-9_]*\}|%(?:\([A-Za-z0-9_]+\))?[sd]")


@dataclass
class Message:
	msgid: str
	context: str | None = None
	msgstr: str = ""
	locations: list[str] = field(default_factory=list)
	comments: list[str] = field(default_factory=list)
	fuzzy: bool = False
	obsolete: bool = False

	@property
	def key(self) -> tuple[str, str | None]:
		return (self.msgid, self.context)


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


def placeholders(text: str) -> Counter:
	return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


def _unescape(text: str) -> str:
	return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _line(source: str, offset: int) -> int:
	return source.count("\n", 0, offset) + 1


# --- extraction, file kind by file kind -------------------------------------------------------------


def from_python(source: str) -> list[tuple[int, str, str | None, str | None]]:
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


def from_domain(source: str, errors: frozenset[str]) -> list[tuple[int, str, str | None, str | None]]:
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


def from_javascript(source: str) -> list[tuple[int, str, str | None, str | None]]:
	found = []
	for match in JS_CALL.finditer(source):
		message = match.group("msg")
		if match.group("q") == "`" and "${" in message:
			continue
		found.append((_line(source, match.start()), _unescape(message), None, None))
	# Micro-templates and HTML strings inside JS also call `_()`? Frappe reads only `__` in .js files.
	return found


def from_jinja(source: str, base_line: int = 1) -> list[tuple[int, str, str | None, str | None]]:
	return [
		(_line(source, m.start()) + base_line - 1, _unescape(m.group("msg")), m.group("ctx"), None)
		for m in JINJA_CALL.finditer(source)
	]


def from_doctype(data: dict) -> list[tuple[int, str, str | None, str | None]]:
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
			choices = [o for o in options.split("\n") if o and not o.isdigit() and not CODE_OPTIONS.match(o)]
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


def from_workspace(data: dict) -> list[tuple[int, str, str | None, str | None]]:
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


def from_json(path: Path, data: dict) -> list[tuple[int, str, str | None, str | None]]:
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
		found = [(0, data.get("title"), None, "Title of a Web Form")]
		found += [
			(0, f.get("label"), None, "Label of a Web Form field") for f in data.get("web_form_fields", [])
		]
		return (
			found
			+ from_jinja(data.get("introduction_text") or "")
			+ from_jinja(data.get("success_message") or "")
		)
	return []


def from_hooks(source: str) -> list[tuple[int, str, str | None, str | None]]:
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


def source_files(app_root: Path = APP_ROOT) -> list[Path]:
	package = app_root / "lpn_crm"
	skip = ("tests", "benchmarks", "__pycache__", "node_modules", "locale")
	paths = []
	for path in sorted(package.rglob("*")):
		if not path.is_file() or any(part in skip for part in path.relative_to(package).parts):
			continue
		if path.suffix in (".py", ".js", ".html", ".json", ".md", ".vue"):
			paths.append(path)
	return paths


def extract_file(path: Path) -> list[tuple[int, str, str | None, str | None]]:
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


def extract(app_root: Path = APP_ROOT) -> dict[tuple[str, str | None], Message]:
	"""Every translatable string of the app, keyed by (message, context), with where it was found."""
	catalog: dict[tuple[str, str | None], Message] = {}
	for path in source_files(app_root):
		location = path.relative_to(app_root).as_posix()
		for line, message, context, comment in extract_file(path):
			if not is_translatable(message):
				continue
			entry = catalog.setdefault((message, context), Message(message, context))
			where = f"{location}:{line}" if line else location
			if where not in entry.locations:
				entry.locations.append(where)
			if comment and comment not in entry.comments:
				entry.comments.append(comment)
	return catalog


# --- .po / .pot files --------------------------------------------------------------------------------


def _quote(text: str) -> str:
	escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
	if "\n" in escaped.rstrip("\n") or escaped.endswith("\n"):
		lines = escaped.split("\n")
		parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
		return '""\n' + "\n".join(f'"{part}"' for part in parts)
	return f'"{escaped}"'


def _unquote(text: str) -> str:
	body = text.strip()[1:-1]
	return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), body)


def read_po(path: Path) -> tuple[str, dict[tuple[str, str | None], Message]]:
	"""(header msgstr, messages) of a .po or .pot file; obsolete (#~) entries are kept, marked."""
	header = ""
	messages: dict[tuple[str, str | None], Message] = {}
	if not path.exists():
		return header, messages
	for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
		entry = Message("")
		current = None
		values: dict[str, str] = {}
		for raw in block.splitlines():
			line = raw
			if line.startswith("#~"):
				entry.obsolete = True
				line = line[2:].lstrip()
			if line.startswith("#:"):
				entry.locations += line[2:].split()
			elif line.startswith("#."):
				entry.comments.append(line[2:].strip())
			elif line.startswith("#,"):
				entry.fuzzy = "fuzzy" in line
			elif line.startswith("#"):
				continue
			elif line.startswith(("msgctxt", "msgid", "msgstr")):
				current, _, rest = line.partition(" ")
				values[current] = _unquote(rest)
			elif line.startswith('"') and current:
				values[current] += _unquote(line)
		if "msgid" not in values:
			continue
		if values["msgid"] == "" and not entry.obsolete:
			header = values.get("msgstr", "")
			continue
		entry.msgid = values["msgid"]
		entry.context = values.get("msgctxt")
		entry.msgstr = values.get("msgstr", "")
		messages[entry.key] = entry
	return header, messages


def default_header(language: str | None) -> str:
	lines = [
		"Project-Id-Version: LPN CRM",
		"Report-Msgid-Bugs-To: it@lpnfoundation.org",
		"Last-Translator: it@lpnfoundation.org",
		"Language-Team: it@lpnfoundation.org",
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=utf-8",
		"Content-Transfer-Encoding: 8bit",
		"Plural-Forms: nplurals=1; plural=0;",
	]
	if language:
		lines.insert(4, f"Language: {language}")
	return "".join(line + "\n" for line in lines)


def write_po(path: Path, header: str, messages: dict[tuple[str, str | None], Message]) -> None:
	"""Babel's layout (sorted by message, no wrapping), so `bench` tools read and rewrite it unchanged."""
	out = [
		"# Translations of LPN CRM.",
		"# Copyright (C) Labour Protection Network",
		f'msgid ""\nmsgstr {_quote(header)}',
		"",
	]
	live = sorted((m for m in messages.values() if not m.obsolete), key=lambda m: (m.msgid, m.context or ""))
	gone = sorted((m for m in messages.values() if m.obsolete), key=lambda m: (m.msgid, m.context or ""))
	for m in live:
		lines = [f"#. {comment}" for comment in m.comments]
		lines += [f"#: {location}" for location in m.locations]
		if m.fuzzy:
			lines.append("#, fuzzy")
		if m.context is not None:
			lines.append(f"msgctxt {_quote(m.context)}")
		lines += [f"msgid {_quote(m.msgid)}", f"msgstr {_quote(m.msgstr)}", ""]
		out.append("\n".join(lines))
	for m in gone:
		lines = [f"#~ msgctxt {_quote(m.context)}"] if m.context is not None else []
		lines += [f"#~ msgid {_quote(m.msgid)}", f"#~ msgstr {_quote(m.msgstr)}", ""]
		out.append("\n".join(lines).replace('\n"', '\n#~ "'))
	path.parent.mkdir(parents=True, exist_ok=True)
	path.write_text("\n".join(out), encoding="utf-8")


def update(app_root: Path = APP_ROOT) -> dict[str, int]:
	"""Write main.pot from the source and bring th.po and my.po in line; {language: strings untranslated}.

	Translations already made are kept; a string that left the source stays in the .po as obsolete
	(`#~`), so a reworded string's old translation is at hand.
	"""
	locale = app_root / "lpn_crm" / "locale"
	template = extract(app_root)
	write_po(locale / "main.pot", default_header(None), template)
	missing = {}
	for language in LANGUAGES:
		path = locale / f"{language}.po"
		header, existing = read_po(path)
		merged: dict[tuple[str, str | None], Message] = {}
		for key, source in template.items():
			old = existing.get(key)
			merged[key] = Message(
				source.msgid,
				source.context,
				old.msgstr if old else "",
				list(source.locations),
				list(source.comments),
				fuzzy=bool(old and old.fuzzy),
			)
		for key, old in existing.items():
			if key not in merged and old.msgstr:
				old.obsolete = True
				old.locations, old.comments = [], []
				merged[key] = old
		write_po(path, header or default_header(HEADER_LANGUAGE[language]), merged)
		missing[language] = sum(1 for m in merged.values() if not m.obsolete and not m.msgstr)
	return missing


# --- the check ---------------------------------------------------------------------------------------


def problems(app_root: Path = APP_ROOT) -> list[str]:
	"""Every string the source marks that a language lacks, and every entry whose placeholders differ."""
	found = []
	source = extract(app_root)
	locale = app_root / "lpn_crm" / "locale"
	for language in LANGUAGES:
		_, messages = read_po(locale / f"{language}.po")
		for key, entry in sorted(source.items(), key=lambda item: (item[0][0], item[0][1] or "")):
			translated = messages.get(key) or (messages.get((key[0], None)) if key[1] else None)
			if not translated or translated.obsolete or not translated.msgstr.strip() or translated.fuzzy:
				found.append(
					f"{language}: no translation for {entry.msgid!r} ({', '.join(entry.locations[:2])})"
				)
		for entry in messages.values():
			if entry.obsolete or not entry.msgstr:
				continue
			if placeholders(entry.msgid) != placeholders(entry.msgstr):
				found.append(
					f"{language}: placeholders of {entry.msgid!r} are {sorted(placeholders(entry.msgid))}, "
					f"its translation has {sorted(placeholders(entry.msgstr))}"
				)
	return found


def main(argv: list[str]) -> int:
	command = argv[1] if len(argv) > 1 else "check"
	if command == "update":
		for language, count in update().items():
			print(f"{language}.po: {count} strings to translate")
		return 0
	if command == "missing":
		language = argv[2] if len(argv) > 2 else "th"
		_, messages = read_po(APP_ROOT / "lpn_crm" / "locale" / f"{language}.po")
		for entry in messages.values():
			if not entry.obsolete and not entry.msgstr:
				print(json.dumps(entry.msgid, ensure_ascii=False))
		return 0
	found = problems()
	print("\n".join(found) or "every string has Thai and Burmese, placeholders agree")
	return 1 if found else 0


if __name__ == "__main__":
	sys.exit(main(sys.argv))
