from datetime import datetime, time, timedelta

from odoo.addons.ib_core.tests.common import IbCoreCommon


class IbCompetenciesCommon(IbCoreCommon):
    """ib_core's two schools and roles, plus a second coordinator of school A, the
    shipped framework and helpers for professional records and class visits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.coordinator_a2 = cls._user(
            "t_ib_a2", "ib_core.group_ib_coordinator", cls.school_a
        )
        cls.framework = cls.env.ref("ib_competencies.framework_ib")
        cls.levels = {level.value: level for level in cls.framework.level_ids}
        cls.competences = cls.framework.competence_ids

    @classmethod
    def _env_as(cls, user):
        """An environment of ``user`` with only that user's schools active."""
        return cls.env(
            user=user,
            context=dict(cls.env.context, allowed_company_ids=user.company_ids.ids),
        )

    @classmethod
    def _assessment(cls, user, year, levels=None, kind="self", assessor=None, env=None):
        """An assessment with ``levels`` {competence code: level value}."""
        env = env or cls.env
        assessment = env["ib.competency.assessment"].create(
            {
                "user_id": user.id,
                "assessor_id": (assessor or user).id,
                "kind": kind,
                "company_id": year.company_id.id,
                "school_year_id": year.id,
                "framework_id": cls.framework.id,
            }
        )
        for line in assessment.line_ids:
            value = (levels or {}).get(line.competence_id.code)
            if value:
                line.level_id = cls.levels[value]
        return assessment

    @classmethod
    def _visit(cls, teacher, group, days=7, **values):
        start = datetime.combine(
            cls.year_a.date_start + timedelta(days=days), time(9, 0)
        )
        return cls.env["ib.class.visit"].create(
            {
                "group_id": group.id,
                "teacher_id": teacher.id,
                "coordinator_id": cls.coordinator_a.id,
                "company_id": group.company_id.id,
                "start": start,
                "duration": 1.0,
                **values,
            }
        )
