from datetime import date, timedelta

from odoo import fields

from .common import IbReferralsCommon


class IbSecondarySupportCommon(IbReferralsCommon):
    """IbReferralsCommon plus group 8 of school A (teacher 8, pupils 8a and 8b)
    and of school B, the schools' SWV VO, the deadline of this school year, the
    advice of pupil 8a and a final OKR of pupil 8a."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        grade_8 = cls.env.ref("ib_core.grade_8")
        cls.teacher_8 = cls._user(
            "t_teacher8", "ib_core.group_ib_teacher", cls.school_a
        )
        cls.group_8 = cls._group("Groep 8", cls.year_a, grade_8, cls.teacher_8)
        cls.group_8b = cls._group("Groep 8B", cls.year_b, grade_8, cls.teacher_b)
        cls.pupil_8a = cls._pupil("Fleur", "Visser", cls.group_8)
        cls.pupil_8b = cls._pupil("Gijs", "Meijer", cls.group_8)
        cls.pupil_b8 = cls._pupil("Hanna", "Kok", cls.group_8b)
        cls.swv_vo = cls.env["res.partner"].create(
            {"name": "SWV VO Test", "is_company": True, "email": "vo@example.com"}
        )
        (cls.school_a | cls.school_b).ib_swv_vo_partner_id = cls.swv_vo
        cls.deadline = date(cls.year_a.date_start.year + 1, 3, 1)
        cls.year_a.ib_lwoo_pro_deadline = cls.deadline
        cls.advice_8a = cls.env["ib.secondary.advice"].create(
            {
                "pupil_id": cls.pupil_8a.id,
                "school_year_id": cls.year_a.id,
                "provisional_advice": "vmbo_kb",
            }
        )
        cls.okr_8a = cls.env["ib.referral"].create(
            {
                "name": "Overstap VO",
                "pupil_id": cls.pupil_8a.id,
                "kind": "secondary",
                "partner_id": cls.speech.id,
            }
        )
        cls.okr_8a.write({"okr_body": "<p>OKR-8A</p>"})
        cls.okr_8a.action_okr_finalize()
        cls.registration_type = cls.env.ref(
            "ib_referrals.document_type_secondary_registration"
        )

    @classmethod
    def _application(cls, user=None, pupil=None, **values):
        """A draft LWOO application of pupil 8a (or ``pupil``), created as
        ``user`` (default: the coordinator of school A)."""
        Application = cls.env["ib.secondary.support.application"]
        if user:
            Application = Application.with_user(user).with_context(
                allowed_company_ids=user.company_ids.ids
            )
        return Application.create(
            dict(
                {
                    "pupil_id": (pupil or cls.pupil_8a).id,
                    "kind": "lwoo",
                    "school_year_id": cls.year_a.id,
                },
                **values,
            )
        )

    @classmethod
    def _complete_file(cls):
        """The values of a complete file for pupil 8a."""
        today = fields.Date.today()
        return {
            "advice_id": cls.advice_8a.id,
            "social_emotional": "SOCIAL-8A",
            "okr_referral_id": cls.okr_8a.id,
            "result_ids": [
                fields.Command.create(
                    {
                        "domain": domain,
                        "test_name": f"TEST-{domain}",
                        "test_date": today - timedelta(days=30),
                        "score": 40,
                        "level": "IV",
                        "dle": 38,
                    }
                )
                for domain in ("reading_comprehension", "maths", "spelling")
            ],
            "document_ids": [
                fields.Command.create(
                    {
                        "document_type_id": cls.registration_type.id,
                        "name": "Aanmeldformulier",
                        "file": cls._file("REGISTRATION"),
                        "file_name": "aanmelding.pdf",
                    }
                )
            ],
        }
