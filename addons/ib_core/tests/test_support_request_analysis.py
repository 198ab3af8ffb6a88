from odoo.exceptions import AccessError
from odoo.tests import tagged

from .test_support_request import IbSupportRequestCommon

ANALYSIS = {
    "question_behind": "<p>Is it reading, or is it concentration?</p>",
    "tried_effect": "<p>Duo reading helped for a week, then not.</p>",
    "hypothesis": "<p>Weak decoding: guesses to keep up.</p>",
    "next_step": "<p>DMT and AVI test, then a reading plan.</p>",
}


@tagged("post_install", "-at_install")
class TestSupportRequestAnalysis(IbSupportRequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("nl_NL")
        cls.env["ir.module.module"]._load_module_terms(["ib_core"], ["nl_NL"])

    def test_teacher_cannot_write_the_analysis(self):
        request = self._request(self.teacher_5, self.pupil_5a)
        as_teacher = request.with_user(self.teacher_5).with_context(lang="nl_NL")
        for fname, value in ANALYSIS.items():
            with self.assertRaises(AccessError) as caught:
                as_teacher.web_save({fname: value}, {})
            self.assertIn(
                "Alleen de intern begeleider kan deze velden van een hulpvraag",
                str(caught.exception),
            )
        with self.assertRaises(AccessError) as caught:
            as_teacher.write({"hypothesis": ANALYSIS["hypothesis"]})
        self.assertIn("Hypothese", str(caught.exception))
        with self.assertRaises(AccessError):
            self._request(self.teacher_5, self.pupil_5b, **ANALYSIS)
        self.assertFalse(request.hypothesis)

    def test_coordinator_records_the_analysis_shown_in_the_pupil_file(self):
        request = self._request(self.teacher_5, self.pupil_5a)
        as_coordinator = request.with_user(self.coordinator_a)
        as_coordinator.action_start_analysis()
        as_coordinator.web_save(ANALYSIS, {})
        self.assertEqual(request.state, "analysis")
        self.assertIn("concentration", request.question_behind)
        self.assertIn("then not", request.tried_effect)
        # the pupil file (tab Support Requests) shows the analysis in short, to
        # the coordinator and to the teacher of the group
        for user in (self.coordinator_a, self.teacher_5):
            pupil = self.as_user(user, "ib.pupil").browse(self.pupil_5a.id)
            data = pupil.web_read(
                {"support_request_ids": {"fields": {"analysis_summary": {}}}}
            )[0]
            (row,) = data["support_request_ids"]
            summary = row["analysis_summary"]
            self.assertIn("Weak decoding", summary)
            self.assertIn("DMT and AVI test", summary)
            self.assertIn("Is it reading", summary)
