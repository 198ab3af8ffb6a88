from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.fields import Command
from odoo.tests import TransactionCase, new_test_user


class IbCoreCommon(TransactionCase):
    """Two schools of one board, the current school year, groups 5 and 6 of school
    A, one group of school B, a user per role and two pupils per group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                no_reset_password=True,
                tracking_disable=True,
                mail_create_nolog=True,
            )
        )
        Company = cls.env["res.company"]
        cls.school_a = Company.create({"name": "Test School A", "ib_brin_code": "98ZA"})
        cls.school_b = Company.create({"name": "Test School B", "ib_brin_code": "98ZB"})
        today = date.today()
        start = date(today.year if today.month >= 8 else today.year - 1, 8, 1)
        cls.year_a = cls._create_year(cls.school_a, start)
        cls.year_a_previous = cls._create_year(
            cls.school_a, start - relativedelta(years=1)
        )
        cls.year_b = cls._create_year(cls.school_b, start)

        cls.teacher_5 = cls._user(
            "t_teacher5", "ib_core.group_ib_teacher", cls.school_a
        )
        cls.teacher_6 = cls._user(
            "t_teacher6", "ib_core.group_ib_teacher", cls.school_a
        )
        cls.teacher_b = cls._user(
            "t_teacherb", "ib_core.group_ib_teacher", cls.school_b
        )
        cls.coordinator_a = cls._user(
            "t_ib_a", "ib_core.group_ib_coordinator", cls.school_a
        )
        cls.coordinator_b = cls._user(
            "t_ib_b", "ib_core.group_ib_coordinator", cls.school_b
        )
        cls.director = cls._user(
            "t_director", "ib_core.group_ib_director", cls.school_a | cls.school_b
        )
        cls.manager = cls._user(
            "t_manager",
            "ib_core.group_ib_manager,base.group_system",
            cls.school_a | cls.school_b,
        )
        cls.employee = cls._user("t_employee", "base.group_user", cls.school_a)

        Group = cls.env["ib.group"]
        grade = cls.env.ref
        cls.group_5 = Group.create(
            {
                "name": "Groep 5",
                "school_year_id": cls.year_a.id,
                "company_id": cls.school_a.id,
                "grade_ids": [Command.set([grade("ib_core.grade_5").id])],
                "teacher_ids": [Command.set(cls.teacher_5.ids)],
            }
        )
        cls.group_6 = Group.create(
            {
                "name": "Groep 6",
                "school_year_id": cls.year_a.id,
                "company_id": cls.school_a.id,
                "grade_ids": [Command.set([grade("ib_core.grade_6").id])],
                "teacher_ids": [Command.set(cls.teacher_6.ids)],
            }
        )
        cls.group_b = Group.create(
            {
                "name": "Groep 5/6",
                "school_year_id": cls.year_b.id,
                "company_id": cls.school_b.id,
                "grade_ids": [
                    Command.set(
                        [grade("ib_core.grade_5").id, grade("ib_core.grade_6").id]
                    )
                ],
                "teacher_ids": [Command.set(cls.teacher_b.ids)],
            }
        )
        cls.pupil_5a = cls._pupil("Anna", "Vries", cls.group_5, infix="de")
        cls.pupil_5b = cls._pupil("Bram", "Bakker", cls.group_5)
        cls.pupil_6a = cls._pupil("Chris", "Jansen", cls.group_6)
        cls.pupil_6b = cls._pupil("Dewi", "Smit", cls.group_6)
        cls.pupil_b = cls._pupil("Eva", "Mulder", cls.group_b)

    @classmethod
    def _create_year(cls, school, start):
        return cls.env["ib.school.year"].create(
            {
                "date_start": start,
                "date_end": start + relativedelta(years=1, days=-17),
                "company_id": school.id,
            }
        )

    @classmethod
    def _user(cls, login, groups, companies):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=companies[:1].id,
            company_ids=[Command.set(companies.ids)],
        )

    @classmethod
    def _pupil(cls, first, last, group, infix=False):
        cls._pupil_seq = getattr(cls, "_pupil_seq", 0) + 1
        return cls.env["ib.pupil"].create(
            {
                "first_name": first,
                "infix": infix,
                "last_name": last,
                "pupil_number": f"T{cls._pupil_seq:04d}",
                "date_of_birth": date(2017, 3, cls._pupil_seq),
                "company_id": group.company_id.id,
                "membership_ids": [Command.create({"group_id": group.id})],
            }
        )

    def as_user(self, user, model):
        """The model as ``user`` sees it, with only that user's schools active."""
        return (
            self.env[model]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
        )
