"""Issue 14, the receiving party of a referral: it reads only the fields of the
referral's portal whitelist, over RPC as on its portal pages, and only while the
parents' consent holds. Every attack is made as the provider, over the routes
the web client and scripts use."""

from odoo import fields
from odoo.http import Request
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import IbReferralsCommon

# What the provider portal shows of a referral, and what searching it needs.
PROVIDER_FIELDS = {
    "name",
    "pupil_name",
    "kind",
    "partner_id",
    "company_id",
    "state",
    "question",
    "sent_date",
}
# Text the school keeps to itself, one marker per field.
SECRETS = {
    "reasoning": "REASONING-SECRET",
    "history": "HISTORY-SECRET",
    "parents_view": "PARENTS-VIEW-ALPHA",
    "parents_portal_view": "PARENTS-PORTAL-SECRET",
    "okr_seen_name": "SEEN-NAME-SECRET",
    "decision_category": "CATEGORY-SECRET",
}


class IbProviderCase(HttpCase, IbReferralsCommon):
    """Referral of pupil 5a sent (with consent) to the speech practice, with a
    shared document and an internal one; a contact of the speech practice with
    a portal user, and the parent with parental authority in the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.speech_user = cls._provider_user()
        cls.env["ib.pupil.guardian"].search(
            [("partner_id", "=", cls.parent_a.id)]
        ).portal_access = True
        cls.parent_a.user_ids.password = "parent_anna"
        cls.consent = cls._give_consent(cls.pupil_5a, "referral", cls.speech)
        referral = cls._send_with_documents(
            {
                "reasoning": SECRETS["reasoning"],
                "history": SECRETS["history"],
                "parents_portal_view": SECRETS["parents_portal_view"],
                "okr_seen_name": SECRETS["okr_seen_name"],
                "decision_category": SECRETS["decision_category"],
            }
        )
        referral.message_post(
            body="NOTE-SECRET about the family",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        cls.shared = cls.referral.sent_attachment_ids
        cls.page = f"/my/referrals/{cls.referral.id}"
        cls.download = f"{cls.page}/documents/{cls.shared.id}"

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _refused(self, model, method, *args, **kwargs):
        with self.assertRaises(JsonRpcException, msg=f"{method} {args}"):
            with mute_logger("odoo.http"):
                self._call(model, method, *args, **kwargs)


@tagged("post_install", "-at_install")
class TestProviderWhitelist(IbProviderCase):
    def test_whitelist_is_what_the_portal_shows(self):
        self.assertEqual(
            set(self.env["ib.referral"]._ib_portal_fields), PROVIDER_FIELDS
        )

    def test_portal_users_read_exactly_the_whitelist(self):
        """ib_core's policy check (test_privacy_policy), for referrals alone."""
        Referral = self.env["ib.referral"].with_user(self.speech_user)
        whitelist = PROVIDER_FIELDS | {"id", "display_name"}
        readable = {
            name
            for name, field in Referral._fields.items()
            if Referral._has_field_access(field, "read")
        }
        self.assertEqual(readable, whitelist)
        self.assertEqual(Referral.search([]), self.referral)
        self.assertFalse(set(Referral.fields_get()) - whitelist)

    def test_provider_reads_the_whitelist_over_rpc(self):
        self.authenticate("t_speech", "t_speech")
        rows = self._call("ib.referral", "search_read", [], sorted(PROVIDER_FIELDS))
        self.assertEqual([row["id"] for row in rows], self.referral.ids)
        self.assertEqual(rows[0]["question"], "QUESTION-ALPHA")
        self.assertEqual(rows[0]["pupil_name"], self.pupil_5a.name)

    def test_provider_reads_no_other_field_over_rpc(self):
        """Each field outside the whitelist, by each reading route, is refused:
        the text fields, the links (documents, chatter, recipients, OKR) and
        everything else."""
        self.authenticate("t_speech", "t_speech")
        Referral = self.env["ib.referral"]
        hidden = sorted(
            set(Referral._fields) - PROVIDER_FIELDS - {"id", "display_name"}
        )
        self.assertTrue(set(SECRETS) <= set(hidden))
        ids = self.referral.ids
        for name in hidden:
            self._refused("ib.referral", "read", ids, [name])
            self._refused("ib.referral", "search_read", [("id", "in", ids)], [name])
            self._refused("ib.referral", "web_read", ids, {name: {}})
        for name in (*SECRETS, "okr_body", "message_ids", "document_ids"):
            # a domain or an order on it: no guessing the text letter by letter
            self._refused("ib.referral", "search_count", [(name, "!=", False)])
            self._refused(
                "ib.referral",
                "formatted_read_group",
                [(name, "!=", False)],
                ["state"],
                ["__count"],
            )
        for name in ("decision", "okr_final_user_id", "support_request_id"):
            self._refused(
                "ib.referral", "formatted_read_group", [], [name], ["__count"]
            )
            self._refused("ib.referral", "search", [], order=name)
        self._refused("ib.referral", "export_data", ids, ["reasoning"])

    def test_provider_pages_show_no_internal_text(self):
        self.authenticate("t_speech", "t_speech")
        for url in ("/my/referrals", self.page, "/my"):
            response = self._get(url)
            self.assertEqual(response.status_code, 200, url)
            for marker in (*SECRETS.values(), "NOTE-SECRET", "internal.pdf"):
                self.assertNotIn(marker, response.text, url)
        response = self._get(self.page)
        self.assertIn("QUESTION-ALPHA", response.text)
        self.assertIn("results.pdf", response.text)

    def test_parent_pages_show_no_reasoning_either(self):
        self.referral.write(dict(self._okr_sections(), okr_share_with_parents=True))
        self.authenticate("parent.anna@example.com", "parent_anna")
        response = self._get(f"/my/okr/{self.referral.id}")
        self.assertEqual(response.status_code, 200)
        # the parents' own view, recorded by the coordinator, is theirs to read
        self.assertIn("PARENTS-VIEW-ALPHA", response.text)
        for marker in ("REASONING-SECRET", "HISTORY-SECRET", "QUESTION-ALPHA"):
            self.assertNotIn(marker, response.text)
        # and over RPC a parent reads no referral at all
        self.assertFalse(self._call("ib.referral", "search", []))
        self._refused("ib.referral", "read", self.referral.ids, ["name"])

    def test_provider_reads_no_message_of_the_referral(self):
        self.authenticate("t_speech", "t_speech")
        messages = self._call(
            "mail.message",
            "search_read",
            [("model", "=", "ib.referral"), ("res_id", "=", self.referral.id)],
            ["body"],
        )
        self.assertFalse(messages)
        result = self.thread_messages(self.referral)
        self.assertFalse(
            set(result["messages"]) & set(self.referral.sudo().message_ids.ids)
        )
        self.assertNotIn("NOTE-SECRET", str(result))
        self._refused(
            "mail.message",
            "read",
            self.referral.sudo().message_ids.ids,
            ["body"],
        )


