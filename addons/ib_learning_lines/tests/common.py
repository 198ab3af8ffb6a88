from dateutil.relativedelta import relativedelta

from odoo.fields import Command

from odoo.addons.ib_care_plans.tests.common import IbCarePlansCommon


class IbLearningLinesCommon(IbCarePlansCommon):
    """ib_care_plans' fixtures plus a maths learning line of school A with ten
    goals, a line of school B, an OPP for pupil 5a (group 5, school A) and one
    for the pupil of school B, and helpers for results and progress."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Line = cls.env["ib.learning.line"]
        cls.line = Line.create(
            {
                "name": "Rekenen",
                "domain": "maths",
                "company_id": cls.school_a.id,
                "goal_ids": [
                    Command.create(
                        {
                            "name": f"Doel {n}",
                            "sequence": n,
                            "grade_id": (cls.grade_5 if n <= 5 else cls.grade_6).id,
                        }
                    )
                    for n in range(1, 11)
                ],
            }
        )
        cls.goals = cls.line.goal_ids
        cls.reading_line = Line.create(
            {
                "name": "Begrijpend lezen",
                "domain": "reading_comprehension",
                "company_id": cls.school_a.id,
                "goal_ids": [Command.create({"name": "Vindt de hoofdgedachte"})],
            }
        )
        cls.line_b = Line.create(
            {
                "name": "Rekenen B",
                "domain": "maths",
                "company_id": cls.school_b.id,
                "goal_ids": [Command.create({"name": "Doel B"})],
            }
        )
        cls.opp = cls._opp(cls.pupil_5a, exit_level="vmbo_gt")
        cls.opp_b = cls._opp(cls.pupil_b, exit_level="havo")
        # school years: the previous year (group 4 for pupil 5a) and this year
        cls.prev_start = cls.year_a_previous.date_start
        cls.start = cls.year_a.date_start

    @classmethod
    def _opp(cls, pupil, **vals):
        return cls.env["ib.care.plan"].create(
            {
                "name": f"OPP {pupil.name}",
                "kind": "opp",
                "pupil_id": pupil.id,
                "forecast_domain": "maths",
                **vals,
            }
        )

    @classmethod
    def _result(cls, pupil, year, moment, day, score=0, dle=0, grade=None, test=None):
        vals = {
            "pupil_id": pupil.id,
            "assessment_id": (test or cls.maths).id,
            "school_year_id": year.id,
            "moment": moment,
            "date": day,
            "score": score,
            "ib_dle": dle,
        }
        if grade:
            vals["grade_id"] = grade.id
        return cls.env["ib.assessment.result"].create(vals)

    @classmethod
    def _score_results(cls, pupil=None, scores=(100, 110, 120)):
        """Scores at half-year steps from the middle of group 4 (last year)."""
        pupil = pupil or cls.pupil_5a
        grade_4 = cls.env.ref("ib_core.grade_4")
        days = (
            (
                cls.year_a_previous,
                "middle",
                cls.prev_start + relativedelta(months=6),
                grade_4,
            ),
            (cls.year_a, "other", cls.start, cls.grade_5),
            (cls.year_a, "middle", cls.start + relativedelta(months=6), cls.grade_5),
        )
        return cls.env["ib.assessment.result"].concat(
            *(
                cls._result(pupil, year, moment, day, score=score, grade=grade)
                for (year, moment, day, grade), score in zip(days, scores, strict=False)
            )
        )

    @classmethod
    def _table(cls, measure, rows, company=None, test=None):
        return cls.env["ib.exit.level.threshold"].create(
            [
                {
                    "domain": "maths",
                    "measure": measure,
                    "exit_level": level,
                    "min_value": minimum,
                    "company_id": company.id if company else False,
                    "assessment_id": test.id if test else False,
                }
                for minimum, level in rows
            ]
        )

    SCORE_TABLE = (
        (0, "pro"),
        (150, "vmbo_bb"),
        (170, "vmbo_kb"),
        (185, "vmbo_gt"),
        (200, "havo"),
        (215, "vwo"),
    )
    DLE_TABLE = (
        (0, "pro"),
        (34, "vmbo_bb"),
        (42, "vmbo_kb"),
        (48, "vmbo_gt"),
        (54, "havo"),
        (58, "vwo"),
    )

    @classmethod
    def _progress(cls, pupil, goal, day=None, **vals):
        vals = {
            "pupil_id": pupil.id,
            "line_id": goal.line_id.id,
            "goal_id": goal.id,
            **vals,
        }
        if day:
            vals["date_reached"] = day
        return cls.env["ib.learning.progress"].create(vals)
