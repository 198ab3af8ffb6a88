from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.fields import Command

FIRST_NAMES = [
    "Sem",
    "Julia",
    "Daan",
    "Emma",
    "Lucas",
    "Tess",
    "Finn",
    "Sara",
    "Noah",
    "Zoë",
    "Milan",
    "Fenna",
    "Levi",
    "Lotte",
    "Jesse",
    "Evi",
    "Bram",
    "Nina",
    "Ties",
    "Roos",
    "Mees",
    "Saar",
    "Luuk",
    "Isa",
]
LAST_NAMES = [
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
]
# Each demo pupil's ability against the national median, in score points, and
# whether their growth lags (they lose two points a moment).
ABILITIES = [(-18, True), (-9, False), (-2, True), (4, False), (10, False), (17, False)]
# The school improves: its results a few points better each year.
DRIFT = {4: -7, 3: -4, 2: -1}


class IbAnalysisDemo(models.AbstractModel):
    """Demo data of the analysis: three more school years of De Regenboog with
    groups, pupils and maths results, final test results with reference levels
    over four years, DLEs of the reading test and a care report."""

    _name = "ib.analysis.demo"
    _description = "Analysis Demo Data"

    @api.model
    def _ib_generate_demo(self):
        env = self.sudo().env
        ref = env.ref
        company = ref("ib_core.company_regenboog")
        previous = ref("ib_core.year_regenboog_previous")
        maths = ref("ib_care_plans.assessment_rekenen")
        grades = {g.number: g for g in env["ib.grade"].search([])}

        years = {1: previous}
        years.update(
            {
                ago: env["ib.school.year"].create(
                    {
                        "date_start": previous.date_start
                        - relativedelta(years=ago - 1),
                        "date_end": previous.date_end - relativedelta(years=ago - 1),
                        "company_id": company.id,
                    }
                )
                for ago in (2, 3, 4)
            }
        )
        group_vals = [
            {
                "name": f"Groep {number}",
                "sequence": number,
                "school_year_id": years[ago].id,
                "company_id": company.id,
                "grade_ids": [Command.set(grades[number].ids)],
            }
            for ago in (4, 3, 2)
            for number in range(3, 9)
        ]
        groups = env["ib.group"].create(group_vals)
        group_of = {
            (ago, number): groups[i * 6 + number - 3]
            for i, ago in enumerate((4, 3, 2))
            for number in range(3, 9)
        }
        # a cohort is in grade (cohort - ago) that year: 5..12 cover grades 3-8
        cohorts = range(5, 13)
        pupil_vals = []
        for cohort in cohorts:
            for index in range(len(ABILITIES)):
                serial = (cohort - 5) * len(ABILITIES) + index
                memberships = [
                    Command.create({"group_id": group_of[(ago, cohort - ago)].id})
                    for ago in (4, 3, 2)
                    if (ago, cohort - ago) in group_of
                ]
                pupil_vals.append(
                    {
                        "first_name": FIRST_NAMES[serial % len(FIRST_NAMES)],
                        "last_name": LAST_NAMES[(serial * 7) % len(LAST_NAMES)],
                        "pupil_number": f"ANA{serial + 1:03d}",
                        "company_id": company.id,
                        "membership_ids": memberships,
                    }
                )
        pupils = env["ib.pupil"].create(pupil_vals)

        def expected(number, moment):
            return 167.5 + 20 * (number - 3) + (10 if moment == "end" else 0)

        results = []
        finals = []
        final_tests = self._ib_demo_final_tests(company)
        for position, pupil in enumerate(pupils):
            cohort = cohorts[position // len(ABILITIES)]
            ability, lags = ABILITIES[position % len(ABILITIES)]
            step = 0
            for ago in (4, 3, 2):
                number = cohort - ago
                if number not in range(3, 9):
                    continue
                for moment in ("middle", "end"):
                    score = expected(number, moment) + ability + DRIFT[ago]
                    score -= 2 * step if lags else 0
                    step += 1
                    results.append(
                        {
                            "pupil_id": pupil.id,
                            "assessment_id": maths.id,
                            "school_year_id": years[ago].id,
                            "moment": moment,
                            "score": round(score),
                        }
                    )
                if number == 8:
                    finals += self._ib_demo_final_vals(
                        final_tests, pupil, years[ago], ability + DRIFT[ago]
                    )
        # last year's group 8 took the final test too
        group_8 = ref("ib_core.group_regenboog_8_prev")
        for index, pupil in enumerate(group_8.membership_ids.pupil_id):
            finals += self._ib_demo_final_vals(
                final_tests, pupil, previous, ABILITIES[index % len(ABILITIES)][0] + 2
            )
        env["ib.assessment.result"].create(results + finals)
        self._ib_demo_dle()
        env["ib.care.report"].create(
            [
                {
                    "company_id": company.id,
                    "school_year_id": previous.id,
                    "period": "year",
                },
                {
                    "company_id": company.id,
                    "school_year_id": ref("ib_core.year_regenboog_current").id,
                    "period": "first",
                },
            ]
        )
        return True

    @api.model
    def _ib_demo_final_tests(self, company):
        return (
            self.sudo()
            .env["ib.assessment"]
            .create(
                [
                    {
                        "name": name,
                        "code": code,
                        "publisher": "other",
                        "domain": domain,
                        "ib_final_test": True,
                        "at_middle": True,
                        "at_end": False,
                        "company_id": company.id,
                        "sequence": 50,
                    }
                    for name, code, domain in (
                        ("Doorstroomtoets Lezen", "DT-L", "reading_comprehension"),
                        ("Doorstroomtoets Taalverzorging", "DT-T", "language"),
                        ("Doorstroomtoets Rekenen", "DT-R", "maths"),
                    )
                ]
            )
        )

    @api.model
    def _ib_demo_final_vals(self, tests, pupil, year, ability):
        vals = []
        # maths is the hardest subject to reach 1S in
        for test, shift in zip(tests, (0, 2, -6), strict=True):
            points = ability + shift
            level = "2f" if points >= 6 else "1f" if points >= -22 else "below"
            vals.append(
                {
                    "pupil_id": pupil.id,
                    "assessment_id": test.id,
                    "school_year_id": year.id,
                    "moment": "middle",
                    "ib_reference_level": level,
                }
            )
        return vals

    @api.model
    def _ib_demo_dle(self):
        """The DMT gives a DLE: its demo results get one from their level."""
        dmt = self.env.ref("ib_care_plans.assessment_dmt", raise_if_not_found=False)
        if not dmt:
            return
        results = (
            self.sudo()
            .env["ib.assessment.result"]
            .search([("assessment_id", "=", dmt.id), ("grade_id.number", ">=", 3)])
        )
        by_value = {}
        for result in results:
            dl = (result.grade_id.number - 3) * 10 + (
                5 if result.moment == "middle" else 10
            )
            dle = max(1, dl + (3 - (result.level or 3)) * 3)
            by_value.setdefault(dle, result.browse())
            by_value[dle] |= result
        for dle, group in by_value.items():
            group.write({"ib_dle": dle})
