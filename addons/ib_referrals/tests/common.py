import base64

from odoo import fields

from odoo.addons.ib_core.tests.common import IbCoreCommon


class IbReferralsCommon(IbCoreCommon):
    """ib_core's two schools plus: a parent with parental authority of pupil 5a,
    two providers on the social map and a draft referral of pupil 5a."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.parent_a = Partner.create(
            {"name": "Parent Anna", "email": "parent.anna@example.com"}
        )
        cls.env["ib.pupil.guardian"].create(
            {
                "pupil_id": cls.pupil_5a.id,
                "partner_id": cls.parent_a.id,
                "relation": "mother",
            }
        )
        cls.speech = Partner.create(
            {
                "name": "Speech Practice Klank",
                "is_company": True,
                "email": "klank@example.com",
                "ib_is_provider": True,
                "ib_region": "Gorinchem",
                "ib_help_kind_ids": [
                    fields.Command.set(cls.env.ref("ib_referrals.help_kind_speech").ids)
                ],
            }
        )
        cls.remedial = Partner.create(
            {
                "name": "Remedial Practice Lees",
                "is_company": True,
                "email": "lees@example.com",
                "ib_is_provider": True,
                "ib_region": "Dordrecht",
                "ib_help_kind_ids": [
                    fields.Command.set(
                        cls.env.ref("ib_referrals.help_kind_remedial").ids
                    )
                ],
            }
        )
        cls.referral = cls.env["ib.referral"].create(
            {
                "name": "Speech assessment",
                "pupil_id": cls.pupil_5a.id,
                "kind": "provider",
                "partner_id": cls.speech.id,
                "question": "QUESTION-ALPHA",
                "parents_view": "PARENTS-VIEW-ALPHA",
            }
        )

    @classmethod
    def _give_consent(cls, pupil, purpose, partner=None, parent=None):
        consent = cls.env["ib.consent"].create(
            {
                "pupil_id": pupil.id,
                "partner_id": (parent or cls.parent_a).id,
                "purpose": purpose,
                "external_partner_id": partner.id if partner else False,
            }
        )
        consent.write(
            {"state": "given", "answer_date": fields.Date.today(), "method": "verbal"}
        )
        return consent

    @staticmethod
    def _file(text="PDF"):
        return base64.b64encode(text.encode())
