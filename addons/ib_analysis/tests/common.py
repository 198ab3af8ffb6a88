from dateutil.relativedelta import relativedelta

from odoo.fields import Command

from odoo.addons.ib_core.tests.common import IbCoreCommon


class IbAnalysisCommon(IbCoreCommon):
    """A known set of maths results of school A over several school years, one
    result of school B, and final test results of group 8 over four years.

    Norms (test RW-A, shared by the board): per grade and moment a base b (grade 4
    M 180, E 190; grade 5 M 200, E 210; grade 6 M 220, E 230): level I from b+40,
    II from b+30, III from b+20, IV from b+10; expected score b+25 (entered for
    the middle, the default middle of level III for the end). Expected growth:
    10 from M to E and from E to the next M, 20 from M to M a year later.

    Pupils P1-P5 are this year in group 5 (teacher 5), last year in grade 4;
    Q1-Q3 this year in group 6 (teacher 6), last year in grade 5; R1-R2 were in
    grade 5 two years ago and left; L* took the final test in group 8.
    """

    # (pupil key, grade 4 M, grade 4 E, grade 5 M) for group 5's pupils
    SCORES_P = {
        "P1": (205, 218, 229),
        "P2": (195, 200, 212),
        "P3": (225, 232, 241),
        "P4": (185, 199, 205),
        "P5": (210, 221, 235),
    }
    # (grade 5 M, grade 5 E, grade 6 M) for group 6's pupils
    SCORES_Q = {"Q1": (222, 228, 241), "Q2": (238, 250, 255), "Q3": (215, 226, 228)}
    # final test: years ago -> one (reading, language, maths) level per pupil
    FINAL = {
        1: [
            ("1f", "2f", "1f"),
            ("2f", "2f", "1f"),
            ("2f", "1f", "below"),
            ("below", "1f", "2f"),
        ],
        2: [("2f", "2f", "1f"), ("1f", "below", "1f"), ("1f", "1f", "1f")],
        3: [("2f", "2f", "2f"), ("2f", "2f", "1f"), ("2f", "1f", "below")],
        4: [("below", "below", "below"), ("below", "below", "below")],
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.grade_4 = ref("ib_core.grade_4")
        cls.grade_5 = ref("ib_core.grade_5")
        cls.grade_6 = ref("ib_core.grade_6")
        cls.grade_8 = ref("ib_core.grade_8")
        start = cls.year_a.date_start
        cls.years_ago = {0: cls.year_a, 1: cls.year_a_previous}
        for ago in (2, 3, 4):
            cls.years_ago[ago] = cls._create_year(
                cls.school_a, start - relativedelta(years=ago)
            )
        cls.maths = cls.env["ib.assessment"].create(
            {
                "name": "Rekenen A",
                "code": "RW-A",
                "domain": "maths",
                "level_scale": "roman",
                "company_id": False,
                "norm_ids": [
                    Command.create(
                        {
                            "grade_id": grade.id,
                            "moment": moment,
                            "min_level_1": base + 40,
                            "min_level_2": base + 30,
                            "min_level_3": base + 20,
                            "min_level_4": base + 10,
                            "ib_expected_score": base + 25 if moment == "middle" else 0,
                        }
                    )
                    for grade, moment, base in (
                        (cls.grade_4, "middle", 180),
                        (cls.grade_4, "end", 190),
                        (cls.grade_5, "middle", 200),
                        (cls.grade_5, "end", 210),
                        (cls.grade_6, "middle", 220),
                        (cls.grade_6, "end", 230),
                    )
                ],
            }
        )
        cls.final_tests = cls.env["ib.assessment"].create(
            [
                {
                    "name": f"Doorstroomtoets {name}",
                    "code": f"DT-{name[:2].upper()}",
                    "domain": domain,
                    "ib_final_test": True,
                    "company_id": cls.school_a.id,
                }
                for name, domain in (
                    ("Lezen", "reading_comprehension"),
                    ("Taalverzorging", "language"),
                    ("Rekenen", "maths"),
                )
            ]
        )
        cls._build_pupils()
        cls._build_results()

    @classmethod
    def _build_pupils(cls):
        Membership = cls.env["ib.group.membership"]
        cls.group_4_prev = cls._group(
            "Groep 4 vorig jaar", cls.years_ago[1], cls.grade_4
        )
        cls.group_5_prev = cls._group(
            "Groep 5 vorig jaar", cls.years_ago[1], cls.grade_5
        )
        cls.group_5_old = cls._group("Groep 5 (2 jaar)", cls.years_ago[2], cls.grade_5)
        cls.pupils = {
            "P1": cls.pupil_5a,
            "P2": cls.pupil_5b,
            "P3": cls._pupil("Fleur", "Visser", cls.group_5),
            "P4": cls._pupil("Gijs", "Meijer", cls.group_5),
            "P5": cls._pupil("Hanna", "Bos", cls.group_5),
            "Q1": cls.pupil_6a,
            "Q2": cls.pupil_6b,
            "Q3": cls._pupil("Ivo", "Dekker", cls.group_6),
            "R1": cls._pupil("Jet", "Peters", cls.group_5_old),
            "R2": cls._pupil("Koen", "Hendriks", cls.group_5_old),
        }
        Membership.create(
            [
                {"pupil_id": cls.pupils[key].id, "group_id": cls.group_4_prev.id}
                for key in cls.SCORES_P
            ]
            + [
                {"pupil_id": cls.pupils[key].id, "group_id": cls.group_5_prev.id}
                for key in cls.SCORES_Q
            ]
        )
        cls.leavers = {}
        for ago, rows in cls.FINAL.items():
            group = cls._group(f"Groep 8 ({ago})", cls.years_ago[ago], cls.grade_8)
            cls.leavers[ago] = [
                cls._pupil(f"Leerling{ago}{i}", "Schoolverlater", group)
                for i in range(len(rows))
            ]

    @classmethod
    def _build_results(cls):
        vals = []

        def add(pupil, ago, moment, score, year=None, **extra):
            vals.append(
                dict(
                    pupil_id=pupil.id,
                    assessment_id=cls.maths.id,
                    school_year_id=(year or cls.years_ago[ago]).id,
                    moment=moment,
                    score=score,
                    **extra,
                )
            )

        for key, (m4, e4, m5) in cls.SCORES_P.items():
            pupil = cls.pupils[key]
            add(pupil, 1, "middle", m4)
            add(pupil, 1, "end", e4)
            dle = {"P1": 25, "P2": 20}.get(key)
            add(pupil, 0, "middle", m5, **({"ib_dle": dle} if dle else {}))
        for key, (m5, e5, m6) in cls.SCORES_Q.items():
            pupil = cls.pupils[key]
            add(pupil, 1, "middle", m5)
            add(pupil, 1, "end", e5)
            add(pupil, 0, "middle", m6)
        add(cls.pupils["R1"], 2, "middle", 245)
        add(cls.pupils["R2"], 2, "middle", 205)
        # school B: one pupil of the combination group 5/6, grade 5 from the export
        add(cls.pupil_b, 0, "middle", 231, year=cls.year_b, grade_id=cls.grade_5.id)
        for ago, rows in cls.FINAL.items():
            for pupil, levels in zip(cls.leavers[ago], rows, strict=True):
                for test, level in zip(cls.final_tests, levels, strict=True):
                    vals.append(
                        {
                            "pupil_id": pupil.id,
                            "assessment_id": test.id,
                            "school_year_id": cls.years_ago[ago].id,
                            "moment": "end",
                            "ib_reference_level": level,
                        }
                    )
        cls.results = cls.env["ib.assessment.result"].create(vals)

    def read_group(self, user, model, domain, groupby, aggregates):
        """formatted_read_group as the web client calls it, as ``user``."""
        return self.as_user(user, model).formatted_read_group(
            domain, groupby, aggregates
        )
