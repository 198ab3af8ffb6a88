import base64

from odoo import fields

from odoo.addons.ib_core.tests.common import IbCoreCommon

OKR_REPORT = "ib_referrals.ib_referral_okr_report_action"


class IbReferralsCommon(IbCoreCommon):
    """ib_core's two schools plus: a parent with parental authority of pupil 5a,
    two providers on the social map and a draft referral of pupil 5a."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.parent_a = cls._guardian(cls.pupil_5a, "Parent Anna", "mother").partner_id
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

    def setUp(self):
        super().setUp()
        # the referral as the coordinator sees it
        self.referral_c = self._records_as(self.coordinator_a, self.referral)

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

    @classmethod
    def _provider_user(cls, login="t_speech", name="Klank Therapist", company=None):
        """A portal user for a contact person of a provider (default: the speech
        practice), working for school A."""
        company = company or cls.speech
        contact = cls.env["res.partner"].create(
            {"name": name, "parent_id": company.id, "email": f"{login}@x.com"}
        )
        return cls._portal_user(login, contact, name=name)

    @classmethod
    def _send_with_documents(cls, values=None):
        """Send ``cls.referral`` to the speech practice as the coordinator, as the
        composer posts it (a message, never an internal note: notes do not leave
        the school), with one shared and one internal document; ``values`` are
        written on the referral first. Returns the referral as the coordinator."""
        cls.referral.write(
            dict(
                values or {},
                document_ids=[
                    fields.Command.create(
                        {
                            "name": "Shared results",
                            "file": cls._file("SHARED-RESULTS"),
                            "file_name": "results.pdf",
                        }
                    ),
                    fields.Command.create(
                        {
                            "name": "Internal",
                            "file": cls._file("INTERNAL-DOC"),
                            "file_name": "internal.pdf",
                            "share": False,
                        }
                    ),
                ],
            )
        )
        referral = cls._records_as(cls.coordinator_a, cls.referral)
        cls._send(referral)
        return referral

    @classmethod
    def _send(cls, referral):
        """Make ``referral`` (as the coordinator) ready and send it to the speech
        practice as the composer posts it: a message, never an internal note
        (notes do not leave the school), with the copies of its shared
        documents. Returns the message."""
        referral.action_ready()
        attachments = referral._ib_shared_attachments()
        return referral.with_context(ib_referral_send=True).message_post(
            body="Referral",
            partner_ids=cls.speech.ids,
            attachment_ids=attachments.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    @classmethod
    def _finalized_okr(cls, body, **values):
        """The referral with consent for the speech practice, a provider user
        of it, and ``body`` as its final OKR text (``values`` written with
        it), as the coordinator."""
        cls._give_consent(cls.pupil_5a, "referral", cls.speech)
        cls._provider_user()
        referral = cls._records_as(cls.coordinator_a, cls.referral)
        referral.write(dict(values, okr_body=body))
        referral.action_okr_finalize()
        return referral

    @classmethod
    def _expert(cls, name, *expertise_codes):
        """An expert contact with the expertises of ``expertise_codes``."""
        expertises = cls.env["ib.expertise"].search([("code", "in", expertise_codes)])
        return cls.env["res.partner"].create(
            {"name": name, "ib_expertise_ids": [fields.Command.set(expertises.ids)]}
        )

    @staticmethod
    def _okr_sections(text="SECTION"):
        """Values for every required section of the OKR."""
        return {
            "okr_educational_needs": f"<p>{text}-NEEDS</p>",
            "okr_stimulating_factors": f"<p>{text}-STIMULATING</p>",
            "okr_hindering_factors": f"<p>{text}-HINDERING</p>",
            "okr_social_emotional": f"<p>{text}-SOCIAL</p>",
            "okr_absence": f"<p>{text}-ABSENCE</p>",
            "okr_tried": f"<p>{text}-TRIED</p>",
        }

    @classmethod
    def _coordinator_note(cls, name, body):
        """A note about pupil 5a written by the coordinator."""
        return cls.env["ib.pupil.note"].create(
            {
                "pupil_id": cls.pupil_5a.id,
                "name": name,
                "body": body,
                "author_id": cls.coordinator_a.id,
            }
        )

    def _render_okr(self, user):
        """The educational report (OKR) of the referral, rendered as ``user``."""
        return self.render_html(OKR_REPORT, self.referral, user)

    @staticmethod
    def _file(text="PDF"):
        return base64.b64encode(text.encode())
