"""The one place an ERPNext client is built: Frappe's own FrappeClient, with API-key authentication, a
timeout, and errors sorted by what the worker should do about them.

- RemoteUnreachable: the site is down, timed out or failed on its side (5xx) - try again later;
- RemoteAuthError: the key or secret is refused - every job waits until the settings are fixed;
- RemoteRejected: ERPNext refused the document (a validation error) - the job fails with its message.
"""

import functools
import html
import json
import re

import requests
from frappe.frappeclient import FrappeClient

from lpn_crm.domain.erpnext_sync import EXTERNAL_ID_FIELD
from lpn_crm.lpn_integrations import settings

TIMEOUT_SECONDS = 30
_TAGS = re.compile(r"<[^>]+>")


class RemoteError(Exception):
	def __init__(self, message: str, status: int | None = None, exc_type: str | None = None):
		super().__init__(message)
		self.message = message
		self.status = status
		self.exc_type = exc_type


class RemoteUnreachable(RemoteError):
	pass


class RemoteAuthError(RemoteError):
	pass


class RemoteRejected(RemoteError):
	pass


def _messages(data: dict) -> str:
	"""The remote's own words: its _server_messages (what its desk would have shown), else the exception."""
	texts = []
	try:
		for raw in json.loads(data.get("_server_messages") or "[]"):
			message = json.loads(raw).get("message") if raw.startswith("{") else raw
			if message:
				texts.append(html.unescape(_TAGS.sub("", str(message))).strip())
	except (TypeError, ValueError):
		pass
	if not texts and data.get("exception"):
		texts.append(str(data["exception"]).splitlines()[-1])
	if not texts and data.get("exc"):
		texts.append(str(data["exc"]).strip().splitlines()[-1][:500])
	return "; ".join(texts) or str(data.get("exc_type") or "")


class ERPNextClient(FrappeClient):
	"""FrappeClient with a timeout on every request and errors the worker can act on."""

	def __init__(self, url: str, api_key: str, api_secret: str, timeout: int = TIMEOUT_SECONDS):
		super().__init__(url, api_key=api_key, api_secret=api_secret)
		request = self.session.request

		@functools.wraps(request)
		def request_with_timeout(*args, **kwargs):
			kwargs.setdefault("timeout", timeout)
			try:
				return request(*args, **kwargs)
			except requests.RequestException as error:
				raise RemoteUnreachable(f"{type(error).__name__}: {error}") from error

		self.session.request = request_with_timeout

	def post_process(self, response):
		status = response.status_code
		try:
			data = response.json()
		except ValueError:
			data = None
		if status in (401, 403):
			message = _messages(data) if isinstance(data, dict) else ""
			raise RemoteAuthError(message or f"HTTP {status}", status, "AuthenticationError")
		if not isinstance(data, dict):
			raise RemoteUnreachable(f"HTTP {status}: {response.text[:200]}", status)
		exc_type = data.get("exc_type")
		if status >= 500:  # down, overloaded or failing there: worth another try later
			raise RemoteUnreachable(_messages(data) or f"HTTP {status}", status, exc_type)
		if status >= 400 or data.get("exc"):
			raise RemoteRejected(_messages(data) or f"HTTP {status}", status, exc_type)
		if "message" in data:
			return data["message"]
		return data.get("data")

	def whoami(self) -> str:
		return self.get_api("frappe.auth.get_logged_user")

	def find(self, doctype: str, external_ids: list[str]) -> dict[str, dict]:
		"""The remote documents carrying these external ids: {external id: {name, docstatus}}."""
		if not external_ids:
			return {}
		rows = self.get_list(
			doctype,
			fields=["name", "docstatus", EXTERNAL_ID_FIELD],
			filters=[[EXTERNAL_ID_FIELD, "in", external_ids]],
			limit_page_length=len(external_ids),
		)
		return {row[EXTERNAL_ID_FIELD]: row for row in rows or []}


def client() -> ERPNextClient:
	url, key, secret = settings.connection()
	return ERPNextClient(url, key, secret)
