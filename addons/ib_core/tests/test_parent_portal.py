import base64
import logging
import secrets

from odoo.exceptions import AccessError, UserError
from odoo.http import Request
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.http_routing.tests.common import MockRequest

from ..controllers.portal import IbParentPortal
from .common_consent import IbConsentCommon

_logger = logging.getLogger(__name__)

PNG_1PX = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@tagged("post_install", "-at_install")
class TestParentPortalOrm(IbConsentCommon):
    """What parents, an outsider and the staff reach through the ORM (RPC)."""

    def _sees(self, user, model):
        return self.env[model].with_user(user).search([])

    def test_parent_reads_own_child_and_shared_items_only(self):
        user = self.user_parent_a
        self.assertEqual(self._sees(user, "ib.pupil"), self.pupil_5a)
        self.assertEqual(self._sees(user, "ib.pupil.note"), self.note_a_shared)
        self.assertEqual(self._sees(user, "ib.consent"), self.consent_a)
        self.assertEqual(self._sees(user, "ib.pupil.guardian"), self.guardian_a)
        self.assertFalse(self._sees(user, "ib.correction.request"))
        for record in (
            self.pupil_5b,
            self.note_a_internal,
            self.note_a_confidential,
            self.note_b_shared,
            self.consent_b,
            self.guardian_b,
        ):
            with self.assertRaises(AccessError, msg=record):
                record.with_user(user).read(["display_name"])
        pupil = self.pupil_5a.with_user(user)
        for field in (
            "support_level_id",
            "support_level",
            "educational_needs",
            "hindering_factors",
            "bsn",
        ):
            with self.assertRaises(AccessError, msg=field):
                pupil.read([field])
        self.assertEqual(pupil.read(["name"])[0]["name"], "Anna de Vries")
        with self.assertRaises(AccessError):
            pupil.write({"first_name": "X"})
        with self.assertRaises(AccessError):
            self.note_a_shared.with_user(user).write({"name": "X"})
        with self.assertRaises(AccessError):
            self.env["ib.pupil.note"].with_user(user).create(
                {
                    "pupil_id": self.pupil_5a.id,
                    "name": "X",
                }
            )
        with self.assertRaises(AccessError):
            self.env["ib.correction.request"].with_user(user).create(
                {
                    "pupil_id": self.pupil_5a.id,
                    "partner_id": self.parent_a.id,
                    "description": "x",
                    "requested_correction": "y",
                }
            )

    def test_parent_b_and_outsider(self):
        self.assertEqual(self._sees(self.user_parent_b, "ib.pupil"), self.pupil_5b)
        self.assertEqual(self._sees(self.user_parent_b, "ib.consent"), self.consent_b)
        for model in (
            "ib.pupil",
            "ib.pupil.note",
            "ib.consent",
            "ib.pupil.guardian",
            "ib.correction.request",
        ):
            self.assertFalse(self._sees(self.outsider, model), model)
        with self.assertRaises(AccessError):
            self.pupil_5a.with_user(self.outsider).read(["name"])

    def test_portal_access_off_hides_the_child(self):
        # A second child keeps the login; the first one disappears at once.
        self.env["ib.pupil.guardian"].create(
            {
                "pupil_id": self.pupil_6a.id,
                "partner_id": self.parent_a.id,
                "portal_access": True,
            }
        )
        self.guardian_a.portal_access = False
        self.assertTrue(self.user_parent_a._is_portal())
        self.assertEqual(self._sees(self.user_parent_a, "ib.pupil"), self.pupil_6a)
        self.assertFalse(self._sees(self.user_parent_a, "ib.consent"))
        self.assertFalse(self._sees(self.user_parent_a, "ib.pupil.note"))
        # Without any child left, the login loses the portal and is archived.
        self.env["ib.pupil.guardian"].search(
            [("partner_id", "=", self.parent_a.id)]
        ).portal_access = False
        self.assertFalse(self.user_parent_a.active)
        self.assertFalse(self.user_parent_a._is_portal())
        with self.assertRaises(AccessError):
            self._sees(self.user_parent_a, "ib.pupil")

    def test_staff_see_consents_of_their_pupils(self):
        self.assertEqual(
            self._sees(self.teacher_5, "ib.consent"), self.consent_a | self.consent_b
        )
        self.assertFalse(self._sees(self.teacher_6, "ib.consent"))
        self.assertEqual(
            self.as_user(self.coordinator_a, "ib.consent").search([]),
            self.consent_a | self.consent_b,
        )
        # Staff reach the pupil's support data, parents do not.
        self.assertEqual(
            self.pupil_5a.with_user(self.teacher_5).support_level_id, self.level_a
        )

    def test_internal_message_not_readable_by_following_parent(self):
        pupil = self.pupil_5a.with_user(self.coordinator_a)
        # Parents cannot be made followers of a care record any more
        # (ib.care.thread.mixin); a follower row left from before stays harmless.
        with self.assertRaises(UserError):
            pupil.message_subscribe(partner_ids=self.parent_a.ids)
        self.env["mail.followers"].create(
            {
                "res_model": "ib.pupil",
                "res_id": self.pupil_5a.id,
                "partner_id": self.parent_a.id,
            }
        )
        note = pupil.message_post(
            body="INTERNAL-NOTE-SECRET",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        pupil.message_unsubscribe(partner_ids=self.parent_a.ids)
        comment = pupil.message_post(
            body="COMMENT-FOR-COLLEAGUE",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.teacher_5.partner_id.ids,
        )
        Message = self.env["mail.message"].with_user(self.user_parent_a)
        for message in (note, comment):
            with self.assertRaises(AccessError):
                message.with_user(self.user_parent_a).read(["body"])
            self.assertFalse(Message.search([("id", "=", message.id)]))
        self.assertFalse(
            Message.search(
                [("model", "=", "ib.pupil"), ("res_id", "=", self.pupil_5a.id)]
            )
        )
        self.assertFalse(
            self.env["mail.notification"].search(
                [
                    ("mail_message_id", "in", (note | comment).ids),
                    ("res_partner_id", "=", self.parent_a.id),
                ]
            )
        )
        self.assertFalse(
            self.env["mail.mail"]
            .search(
                [
                    ("mail_message_id", "in", (note | comment).ids),
                ]
            )
            .filtered(lambda m: self.parent_a in m.recipient_ids)
        )

    # ------------------------------------------------------------------ queries
    def _children_queries(self, user):
        controller = IbParentPortal()
        with MockRequest(self.env(user=user)) as request:
            controller._ib_prepare_children_values()  # warm the rule caches
            request.env.flush_all()
            request.env.invalidate_all()
            before = self.cr.sql_log_count
            values = controller._ib_prepare_children_values()
            return self.cr.sql_log_count - before, values

    def test_children_page_queries_do_not_grow(self):
        queries_one, values = self._children_queries(self.user_parent_a)
        self.assertEqual([c["name"] for c in values["ib_children"]], ["Anna de Vries"])

        # A parent of three children, each with several guardians, notes and
        # open consent requests.
        parent = self.env["res.partner"].create(
            {"name": "Parent Many", "email": "parent.many@example.com"}
        )
        children = self.pupil_6a | self.pupil_6b | self.pupil_5b
        for i, child in enumerate(children):
            self.env["ib.pupil.guardian"].create(
                {"pupil_id": child.id, "partner_id": parent.id, "portal_access": True}
            )
            for j in range(2):
                other = self.env["res.partner"].create({"name": f"Other {i}{j}"})
                self.env["ib.pupil.guardian"].create(
                    {"pupil_id": child.id, "partner_id": other.id}
                )
            self.env["ib.pupil.note"].create(
                [
                    {
                        "pupil_id": child.id,
                        "name": f"Note {i}{j}",
                        "shared_with_parents": True,
                    }
                    for j in range(3)
                ]
            )
            self.env["ib.consent"].create(
                [
                    {
                        "pupil_id": child.id,
                        "partner_id": parent.id,
                        "purpose": purpose,
                        "state": "requested",
                    }
                    for purpose in ("video", "swv")
                ]
            )
        queries_many, values = self._children_queries(parent.user_ids)
        self.assertEqual(len(values["ib_children"]), 3)
        self.assertEqual({c["open_consents"] for c in values["ib_children"]}, {2})
        _logger.info(
            "/my/children values: %s queries for 1 child, %s for 3 children",
            queries_one,
            queries_many,
        )
        self.assertEqual(queries_many, queries_one)
        self.assertLessEqual(queries_many, 8)


@tagged("post_install", "-at_install")
class TestParentPortalHttp(HttpCase, IbConsentCommon):
    """Every /my route, as parent A, with parent B's ids and as others."""

    def _login(self, user, password):
        self.authenticate(user.login, password)
        return Request.csrf_token(self)

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _post(self, url, data, files=None):
        return self.url_open(url, data=data, files=files, allow_redirects=False)

    def assertRefused(self, response, forbidden_texts=("Bram", "Bakker", "BETA")):
        self.assertIn(response.status_code, (303, 403, 404), response.url)
        if response.status_code in (302, 303):
            self.assertNotIn(str(self.pupil_5b.id), response.headers["Location"])
        for text in forbidden_texts:
            self.assertNotIn(text, response.text)

    def test_parent_a_own_pages(self):
        self._login(self.user_parent_a, "parent_alpha")
        home = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["ib_child_count"]}
        )
        self.assertEqual(home["ib_child_count"], 1)
        response = self._get("/my")
        self.assertEqual(response.status_code, 200)
        self.assertIn("/my/children", response.text)

        response = self._get("/my/children")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Anna de Vries", response.text)
        self.assertNotIn("Bram", response.text)

        response = self._get(f"/my/children/{self.pupil_5a.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Anna de Vries", page)
        self.assertIn("Groep 5", page)
        self.assertIn(self.teacher_5.name, page)
        self.assertIn("SHARED-BODY-ALPHA", page)
        self.assertIn("Shared homework agreement", page)
        self.assertNoneIn(
            (
                "UNSHARED-BODY-ALPHA",
                "Unshared classroom note",
                "CONFIDENTIAL-BODY-ALPHA",
                "Confidential family note",
                "SUPPORT-LEVEL-SECRET",
                "NEEDS-SECRET",
                "BETA",
                "Bram",
            ),
            page,
        )
        self.assertIn(self.consent_a.portal_url, page)

        response = self._get(self.consent_a.portal_url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Alpha observation details", response.text)
        self.assertIn("Speech Therapy Ltd", response.text)
        self.assertIn("portal.signature_form", response.text)

    def test_parent_a_signs_refuses_and_withdraws(self):
        csrf = self._login(self.user_parent_a, "parent_alpha")
        result = self.make_jsonrpc_request(
            f"{self.consent_a.portal_url}/sign",
            {"name": "Parent Alpha", "signature": PNG_1PX},
        )
        self.assertTrue(result.get("force_refresh"), result)
        self.assertEqual(self.consent_a.state, "given")
        self.assertEqual(self.consent_a.method, "portal")
        self.assertEqual(self.consent_a.signed_by, "Parent Alpha")
        self.assertTrue(self.consent_a.signature)
        self.assertEqual(self.consent_a.consent_holder, "parents")
        again = self.make_jsonrpc_request(
            f"{self.consent_a.portal_url}/sign",
            {"name": "Parent Alpha", "signature": PNG_1PX},
        )
        self.assertIn("error", again)

        response = self._post(
            f"{self.consent_a.portal_url}/withdraw", {"csrf_token": csrf}
        )
        self.assertEqual(response.status_code, 303)
        self.assertIn("error=confirm", response.headers["Location"])
        self.assertEqual(self.consent_a.state, "given")
        response = self._post(
            f"{self.consent_a.portal_url}/withdraw",
            {"csrf_token": csrf, "confirm": "1"},
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(self.consent_a.state, "withdrawn")
        self.assertEqual(self.consent_a.withdrawn_by_id, self.user_parent_a)
        self.assertIn(self.coordinator_a, self.consent_a.activity_ids.user_id)

        second = self.env["ib.consent"].create(
            {
                "pupil_id": self.pupil_5a.id,
                "partner_id": self.parent_a.id,
                "purpose": "video",
                "state": "requested",
            }
        )
        response = self._post(f"{second.portal_url}/refuse", {"csrf_token": csrf})
        self.assertEqual(second.state, "requested", "refusing needs a confirmation")
        response = self._post(
            f"{second.portal_url}/refuse", {"csrf_token": csrf, "confirm": "1"}
        )
        self.assertEqual(response.status_code, 303)
        self.assertEqual(second.state, "refused")
        self.assertFalse(second.signature)

    def test_bad_signature(self):
        self._login(self.user_parent_a, "parent_alpha")
        for signature in ("", "not base64!", base64.b64encode(b"plain text").decode()):
            result = self.make_jsonrpc_request(
                f"{self.consent_a.portal_url}/sign",
                {"name": "Parent Alpha", "signature": signature},
            )
            self.assertIn("error", result)
        self.assertEqual(self.consent_a.state, "requested")

    def test_parent_a_uploads_a_document(self):
        csrf = self._login(self.user_parent_a, "parent_alpha")
        url = f"/my/children/{self.pupil_5a.id}/upload"
        Note = self.env["ib.pupil.note"]
        before = Note.search([("from_parents", "=", True)])
        cases = [
            ({"title": ""}, ("report.pdf", PDF_BYTES), "upload_title"),
            ({"title": "Report"}, ("report.exe", b"MZ\x90\x00binary"), "upload_type"),
            ({"title": "Report"}, ("empty.pdf", b""), None),
        ]
        for data, (name, content), error in cases:
            response = self._post(
                url, {"csrf_token": csrf, **data}, files={"document": (name, content)}
            )
            self.assertEqual(response.status_code, 303)
            self.assertIn("error=", response.headers["Location"])
            if error:
                self.assertIn(error, response.headers["Location"])
        big = b"%PDF-1.4\n" + b"0" * (8 * 1024 * 1024 + 10)
        response = self._post(
            url,
            {"csrf_token": csrf, "title": "Big"},
            files={"document": ("big.pdf", big)},
        )
        self.assertIn("error=upload_size", response.headers["Location"])
        self.assertEqual(Note.search([("from_parents", "=", True)]), before)

        response = self._post(
            url,
            {
                "csrf_token": csrf,
                "title": "Speech therapy report",
                "comment": "From the therapist",
            },
            files={"document": ("report.pdf", PDF_BYTES)},
        )
        self.assertIn("message=uploaded", response.headers["Location"])
        note = Note.search([("from_parents", "=", True)]) - before
        self.assertEqual(len(note), 1)
        self.assertEqual(note.pupil_id, self.pupil_5a)
        self.assertEqual(note.kind, "parent_document")
        self.assertEqual(note.confidentiality, "confidential")
        self.assertEqual(note.attachment_ids.name, "report.pdf")
        self.assertEqual(note.attachment_ids.res_model, "ib.pupil.note")
        self.assertEqual(note.attachment_ids.res_id, note.id)
        self.assertIn(self.coordinator_a, note.activity_ids.user_id)
        # The teacher does not see it until the coordinator shares it.
        self.assertFalse(note.with_user(self.teacher_5).has_access("read"))
        # The parent cannot read it back, nor its file.
        self.assertFalse(note.with_user(self.user_parent_a).has_access("read"))
        response = self._get(f"/web/content/{note.attachment_ids.id}")
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn("PDF-1.4", response.text)

    def test_parent_a_asks_for_a_correction(self):
        csrf = self._login(self.user_parent_a, "parent_alpha")
        url = f"/my/children/{self.pupil_5a.id}/correction"
        response = self._post(url, {"csrf_token": csrf, "description": "Wrong"})
        self.assertIn("error=correction_missing", response.headers["Location"])
        response = self._post(
            url,
            {
                "csrf_token": csrf,
                "description": "Wrong date",
                "requested_correction": "The 3rd, not the 4th",
            },
        )
        self.assertIn("message=correction", response.headers["Location"])
        request = self.env["ib.correction.request"].search(
            [("pupil_id", "=", self.pupil_5a.id)]
        )
        self.assertEqual(request.partner_id, self.parent_a)
        self.assertEqual(request.state, "open")
        self.assertEqual(request.activity_ids.user_id, self.coordinator_a)
        page = self._get(f"/my/children/{self.pupil_5a.id}").text
        self.assertIn("Wrong date", page)

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_parent_a_refused_on_everything_of_parent_b(self):
        csrf = self._login(self.user_parent_a, "parent_alpha")
        b, consent_b = self.pupil_5b, self.consent_b
        missing = self.env["ib.pupil"].search([], order="id desc", limit=1).id + 1000
        token = secrets.token_hex(16)
        pages = [
            f"/my/children/{b.id}",
            f"/my/children/{missing}",
            f"/my/children/{b.id}?access_token={token}",
            f"/my/children/{b.id}/consents/{consent_b.id}",
            f"/my/children/{b.id}/consents/{consent_b.id}?access_token={token}",
            f"/my/children/{self.pupil_5a.id}/consents/{consent_b.id}",
            f"/my/children/{self.pupil_5a.id}/consents/{consent_b.id}"
            f"?access_token={token}",
        ]
        statuses = set()
        for url in pages:
            response = self._get(url)
            self.assertRefused(response)
            statuses.add(response.status_code)
        self.assertEqual(statuses, {404}, "missing and forbidden look the same")

        posts = [
            (f"/my/children/{b.id}/consents/{consent_b.id}/refuse", {"confirm": "1"}),
            (f"/my/children/{b.id}/consents/{consent_b.id}/withdraw", {"confirm": "1"}),
            (
                f"/my/children/{self.pupil_5a.id}/consents/{consent_b.id}/refuse",
                {"confirm": "1"},
            ),
            (
                f"/my/children/{b.id}/correction",
                {"description": "x", "requested_correction": "y"},
            ),
        ]
        for url, data in posts:
            self.assertRefused(self._post(url, {"csrf_token": csrf, **data}))
        self.assertRefused(
            self._post(
                f"/my/children/{b.id}/upload",
                {"csrf_token": csrf, "title": "Evil"},
                files={"document": ("x.pdf", PDF_BYTES)},
            )
        )
        for url in (
            f"/my/children/{b.id}/consents/{consent_b.id}/sign",
            f"/my/children/{self.pupil_5a.id}/consents/{consent_b.id}/sign",
        ):
            result = self.make_jsonrpc_request(
                url, {"name": "Evil", "signature": PNG_1PX, "access_token": token}
            )
            self.assertIn("error", result)
            self.assertNotIn("Bram", str(result))

        self.assertEqual(consent_b.state, "requested")
        self.assertFalse(
            self.env["ib.correction.request"].search([("pupil_id", "=", b.id)])
        )
        self.assertFalse(
            self.env["ib.pupil.note"].search(
                [("pupil_id", "=", b.id), ("from_parents", "=", True)]
            )
        )

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_outsider_and_staff_see_no_children(self):
        self.outsider.password = "outsider_pw"
        users = [(self.outsider, "outsider_pw")]
        for user in (self.teacher_5, self.teacher_6, self.coordinator_a):
            user.password = f"{user.login}_pw"
            users.append((user, f"{user.login}_pw"))
        for user, password in users:
            self._login(user, password)
            response = self._get("/my/children")
            self.assertEqual(response.status_code, 200, user.login)
            self.assertNotIn("Anna de Vries", response.text, user.login)
            self.assertNotIn("Bram", response.text, user.login)
            for url in (f"/my/children/{self.pupil_5a.id}", self.consent_a.portal_url):
                response = self._get(url)
                self.assertEqual(response.status_code, 404, f"{user.login} {url}")
                self.assertNotIn("Anna de Vries", response.text)

    @mute_logger("odoo.http", "odoo.addons.http_routing.models.ir_http")
    def test_internal_message_not_served_over_mail_routes(self):
        pupil = self.pupil_5a.with_user(self.coordinator_a)
        # a follower row left from before parents could no longer follow
        self.env["mail.followers"].create(
            {
                "res_model": "ib.pupil",
                "res_id": pupil.id,
                "partner_id": self.parent_a.id,
            }
        )
        pupil.message_post(
            body="INTERNAL-NOTE-SECRET",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self._login(self.user_parent_a, "parent_alpha")
        result = self.thread_messages(self.pupil_5a)
        self.assertEqual(result["messages"], [])
        self.assertNotIn("INTERNAL-NOTE-SECRET", str(result))
        try:
            result = self.make_jsonrpc_request(
                "/mail/data",
                {
                    "fetch_params": [
                        [
                            "mail.thread",
                            {
                                "thread_model": "ib.pupil",
                                "thread_id": self.pupil_5a.id,
                                "request_list": [
                                    "followers",
                                    "attachments",
                                    "activities",
                                ],
                            },
                        ]
                    ],
                },
            )
        except Exception as error:  # noqa: BLE001 - any refusal is fine here
            result = str(error)
        self.assertNotIn("INTERNAL-NOTE-SECRET", str(result))
        self.assertFalse(
            self.env["mail.mail"].search(
                [
                    ("body_html", "ilike", "INTERNAL-NOTE-SECRET"),
                ]
            )
        )
