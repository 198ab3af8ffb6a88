from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestSocialMap(IbReferralsCommon):
    def test_search_by_kind_and_region(self):
        Partner = self.as_user(self.coordinator_a, "res.partner")
        speech = self.env.ref("ib_referrals.help_kind_speech")
        found = Partner.search(
            [("ib_is_provider", "=", True), ("ib_help_kind_ids", "in", speech.ids)]
        )
        self.assertIn(self.speech, found)
        self.assertNotIn(self.remedial, found)
        found = Partner.search(
            [("ib_is_provider", "=", True), ("ib_region", "ilike", "dordrecht")]
        )
        self.assertIn(self.remedial, found)
        self.assertNotIn(self.speech, found)

    def test_teacher_reads_the_map_but_cannot_change_kinds(self):
        kinds = self.as_user(self.teacher_5, "ib.help.kind")
        self.assertTrue(kinds.search([]))
        with self.assertRaises(AccessError):
            kinds.create({"name": "Music therapy"})
        self.as_user(self.coordinator_a, "ib.help.kind").create(
            {"name": "Music therapy"}
        )
