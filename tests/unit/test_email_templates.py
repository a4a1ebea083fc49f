"""The app's Email Template bodies (templates/emails/<stem>_<language>.html) and the donor notices' list, read
as files: every body in English, Thai and Burmese with the same values, so no language's email loses one."""

import ast
import re

import pytest
from app_source import APP

EMAILS = APP / "templates" / "emails"
LANGUAGES = ("en", "th", "my")
BODY = re.compile(r"(.+)_(en|th|my)\.html$")
VALUE = re.compile(
	r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)|\{%-?\s*(?:if|elif)\s+(?:not\s+)?([A-Za-z_][A-Za-z0-9_]*)"
)
THAI = re.compile(r"[\u0e00-\u0e7f]")
BURMESE = re.compile(r"[\u1000-\u109f]")


def values_of(text: str) -> set[str]:
	return {name for match in VALUE.findall(text) for name in match if name}


def families() -> dict[str, dict[str, str]]:
	found: dict[str, dict[str, str]] = {}
	for path in sorted(EMAILS.glob("*.html")):
		match = BODY.match(path.name)
		assert match, f"{path.name}: an email body is named <stem>_<en|th|my>.html"
		found.setdefault(match[1], {})[match[2]] = path.read_text(encoding="utf-8")
	return found


def notices() -> dict:
	"""lpn_crm.fundraising.portal.NOTICES, read from the source."""
	tree = ast.parse((APP / "fundraising" / "portal.py").read_text(encoding="utf-8"))
	for node in tree.body:
		if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "NOTICES" for t in node.targets):
			return ast.literal_eval(node.value)
	raise AssertionError("portal.py has no NOTICES")


@pytest.mark.parametrize("stem", sorted(families()))
def test_every_body_is_in_english_thai_and_burmese_with_the_same_values(stem):
	bodies = families()[stem]
	assert set(bodies) == set(LANGUAGES), stem
	english = values_of(bodies["en"])
	for language in ("th", "my"):
		assert values_of(bodies[language]) == english, f"{stem}_{language}.html"
	assert THAI.search(bodies["th"]), f"{stem}_th.html is not in Thai"
	assert BURMESE.search(bodies["my"]), f"{stem}_my.html is not in Burmese"


def test_every_donor_notice_has_its_templates_subjects_and_values():
	listed = notices()
	assert set(listed) == {
		"amount",
		"pause",
		"resume",
		"cancel",
		"export",
		"erasure_requested",
		"erasure_rejected",
		"erased",
	}
	labels = [label for label, _values, _stem, _subjects in listed.values()]
	assert len(set(labels)) == len(labels)
	bodies = families()
	for kind, (label, values, stem, subjects) in listed.items():
		assert label == label.title(), label
		assert set(subjects) == set(LANGUAGES), kind
		assert THAI.search(subjects["th"]) and BURMESE.search(subjects["my"]), kind
		assert stem.startswith("donor_notice_") and stem in bodies, kind
		# Every value send_notice names is shown, and the body asks for nothing it is not given.
		given = {"donor_name", "account_url", "link", *values}
		used = values_of(bodies[stem]["en"])
		assert set(values) <= used <= given, (kind, used)
