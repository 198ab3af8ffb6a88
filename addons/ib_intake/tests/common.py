from datetime import date

from odoo.addons.ib_core.tests.common import IbCoreCommon


class IbIntakeCommon(IbCoreCommon):
    """A parent with a portal login who registered a child at school A, another
    parent (portal) of another family, and a registration at school B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent = cls._portal_user("t_intake_parent", email="ip@example.com")
        cls.other_parent = cls._portal_user("t_intake_other", email="io@example.com")
        cls.co_parent = cls.env["res.partner"].create(
            {"name": "Co Parent", "email": "co.parent@example.com"}
        )
        cls.previous_school = cls.env["res.partner"].create(
            {"name": "Basisschool De Linde", "is_company": True}
        )
        cls.offer_school = cls.env["res.partner"].create(
            {"name": "SBO Het Baken", "is_company": True}
        )
        cls.intake = cls._intake(
            cls.parent.partner_id, cls.school_a, date.today(), "Yasmin"
        )
        cls.intake.parent_ids |= cls.co_parent
        cls.intake_b = cls._intake(
            cls.env["res.partner"].create({"name": "Parent B"}),
            cls.school_b,
            date.today(),
            "Bas",
        )

    @classmethod
    def _intake(cls, partner, school, registered, first, **values):
        return cls.env["ib.intake"].create(
            {
                "child_first_name": first,
                "child_last_name": "Aanmelder",
                "child_birth_date": date(2019, 5, 17),
                "partner_id": partner.id,
                "company_id": school.id,
                "registration_date": registered,
                "support_need": f"{first} needs speech therapy",
                "internal_note": f"<p>Staff only about {first}</p>",
                "observation": f"<p>Observed {first} in class</p>",
                **values,
            }
        )
