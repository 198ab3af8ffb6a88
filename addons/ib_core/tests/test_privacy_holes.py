"""Attacks of issue 14 on ib_core, each made as the user who must be refused,
over the RPC methods the web client and scripts use."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common_consent import IbConsentCommon


@tagged("post_install", "-at_install")
class TestPrivacyHoles(IbConsentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent_6 = cls._guardian(cls.pupil_6a, "Parent Six").partner_id
        cls.parent_6.phone = "+31 6 1234 5678"
        cls.parent_school_b = cls._guardian(
            cls.pupil_b, "Parent School B", email="parent.b@example.com"
        ).partner_id
        cls.customer = cls.env["res.partner"].create(
            {"name": "Office Supplies Ltd", "email": "sales@supplies.example.com"}
        )
        cls.request_5 = (
            cls.env["ib.support.request"]
            .with_user(cls.teacher_5)
            .create(
                {
                    "pupil_id": cls.pupil_5a.id,
                    "care_domain": "reading",
                    "question": "Reads slowly.",
                }
            )
        )

    # ------------------------------------------------------- links and moves
    def test_teacher_cannot_file_a_request_about_another_groups_pupil(self):
        Request = self.env["ib.support.request"].with_user(self.teacher_5)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Request.create(
                {
                    "pupil_id": self.pupil_6a.id,
                    "care_domain": "reading",
                    "question": "?",
                }
            )
        self.assertFalse(
            self.env["ib.support.request"].search([("pupil_id", "=", self.pupil_6a.id)])
        )

    def test_teacher_cannot_move_own_request_to_another_groups_pupil(self):
        request = self.request_5.with_user(self.teacher_5)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            request.write({"pupil_id": self.pupil_6a.id})
        self.assertEqual(self.request_5.pupil_id, self.pupil_5a)
        # within their own group the move is fine
        request.write({"pupil_id": self.pupil_5b.id})
        self.assertEqual(self.request_5.pupil_id, self.pupil_5b)

    def test_web_save_cannot_move_a_record_either(self):
        request = self.request_5.with_user(self.teacher_5)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            request.web_save({"pupil_id": self.pupil_b.id}, {"pupil_id": {}})
        self.assertEqual(self.request_5.pupil_id, self.pupil_5a)

    # ------------------------------------------------------------ bad input
    def test_oversized_and_nul_text_is_refused_with_a_message(self):
        Pupil = self.env["ib.pupil"].with_user(self.coordinator_a)
        with self.assertRaisesRegex(ValidationError, "too long"):
            Pupil.create(
                {
                    "first_name": "Lange",
                    "last_name": "x" * 1_000_000,
                    "company_id": self.school_a.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "NUL"):
            Pupil.create(
                {
                    "first_name": "Nul\x00byte",
                    "last_name": "Test",
                    "company_id": self.school_a.id,
                }
            )
        with self.assertRaisesRegex(ValidationError, "NUL"):
            self.pupil_5a.with_user(self.coordinator_a).write(
                {"last_name": "Vries\x00"}
            )
        self.assertEqual(self.pupil_5a.last_name, "Vries")
        self.assertFalse(
            self.env["ib.pupil"].search([("first_name", "in", ("Lange", "Nul"))])
        )

    def test_long_text_in_a_text_field_is_accepted_up_to_its_limit(self):
        request = self.request_5.with_user(self.teacher_5)
        request.write({"question": "Leest langzaam. " * 1000})
        self.assertIn("Leest langzaam.", request.question)
        with self.assertRaisesRegex(ValidationError, "too long"):
            request.write({"question": "x" * 500_001})

    # --------------------------------------------------- staff-only fields
    def test_parent_cannot_read_the_draft_decision(self):
        correction = self.env["ib.correction.request"].create(
            {
                "pupil_id": self.pupil_5a.id,
                "partner_id": self.parent_a.id,
                "description": "Wrong date of birth",
                "requested_correction": "Born on 1 May",
            }
        )
        correction.decision = "Draft: we think the parent is wrong"
        Correction = self.env["ib.correction.request"].with_user(self.user_parent_a)
        mine = Correction.search([("id", "=", correction.id)])
        self.assertEqual(mine, correction)
        for call in (
            lambda: mine.read(["decision"]),
            lambda: Correction.search_read([("id", "=", correction.id)], ["decision"]),
            lambda: mine.web_read({"decision": {}}),
            lambda: Correction.formatted_read_group([], ["decision"], ["__count"]),
            lambda: Correction.search([("decision", "ilike", "draft")]),
        ):
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                call()
        self.assertFalse(mine.read(["decision_told"])[0]["decision_told"])
        correction.with_user(self.coordinator_a).action_reject()
        self.assertEqual(
            mine.read(["decision_told"])[0]["decision_told"],
            "Draft: we think the parent is wrong",
        )

    def test_parent_reads_only_the_whitelist_of_a_consent(self):
        consent = self.consent_a.with_user(self.user_parent_a)
        self.assertEqual(
            consent.read(["description"])[0]["description"], "Alpha observation details"
        )
        for field_name in (
            "signature",
            "recorded_by_id",
            "message_ids",
            "activity_ids",
        ):
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                consent.read([field_name])

    def test_parent_cannot_read_other_parents_contact_details(self):
        Guardian = self.env["ib.pupil.guardian"].with_user(self.user_parent_a)
        mine = Guardian.search([])
        self.assertIn(self.guardian_a, mine)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            mine.read(["email"])

    # ---------------------------------------------------- parents' contacts
    def test_teacher_sees_the_parents_of_their_own_groups_only(self):
        Partner = self.env["res.partner"].with_user(self.teacher_5)
        found = Partner.search([("email", "ilike", "example.com")])
        self.assertIn(self.parent_a, found)
        self.assertNotIn(self.parent_6, found)
        self.assertNotIn(self.parent_school_b, found)
        # everything that is not a parent stays as Odoo shows it
        self.assertIn(self.customer, found)
        self.assertIn(self.teacher_6.partner_id, Partner.search([]))
        for call in (
            lambda: Partner.browse(self.parent_6.id).read(["email", "phone"]),
            lambda: Partner.browse(self.parent_6.id).web_read({"phone": {}}),
        ):
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                call()
        self.assertFalse(
            Partner.search_read([("id", "=", self.parent_6.id)], ["email"])
        )
        self.assertFalse(Partner.name_search("Parent Six"))
        groups = Partner.formatted_read_group(
            [("email", "ilike", "parent.")], ["email"], ["__count"]
        )
        self.assertNotIn("parent.six@example.com", {g["email"] for g in groups})

    def test_coordinator_sees_no_parents_of_another_school(self):
        Partner = self.env["res.partner"].with_user(self.coordinator_a)
        found = Partner.search([("email", "ilike", "example.com")])
        self.assertIn(self.parent_6, found)
        self.assertNotIn(self.parent_school_b, found)
        self.assertIn(
            self.parent_school_b,
            self.env["res.partner"].with_user(self.coordinator_b).search([]),
        )

    def test_users_without_a_care_role_see_contacts_as_before(self):
        Partner = self.env["res.partner"].with_user(self.employee)
        found = Partner.search([("email", "ilike", "example.com")])
        for partner in (
            self.parent_a,
            self.parent_6,
            self.parent_school_b,
            self.customer,
        ):
            self.assertIn(partner, found)

    def test_a_parent_who_is_a_colleague_stays_visible(self):
        self.env["ib.pupil.guardian"].create(
            {"pupil_id": self.pupil_6b.id, "partner_id": self.teacher_6.partner_id.id}
        )
        Partner = self.env["res.partner"].with_user(self.teacher_5)
        self.assertIn(self.teacher_6.partner_id, Partner.search([]))

    # ----------------------------------------------------- consent chatter
    def test_parent_never_reads_the_schools_messages_on_a_consent(self):
        message = self.consent_a.message_post(
            body="Intern: vader belt terug",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        Message = self.env["mail.message"].with_user(self.user_parent_a)
        self.assertNotIn(message, Message.search([("model", "=", "ib.consent")]))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            message.with_user(self.user_parent_a).read(["body"])

    def test_consent_request_still_reaches_the_parent_by_mail(self):
        consent = self.consent_a.with_user(self.coordinator_a)
        message = consent.message_post(
            body="Wilt u toestemming geven?",
            partner_ids=self.parent_a.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(message.partner_ids, self.parent_a)
        self.assertNotIn(self.parent_a, self.consent_a.message_partner_ids)
        # another parent is not a recipient of this consent
        with self.assertRaises(UserError):
            consent.message_post(
                body="x",
                partner_ids=self.parent_b.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        # an internal note never goes to the parent
        with self.assertRaises(UserError):
            consent.message_post(body="intern", partner_ids=self.parent_a.ids)


@tagged("post_install", "-at_install")
class TestPrivacyHolesHttp(IbConsentCommon, HttpCase):
    """The same attacks over the routes a browser or a script uses."""

    def test_parent_reads_no_school_message_on_the_consent_chatter(self):
        staff = self.consent_a.message_post(
            body="Vader is boos, voorzichtig benaderen",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.login(self.user_parent_a, "parent_alpha")
        result = self.thread_messages(self.consent_a)
        self.assertNotIn(staff.id, result["messages"])
        self.assertNotIn("voorzichtig", str(result))
        with mute_logger("odoo.http", "odoo.models"):
            with self.assertRaises(JsonRpcException) as refused:
                self.call_kw("mail.message", "read", [[staff.id], ["body"]])
        self.assertIn("AccessError", str(refused.exception))
        found = self.call_kw(
            "mail.message",
            "search_read",
            [[("model", "=", "ib.consent")], ["body"]],
        )
        self.assertNotIn("voorzichtig", str(found))

    def test_parent_cannot_read_the_draft_decision_over_rpc(self):
        correction = self.env["ib.correction.request"].create(
            {
                "pupil_id": self.pupil_5a.id,
                "partner_id": self.parent_a.id,
                "description": "Wrong date of birth",
                "requested_correction": "Born on 1 May",
                "decision": "Concept: afwijzen",
            }
        )
        self.login(self.user_parent_a, "parent_alpha")
        for method, args, kwargs in (
            ("read", [[correction.id], ["decision"]], {}),
            ("search_read", [[("id", "=", correction.id)], ["decision"]], {}),
            ("web_read", [[correction.id]], {"specification": {"decision": {}}}),
        ):
            with mute_logger("odoo.http", "odoo.models"):
                with self.assertRaises(JsonRpcException) as refused:
                    self.call_kw("ib.correction.request", method, args, kwargs)
            self.assertIn("AccessError", str(refused.exception), method)
        page = self.url_open(f"/my/children/{self.pupil_5a.id}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("Concept: afwijzen", page.text)

    def test_teacher_reads_no_contact_details_of_other_parents(self):
        parent_6 = self.env["res.partner"].create(
            {"name": "Ouder Zes", "email": "ouder.zes@example.com"}
        )
        self.env["ib.pupil.guardian"].create(
            {"pupil_id": self.pupil_6a.id, "partner_id": parent_6.id}
        )
        self.login(self.teacher_5)
        found = self.call_kw(
            "res.partner",
            "search_read",
            [[("email", "ilike", "example.com")], ["email"]],
        )
        emails = {r["email"] for r in found}
        self.assertIn("parent.alpha@example.com", emails)
        self.assertNotIn("ouder.zes@example.com", emails)
        with mute_logger("odoo.http", "odoo.models"):
            with self.assertRaises(JsonRpcException) as refused:
                self.call_kw("res.partner", "read", [[parent_6.id], ["email"]])
        self.assertIn("AccessError", str(refused.exception))

    def test_parent_posts_in_no_care_chatter(self):
        """Parents read their child, their consents and the shared notes, but they
        never write in the school's chatter of those records."""
        self.login(self.user_parent_a, "parent_alpha")
        for model, record in (
            ("ib.consent", self.consent_a),
            ("ib.pupil", self.pupil_5a),
            ("ib.pupil.note", self.note_a_shared),
        ):
            with mute_logger("odoo.http", "odoo.models"):
                with self.assertRaises(JsonRpcException):
                    self.make_jsonrpc_request(
                        "/mail/message/post",
                        {
                            "thread_model": model,
                            "thread_id": record.id,
                            "post_data": {
                                "body": "Ouder schrijft in het dossier",
                                "message_type": "comment",
                                "subtype_xmlid": "mail.mt_comment",
                            },
                        },
                    )
            self.assertFalse(
                self.env["mail.message"].search(
                    [("model", "=", model), ("body", "ilike", "Ouder schrijft")]
                ),
                model,
            )
