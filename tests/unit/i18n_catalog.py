"""The app's translatable strings and its gettext files, read and written without Frappe or Babel.

The strings come from `lpn_crm.gettext_extract`, the same extractor `bench generate-pot-file --app
lpn_crm` uses for the kinds Frappe's own extractors skip (apps/lpn_crm/babel_extractors.csv).

    python3 tests/unit/i18n_catalog.py update        # write locale/main.pot, merge new strings into th.po, my.po
    python3 tests/unit/i18n_catalog.py missing th    # the strings Thai lacks, one per line
    python3 tests/unit/i18n_catalog.py check         # what the unit test checks, as a report

`tests/unit/test_translations.py` fails when a string has no Thai or no Burmese entry, or when an
entry's placeholders differ from its source.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

APP_ROOT = Path(__file__).resolve().parents[2] / "apps" / "lpn_crm"
if str(APP_ROOT) not in sys.path:
	sys.path.insert(0, str(APP_ROOT))

from lpn_crm.gettext_extract import extract_file, is_translatable, source_files  # noqa: E402

LANGUAGES = ("th", "my")
HEADER_LANGUAGE = {"th": "th", "my": "my"}
# What a translation must keep: {0}, {name}, %s, %(name)s.
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


def placeholders(text: str) -> Counter:
	return Counter(PLACEHOLDER.findall(text.replace("%%", "")))


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
	if command == "fill":
		# fill FILE.json: [{"msgid": …, "context": null, "th": …, "my": …}, …] into th.po and my.po, for the
		# strings the catalogue already holds (run `update` first); several people can each keep a file.
		entries = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
		locale = APP_ROOT / "lpn_crm" / "locale"
		for language in LANGUAGES:
			path = locale / f"{language}.po"
			header, messages = read_po(path)
			filled = 0
			for item in entries:
				entry = messages.get((item["msgid"], item.get("context")))
				if entry and item.get(language):
					entry.msgstr, entry.fuzzy, entry.obsolete = item[language], False, False
					filled += 1
			write_po(path, header, messages)
			print(f"{language}.po: {filled} filled")
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
