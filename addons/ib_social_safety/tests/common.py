from odoo.fields import Command

from odoo.addons.ib_core.tests.common import IbCoreCommon


class SafetyCommon(IbCoreCommon):
    """School A this year: groups 6 (fixture), 7a, 7b and 8, the questions
    "feeling safe" (headline) and "not bullied", and a draft monitor without
    results; last year's monitor of school A is done. School B: a question and
    a draft monitor with one result."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        grade = {n: cls.env.ref(f"ib_core.grade_{n}") for n in (6, 7, 8)}
        cls.grade = grade
        cls.group_7a = cls._group("Groep 7a", cls.year_a, grade[7])
        cls.group_7b = cls._group("Groep 7b", cls.year_a, grade[7])
        cls.group_8 = cls._group("Groep 8", cls.year_a, grade[8])
        cls.group_6_prev = cls._group("Groep 6", cls.year_a_previous, grade[6])
        cls.group_8b = cls._group("Groep 8B", cls.year_b, grade[8])
        Question = cls.env["ib.safety.question"]
        cls.q_safe = Question.create(
            {
                "name": "Ik voel me veilig op school",
                "is_headline": True,
                "company_id": cls.school_a.id,
            }
        )
        cls.q_bullied = Question.create(
            {
                "name": "Ik word gepest",
                "positive_answer": "(bijna) nooit",
                "company_id": cls.school_a.id,
                "sequence": 20,
            }
        )
        cls.q_safe_b = Question.create(
            {
                "name": "Ik voel me veilig op school",
                "is_headline": True,
                "company_id": cls.school_b.id,
            }
        )
        Survey = cls.env["ib.safety.survey"]
        cls.survey = Survey.create(
            {"company_id": cls.school_a.id, "school_year_id": cls.year_a.id}
        )
        cls.survey_prev = Survey.create(
            {
                "company_id": cls.school_a.id,
                "school_year_id": cls.year_a_previous.id,
                "line_ids": [
                    cls._line_vals(cls.q_safe, cls.group_6_prev, 20, 15),
                    cls._line_vals(cls.q_safe, None, 30, 27, grade=grade[8]),
                ],
            }
        )
        cls.survey_prev.action_done()
        cls.survey_b = Survey.create(
            {
                "company_id": cls.school_b.id,
                "school_year_id": cls.year_b.id,
                "line_ids": [cls._line_vals(cls.q_safe_b, cls.group_8b, 12, 10)],
            }
        )

    @classmethod
    def _line_vals(cls, question, group, respondents, positive, grade=None):
        return Command.create(
            {
                "question_id": question.id,
                "group_id": group.id if group else False,
                "grade_id": (grade or group.grade_ids).id,
                "respondent_count": respondents,
                "positive_count": positive,
            }
        )

    def _lines(self, *rows, survey=None):
        """Results ``(question, group, respondents, positive)`` in the draft
        monitor of school A."""
        survey = survey or self.survey
        survey.write(
            {"line_ids": [self._line_vals(*row) for row in rows]},
        )
        return survey
