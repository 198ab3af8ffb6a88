"""Issue 22: the care coordinator adds and edits the providers on the social
map of their own school, over the web client's RPC, and nothing more: no other
contacts, no parents, no colleagues, no other school's or the board's providers,
no moving a provider out of their school or off the map, no deleting. A teacher
still changes no contact, and a user without a care role keeps Odoo's contacts."""

from odoo.fields import Command
from odoo.tests import HttpCase, JsonRpcException, new_test_user, tagged
from odoo.tools import mute_logger

from .common import IbReferralsCommon


@tagged("post_install", "-at_install")
class TestSocialMapRightsHttp(HttpCase, IbReferralsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.own_provider = Partner.create(
            {
                "name": "Jeugdhulp Linge",
                "is_company": True,
                "ib_is_provider": True,
                "company_id": cls.school_a.id,
            }
        )
        cls.other_provider = Partner.create(
            {
                "name": "Dyslexiezorg Merwede",
                "is_company": True,
                "ib_is_provider": True,
                "company_id": cls.school_b.id,
            }
        )
        cls.plain_contact = Partner.create(
            {"name": "Drukkerij De Vries", "is_company": True}
        )
        cls.plain_own_school = Partner.create(
            {
                "name": "Bakkerij Jansen",
                "is_company": True,
                "company_id": cls.school_a.id,
            }
        )

    def _refused(self, model, method, args, kwargs=None):
        with (
            mute_logger("odoo.http", "odoo.models"),
            self.assertRaises(JsonRpcException) as caught,
        ):
            self.call_kw(model, method, args, kwargs)
        self.assertIn("AccessError", str(caught.exception))

    def _create(self, vals, context=None):
        return self.call_kw(
            "res.partner", "create", [[vals]], {"context": context or {}}
        )

    def test_coordinator_adds_and_edits_providers_of_their_school(self):
        self.login(self.coordinator_a)
        # as the social map's form does: the school is filled in
        defaults = self.call_kw(
            "res.partner",
            "default_get",
            [["company_id", "ib_is_provider"]],
            {"context": {"default_ib_is_provider": True}},
        )
        self.assertEqual(defaults["company_id"], self.school_a.id)
        [new_id] = self._create(
            {"name": "Logopedie Gorinchem", "is_company": True},
            {"default_ib_is_provider": True},
        )
        provider = self.env["res.partner"].browse(new_id)
        self.assertEqual(
            (provider.ib_is_provider, provider.company_id), (True, self.school_a)
        )
        self.call_kw(
            "res.partner",
            "write",
            [[new_id, self.own_provider.id], {"ib_waiting_weeks": 6}],
        )
        self.assertEqual(self.own_provider.ib_waiting_weeks, 6)
        self.call_kw(
            "res.partner",
            "web_save",
            [
                [self.own_provider.id],
                {"ib_provider_notes": "Belt terug binnen 2 dagen"},
            ],
            {"specification": {"ib_provider_notes": {}}},
        )
        self.assertEqual(
            self.own_provider.ib_provider_notes, "Belt terug binnen 2 dagen"
        )

    def test_coordinator_changes_no_other_contact(self):
        self.login(self.coordinator_a)
        count = self.env["res.partner"].search_count([])
        # creating: an ordinary contact, a provider of another school or of the
        # board (no school), a contact of their own school that is no provider
        self._refused("res.partner", "create", [{"name": "Garage Smit"}])
        self._refused(
            "res.partner",
            "create",
            [{"name": "Own school, no provider", "company_id": self.school_a.id}],
        )
        self._refused(
            "res.partner",
            "create",
            [
                {
                    "name": "Provider B",
                    "ib_is_provider": True,
                    "company_id": self.school_b.id,
                }
            ],
        )
        self._refused(
            "res.partner",
            "create",
            [{"name": "Board provider", "ib_is_provider": True, "company_id": False}],
        )
        self.assertEqual(self.env["res.partner"].search_count([]), count)
        # writing: ordinary contacts, a parent of their school, a colleague's
        # partner, their own partner, another school's and the board's providers
        for partner in (
            self.plain_contact,
            self.plain_own_school,
            self.parent_a,
            self.teacher_5.partner_id,
            self.coordinator_a.partner_id,
            self.other_provider,
            self.speech,
        ):
            self._refused("res.partner", "write", [partner.ids, {"name": "Changed"}])
            self.assertNotEqual(partner.name, "Changed")
        # turning a contact into a provider of their school
        self._refused(
            "res.partner",
            "write",
            [
                self.plain_contact.ids,
                {"ib_is_provider": True, "company_id": self.school_a.id},
            ],
        )
        self.assertFalse(self.plain_contact.ib_is_provider)
        # deleting a provider of their school
        self._refused("res.partner", "unlink", [self.own_provider.ids])
        self.assertTrue(self.own_provider.exists())

    def test_coordinator_cannot_move_a_provider_out_of_reach(self):
        self.login(self.coordinator_a)
        for vals in (
            {"company_id": self.school_b.id},
            {"company_id": False},
            {"ib_is_provider": False},
        ):
            self._refused("res.partner", "write", [self.own_provider.ids, vals])
        self.assertEqual(
            (self.own_provider.ib_is_provider, self.own_provider.company_id),
            (True, self.school_a),
        )

    def test_teacher_changes_no_provider(self):
        self.login(self.teacher_5)
        self._refused(
            "res.partner",
            "create",
            [
                {
                    "name": "Provider by a teacher",
                    "ib_is_provider": True,
                    "company_id": self.school_a.id,
                }
            ],
        )
        self._refused(
            "res.partner", "write", [self.own_provider.ids, {"ib_waiting_weeks": 9}]
        )
        self.assertFalse(self.own_provider.ib_waiting_weeks)

    def test_users_with_contact_creation_keep_their_contact_work(self):
        """A user without a care role who creates contacts (Contacts: Creation)
        and a coordinator given that right too work with contacts as before."""
        clerk = new_test_user(
            self.env,
            login="t_clerk",
            groups="base.group_user,base.group_partner_manager",
            company_id=self.school_a.id,
            company_ids=[Command.set(self.school_a.ids)],
        )
        self.login(clerk)
        [new_id] = self._create({"name": "Schoonmaakbedrijf Bos"})
        self.call_kw(
            "res.partner",
            "write",
            [
                [new_id, self.plain_contact.id, self.own_provider.id],
                {"city": "Leerdam"},
            ],
        )
        self.call_kw(
            "res.partner", "write", [self.own_provider.ids, {"ib_is_provider": False}]
        )
        self.call_kw("res.partner", "unlink", [[new_id]])
        self.assertEqual(self.plain_contact.city, "Leerdam")
        self.assertFalse(self.own_provider.ib_is_provider)

        self.coordinator_b.group_ids = [
            Command.link(self.env.ref("base.group_partner_manager").id)
        ]
        self.login(self.coordinator_b)
        self._create({"name": "Fietsenmaker Kok"})
        self.call_kw(
            "res.partner", "write", [self.plain_contact.ids, {"city": "Asperen"}]
        )
        self.assertEqual(self.plain_contact.city, "Asperen")
        # still not the parents of another school
        self._refused("res.partner", "write", [self.parent_a.ids, {"name": "Changed"}])
