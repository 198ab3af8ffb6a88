from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import IbProtocolsCommon

MODELS = (
    "ib.meldcode.case",
    "ib.bullying.incident",
    "ib.medical.agreement",
    "ib.absence.report",
)


@tagged("post_install", "-at_install")
class TestRegisterAccess(IbProtocolsCommon):
    """Who finds which records of each register (search as the user, with only
    their schools active), and who may change them."""

    def visible(self, user, model):
        try:
            return self.as_user(user, model).search([])
        except AccessError:
            return None  # no access right at all

    def test_who_sees_each_register(self):
        none = None
        expected = {
            "ib.meldcode.case": {
                self.coordinator_a: self.case_a,
                self.coordinator_b: self.case_b,
                self.director: self.case_a | self.case_b,
                self.teacher_5: none,
                self.teacher_b: none,
                self.employee: none,
                self.parent_a: none,
                self.provider: none,
            },
            "ib.bullying.incident": {
                self.coordinator_a: self.incident_5 | self.incident_6,
                self.coordinator_b: self.incident_b,
                self.director: self.incident_5 | self.incident_6 | self.incident_b,
                self.teacher_5: self.incident_5,
                self.teacher_6: self.incident_6,
                self.teacher_b: self.incident_b,
                self.employee: none,
                self.parent_a: none,
                self.provider: none,
            },
            "ib.medical.agreement": {
                self.coordinator_a: self.agreement_5 | self.agreement_6,
                self.coordinator_b: self.agreement_b,
                self.director: self.agreement_5 | self.agreement_6 | self.agreement_b,
                self.teacher_5: self.agreement_5,
                self.teacher_6: self.agreement_6,
                self.employee: none,
                self.parent_a: none,
                self.provider: none,
            },
            "ib.absence.report": {
                self.coordinator_a: self.absence_a,
                self.coordinator_b: self.absence_b,
                self.director: self.absence_a | self.absence_b,
                self.teacher_5: none,
                self.employee: none,
                self.parent_a: none,
                self.provider: none,
            },
        }
        for model, by_user in expected.items():
            for user, records in by_user.items():
                with self.subTest(model=model, user=user.login):
                    found = self.visible(user, model)
                    if records is None:
                        self.assertIsNone(found)
                    else:
                        self.assertEqual(found, records)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_director_reads_but_does_not_write(self):
        for record, vals in (
            (self.case_a, {"signals_notes": "x"}),
            (self.incident_6, {"measures": "x"}),
            (self.agreement_6, {"dosage": "x"}),
            (self.absence_a, {"notes": "x"}),
        ):
            with self.subTest(model=record._name):
                mine = self._records_as(self.director, record)
                self.assertTrue(mine.read(["display_name"]))
                with self.assertRaises(AccessError):
                    mine.write(vals)

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_teacher_records_for_own_groups_only(self):
        Incident = self.as_user(self.teacher_5, "ib.bullying.incident")
        own = Incident.create({"pupil_id": self.pupil_5b.id, "name": "Nieuw 5b"})
        self.assertEqual(own.reporter_id, self.teacher_5)
        own.write({"measures": "Gesprek"})
        with self.assertRaises(AccessError):
            Incident.create({"pupil_id": self.pupil_6a.id, "name": "Niet mijn groep"})
        # moving an incident to a pupil of another group is refused
        self.assertMoveRefused(own, {"pupil_id": self.pupil_6a.id})
        with self.assertRaises(AccessError):
            self._records_as(self.teacher_5, self.incident_6).read(["description"])
        Agreement = self.as_user(self.teacher_5, "ib.medical.agreement")
        agreement = Agreement.create({"pupil_id": self.pupil_5b.id, "name": "Zalf"})
        self.assertMoveRefused(agreement, {"pupil_id": self.pupil_6a.id})

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_other_school_coordinator_is_refused(self):
        for record in (self.case_a, self.incident_5, self.agreement_5, self.absence_a):
            with self.subTest(model=record._name):
                with self.assertRaises(AccessError):
                    self._records_as(self.coordinator_b, record).read(["pupil_id"])
        # claiming school A in the context does not help
        forged = self.case_a.with_user(self.coordinator_b).with_context(
            allowed_company_ids=(self.school_a | self.school_b).ids
        )
        with self.assertRaises(AccessError):
            forged.read(["signals_notes"])

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_register_records_cannot_be_deleted(self):
        for record in (self.case_a, self.incident_5, self.agreement_5, self.absence_a):
            with self.subTest(model=record._name):
                with self.assertRaises(AccessError):
                    self._records_as(self.coordinator_a, record).unlink()
                self.assertTrue(record.exists())

    def test_chatter_followers_stay_within_the_roles(self):
        case = self._records_as(self.coordinator_a, self.case_a)
        case.message_subscribe(partner_ids=self.coordinator_a.partner_id.ids)
        self.assertIn(self.coordinator_a.partner_id, case.message_partner_ids)
        # a teacher, the parent or the provider cannot be made followers
        for user in (self.teacher_5, self.parent_a, self.provider):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                case.message_subscribe(partner_ids=user.partner_id.ids)
        self.assertNotIn(self.teacher_5.partner_id, case.message_partner_ids)
        self.assertNotIn(self.parent_a.partner_id, case.message_partner_ids)
        # the director may follow
        case.message_subscribe(partner_ids=self.director.partner_id.ids)
        self.assertIn(self.director.partner_id, case.message_partner_ids)
        # an activity on a case is for its readers only
        case.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.director.id, summary="Bellen"
        )
        with self.assertRaises(ValidationError):
            case.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.teacher_5.id
            )
