"""Read the app's source as files and syntax trees, never importing anything that needs Frappe."""

import ast
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP_ROOT = REPO / "apps" / "lpn_crm"
APP = APP_ROOT / "lpn_crm"


def module_folders() -> dict[str, Path]:
	"""Module name (as in modules.txt) -> its package folder."""
	names = [line.strip() for line in (APP / "modules.txt").read_text().splitlines() if line.strip()]
	return {name: APP / name.lower().replace(" ", "_") for name in names}


def doctype_files() -> list[Path]:
	return sorted(path for path in APP.glob("*/doctype/*/*.json") if path.stem == path.parent.name)


@cache
def doctypes() -> dict[str, dict]:
	return {meta["name"]: meta for meta in (json.loads(path.read_text()) for path in doctype_files())}


def core_doctypes() -> set[str]:
	lines = (Path(__file__).parent / "frappe_core_doctypes.txt").read_text().splitlines()
	return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def python_files(root: Path = APP) -> Iterator[Path]:
	yield from sorted(path for path in root.rglob("*.py") if "__pycache__" not in path.parts)


@cache
def parse(path: Path) -> ast.Module:
	return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def module_path(dotted: str) -> Path | None:
	"""The file that defines the module `dotted` (lpn_crm.a.b), or None."""
	parts = dotted.split(".")
	base = APP_ROOT.joinpath(*parts)
	for candidate in (base.with_suffix(".py"), base / "__init__.py"):
		if candidate.exists():
			return candidate
	return None


def defines(path: Path, name: str) -> bool:
	"""Whether the module at `path` defines (or imports) a top-level callable `name`."""
	for node in parse(path).body:
		if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.name == name:
			return True
		if isinstance(node, ast.ImportFrom) and any(
			(alias.asname or alias.name) == name for alias in node.names
		):
			return True
	return False


def resolves(dotted: str) -> bool:
	"""Whether `lpn_crm.x.y.func` names a function (or class) in the app's source."""
	module, _, attr = dotted.rpartition(".")
	path = module_path(module)
	return path is not None and defines(path, attr)


def dotted_name(path: Path) -> str:
	return ".".join(path.relative_to(APP_ROOT).with_suffix("").parts)


def is_whitelist(decorator: ast.expr) -> bool:
	target = decorator.func if isinstance(decorator, ast.Call) else decorator
	return isinstance(target, ast.Attribute) and target.attr == "whitelist"


def whitelisted_methods() -> list[str]:
	"""Dotted paths of every function decorated with @frappe.whitelist(...)."""
	found = []
	for path in python_files():
		for node in parse(path).body:
			if isinstance(node, ast.FunctionDef) and any(is_whitelist(d) for d in node.decorator_list):
				found.append(f"{dotted_name(path)}.{node.name}")
		for cls in (n for n in parse(path).body if isinstance(n, ast.ClassDef)):
			for node in cls.body:
				if isinstance(node, ast.FunctionDef) and any(is_whitelist(d) for d in node.decorator_list):
					found.append(f"{dotted_name(path)}.{cls.name}.{node.name}")
	return found


def hook_paths() -> list[str]:
	"""Every string in hooks.py that names something in the app by dotted path."""
	found = []
	for node in ast.walk(parse(APP / "hooks.py")):
		if (
			isinstance(node, ast.Constant)
			and isinstance(node.value, str)
			and node.value.startswith("lpn_crm.")
		):
			found.append(node.value)
	return found


def all_test_code() -> str:
	"""All test code of every tier, as one text to search."""
	files = [*python_files(APP), *sorted((REPO / "tests").rglob("*.py"))]
	return "\n".join(path.read_text(encoding="utf-8") for path in files if path.name.startswith("test_"))


def app_roles() -> set[str]:
	"""The role names the app defines (string constants of lpn_crm/access.py)."""
	return {
		node.value.value
		for node in parse(APP / "access.py").body
		if isinstance(node, ast.Assign)
		and isinstance(node.value, ast.Constant)
		and isinstance(node.value.value, str)
	}
