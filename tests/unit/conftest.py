import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "apps" / "lpn_crm" / "lpn_crm"

# The unit tier imports lpn_crm.domain without Frappe; make it importable even without `pip install -e`.
if str(APP.parent) not in sys.path:
	sys.path.insert(0, str(APP.parent))
