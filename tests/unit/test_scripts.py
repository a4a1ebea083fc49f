"""The set-up scripts fail with one clear line, and leave nothing half-made behind."""

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_lib(snippet: str, **env) -> subprocess.CompletedProcess:
	return subprocess.run(
		["bash", "-c", f'source "{REPO}/scripts/lib.sh"; {snippet}'],
		capture_output=True,
		text=True,
		timeout=60,
		env={"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(Path.home()), **env},
	)


def test_unreachable_redis_is_one_clear_line():
	result = run_lib("check_redis", LPN_REDIS_URL="redis://127.0.0.1:1")
	assert result.returncode == 1
	assert (
		result.stderr.strip() == "lpn: Redis cannot be reached at redis://127.0.0.1:1: is the server running?"
	)


def test_unreachable_frappe_source_leaves_no_bench(tmp_path):
	bench = tmp_path / "bench"
	result = run_lib("ensure_bench", LPN_BENCH=str(bench), FRAPPE_PATH=str(tmp_path / "no-frappe-here"))
	assert result.returncode == 1
	assert "no Frappe source reachable" in result.stderr
	assert len(result.stderr.strip().splitlines()) == 1
	assert not bench.exists()


def test_a_folder_that_is_not_a_bench_is_not_touched(tmp_path):
	bench = tmp_path / "bench"
	bench.mkdir()
	(bench / "notes.txt").write_text("mine")
	result = run_lib("ensure_bench", LPN_BENCH=str(bench))
	assert result.returncode == 1
	assert "is not a working bench" in result.stderr
	assert (bench / "notes.txt").read_text() == "mine"


@pytest.mark.skipif(not shutil.which("mysql"), reason="no MariaDB client on this machine")
def test_refused_db_admin_is_one_clear_line():
	probe = subprocess.run(["mysql", "-uroot", "-e", "select 1"], capture_output=True, timeout=30)
	if probe.returncode != 0:
		pytest.skip("MariaDB is not reachable as root here")
	# A user of its own, made with one password and presented with another; never the scripts' real one.
	user = "lpn_probe_refused"
	hosts = ("localhost", "127.0.0.1", "%")
	create = ";".join(
		f"CREATE USER IF NOT EXISTS '{user}'@'{host}' IDENTIFIED BY 'right-pw'" for host in hosts
	)
	drop = ";".join(f"DROP USER IF EXISTS '{user}'@'{host}'" for host in hosts)
	subprocess.run(["mysql", "-uroot", "-e", create], check=True, timeout=30)
	try:
		result = run_lib("ensure_db_admin", LPN_DB_ADMIN=user, LPN_DB_ADMIN_PASSWORD="wrong-pw")
	finally:
		subprocess.run(["mysql", "-uroot", "-e", drop], check=True, timeout=30)
	assert result.returncode == 1
	assert result.stderr.strip().endswith(
		f"MariaDB refused the DB admin user {user} (set LPN_DB_ADMIN / LPN_DB_ADMIN_PASSWORD to one it accepts)"
	)
