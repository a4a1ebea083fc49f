"""End-to-end tier: a real `bench serve` of the test site, driven over HTTP (and later a browser).

scripts/test runs this tier with LPN_BENCH and LPN_E2E_SITE set, after it has prepared the site.
"""

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

# The Stripe test fake and the domain package come from this checkout, installed or not.
APP_ROOT = Path(__file__).resolve().parents[2] / "apps" / "lpn_crm"
if str(APP_ROOT) not in sys.path:
	sys.path.insert(0, str(APP_ROOT))

BENCH = Path(os.environ.get("LPN_BENCH", Path.home() / "frappe-bench"))
SITE = os.environ.get("LPN_E2E_SITE", "")
ADMIN_PASSWORD = os.environ.get("LPN_ADMIN_PASSWORD", "admin")


def free_port() -> int:
	with socket.socket() as sock:
		sock.bind(("127.0.0.1", 0))
		return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
	deadline = time.monotonic() + seconds
	while time.monotonic() < deadline:
		if process.poll() is not None:
			raise RuntimeError(f"the server exited with {process.returncode} before answering")
		try:
			if requests.get(f"{url}/api/method/ping", timeout=2).ok:
				return
		except requests.ConnectionError:
			time.sleep(0.2)
	raise RuntimeError(f"{url} did not answer within {seconds} s")


@pytest.fixture(scope="session")
def site_url():
	if os.environ.get("LPN_E2E_URL"):
		# scripts/test already serves the test site
		yield os.environ["LPN_E2E_URL"]
		return
	if not SITE or not (BENCH / "sites" / SITE).is_dir():
		pytest.skip("no test site: run this tier through scripts/test on a machine with a bench")
	with served(SITE, "e2e-serve.log", "--nothreading") as url:
		yield url


@contextlib.contextmanager
def served(site: str, log_name: str, *options: str):
	"""`bench serve` of `site` on a free port for the block: its URL once it answers; stopped after."""
	port = free_port()
	log = open(BENCH / "logs" / log_name, "w")
	process = subprocess.Popen(
		["bench", "--site", site, "serve", "--port", str(port), "--noreload", *options],
		cwd=BENCH,
		stdout=log,
		stderr=subprocess.STDOUT,
	)
	url = f"http://127.0.0.1:{port}"
	try:
		wait_until_up(url, process)
		yield url
	finally:
		process.terminate()
		try:
			process.wait(timeout=10)
		except subprocess.TimeoutExpired:
			process.kill()
		log.close()


def login(url: str, user: str, password: str) -> requests.Session:
	session = requests.Session()
	response = session.post(f"{url}/api/method/login", data={"usr": user, "pwd": password}, timeout=30)
	response.raise_for_status()
	return session


@pytest.fixture(scope="session")
def admin(site_url) -> requests.Session:
	return login(site_url, "Administrator", ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def browser():
	"""Debian's Chromium, headless, driven by Playwright; skipped where either is missing. One per module:
	Playwright's sync API allows one running instance, and some tests start their own."""
	sync_api = pytest.importorskip("playwright.sync_api")
	if not Path("/usr/bin/chromium").exists():
		pytest.skip("Debian's chromium is not installed")
	with sync_api.sync_playwright() as p:
		chromium = p.chromium.launch(
			executable_path="/usr/bin/chromium",
			args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
		)
		yield chromium
		chromium.close()
