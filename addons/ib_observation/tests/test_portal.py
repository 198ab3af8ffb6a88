from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import IbObservationCommon


@tagged("post_install", "-at_install")
class TestObservationPortal(IbObservationCommon, HttpCase):
    """The parents' list in the portal: their own child's, in an open round,
    never the teacher's list, the scores or the cut-offs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent = cls._portal_parent("t_parent_obs", cls.pupil_5a)
        cls.other_parent = cls._portal_parent("t_parent_obs2", cls.pupil_6a)
        cls._records_as(cls.coordinator_a, cls.round).action_open()
        lists = cls.env["ib.observation.list"].search([("round_id", "=", cls.round.id)])
        cls.own = lists.filtered(
            lambda r: r.pupil_id == cls.pupil_5a and r.respondent == "parent"
        )
        cls.own_teacher = lists.filtered(
            lambda r: r.pupil_id == cls.pupil_5a and r.respondent == "teacher"
        )
        cls.other = lists.filtered(
            lambda r: r.pupil_id == cls.pupil_6a and r.respondent == "parent"
        )
        # the teacher's list of the child is done, with scores
        cls.own_teacher.answer_ids.sudo().write({"option_id": cls.opt[1].id})
        cls.own_teacher.sudo().action_done()

    def _login(self, user):
        self.login(user)
        return Request.csrf_token(self)

    def _post(self, lst, data):
        return self.url_open(
            f"/my/observations/{lst.id}", data=data, allow_redirects=False
        )

    def _data(self, csrf, values, **extra):
        answers = self.own.answer_ids.sorted(lambda a: (a.item_sequence, a.id))
        data = {
            f"answer_{answer.id}": self.opt[value].id
            for answer, value in zip(answers, values, strict=True)
        }
        return {"csrf_token": csrf, **data, **extra}

    def test_parent_sees_own_child_list_only(self):
        self._login(self.parent)
        home = self.url_open("/my/home")
        self.assertIn("/my/observations", home.text)
        self.assertPage(
            "/my/observations",
            contains=[self.pupil_5a.name],
            lacks=[self.pupil_6a.name],
        )
        parent_items = self.items.filtered("in_parent_version")
        teacher_only = self.items - parent_items
        self.assertPage(
            f"/my/observations/{self.own.id}",
            contains=[*parent_items.mapped("name"), "Sometimes", "csrf_token"],
            lacks=[
                *teacher_only.mapped("name"),
                "Well-being:",
                "cut-off",
                "Cut-off",
                "2.5",
                self.pupil_6a.name,
            ],
        )
        for lst in (self.other, self.own_teacher):
            self.assertPage(f"/my/observations/{lst.id}", status=404)
        self.assertPage("/my/observations/999999999", status=404)

    @mute_logger("odoo.http")
    def test_parent_answers_and_sends(self):
        csrf = self._login(self.parent)
        # without the CSRF token nothing is written
        data = self._data(csrf, [2, 3])
        response = self._post(self.own, {**data, "csrf_token": "forged"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.own.answer_ids.option_id)
        # an option of another instrument, or an answer of another list: refused
        other_instrument = self._instrument("Other", self.school_a)
        bad = dict(data)
        bad[next(iter(k for k in data if k.startswith("answer_")))] = (
            other_instrument.option_ids[:1].id
        )
        response = self._post(self.own, bad)
        self.assertEqual(response.status_code, 200)
        self.assertIn("could not be saved", response.text)
        self.assertFalse(self.own.answer_ids.option_id)
        foreign = {**data, f"answer_{self.other.answer_ids[:1].id}": self.opt[1].id}
        self._post(self.own, foreign)
        self.assertFalse(self.own.answer_ids.option_id)
        self.assertFalse(self.other.answer_ids.option_id)
        # another family's list: 404, nothing written
        response = self._post(
            self.other,
            {
                "csrf_token": csrf,
                f"answer_{self.other.answer_ids[:1].id}": self.opt[1].id,
            },
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.other.answer_ids.option_id)
        # send with an answer missing: saved, not done
        partial = self._data(csrf, [2, 3])
        partial.pop(next(iter(k for k in partial if k.startswith("answer_"))))
        response = self._post(self.own, {**partial, "submit": "1"})
        self.assertIn("Answer every question", response.text)
        self.assertEqual(self.own.state, "draft")
        # complete: done, scores computed, never shown
        response = self._post(self.own, {**data, "submit": "1"})
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.own.state, "done")
        self.assertEqual(sorted(self.own.answer_ids.mapped("value")), [2.0, 3.0])
        self.assertEqual(len(self.own.score_ids), 2)
        self.assertPage(
            f"/my/observations/{self.own.id}?message=done",
            contains=["the school has received your answers"],
            lacks=["Well-being:", "cut-off", "2.5"],
        )
        # a sent list is not changed again
        self._post(self.own, self._data(csrf, [4, 4]))
        self.assertEqual(sorted(self.own.answer_ids.mapped("value")), [2.0, 3.0])

    def test_closed_round_and_other_users(self):
        self._records_as(self.coordinator_a, self.round).action_close()
        self._login(self.parent)
        self.assertPage(f"/my/observations/{self.own.id}", status=404)
        self.assertPage("/my/observations", lacks=[self.pupil_5a.name])
        self._records_as(self.coordinator_a, self.round).action_reopen()
        self._login(self.other_parent)
        self.assertPage(f"/my/observations/{self.own.id}", status=404)
        provider = self._portal_user("t_provider_obs", name="Logopedie Vos")
        self._login(provider)
        self.assertPage("/my/observations", lacks=[self.pupil_5a.name])
        self.assertPage(f"/my/observations/{self.own.id}", status=404)
        self._login(self.other_parent)
        self.assertPage(
            f"/my/observations/{self.other.id}", contains=[self.pupil_6a.name]
        )
