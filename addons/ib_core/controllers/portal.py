import base64
import binascii

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.fields import Command
from odoo.http import request
from odoo.tools import plaintext2html
from odoo.tools.mimetypes import guess_mimetype

from odoo.addons.portal.controllers.portal import CustomerPortal

from .portal_mixin import NAME_MAX_CHARS, TEXT_MAX_CHARS, IbPortalMixin, IbUploadError

# What parents may send the school: documents and photos.
UPLOAD_MIMETYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


class IbParentPortal(IbPortalMixin, CustomerPortal):
    """The parents' pages: their own children and what the school shares.

    Every record is first found as the parent (record rules for the portal group
    apply) with an explicit guardian domain on top; a record that is missing and one
    that belongs to another family give the same 404. Sudo is only used on records
    found that way, to print the fields meant for parents or to write the
    parent's answer.
    """

    # ------------------------------------------------------------------
    # Finding what the parent may see
    # ------------------------------------------------------------------

    def _ib_children_domain(self, parental_authority=False):
        return [("guardian_ids", "any", self._ib_guardian_domain(parental_authority))]

    def _ib_children(self, parental_authority=False):
        """The children of the logged-in parent, found as the parent (portal
        access; parental authority too when ``parental_authority`` is set)."""
        return request.env["ib.pupil"].search(
            self._ib_children_domain(parental_authority)
        )

    def _ib_child(self, pupil_id):
        return self._ib_find(
            request.env["ib.pupil"], pupil_id, self._ib_children_domain()
        )

    def _ib_consent(self, child, consent_id):
        return self._ib_find(
            request.env["ib.consent"],
            consent_id,
            [("pupil_id", "=", child.id), ("partner_id", "=", self._ib_partner().id)],
        )

    # ------------------------------------------------------------------
    # Values (materialized, so that rendering runs no further queries)
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Pupil = request.env["ib.pupil"]
        self._ib_set_counter(
            values,
            counters,
            "ib_child_count",
            Pupil,
            lambda: Pupil.search_count(self._ib_children_domain()),
        )
        return values

    def _ib_child_summaries(self, children):
        """Name, group and teachers of each child: only what parents may see."""
        # sudo: the children were found as the parent; their group and its
        # teachers are printed by name only.
        children_sudo = children.sudo()
        children_sudo.fetch(["name", "group_id"])
        children_sudo.group_id.fetch(["name", "teacher_ids"])
        children_sudo.group_id.teacher_ids.fetch(["name"])
        return [
            {
                "id": child.id,
                "name": child.name,
                "group": child.group_id.name or "",
                "teachers": ", ".join(child.group_id.teacher_ids.mapped("name")),
            }
            for child in children_sudo
        ]

    def _ib_prepare_children_values(self):
        children = self._ib_children()
        summaries = self._ib_child_summaries(children)
        open_counts = dict(
            request.env["ib.consent"]._read_group(
                [
                    ("pupil_id", "in", children.ids),
                    ("partner_id", "=", self._ib_partner().id),
                    ("state", "=", "requested"),
                ],
                ["pupil_id"],
                ["__count"],
            )
        )
        open_by_id = {pupil.id: count for pupil, count in open_counts.items()}
        for summary in summaries:
            summary["open_consents"] = open_by_id.get(summary["id"], 0)
        return {"ib_children": summaries}

    def _ib_prepare_child_values(self, child):
        partner = self._ib_partner()
        consents = request.env["ib.consent"].search(
            [("pupil_id", "=", child.id), ("partner_id", "=", partner.id)]
        )
        notes = request.env["ib.pupil.note"].search(
            [
                ("pupil_id", "=", child.id),
                ("shared_with_parents", "=", True),
                ("confidentiality", "=", "normal"),
            ]
        )
        corrections = request.env["ib.correction.request"].search(
            [("pupil_id", "=", child.id), ("partner_id", "=", partner.id)]
        )
        return {
            "ib_child": self._ib_child_summaries(child)[0],
            "ib_consents": self._ib_consent_rows(consents),
            "ib_notes": [
                {"date": note.date, "name": note.name, "body": note.body}
                for note in notes
            ],
            "ib_corrections": [
                {
                    "request_date": c.request_date,
                    "deadline": c.deadline,
                    "description": c.description,
                    "requested_correction": c.requested_correction,
                    "state": c.state,
                    "state_label": self._ib_selection_label(c, "state"),
                    "decision": c.decision_told or "",
                }
                for c in corrections
            ],
        }

    @staticmethod
    def _ib_selection_label(record, field_name):
        field = record._fields[field_name]
        labels = dict(field._description_selection(record.env))
        return labels.get(record[field_name], "")

    def _ib_consent_rows(self, consents):
        partner = self._ib_partner()
        consents.fetch(
            [
                "purpose",
                "external_partner_id",
                "state",
                "answer_date",
                "valid_until",
                "request_date",
                "description",
            ]
        )
        # sudo: only the name of the external party is printed.
        party_names = {c.id: c.sudo().external_partner_id.name or "" for c in consents}
        return [
            {
                "id": consent.id,
                "url": consent.portal_url,
                "purpose": self._ib_selection_label(consent, "purpose"),
                "party": party_names[consent.id],
                "description": consent.description or "",
                "state": consent.state,
                "state_label": self._ib_selection_label(consent, "state"),
                "request_date": consent.request_date,
                "answer_date": consent.answer_date,
                "valid_until": consent.valid_until,
                "can_answer": consent._ib_portal_can_answer(partner),
                "can_withdraw": consent._ib_portal_can_withdraw(partner),
            }
            for consent in consents
        ]

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------

    @http.route("/my/children", type="http", auth="user", website=True)
    def ib_portal_children(self, **kw):
        values = self._ib_prepare_children_values()
        values["page_name"] = "ib_children"
        return self._ib_render("ib_core.portal_my_children", values)

    @http.route("/my/children/<int:pupil_id>", type="http", auth="user", website=True)
    def ib_portal_child(self, pupil_id, message=None, error=None, **kw):
        child = self._ib_child(pupil_id)
        values = self._ib_prepare_child_values(child)
        values.update(page_name="ib_child", ib_message=message, ib_error=error)
        return self._ib_render("ib_core.portal_my_child", values)

    @http.route(
        "/my/children/<int:pupil_id>/consents/<int:consent_id>",
        type="http",
        auth="user",
        website=True,
    )
    def ib_portal_consent(self, pupil_id, consent_id, message=None, error=None, **kw):
        child = self._ib_child(pupil_id)
        consent = self._ib_consent(child, consent_id)
        values = {
            "page_name": "ib_consent",
            "ib_child": self._ib_child_summaries(child)[0],
            "ib_consent": self._ib_consent_rows(consent)[0],
            "ib_pupil_must_agree": consent.consent_holder != "parents",
            "ib_signer_name": self._ib_partner().name,
            "ib_message": message,
            "ib_error": error,
        }
        return self._ib_render("ib_core.portal_my_consent", values)

    # ------------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------------

    @http.route(
        "/my/children/<int:pupil_id>/consents/<int:consent_id>/sign",
        type="jsonrpc",
        auth="user",
        website=True,
    )
    def ib_portal_consent_sign(
        self, pupil_id, consent_id, name=None, signature=None, **kw
    ):
        partner = self._ib_partner()
        consent, refusal = self._ib_signed_answer(
            lambda: self._ib_consent(self._ib_child(pupil_id), consent_id),
            lambda consent: consent._ib_portal_can_answer(partner),
            request.env._("This consent request does not exist or is no longer open."),
            name,
            signature,
        )
        if refusal:
            return refusal
        # sudo: the consent was found as this parent and is addressed to them
        # (checked above); parents have no write access of their own.
        consent.sudo()._ib_answer(
            "given",
            "portal",
            pupil_agreed=consent.consent_holder != "parents",
            signature=signature,
            signed_by=name.strip()[:NAME_MAX_CHARS],
            signed_on=fields.Datetime.now(),
        )
        self._ib_log_answer(consent, request.env._("Consent given in the portal."))
        return {
            "force_refresh": True,
            "redirect_url": f"{consent.portal_url}?message=given",
        }

    def _ib_signed_answer(self, find, may_answer, not_open, name, signature):
        """Check a signed answer posted by ``portal.signature_form``.

        Returns ``(record, None)`` when it may be recorded, else ``(None,
        refusal)`` with the JSON answer for the form. ``find()`` looks the
        record up for this parent (``NotFound`` when they may not see it) and
        ``may_answer(record)`` says whether it waits for their answer: both
        refusals give the same ``not_open`` message, so a record of another
        family looks like one that is closed. Then the typed name and the
        signature image are checked (``_ib_signature_error``).
        """
        try:
            record = find()
        except NotFound:
            return None, {"error": not_open}
        if not may_answer(record):
            return None, {"error": not_open}
        error = self._ib_signature_error(name, signature)
        if error:
            return None, {"error": error}
        return record, None

    def _ib_signature_error(self, name, signature):
        """Why a signed answer from ``portal.signature_form`` cannot be accepted
        (typed name, signature image), or False."""
        if not (name or "").strip():
            return request.env._("Please type your name.")
        if not signature:
            return request.env._("Please sign before you confirm.")
        try:
            data = base64.b64decode(signature, validate=True)
        except (TypeError, ValueError, binascii.Error):
            data = b""
        if not guess_mimetype(data).startswith("image/"):
            return request.env._("The signature could not be read.")
        return False

    def _ib_log_answer(self, consent, body):
        # sudo: an internal note on the consent, by the parent, for the school.
        consent.sudo().message_post(
            body=body,
            author_id=self._ib_partner().id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    @http.route(
        "/my/children/<int:pupil_id>/consents/<int:consent_id>/refuse",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def ib_portal_consent_refuse(self, pupil_id, consent_id, confirm=None, **kw):
        consent, refusal = self._ib_confirmed_answer(
            pupil_id,
            consent_id,
            confirm,
            lambda consent, partner: consent._ib_portal_can_answer(partner),
            "not_open",
        )
        if refusal:
            return refusal
        # sudo: found as this parent and addressed to them (checked above).
        consent.sudo()._ib_answer("refused", "portal")
        self._ib_log_answer(consent, request.env._("Consent refused in the portal."))
        return request.redirect(f"{consent.portal_url}?message=refused")

    @http.route(
        "/my/children/<int:pupil_id>/consents/<int:consent_id>/withdraw",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def ib_portal_consent_withdraw(self, pupil_id, consent_id, confirm=None, **kw):
        consent, refusal = self._ib_confirmed_answer(
            pupil_id,
            consent_id,
            confirm,
            lambda consent, partner: consent._ib_portal_can_withdraw(partner),
            "not_given",
        )
        if refusal:
            return refusal
        # sudo: found as this parent and given by them (checked above).
        consent_sudo = consent.sudo()
        consent_sudo._ib_withdraw()
        self._ib_log_answer(consent, request.env._("Consent withdrawn in the portal."))
        self._ib_schedule_for_coordinators(
            consent_sudo,
            request.env._("Consent withdrawn by the parent: stop what it allowed"),
        )
        return request.redirect(f"{consent.portal_url}?message=withdrawn")

    def _ib_confirmed_answer(self, pupil_id, consent_id, confirm, may, error):
        """Check a refusal or withdrawal posted from a consent's page.

        Returns ``(consent, None)`` when it may be recorded (the consent is
        404 when it is not this parent's), else ``(consent, redirect)`` back to
        its page with the reason: ``error`` when ``may(consent, parent)`` says
        no, ``confirm`` when the parent did not tick the box.
        """
        consent = self._ib_consent(self._ib_child(pupil_id), consent_id)
        if not may(consent, self._ib_partner()):
            return consent, request.redirect(f"{consent.portal_url}?error={error}")
        if not confirm:
            return consent, request.redirect(f"{consent.portal_url}?error=confirm")
        return consent, None

    def _ib_schedule_for_coordinators(self, record_sudo, summary):
        coordinators = request.env["ib.pupil"]._ib_coordinators_by_company(
            record_sudo.company_id
        )
        for user in coordinators.get(record_sudo.company_id.id, []):
            record_sudo.activity_schedule(
                "mail.mail_activity_data_todo", summary=summary, user_id=user.id
            )

    # ------------------------------------------------------------------
    # Documents and correction requests
    # ------------------------------------------------------------------

    @http.route(
        "/my/children/<int:pupil_id>/upload",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def ib_portal_upload(self, pupil_id, title=None, comment=None, document=None, **kw):
        child = self._ib_child(pupil_id)
        url = f"/my/children/{child.id}"
        title = (title or "").strip()
        if not title:
            return request.redirect(f"{url}?error=upload_title#ib_upload")
        try:
            upload = self._ib_read_upload(document, UPLOAD_MIMETYPES)
        except IbUploadError as refused:
            return request.redirect(f"{url}?error=upload_{refused.code}#ib_upload")
        # sudo: the child was found as this parent (guardian with portal access).
        # The document becomes a confidential note: the coordinator decides
        # whether the teacher sees it; the parent cannot read it back.
        note = (
            request.env["ib.pupil.note"]
            .sudo()
            .create(
                {
                    "pupil_id": child.id,
                    "name": title[:NAME_MAX_CHARS],
                    "kind": "parent_document",
                    "confidentiality": "confidential",
                    "from_parents": True,
                    "author_id": request.env.user.id,
                    "body": plaintext2html((comment or "")[:TEXT_MAX_CHARS]),
                    "attachment_ids": [
                        Command.create(
                            {
                                "name": upload.filename,
                                "raw": upload.data,
                                "mimetype": upload.mimetype,
                            }
                        )
                    ],
                }
            )
        )
        self._ib_schedule_for_coordinators(
            note,
            request.env._(
                "Document from parents: read it and decide whether to share it "
                "with the teacher"
            ),
        )
        return request.redirect(f"{url}?message=uploaded#ib_upload")

    @http.route(
        "/my/children/<int:pupil_id>/correction",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def ib_portal_correction(
        self, pupil_id, description=None, requested_correction=None, **kw
    ):
        child = self._ib_child(pupil_id)
        url = f"/my/children/{child.id}"
        description = (description or "").strip()
        requested_correction = (requested_correction or "").strip()
        if not description or not requested_correction:
            return request.redirect(f"{url}?error=correction_missing#ib_correction")
        if max(len(description), len(requested_correction)) > TEXT_MAX_CHARS:
            return request.redirect(f"{url}?error=correction_long#ib_correction")
        # sudo: the child was found as this parent; the request is theirs.
        # Creating it schedules the coordinator's activity.
        request.env["ib.correction.request"].sudo().create(
            {
                "pupil_id": child.id,
                "partner_id": self._ib_partner().id,
                "description": description,
                "requested_correction": requested_correction,
            }
        )
        return request.redirect(f"{url}?message=correction#ib_correction")