@tagged("post_install", "-at_install")
class TestConsentEndsAccess(IbProviderCase):
    """Withdrawing consent ends the provider's access at once, by rule: pages,
    downloads, /web/content and RPC."""

    def _assert_provider_has_access(self):
        self.authenticate("t_speech", "t_speech")
        self.assertEqual(self._get(self.page).status_code, 200)
        response = self._get(self.download)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, b"SHARED-RESULTS")
        # Providers download through their portal page only: /web/content
        # refuses them even now (portal users have no access to attachments).
        with mute_logger("odoo.http"):
            response = self._get(f"/web/content/{self.shared.id}?download=true")
        self.assertIn(response.status_code, (403, 404))
        rows = self._call("ib.referral", "read", self.referral.ids, ["question"])
        self.assertEqual(rows[0]["question"], "QUESTION-ALPHA")

    def _assert_provider_refused(self):
        self.authenticate("t_speech", "t_speech")
        for url in (
            self.page,
            self.download,
            f"/web/content/{self.shared.id}?download=true",
            f"/web/content/ir.attachment/{self.shared.id}/raw",
        ):
            with mute_logger("odoo.http"):
                response = self._get(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotIn("SHARED-RESULTS", response.text)
            self.assertNotIn("QUESTION-ALPHA", response.text)
        response = self.url_open(
            f"{self.page}/report",
            data={"csrf_token": Request.csrf_token(self)},
            files={"document": ("report.pdf", b"%PDF-1.4\n%%EOF\n")},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.referral.document_ids.filtered("from_provider"))
        response = self._get("/my/referrals")
        self.assertNotIn("Speech assessment", response.text)
        self.assertFalse(self._call("ib.referral", "search", []))
        self._refused("ib.referral", "read", self.referral.ids, ["question"])
        self._refused("ir.attachment", "read", self.shared.ids, ["name"])
        self._refused(
            "ir.attachment",
            "search",
            [("res_model", "=", "ib.referral"), ("res_id", "=", self.referral.id)],
        )
        self.assertFalse(
            self._call(
                "mail.message",
                "search",
                [("model", "=", "ib.referral"), ("res_id", "=", self.referral.id)],
            )
        )

    def _assert_coordinator_told(self):
        referral = self.as_user(self.coordinator_a, "ib.referral").browse(
            self.referral.id
        )
        self.assertTrue(referral.consent_lost)
        self.assertIn(
            "no longer has access",
            referral.message_ids[0].body,
        )
        activity = referral.activity_ids.filtered(
            lambda a: "Consent withdrawn" in (a.summary or "")
        )
        self.assertEqual(activity.user_id, self.coordinator_a)

    def test_parent_withdraws_in_the_portal(self):
        self._assert_provider_has_access()
        self.assertFalse(self.referral.consent_lost)
        # The parent withdraws the consent on their own portal page.
        self.authenticate("parent.anna@example.com", "parent_anna")
        response = self.url_open(
            f"/my/children/{self.pupil_5a.id}/consents/{self.consent.id}/withdraw",
            data={"csrf_token": Request.csrf_token(self), "confirm": "1"},
            allow_redirects=False,
        )
        self.assertIn("message=withdrawn", response.headers["Location"])
        self.assertEqual(self.consent.state, "withdrawn")
        self._assert_provider_refused()
        self._assert_coordinator_told()

    def test_coordinator_records_the_withdrawal(self):
        self._assert_provider_has_access()
        self.as_user(self.coordinator_a, "ib.consent").browse(
            self.consent.id
        ).action_withdraw()
        self._assert_provider_refused()
        self._assert_coordinator_told()

    def test_expired_consent_ends_access(self):
        self._assert_provider_has_access()
        yesterday = fields.Date.add(fields.Date.today(), days=-1)
        self.consent.write({"answer_date": yesterday, "valid_until": yesterday})
        # The pages check the date themselves, before the daily job runs.
        self.authenticate("t_speech", "t_speech")
        self.assertEqual(self._get(self.page).status_code, 404)
        self.assertEqual(self._get(self.download).status_code, 404)
        # The daily job marks it expired: then the rule refuses everything.
        self.env["ib.consent"]._cron_expire()
        self.assertEqual(self.consent.state, "expired")
        self._assert_provider_refused()
        self._assert_coordinator_told()

    def test_another_valid_consent_keeps_access(self):
        """A general consent for referrals still covers the provider."""
        self._give_consent(self.pupil_5a, "referral")
        self.consent.sudo()._ib_withdraw()
        self._assert_provider_has_access()
        self.assertFalse(self.referral.consent_lost)
        self.assertFalse(
            self.referral.activity_ids.filtered(
                lambda a: "Consent withdrawn" in (a.summary or "")
            )
        )

    def test_swv_request_follows_the_swv_consent(self):
        """An arrangement request rests on the consent for the regional
        partnership: a consent for referrals does not keep it open."""
        self.referral.kind = "swv_arrangement"
        self.authenticate("t_speech", "t_speech")
        self.assertEqual(self._get(self.page).status_code, 404)
        swv = self._give_consent(self.pupil_5a, "swv", self.speech)
        self.assertEqual(self._get(self.page).status_code, 200)
        swv.sudo()._ib_withdraw()
        self.assertEqual(self._get(self.page).status_code, 404)
        self.assertTrue(self.referral.consent_lost)

    def test_form_shows_the_warning(self):
        self.consent.sudo()._ib_withdraw()
        arch = self.as_user(self.teacher_5, "ib.referral").get_view(
            self.env.ref("ib_referrals.ib_referral_view_form").id
        )["arch"]
        self.assertIn("Consent withdrawn:", arch)
        self.assertIn('invisible="not consent_lost"', arch)
        self.assertTrue(
            self.as_user(self.teacher_5, "ib.referral")
            .browse(self.referral.id)
            .consent_lost
        )
