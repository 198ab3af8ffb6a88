from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.ib_intake.tests.common import IbIntakeCommon
from odoo.addons.ib_support_profile.tests.common import SupportProfileCommon


@tagged("post_install", "-at_install")
class TestIntakeSupportProfile(IbIntakeCommon, SupportProfileCommon):
    def test_coordinator_links_a_published_part_of_the_school(self):
        intake = self._records_as(self.coordinator_a, self.intake)
        intake.support_profile_part_id = self.extra_a
        self.assertEqual(intake.support_profile_part_id, self.extra_a)
        self.assertIn(
            "support_profile_part_id",
            self.env["ib.intake"].get_views([(False, "form")])["views"]["form"]["arch"],
        )

    def test_draft_archived_or_other_school_part_refused(self):
        old_part = self.profile_old.part_ids[:1]
        self.assertNotEqual(old_part.profile_state, "published")
        intake = self._records_as(self.coordinator_a, self.intake)
        with self.assertRaises(ValidationError):
            intake.support_profile_part_id = old_part
        draft_part = self.profile_b.part_ids[:1]
        with self.assertRaises(ValidationError):
            self._records_as(
                self.coordinator_b, self.intake_b
            ).support_profile_part_id = draft_part
        with self.assertRaises(UserError):  # ValidationError is one too
            self.intake.support_profile_part_id = draft_part
        self.assertFalse(self.intake.support_profile_part_id)

    def test_parent_does_not_read_the_link(self):
        self.intake.support_profile_part_id = self.extra_a
        intake = self._records_as(self.parent, self.intake)
        self.assertTrue(intake.read(["name"]))
        with self.assertRaises(AccessError):
            intake.read(["support_profile_part_id"])
