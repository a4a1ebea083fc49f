"""Campaign rules: slugs, goals and dates, progress, the visitor's language, public donor labels, appeal
segments and the signed tokens of appeal links. Plain Python: the site code asks, this answers."""

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lpn_crm.domain.errors import DomainError

LANGUAGES = ("en", "th", "my")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MAX = 80
# Routes under /campaigns/<slug>/ that a supporter page may not take.
RESERVED_SLUGS = frozenset({"start", "new", "edit", "api", "assets", "files"})


class CampaignError(DomainError):
	"""A campaign, supporter page or appeal that breaks a rule."""


def slugify(text: str) -> str:
	"""A URL slug from a title: lower-case Latin letters and digits joined by hyphens; Thai and Burmese
	titles (no Latin letters) give "" and need a slug typed by hand.

	>>> slugify("Flood Relief: Samut Sakhon 2026!")
	'flood-relief-samut-sakhon-2026'
	"""
	ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
	slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
	return slug[:SLUG_MAX].rstrip("-")


def check_slug(slug: str) -> str:
	"""The slug, checked: lower-case letters, digits and single hyphens, not a reserved word."""
	slug = (slug or "").strip().lower()
	if not slug:
		raise CampaignError("Give the page a web address (slug) of Latin letters, digits and hyphens")
	if len(slug) > SLUG_MAX or not SLUG_PATTERN.match(slug):
		raise CampaignError("{0} is not a valid web address: use a-z, 0-9 and single hyphens", slug)
	if slug in RESERVED_SLUGS:
		raise CampaignError("{0} is a reserved web address; choose another", slug)
	return slug


def check_goal(goal: Decimal | float | int | None, required: bool = True) -> None:
	"""A goal is a positive amount (a campaign must have one; a supporter page may leave it empty)."""
	if goal is None or Decimal(str(goal)) == 0:
		if required:
			raise CampaignError("The goal must be more than 0")
		return
	if Decimal(str(goal)) < 0:
		raise CampaignError("The goal must be more than 0")


def check_dates(start: date | None, end: date | None) -> None:
	if start and end and end < start:
		raise CampaignError("A campaign cannot end before it starts")


def percent_of_goal(raised: Decimal | float, goal: Decimal | float | None) -> float:
	"""How far the goal is reached, in percent, one decimal (past 100 when exceeded); 0 without a goal.

	>>> percent_of_goal(125000, 500000)
	25.0
	"""
	if not goal or Decimal(str(goal)) <= 0:
		return 0.0
	return float((Decimal(str(raised)) * 100 / Decimal(str(goal))).quantize(Decimal("0.1")))


def in_language(values: dict, field: str, language: str | None) -> str:
	"""`field` in the visitor's language (`field_th`, `field_my`), the English `field` where it is empty.

	>>> in_language({"title": "Relief", "title_th": "ช่วยเหลือ", "title_my": ""}, "title", "my")
	'Relief'
	"""
	language = (language or "en").split("-")[0]
	if language in LANGUAGES and language != "en":
		text = values.get(f"{field}_{language}")
		if text and str(text).strip():
			return text
	return values.get(field) or ""


def parse_amounts(text: str | None) -> list[int]:
	"""Suggested amounts typed as "500, 1000, 2500": whole positive numbers, in order, duplicates dropped."""
	amounts: list[int] = []
	for part in re.split(r"[\s,;]+", text or ""):
		if not part:
			continue
		if not part.isdigit() or int(part) <= 0:
			raise CampaignError("{0} is not a suggested amount: use whole numbers above 0", part)
		if int(part) not in amounts:
			amounts.append(int(part))
	return amounts


# ---- appeal segments -----------------------------------------------------------------------------------

LYBUNT, SYBUNT, EVERYONE = "LYBUNT", "SYBUNT", "All donors"


@dataclass(frozen=True)
class Segment:
	"""Saved criteria of an appeal's donors; empty criteria do not narrow the segment."""

	kind: str = EVERYONE
	fund: str | None = None
	minimum_given: Decimal | None = None
	language: str | None = None
	country: str | None = None
	last_gift_before: date | None = None

	def __post_init__(self):
		if self.kind not in (EVERYONE, LYBUNT, SYBUNT):
			raise CampaignError("{0} is not a donor segment", self.kind)
		if self.minimum_given is not None and self.minimum_given < 0:
			raise CampaignError("The least amount given cannot be below 0")
		if self.language and self.language not in LANGUAGES:
			raise CampaignError("{0} is not a language of LPN's emails", self.language)


# ---- appeal links --------------------------------------------------------------------------------------

TOKEN_LENGTH = 24


def appeal_token(secret: str, appeal: str, donor: str) -> str:
	"""The token of one recipient's appeal link: an HMAC of appeal and donor under the site's secret, so a
	link cannot be made up for another appeal or donor."""
	if not secret:
		raise ValueError("no secret to sign appeal links with")
	message = f"lpn-appeal:{appeal}:{donor}".encode()
	return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:TOKEN_LENGTH]


def token_is_valid(secret: str, appeal: str | None, donor: str | None, token: str | None) -> bool:
	"""Whether `token` is the one `appeal_token` gives; any missing part is simply not valid."""
	if not (secret and appeal and donor and token) or len(token) != TOKEN_LENGTH:
		return False
	return hmac.compare_digest(appeal_token(secret, appeal, donor), token)


def raised_per_thb(raised: Decimal | float, cost: Decimal | float | None) -> float | None:
	"""Amount raised per baht an appeal cost; None when it cost nothing (the ratio means nothing then)."""
	if not cost or Decimal(str(cost)) <= 0:
		return None
	return float((Decimal(str(raised)) / Decimal(str(cost))).quantize(Decimal("0.01")))
