"""Every string a person reads has Thai and Burmese, and no translation loses a placeholder.

The app's strings come from `i18n_catalog.extract` (Python `_()`, JS `__()`, Jinja `_()`, doctype,
workspace, report, number card, chart and print format JSON, the domain's error templates). When this
fails after a change that added strings:

    python3 tests/unit/i18n_catalog.py update      # main.pot, and th.po / my.po gain the new strings
    python3 tests/unit/i18n_catalog.py missing th  # what to translate (then the same for my)
"""

import re
import shutil
from pathlib import Path

import i18n_catalog as catalog
import pytest

LOCALE = catalog.APP_ROOT / "lpn_crm" / "locale"
THAI = re.compile("[\u0e00-\u0e7f]")
MYANMAR = re.compile("[\u1000-\u109f]")
# Names and codes that stay as they are inside Thai and Burmese text.
PROPER = {
	"LPN",
	"Stripe",
	"PromptPay",
	"Payment",
	"Link",
	"THB",
	"URL",
	"API",
	"ID",
	"Webhook",
	"Publishable",
}


def test_the_app_is_fully_translated():
	problems = catalog.problems()
	assert not problems, "\n".join(problems[:40])


def test_main_pot_lists_what_the_source_marks():
	_, template = catalog.read_po(LOCALE / "main.pot")
	source = catalog.extract()
	missing = sorted(msgid for msgid, _ in set(source) - set(template))
	assert not missing, f"run: python3 tests/unit/i18n_catalog.py update ({missing[:5]})"


@pytest.mark.parametrize(("language", "script"), [("th", THAI), ("my", MYANMAR)])
def test_translations_are_written_in_their_script(language, script):
	"""A translation that is the English again, or has no Thai / Burmese letter, is no translation
	(unless the source is only names and codes, such as "Stripe" or "e-Donation")."""
	_, messages = catalog.read_po(LOCALE / f"{language}.po")
	untranslated = []
	for entry in messages.values():
		if entry.obsolete or not entry.msgstr or script.search(entry.msgstr):
			continue
		words = set(re.findall(r"[A-Za-z][A-Za-z-]*", re.sub(r"<[^>]+>|\{[^}]*\}", "", entry.msgid)))
		if not words <= PROPER | {"e-Donation"}:
			untranslated.append(entry.msgid)
	assert not untranslated, untranslated


def test_the_strings_the_issue_names_are_found():
	"""The extractor reads every kind of file a person's words are in."""
	source = {msgid for msgid, _ in catalog.extract()}
	for expected in (
		"Donor Name",  # doctype field label
		"Bank Transfer",  # select option
		"Fundraising",  # workspace label / module
		"Donations This Month",  # number card
		"LPN Monthly Donations",  # dashboard chart
		"LPN LYBUNT",  # report name
		"Donation Receipt",  # print format Jinja
		"Annual Donation Receipt {0}",  # the annual receipt print format
		"Continue to payment",  # portal page
		"{0} is not an amount",  # domain error template
		"My Donations",  # portal menu (hooks)
	):
		assert expected in source, expected


# --- the check itself, on a temporary copy of the app ---------------------------------------------------


@pytest.fixture
def app_copy(tmp_path: Path) -> Path:
	root = tmp_path / "lpn_crm_app"
	shutil.copytree(
		catalog.APP_ROOT / "lpn_crm", root / "lpn_crm", ignore=shutil.ignore_patterns("__pycache__")
	)
	return root


def test_the_check_catches_a_string_without_translation(app_copy: Path):
	page = app_copy / "lpn_crm" / "www" / "my-donations.html"
	page.write_text(page.read_text() + '\n{{ _("A sentence nobody translated yet") }}\n')
	python = app_copy / "lpn_crm" / "fundraising" / "receipts.py"
	python.write_text(
		python.read_text() + '\n\ndef _probe():\n\treturn _("Python string {0} untranslated")\n'
	)
	found = catalog.problems(app_copy)
	for language in ("th", "my"):
		assert any(p.startswith(f"{language}: no translation for 'A sentence nobody") for p in found)
		assert any(p.startswith(f"{language}: no translation for 'Python string {{0}}") for p in found)


def test_the_check_catches_a_missing_doctype_label_and_js_string(app_copy: Path):
	doctype = app_copy / "lpn_crm" / "fundraising" / "doctype" / "lpn_fund" / "lpn_fund.json"
	doctype.write_text(
		doctype.read_text().replace('"label": "Fund Name"', '"label": "Fund Title Never Seen"')
	)
	script = app_copy / "lpn_crm" / "fundraising" / "doctype" / "lpn_donor" / "lpn_donor.js"
	script.write_text(script.read_text() + '\n__("A desk button nobody translated");\n')
	found = catalog.problems(app_copy)
	assert "th: no translation for 'Fund Title Never Seen'" in " ".join(found)
	assert "my: no translation for 'A desk button nobody translated'" in " ".join(found)


def test_the_check_catches_a_wrong_placeholder(app_copy: Path):
	po = app_copy / "lpn_crm" / "locale" / "th.po"
	header, messages = catalog.read_po(po)
	entry = messages[("Donor {0} does not exist", None)]
	entry.msgstr = entry.msgstr.replace("{0}", "{1}")
	catalog.write_po(po, header, messages)
	found = [p for p in catalog.problems(app_copy) if "placeholders of" in p]
	assert any("placeholders of 'Donor {0} does not exist'" in p and p.startswith("th:") for p in found)
	assert not any(p.startswith("my:") for p in found)


def test_the_check_catches_a_dropped_percent_placeholder():
	assert catalog.placeholders("%s of %(total)s and {0}") == catalog.placeholders("{0}: %(total)s, %s")
	assert catalog.placeholders("%s of {0}") != catalog.placeholders("{0}")


def test_update_keeps_translations_and_adds_new_strings_empty(app_copy: Path):
	before = catalog.update(app_copy)
	page = app_copy / "lpn_crm" / "www" / "my-donations.html"
	page.write_text(page.read_text() + '\n{{ _("A brand new portal sentence") }}\n')
	missing = catalog.update(app_copy)
	assert missing == {language: count + 1 for language, count in before.items()}
	_, thai = catalog.read_po(app_copy / "lpn_crm" / "locale" / "th.po")
	assert thai[("A brand new portal sentence", None)].msgstr == ""
	assert thai[("Donor Name", None)].msgstr == "ชื่อผู้บริจาค"


def test_po_files_round_trip(tmp_path: Path):
	for name in ("main.pot", "th.po", "my.po"):
		header, messages = catalog.read_po(LOCALE / name)
		catalog.write_po(tmp_path / name, header, messages)
		assert catalog.read_po(tmp_path / name) == (header, messages)
