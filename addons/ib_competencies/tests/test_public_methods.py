import inspect

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import IbCompetenciesCommon


@tagged("post_install", "-at_install")
class TestPublicMethods(IbCompetenciesCommon):
    """Every public method of the addon's models is callable over RPC: called by a
    portal user, a teacher or an employee on a record they may not change, each
    one is refused."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal = new_test_user(
            cls.env,
            login="t_portal_comp",
            groups="base.group_portal",
            company_id=cls.school_a.id,
        )
        cenv = cls._env_as(cls.coordinator_a)
        visit = cls._visit(cls.teacher_5, cls.group_5)
        visit.write({"state": "observed"})
        scan = cenv["ib.quality.scan"].create({"school_year_id": cls.year_a.id})
        scan.line_ids[:1].score = "1"
        scan.action_complete()
        profile = cenv["ib.task.profile"].create({"school_year_id": cls.year_a.id})
        assessment = cls._assessment(cls.coordinator_a, cls.year_a, {"A1": 2}, env=cenv)
        cls.records = {
            "ib.competency.framework": cls.framework,
            "ib.competency.assessment": assessment,
            "ib.development.plan": cenv["ib.development.plan"].create(
                {"school_year_id": cls.year_a.id}
            ),
            "ib.task.profile": profile,
            "ib.class.visit": visit,
            "ib.quality.scan": scan,
            "ib.class.visit.export": cenv["ib.class.visit.export"].create(
                {"school_year_id": cls.year_a.id}
            ),
        }

    def _public_methods(self, record):
        own = [
            name
            for cls in type(record).__mro__
            if getattr(cls, "_module", None) == "ib_competencies"
            for name, member in vars(cls).items()
            if inspect.isfunction(member)
            and not name.startswith("_")
            and name not in ("create", "write", "unlink", "copy_data")
        ]
        return sorted(set(own))

    def test_every_public_method_is_guarded(self):
        checked = []
        for model, record in self.records.items():
            methods = self._public_methods(record)
            for user in (self.portal, self.employee, self.teacher_6):
                for name in methods:
                    target = self.as_user(user, model).browse(record.id)
                    with self.assertRaises(
                        AccessError, msg=f"{user.login} {model}.{name}"
                    ):
                        getattr(target, name)()
                    checked.append(f"{model}.{name}")
        self.assertIn("ib.class.visit.action_plan_followup", checked)
        self.assertIn("ib.quality.scan.action_create_improvement_plan", checked)
