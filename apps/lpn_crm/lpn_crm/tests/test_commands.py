from unittest.mock import patch

import frappe
from click.testing import CliRunner
from frappe.tests.utils import FrappeTestCase

from lpn_crm.commands import commands, recompute_rollups


class TestCommands(FrappeTestCase):
	def test_recompute_rollups_command_is_registered(self):
		self.assertIn("lpn-recompute-rollups", [command.name for command in commands])

	def test_recompute_rollups_runs_the_nightly_rollups_on_each_site(self):
		# The command opens and closes its own site connection; the test's own must survive it.
		with (
			patch("frappe.init") as init,
			patch("frappe.connect"),
			patch("frappe.destroy"),
			patch.object(frappe.db, "commit") as commit,
			patch("lpn_crm.fundraising.rollups.nightly_rollups") as nightly,
		):
			result = CliRunner().invoke(
				recompute_rollups, obj={"sites": ["a.site", "b.site"], "profile": False}
			)
		self.assertEqual(result.exit_code, 0, repr(result.exception))
		self.assertEqual([call.kwargs["site"] for call in init.call_args_list], ["a.site", "b.site"])
		self.assertEqual(nightly.call_count, 2)
		self.assertEqual(commit.call_count, 2)
		self.assertIn("rollups recomputed", result.output)

	def test_recompute_rollups_needs_a_site(self):
		result = CliRunner().invoke(recompute_rollups, obj={"sites": [], "profile": False})
		self.assertNotEqual(result.exit_code, 0)
