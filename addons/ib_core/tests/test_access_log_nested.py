from odoo.tests import tagged

from .common_privacy import IbPrivacyCommon


def form_spec(Model):
    """The specification of a ``web_read`` opening a record of ``Model`` in its form
    view, as the user of ``Model.env``: built by Odoo from the view (as its /json
    route does, and like the web client's), so it holds the relational fields the
    form shows with the fields of their inline lists (a pupil's consents)."""
    spec = Model._get_fields_spec(Model.get_view(view_type="form"))
    spec["display_name"] = {}
    return spec


@tagged("post_install", "-at_install")
class TestAccessLogNestedReads(IbPrivacyCommon):
    """Opening a form writes one access-log row for the record opened, whatever
    the form shows of other care records (a pupil's consents, a consent's pupil):
    the web client reads those in the same ``web_read``, as part of that form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Log = cls.env["ib.pupil.access.log"]
        Consent = cls.env["ib.consent"]
        cls.consents = {}
        for pupil, count in ((cls.pupil_5a, 0), (cls.pupil_5b, 1), (cls.pupil_6a, 3)):
            parent = cls.env["res.partner"].create({"name": f"Parent of {pupil.name}"})
            cls.env["ib.pupil.guardian"].create(
                {
                    "pupil_id": pupil.id,
                    "partner_id": parent.id,
                    "relation": "mother",
                    "parental_authority": True,
                }
            )
            cls.consents[pupil] = Consent.create(
                [
                    {
                        "pupil_id": pupil.id,
                        "partner_id": parent.id,
                        "purpose": "observation",
                        "description": f"Consent {index} of {pupil.name}",
                    }
                    for index in range(count)
                ]
            )

    def setUp(self):
        super().setUp()
        self.clear_denied()

    def _env_model(self, model):
        return self.as_user(self.coordinator_a, model)

    def _logs(self):
        return self.Log.search(
            [("company_id", "in", (self.school_a | self.school_b).ids)]
        )

    def test_the_pupil_form_reads_the_consents(self):
        spec = form_spec(self._env_model("ib.pupil"))
        self.assertIn("consent_ids", spec)
        self.assertIn("partner_id", spec["consent_ids"]["fields"])

    def test_opening_a_pupil_logs_one_row_whatever_its_consents(self):
        Pupil = self._env_model("ib.pupil")
        spec = form_spec(Pupil)
        for pupil, consents in self.consents.items():
            with self.subTest(consents=len(consents)):
                before = self._logs()
                values = Pupil.browse(pupil.id).web_read(spec)
                self.assertEqual(
                    sorted(c["id"] for c in values[0]["consent_ids"]),
                    sorted(consents.ids),
                )
                new = self._logs() - before
                self.assertRecordValues(
                    new,
                    [
                        {
                            "pupil_id": pupil.id,
                            "res_model": "ib.pupil",
                            "res_id": pupil.id,
                            "user_id": self.coordinator_a.id,
                            "way": "form",
                            "denied": False,
                        }
                    ],
                )

    def test_opening_a_consent_logs_one_row(self):
        Consent = self._env_model("ib.consent")
        spec = form_spec(Consent)
        self.assertIn("pupil_id", spec)
        # the form shows the pupil with more than its name: still the consent's form
        spec["pupil_id"] = {"fields": {"display_name": {}, "pupil_number": {}}}
        consent = self.consents[self.pupil_5b]
        before = self._logs()
        Consent.browse(consent.id).web_read(spec)
        self.assertRecordValues(
            self._logs() - before,
            [
                {
                    "pupil_id": self.pupil_5b.id,
                    "res_model": "ib.consent",
                    "res_id": consent.id,
                    "way": "form",
                }
            ],
        )

    def test_pupil_data_shown_in_another_form_is_logged_once(self):
        """A form of a record that is no pupil data (a group membership) that shows
        more of its pupil than the name reads the pupil's data: one row, not one
        per field or per nested record. Only the name reads nothing of the file."""
        membership = self.pupil_5a.membership_ids[:1]
        self.assertTrue(membership)
        Membership = self._env_model("ib.group.membership")
        before = self._logs()
        Membership.browse(membership.id).web_read(
            {"pupil_id": {"fields": {"display_name": {}}}}
        )
        self.assertFalse(self._logs() - before)
        Membership.browse(membership.id).web_read(
            {"pupil_id": {"fields": {"display_name": {}, "pupil_number": {}}}}
        )
        self.assertEqual(len(self._logs() - before), 1)

    def test_each_real_open_is_logged(self):
        """Opening the same pupil twice is two accesses; a list of consents, then
        one consent's form, is one access (of the consent)."""
        Pupil = self._env_model("ib.pupil")
        spec = form_spec(Pupil)
        before = self._logs()
        Pupil.browse(self.pupil_6a.id).web_read(spec)
        Pupil.browse(self.pupil_6a.id).web_read(spec)
        Consent = self._env_model("ib.consent")
        consent = self.consents[self.pupil_6a][:1]
        Consent.web_search_read([("pupil_id", "=", self.pupil_6a.id)], {"purpose": {}})
        Consent.browse(consent.id).web_read(form_spec(Consent))
        new = self._logs() - before
        self.assertEqual(
            sorted(new.mapped(lambda log: (log.res_model, log.res_id))),
            [
                ("ib.consent", consent.id),
                ("ib.pupil", self.pupil_6a.id),
                ("ib.pupil", self.pupil_6a.id),
            ],
        )
