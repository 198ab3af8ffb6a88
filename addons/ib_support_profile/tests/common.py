from odoo.fields import Command

from odoo.addons.ib_core.tests.common import IbCoreCommon

REPORT = "/report/{kind}/ib_support_profile.report_ib_support_profile/{id}"


class SupportProfileCommon(IbCoreCommon):
    """School A: last year's version (archived) and this year's (published);
    school B: a draft only. Each text is unique, to look for it on pages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.intervention = cls.env["ib.care.intervention"].create(
            {"name": "RT-REKENEN-A", "company_id": cls.school_a.id}
        )
        cls.profile_old = cls._profile(
            cls.school_a, cls.year_a_previous, "OLD-BASIC-TEXT", advice=True
        )
        cls.profile_old.action_publish()
        cls.profile_a = cls._profile(
            cls.school_a, cls.year_a, "CURRENT-BASIC-TEXT", advice=True
        )
        cls.extra_a = cls.env["ib.support.profile.part"].create(
            {
                "profile_id": cls.profile_a.id,
                "kind": "extra",
                "name": "CURRENT-EXTRA-TITLE",
                "description": "<p>CURRENT-EXTRA-TEXT</p>",
                "intervention_ids": [Command.set(cls.intervention.ids)],
            }
        )
        cls.profile_a.action_publish()
        cls.profile_b = cls._profile(cls.school_b, cls.year_b, "DRAFT-B-TEXT")

    @classmethod
    def _profile(cls, school, year, text, advice=False):
        """A draft of ``school`` for ``year`` with one part of basic support
        ``text``, and the MR's advice when ``advice``."""
        vals = {
            "company_id": school.id,
            "school_year_id": year.id,
            "part_ids": [
                Command.create(
                    {
                        "kind": "basic",
                        "name": f"{text}-TITLE",
                        "description": f"<p>{text}</p>",
                    }
                )
            ],
        }
        if advice:
            vals.update(mr_advice=f"MR-ADVICE-{text}", mr_advice_date="2026-06-01")
        return cls.env["ib.support.profile"].create(vals)
