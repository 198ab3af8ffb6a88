from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .test_support_request import IbSupportRequestCommon


@tagged("post_install", "-at_install")
class TestHandover(IbSupportRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        both = cls.school_a | cls.school_b
        # the regular coordinator works for both schools and goes on leave; the
        # interim coordinator takes over school A only
        cls.regular = cls._user("t_ib_regular", "ib_core.group_ib_coordinator", both)
        cls.interim = cls._user("t_ib_interim", "ib_core.group_ib_coordinator", both)
        cls.school_a.ib_coordinator_id = cls.regular
        cls.school_b.ib_coordinator_id = cls.regular
        Request = cls.env["ib.support.request"]
        values = {"care_domain": "behaviour", "question": "<p>Restless</p>"}
        cls.req_new = Request.create({**values, "pupil_id": cls.pupil_5a.id})
        cls.req_answered = Request.create({**values, "pupil_id": cls.pupil_6a.id})
        cls.req_answered.answer = "<p>Advice</p>"
        cls.req_answered.action_answer()
        cls.req_closed = Request.create({**values, "pupil_id": cls.pupil_6b.id})
        cls.req_closed.answer = "<p>Advice</p>"
        cls.req_closed.action_answer()
        cls.req_closed.action_close()
        cls.req_b = Request.create({**values, "pupil_id": cls.pupil_b.id})
        assert (cls.req_new | cls.req_b).coordinator_id == cls.regular
        # an activity of the regular coordinator on a pupil file of each school
        cls.pupil_activity_a = cls.pupil_5b.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call the parents",
            user_id=cls.regular.id,
        )
        cls.pupil_activity_b = cls.pupil_b.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Observe in class",
            user_id=cls.regular.id,
        )

    def _wizard(self, user, **vals):
        Wizard = self.as_user(user, "ib.handover.wizard")
        values = {"from_user_id": self.regular.id, "to_user_id": self.interim.id}
        values.update(vals)
        return Wizard.create(values)

    def _handover_messages(self, pupils):
        return self.env["mail.message"].search(
            [
                ("model", "=", "ib.pupil"),
                ("res_id", "in", pupils.ids),
                ("body", "ilike", "Care handed over"),
            ]
        )

    def test_handover_moves_the_care_of_the_chosen_school(self):
        wizard = self._wizard(self.regular, company_ids=[(6, 0, self.school_a.ids)])
        self.assertEqual(wizard.available_company_ids, self.school_a | self.school_b)
        self.assertEqual(wizard.request_count, 2)  # new + answered of school A
        self.assertEqual(wizard.activity_count, 2)  # the new request + pupil 5b
        action = wizard.action_handover()

        moved = self.req_new | self.req_answered
        self.assertEqual(moved.coordinator_id, self.interim)
        self.assertEqual(self.req_closed.coordinator_id, self.regular)
        self.assertEqual(self.req_b.coordinator_id, self.regular, "school B stays")
        self.assertEqual(self.pupil_activity_a.user_id, self.interim)
        self.assertEqual(self.pupil_activity_b.user_id, self.regular)
        self.assertEqual(self.school_a.ib_coordinator_id, self.interim)
        self.assertEqual(self.school_b.ib_coordinator_id, self.regular)
        # new requests now go to the interim coordinator
        self.assertEqual(
            self._request(self.teacher_5, self.pupil_5b).coordinator_id, self.interim
        )

        # one chatter line per affected pupil, naming both coordinators
        affected = self.pupil_5a | self.pupil_6a | self.pupil_5b
        messages = self._handover_messages(affected | self.pupil_6b | self.pupil_b)
        self.assertEqual(len(messages), 3)
        self.assertEqual(set(messages.mapped("res_id")), set(affected.ids))
        self.assertIn(self.regular.name, messages[0].body)
        self.assertIn(self.interim.name, messages[0].body)

        # one list of everything running for the newcomer
        self.assertEqual(action["res_model"], "mail.activity")
        running = self.env["mail.activity"].search(action["domain"])
        self.assertEqual(running.user_id, self.interim)
        self.assertEqual(
            {(a.res_model, a.res_id) for a in running},
            {
                ("ib.support.request", self.req_new.id),
                ("ib.support.request", self.req_answered.id),
                ("ib.pupil", self.pupil_5b.id),
            },
        )

    def test_refused_for_a_teacher_and_a_director(self):
        with self.assertRaises(AccessError):
            self._wizard(self.teacher_5)
        with self.assertRaises(AccessError):
            self._wizard(self.director)
        wizard = self._wizard(self.regular)
        with self.assertRaises(AccessError):
            wizard.with_user(self.teacher_5).action_handover()
        self.assertEqual(self.req_new.coordinator_id, self.regular)

    def test_wrong_target_is_refused(self):
        with self.assertRaises(UserError):
            self._wizard(self.regular, to_user_id=self.teacher_5.id).action_handover()
        with self.assertRaises(UserError):
            self._wizard(self.regular, to_user_id=self.regular.id).action_handover()
        # coordinator B does not work for school A
        wizard = self._wizard(self.regular, to_user_id=self.coordinator_b.id)
        self.assertEqual(wizard.available_company_ids, self.school_b)
        wizard.company_ids = self.school_a | self.school_b
        with self.assertRaises(UserError):
            wizard.action_handover()
        # a school the running coordinator is not working in now
        wizard = self._wizard(self.regular, company_ids=[(6, 0, self.school_a.ids)])
        with self.assertRaises(UserError):
            wizard.with_context(allowed_company_ids=self.school_b.ids).action_handover()
        self.assertEqual(self.req_new.coordinator_id, self.regular)
        self.assertEqual(self.school_a.ib_coordinator_id, self.regular)
        self.assertFalse(self._handover_messages(self.pupil_5a))
