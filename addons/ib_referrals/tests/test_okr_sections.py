from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestOkrSections(IbReferralsCommon):
    """The OKR has the sections receiving schools and the SWV expect: filled
    from the pupil file where it holds them, completed by the coordinator before
    the report is shared with the parents."""

    def setUp(self):
        super().setUp()
        self.pupil_5a.write(
            {
                "educational_needs": "<p>FILE-NEEDS</p>",
                "stimulating_factors": "<p>FILE-STIMULATING</p>",
                "hindering_factors": "<p>FILE-HINDERING</p>",
            }
        )
        self.referral_c = self.as_user(self.coordinator_a, "ib.referral").browse(
            self.referral.id
        )

    def test_generate_fills_the_sections_the_file_holds(self):
        self.referral_c.okr_social_emotional = "<p>TYPED-SOCIAL</p>"
        self.referral_c.action_okr_generate()
        self.assertIn("FILE-NEEDS", self.referral_c.okr_educational_needs)
        self.assertIn("FILE-STIMULATING", self.referral_c.okr_stimulating_factors)
        self.assertIn("FILE-HINDERING", self.referral_c.okr_hindering_factors)
        # What the file does not hold keeps the coordinator's text.
        self.assertIn("TYPED-SOCIAL", self.referral_c.okr_social_emotional)
        self.assertIn("Absence", self.referral_c.okr_missing_sections)

    def test_not_shared_with_parents_while_sections_are_empty(self):
        self.referral_c.action_okr_generate()
        with self.assertRaises(ValidationError) as caught:
            self.referral_c.write({"okr_share_with_parents": True})
        message = str(caught.exception)
        self.assertIn("cannot be shared with the parents", message)
        self.assertIn("Social-Emotional Development", message)
        self.assertIn("Absence", message)
        self.assertNotIn("Educational Needs", message)
        self.env.invalidate_all()
        self.assertFalse(self.referral.okr_share_with_parents)

    def test_shared_once_complete_and_printed(self):
        self.referral_c.action_okr_generate()
        self.referral_c.write(
            {
                "okr_social_emotional": "<p>TYPED-SOCIAL</p>",
                "okr_absence": "<p>TYPED-ABSENCE</p>",
                "okr_tried": "<p>TYPED-TRIED</p>",
                "okr_share_with_parents": True,
            }
        )
        self.assertTrue(self.referral.okr_share_with_parents)
        self.assertFalse(self.referral_c.okr_missing_sections)
        # A shared report keeps its sections.
        with self.assertRaises(ValidationError):
            self.referral_c.write({"okr_absence": "<p><br></p>"})
        html = str(
            self.env["ir.actions.report"]
            .with_user(self.coordinator_a)
            ._render_qweb_html(
                "ib_referrals.report_ib_referral_okr", self.referral.ids
            )[0]
        )
        for text in (
            "Educational Needs",
            "FILE-NEEDS",
            "Stimulating Factors",
            "FILE-HINDERING",
            "Social-Emotional Development",
            "TYPED-SOCIAL",
            "Absence",
            "TYPED-ABSENCE",
            "What Was Tried, with What Effect",
            "TYPED-TRIED",
        ):
            self.assertIn(text, html)

    def test_sections_are_locked_once_final(self):
        self.referral_c.write(self._okr_sections())
        self.referral_c.action_okr_generate()
        self.referral_c.action_okr_finalize()
        with self.assertRaises(UserError) as caught:
            self.referral_c.write({"okr_absence": "<p>LATER</p>"})
        self.assertIn("is final", str(caught.exception))
