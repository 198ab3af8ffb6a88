import json

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from odoo.addons.ib_referrals.tests.common import IbReferralsCommon
from odoo.addons.ib_support_profile.tests.common import SupportProfileCommon


class ReferralSupportProfileCommon(IbReferralsCommon, SupportProfileCommon):
    """The referral of pupil 5a (school A) and the support profiles of the two
    schools (A: archived and published, B: draft)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.part_a = cls.extra_a
        cls.part_old = cls.profile_old.part_ids[:1]
        cls.part_b = cls.profile_b.part_ids[:1]


class TestReferralSupportProfile(ReferralSupportProfileCommon):
    def test_domain_offers_the_published_parts_of_the_school(self):
        """The form offers the parts of the published version of the
        referral's school: not the archived version, not another school's."""
        field = self.env["ib.referral"]._fields["support_profile_part_id"]
        domain = safe_eval(field.domain, {"company_id": self.referral.company_id.id})
        offered = (
            self.env["ib.support.profile.part"]
            .with_user(self.coordinator_a)
            .with_context(allowed_company_ids=self.school_a.ids)
            .search(domain)
        )
        self.assertEqual(offered, self.profile_a.part_ids)
        self.assertEqual(
            self.env["ib.support.profile.part"].search(domain),
            self.profile_a.part_ids,
        )

    def test_coordinator_links_the_part_that_applies(self):
        referral = self._records_as(self.coordinator_a, self.referral)
        referral.support_profile_part_id = self.part_a
        self.assertEqual(self.referral.support_profile_part_id, self.part_a)
        # it stays linked when the next version archives this one
        next_year = self._create_year(
            self.school_a, self.year_a.date_end.replace(month=8, day=1)
        )
        self._profile(self.school_a, next_year, "NEXT", advice=True).action_publish()
        self.assertEqual(self.part_a.profile_state, "archived")
        self.assertEqual(self.referral.support_profile_part_id, self.part_a)

    def test_draft_archived_or_other_school_parts_are_refused(self):
        referral = self._records_as(self.coordinator_a, self.referral)
        with self.assertRaises(ValidationError):
            referral.write({"support_profile_part_id": self.part_old.id})
        self.assertFalse(self.referral.support_profile_part_id)
        # B's draft: out of reach of A's coordinator, and of another school
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            referral.write({"support_profile_part_id": self.part_b.id})
        with self.assertRaises(ValidationError):
            self.referral.write({"support_profile_part_id": self.part_b.id})
        self.assertFalse(self.referral.support_profile_part_id)

    def test_teacher_cannot_set_it(self):
        referral = self._records_as(self.teacher_5, self.referral)
        self.assertFalse(referral.support_profile_part_id)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            referral.write({"support_profile_part_id": self.part_a.id})


@tagged("post_install", "-at_install")
class TestReferralSupportProfileRpc(ReferralSupportProfileCommon, HttpCase):
    def test_form_shows_and_saves_the_part(self):
        self.login(self.coordinator_a)
        answer = self.call_kw_answer(
            "ib.referral",
            "web_save",
            [self.referral.ids, {"support_profile_part_id": self.part_a.id}],
            {
                "specification": {
                    "support_profile_part_id": {"fields": {"display_name": {}}}
                }
            },
        )
        self.assertEqual(
            answer["result"][0]["support_profile_part_id"]["id"], self.part_a.id
        )
        view = self.call_kw_answer("ib.referral", "get_views", [[[False, "form"]]], {})
        self.assertIn(
            "support_profile_part_id",
            view["result"]["views"]["form"]["arch"],
        )

    @mute_logger("odoo.http")
    def test_other_school_part_refused_over_rpc(self):
        self.login(self.coordinator_a)
        answer = self.call_kw_answer(
            "ib.referral",
            "web_save",
            [self.referral.ids, {"support_profile_part_id": self.part_b.id}],
            {"specification": {}},
        )
        self.assertIn("error", answer)
        self.assertNotIn("DRAFT-B-TEXT", json.dumps(answer))
        self.assertFalse(self.referral.support_profile_part_id)
