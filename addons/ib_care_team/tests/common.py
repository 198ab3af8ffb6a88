from datetime import date, timedelta

from odoo.fields import Command

from odoo.addons.ib_core.tests.common import IbCoreCommon


class IbCareTeamCommon(IbCoreCommon):
    """ib_core's two schools plus the care team of school A (the coordinator, a
    remedial teacher, a school social worker and an external youth doctor), a
    team of school B, and a known caseload:

    * pupil 5a (case holder: the RT): an active action plan with approach lines
      of the RT (1.5 h), the coordinator (0.5 h), the teacher (2 h) and an
      external (1 h): 2.0 hours count;
    * pupil 5b (RT): an open support request without a plan: in care, waiting;
    * pupil 6a (SMW): an active plan made from a support request (in analysis),
      RT line 0.75 h: in care, not waiting;
    * pupil 6b (RT): only a draft plan with an RT line of 3 h: not in care.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        case_holder = "ib_care_team.group_ib_case_holder"
        cls.rt = cls._user("t_rt_a", case_holder, cls.school_a)
        cls.smw = cls._user("t_smw_a", case_holder, cls.school_a)
        cls.doctor = cls.env["res.partner"].create(
            {"name": "Youth Doctor Vos", "email": "vos@example.com"}
        )
        Team = cls.env["ib.care.team"]
        cls.team_a = Team.create(
            {
                "name": "ZAT A",
                "company_id": cls.school_a.id,
                "member_ids": [
                    Command.create(
                        {
                            "user_id": cls.coordinator_a.id,
                            "role": "coordinator",
                            "hours_available": 6,
                        }
                    ),
                    Command.create(
                        {"user_id": cls.rt.id, "role": "remedial", "hours_available": 8}
                    ),
                    Command.create(
                        {
                            "user_id": cls.smw.id,
                            "role": "social_worker",
                            "hours_available": 4,
                        }
                    ),
                    Command.create(
                        {"partner_id": cls.doctor.id, "role": "youth_doctor"}
                    ),
                ],
            }
        )
        members = cls.team_a.member_ids
        cls.member_ib, cls.member_rt, cls.member_smw, cls.member_doctor = members
        cls.team_b = Team.create(
            {
                "name": "ZAT B",
                "company_id": cls.school_b.id,
                "member_ids": [
                    Command.create(
                        {"user_id": cls.coordinator_b.id, "role": "coordinator"}
                    )
                ],
            }
        )
        cls.member_b = cls.team_b.member_ids

        cls.plan_5a = cls._plan(
            cls.pupil_5a,
            [("remedial", 1.5), ("coordinator", 0.5), ("teacher", 2), ("external", 1)],
        )
        cls.request_5b = cls._support_request(cls.pupil_5b)
        cls.request_6a = cls._support_request(cls.pupil_6a)
        cls.request_6a.state = "analysis"
        cls.plan_6a = cls._plan(
            cls.pupil_6a, [("remedial", 0.75)], support_request_id=cls.request_6a.id
        )
        cls.plan_6b = cls._plan(cls.pupil_6b, [("remedial", 3)], state="draft")
        cls.pupil_5a.case_holder_id = cls.member_rt
        cls.pupil_5b.case_holder_id = cls.member_rt
        cls.pupil_6b.case_holder_id = cls.member_rt
        cls.pupil_6a.case_holder_id = cls.member_smw

    @classmethod
    def _plan(cls, pupil, lines, state="active", **vals):
        return cls.env["ib.care.plan"].create(
            {
                "name": f"Plan {pupil.name}",
                "kind": "action",
                "pupil_id": pupil.id,
                "state": state,
                "evaluation_date": date.today() + timedelta(days=60),
                "approach_line_ids": [
                    Command.create(
                        {
                            "name": f"{provider} work",
                            "provider": provider,
                            "hours_per_week": hours,
                        }
                    )
                    for provider, hours in lines
                ],
                **vals,
            }
        )

    @classmethod
    def _support_request(cls, pupil):
        return cls.env["ib.support.request"].create(
            {
                "pupil_id": pupil.id,
                "care_domain": "reading",
                "question": "<p>Reads slowly and guesses words.</p>",
                "tried": "<p>Duo reading for four weeks.</p>",
            }
        )
