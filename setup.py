"""Gives the unit tier the pure-Python package: `pip install -e ".[test]"` needs no Frappe.

The Frappe app itself is apps/lpn_crm (flit); bench installs it from there.
"""

from setuptools import find_packages, setup

setup(
	name="lpn-crm-dev",
	version="0.1.0",
	description="lpn_crm's pure-Python domain package and its test tooling",
	package_dir={"": "apps/lpn_crm"},
	packages=find_packages("apps/lpn_crm", include=["lpn_crm", "lpn_crm.domain", "lpn_crm.domain.*"]),
	python_requires=">=3.10",
	install_requires=["stripe>=12,<17", "phonenumbers>=8.13,<10"],
	extras_require={
		"test": ["pytest>=8", "ruff>=0.17,<0.18", "requests>=2.31", "playwright>=1.40"],
	},
)
