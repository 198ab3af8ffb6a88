from odoo.fields import Command

from .common import IbCoreCommon


class IbConsentCommon(IbCoreCommon):
    """Parents with portal access for pupils of school A, their consents and notes.

    parent_a: guardian of pupil_5a (Anna de Vries); parent_b: of pupil_5b (Bram
    Bakker); outsider: a portal user who is nobody's guardian (an external party).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.guardian_a = cls._guardian(
            cls.pupil_5a, "Parent Alpha", "mother", portal=True
        )
        cls.guardian_b = cls._guardian(
            cls.pupil_5b, "Parent Beta", "father", portal=True
        )
        cls.parent_a = cls.guardian_a.partner_id
        cls.parent_b = cls.guardian_b.partner_id
        cls.expert = Partner.create(
            {
                "name": "Speech Therapy Ltd",
                "is_company": True,
                "email": "info@speech.example.com",
            }
        )
        cls.other_expert = Partner.create(
            {"name": "Remedial Teaching Ltd", "is_company": True}
        )
        cls.user_parent_a = cls.parent_a.user_ids
        cls.user_parent_b = cls.parent_b.user_ids
        for user, password in (
            (cls.user_parent_a, "parent_alpha"),
            (cls.user_parent_b, "parent_beta"),
        ):
            user.password = password
        cls.outsider = cls._user("t_outsider", "base.group_portal", cls.school_a)
        cls.outsider.write(
            {"group_ids": [Command.set([cls.env.ref("base.group_portal").id])]}
        )

        Consent = cls.env["ib.consent"]
        cls.consent_a = Consent.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "partner_id": cls.parent_a.id,
                "purpose": "observation",
                "external_partner_id": cls.expert.id,
                "description": "Alpha observation details",
            }
        )
        cls.consent_b = Consent.create(
            {
                "pupil_id": cls.pupil_5b.id,
                "partner_id": cls.parent_b.id,
                "purpose": "observation",
                "external_partner_id": cls.expert.id,
                "description": "Beta observation details",
            }
        )
        (cls.consent_a | cls.consent_b).write(
            {"state": "requested", "request_date": cls.consent_a.create_date.date()}
        )

        Note = cls.env["ib.pupil.note"]
        cls.note_a_shared = Note.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "name": "Shared homework agreement",
                "body": "<p>SHARED-BODY-ALPHA</p>",
                "shared_with_parents": True,
                "author_id": cls.teacher_5.id,
            }
        )
        cls.note_a_internal = Note.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "name": "Unshared classroom note",
                "body": "<p>UNSHARED-BODY-ALPHA</p>",
                "author_id": cls.teacher_5.id,
            }
        )
        cls.note_a_confidential = Note.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "name": "Confidential family note",
                "body": "<p>CONFIDENTIAL-BODY-ALPHA</p>",
                "confidentiality": "confidential",
                "author_id": cls.coordinator_a.id,
            }
        )
        cls.note_b_shared = Note.create(
            {
                "pupil_id": cls.pupil_5b.id,
                "name": "Shared note about Beta",
                "body": "<p>SHARED-BODY-BETA</p>",
                "shared_with_parents": True,
                "author_id": cls.teacher_5.id,
            }
        )
        cls.level_a = cls.env["ib.support.level"].search(
            [("company_id", "=", cls.school_a.id), ("level", "=", 3)], limit=1
        )
        cls.level_a.name = "SUPPORT-LEVEL-SECRET"
        cls.pupil_5a.write(
            {
                "support_level_id": cls.level_a.id,
                "educational_needs": "<p>NEEDS-SECRET</p>",
            }
        )
