import json

from markupsafe import Markup

from odoo.fields import Command
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .notes_common import IbNoteCommon


@tagged("post_install", "-at_install")
class TestGlobalOverrides(HttpCase, IbNoteCommon):
    """The overrides of core models (mail.message, mail.followers, mail.activity,
    ir.rule) and the form-read log, attacked as the refused user over the routes
    the web client uses: each test names the rule of docs/security.md it proves
    (G1-G6) and fails without the override that enforces it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(
            context=dict(
                cls.env.context, tracking_disable=False, mail_notify_force_send=False
            )
        )
        cls.teacher_5.notification_type = "inbox"
        # Teacher 5 takes part in the chatter of a note of their group: they
        # follow it, wrote a message on it, were notified of the coordinator's
        # answer and have an activity on it.
        note = cls.note_5.with_user(cls.coordinator_a).with_context(
            allowed_company_ids=cls.school_a.ids
        )
        note.message_subscribe(partner_ids=cls.teacher_5.partner_id.ids)
        cls.own_message = (
            cls.note_5.with_user(cls.teacher_5)
            .with_context(allowed_company_ids=cls.school_a.ids)
            .message_post(
                body=Markup("<p>Mother called about the move.</p>"),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        )
        cls.answer = note.message_post(
            body=Markup("<p>Youth care will call back.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.activity = note.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call the youth care worker",
            user_id=cls.teacher_5.id,
        )
        # The director follows the confidential note of group 5.
        cls.note_5_secret.with_user(cls.coordinator_a).with_context(
            allowed_company_ids=cls.school_a.ids
        ).message_subscribe(partner_ids=cls.director.partner_id.ids)
        cls.secret_followers = cls.env["mail.followers"].search(
            [
                ("res_model", "=", "ib.pupil.note"),
                ("res_id", "=", cls.note_5_secret.id),
            ]
        )

    # ------------------------------------------------------------ helpers
    def login(self, user):
        self.authenticate(user.login, self.password(user))

    def jsonrpc(self, url, params):
        response = self.url_open(
            url,
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
            ),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, url)
        return response.json()

    def rpc(self, model, method, *args, **kwargs):
        return self.jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def assertRefused(self, answer, error="odoo.exceptions.AccessError"):
        self.assertNotIn("result", answer, answer)
        self.assertEqual(answer["error"]["data"]["name"], error)

    def move_teacher_5_away(self):
        """Group 5 gets another teacher: teacher 5 may no longer read the note,
        and nothing on the note changes (no follower, notification or activity
        is cleaned up)."""
        self.group_5.teacher_ids = self.teacher_6
        self.env.flush_all()
        self.assertFalse(
            self.note_5.with_user(self.teacher_5)
            .with_context(allowed_company_ids=self.school_a.ids)
            .has_access("read")
        )

    def mail_view(self, record):
        """Where ``/mail/view`` (the link of a notification e-mail) sends the
        user for ``record``: the record's form if ``check_access("read")``
        allows it, else Discuss."""
        response = self.url_open(
            f"/mail/view?model={record._name}&res_id={record.id}",
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        return response.headers["Location"]

    def access_log(self, pupil, **values):
        self.env.invalidate_all()
        domain = [("pupil_id", "=", pupil.id)]
        domain += [(name, "=", value) for name, value in values.items()]
        return self.env["ib.pupil.access.log"].search(domain)

    # ------------------------------------------------------------ G1 messages
    def test_g1_author_and_recipient_lose_the_messages_with_the_record(self):
        """G1, mail.message._search: the messages of a note teacher 5 wrote and
        was notified of leave every list once they may not read the note."""
        self.login(self.teacher_5)
        domain = [("model", "=", "ib.pupil.note"), ("res_id", "=", self.note_5.id)]
        listed = self.rpc("mail.message", "search_read", domain, fields=["body"])
        self.assertIn(self.own_message.id, [m["id"] for m in listed["result"]])
        inbox = self.jsonrpc("/mail/inbox/messages", {})["result"]
        self.assertIn(self.answer.id, inbox["messages"])

        self.move_teacher_5_away()
        listed = self.rpc("mail.message", "search_read", domain, fields=["body"])
        self.assertEqual(listed["result"], [])
        inbox = self.jsonrpc("/mail/inbox/messages", {})["result"]
        self.assertNotIn(self.answer.id, inbox["messages"])
        self.assertNotIn("Youth care will call back", json.dumps(inbox))

    @mute_logger("odoo.http")
    def test_g1_author_cannot_edit_or_read_back_their_message(self):
        """G1, mail.message._get_forbidden_access: teacher 5 is the author and
        (still) a follower; Odoo would let them edit their message and send them
        its text back."""
        self.move_teacher_5_away()
        self.login(self.teacher_5)
        answer = self.jsonrpc(
            "/mail/message/update_content",
            {
                "message_id": self.own_message.id,
                "update_data": {"body": "<p>Edited</p>", "attachment_ids": []},
            },
        )
        self.assertIn("error", answer)
        self.assertNotIn("Mother called", json.dumps(answer))
        self.assertIn("Mother called", self.own_message.body)
        self.assertRefused(
            self.rpc("mail.message", "read", [self.own_message.id], ["body"])
        )

    # --------------------------------------------------------- G2 attachments
    def test_g2_message_hands_out_no_file_the_reader_may_not_open(self):
        """G2, mail.message._to_store_defaults: the coordinator attaches the file
        of a confidential note to a message on a note teacher 5 reads; the
        chatter shows teacher 5 the message without that file (no id, no access
        token), and the coordinator with it."""
        message = (
            self.note_5.with_user(self.coordinator_a)
            .with_context(allowed_company_ids=self.school_a.ids)
            .message_post(
                body=Markup("<p>See the report.</p>"),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=(self.file_5_secret | self.file_5).ids,
            )
        )
        params = {"thread_model": "ib.pupil.note", "thread_id": self.note_5.id}
        for user, expected in (
            (self.teacher_5, self.file_5),
            (self.coordinator_a, self.file_5 | self.file_5_secret),
        ):
            with self.subTest(user=user.login):
                self.login(user)
                result = self.jsonrpc("/mail/thread/messages", params)["result"]
                self.assertIn(message.id, result["messages"])
                data = result["data"]
                shown = next(m for m in data["mail.message"] if m["id"] == message.id)
                self.assertEqual(sorted(shown["attachment_ids"]), sorted(expected.ids))
                sent = {a["id"] for a in data["ir.attachment"]}
                self.assertEqual(sent, set(expected.ids))

    # ------------------------------------------------------------ G3 followers
    @mute_logger("odoo.http")
    def test_g3_followers_of_a_confidential_note_are_not_listed(self):
        """G3, ib.care.link.mixin._search on mail.followers: every employee may
        read followers; teacher 5 lists those of their notes, not those of the
        confidential one."""
        self.login(self.teacher_5)
        domain = [("res_model", "=", "ib.pupil.note")]
        rows = self.rpc("mail.followers", "search_read", domain, fields=["res_id"])
        res_ids = {row["res_id"] for row in rows["result"]}
        self.assertIn(self.note_5.id, res_ids)
        self.assertNotIn(self.note_5_secret.id, res_ids)
        self.assertRefused(
            self.rpc("mail.followers", "read", self.secret_followers.ids, ["res_id"])
        )
        self.login(self.coordinator_a)
        rows = self.rpc("mail.followers", "search_read", domain, fields=["res_id"])
        self.assertIn(self.note_5_secret.id, {row["res_id"] for row in rows["result"]})

    def test_g3_follower_access_check(self):
        """G3, ib.care.link.mixin._check_access on mail.followers: the check
        ``/mail/view`` and ``/mail/read_subscription_data`` make on a follower
        refuses a follower of a record the user may not read."""
        own_follower = self.env["mail.followers"].search(
            [
                ("res_model", "=", "ib.pupil.note"),
                ("res_id", "=", self.note_5.id),
                ("partner_id", "=", self.teacher_5.partner_id.id),
            ]
        )
        self.login(self.teacher_5)
        self.assertIn(f"/{own_follower.id}", self.mail_view(own_follower))
        secret = self.secret_followers[:1]
        self.assertNotIn(f"/{secret.id}", self.mail_view(secret))
        Followers = self.env["mail.followers"].with_user(self.teacher_5)
        self.env.invalidate_all()
        self.assertFalse(Followers.browse(self.secret_followers.ids).has_access("read"))
        own = Followers.search(
            [("res_model", "=", "ib.pupil.note"), ("res_id", "=", self.note_5.id)]
        )
        self.assertTrue(own)
        self.assertTrue(own.has_access("read"))

    def test_g1_g3_g4_terms_only_for_the_models_searched(self):
        """The care-model terms G1/G3/G4 add to a search are left out only for
        the models the search itself excludes (a top-level ``=``/``in`` on the
        model field); any other search gets the terms of every care model."""
        Message = self.env["mail.message"]
        cases = [
            (
                [("res_model", "=", "ib.pupil.note"), ("res_id", "in", [1])],
                {"ib.pupil.note"},
            ),
            (
                [("res_model", "in", ["ib.pupil.note", "res.partner"])],
                {"ib.pupil.note", "res.partner"},
            ),
            (["|", ("res_model", "=", "ib.pupil.note"), ("res_id", "=", 1)], None),
            ([("res_model", "!=", "ib.pupil.note")], None),
            ([("res_model", "=", False)], None),
            ([], None),
        ]
        for domain, expected in cases:
            with self.subTest(domain=domain):
                self.assertEqual(
                    Message._ib_domain_models(domain, "res_model"), expected
                )

    # ----------------------------------------------------------- G4 activities
    @mute_logger("odoo.http")
    def test_g4_assignee_loses_the_activity_with_the_record(self):
        """G4, ib.care.link.mixin._search and _check_access on mail.activity:
        Odoo lets the assignee read an activity whatever the record's rules."""
        self.login(self.teacher_5)
        mine = [("user_id", "=", self.teacher_5.id)]
        rows = self.rpc("mail.activity", "search_read", mine, fields=["summary"])
        self.assertEqual([r["id"] for r in rows["result"]], self.activity.ids)
        self.assertIn(f"/{self.activity.id}", self.mail_view(self.activity))

        self.move_teacher_5_away()
        rows = self.rpc("mail.activity", "search_read", mine, fields=["summary"])
        self.assertEqual(rows["result"], [])
        self.assertRefused(
            self.rpc("mail.activity", "read", self.activity.ids, ["summary", "note"])
        )
        systray = self.jsonrpc(
            "/mail/data",
            {"fetch_params": ["systray_get_activities"], "context": {}},
        )["result"]
        self.assertNotIn("ib.pupil.note", json.dumps(systray))
        self.assertNotIn("youth care worker", json.dumps(systray))
        # The access check itself, as /mail/view makes it: Discuss, not the
        # activity's form; also on an activity already in memory.
        self.assertNotIn(f"/{self.activity.id}", self.mail_view(self.activity))
        self.activity.fetch(["res_model", "res_id", "user_id"])
        self.assertFalse(self.activity.with_user(self.teacher_5).has_access("read"))

    @mute_logger("odoo.http")
    def test_g4_former_teacher_reads_nothing_by_id(self):
        """G4: a teacher who lost their care role (an employee now) still has
        the activity; reading it by id over RPC is refused: the decision is
        taken on the activity's record, not on the user's role."""
        self.teacher_5.group_ids = [Command.set(self.env.ref("base.group_user").ids)]
        self.login(self.teacher_5)
        self.assertRefused(
            self.rpc("mail.activity", "read", self.activity.ids, ["summary", "note"])
        )
        self.assertRefused(
            self.rpc("mail.followers", "read", self.secret_followers.ids, ["res_id"])
        )

    @mute_logger("odoo.http")
    def test_g4_activity_not_assigned_to_who_cannot_read(self):
        """G4, mail.activity._check_ib_assignee_can_read: the coordinator cannot
        assign an activity on the confidential note to teacher 5 (the activity
        dialog saves with web_save); to the director, who may read it, they can."""
        self.login(self.coordinator_a)

        def save(assignee):
            # as the activity dialog saves a new activity
            return self.rpc(
                "mail.activity",
                "web_save",
                [],
                {
                    "res_model_id": self.env["ir.model"]._get_id("ib.pupil.note"),
                    "res_id": self.note_5_secret.id,
                    "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
                    "summary": "Talk to the mother",
                    "user_id": assignee.id,
                },
                specification={"summary": {}},
                context={"allowed_company_ids": self.school_a.ids},
            )

        self.assertRefused(save(self.teacher_5), "odoo.exceptions.ValidationError")
        self.assertFalse(
            self.env["mail.activity"].search([("summary", "=", "Talk to the mother")])
        )
        answer = save(self.director)
        self.assertIn("result", answer, answer)

    # ------------------------------------------------------------ G5, G6 log
    @mute_logger("odoo.http")
    def test_g5_refused_read_is_logged(self):
        """G5, ir.rule._make_access_error: teacher 5 reads a pupil of group 6 over
        RPC; the refusal is in the access log although the request was rolled
        back."""
        self.login(self.teacher_5)
        self.assertRefused(self.rpc("ib.pupil", "read", self.pupil_6a.ids, ["name"]))
        denied = self.access_log(self.pupil_6a, user_id=self.teacher_5.id)
        self.assertEqual(denied.mapped("denied"), [True])
        self.assertEqual(denied.way, "read")

    def test_g6_opening_a_form_is_logged(self):
        """G6, ib.pupil.access.mixin.web_read: the coordinator opens a pupil's
        form (web_read of one record); a list read is not logged."""
        self.login(self.coordinator_a)
        context = {"allowed_company_ids": self.school_a.ids}
        rows = self.rpc(
            "ib.pupil",
            "web_search_read",
            [("id", "=", self.pupil_6a.id)],
            {"name": {}},
            context=context,
        )
        self.assertEqual(rows["result"]["length"], 1)
        self.assertFalse(self.access_log(self.pupil_6a))
        answer = self.rpc(
            "ib.pupil",
            "web_read",
            self.pupil_6a.ids,
            specification={"name": {}, "group_id": {"fields": {"display_name": {}}}},
            context=context,
        )
        self.assertEqual(answer["result"][0]["name"], "Chris Jansen")
        log = self.access_log(self.pupil_6a)
        self.assertEqual(
            (log.user_id, log.way, log.denied), (self.coordinator_a, "form", False)
        )

    # ------------------------------------------------------- guest in the host
    def test_other_records_are_odoos(self):
        """For records that are not care records nothing changes: an employee
        without a care role, assigned an activity on a contact, follows it,
        reads its messages and its followers and opens its form, and nothing is
        logged."""
        partner = self.env["res.partner"].create({"name": "Supplier"})
        partner.message_subscribe(partner_ids=self.employee.partner_id.ids)
        message = partner.message_post(
            body=Markup("<p>Invoice sent.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.employee.partner_id.ids,
        )
        activity = partner.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Check the invoice",
            user_id=self.employee.id,
        )
        logged = self.env["ib.pupil.access.log"].search_count([])
        for user in (self.employee, self.teacher_5):
            with self.subTest(user=user.login):
                self.login(user)
                messages = self.rpc(
                    "mail.message",
                    "search_read",
                    [("model", "=", "res.partner"), ("res_id", "=", partner.id)],
                    fields=["body"],
                )
                self.assertIn(message.id, [m["id"] for m in messages["result"]])
                followers = self.rpc(
                    "mail.followers",
                    "search_read",
                    [("res_model", "=", "res.partner"), ("res_id", "=", partner.id)],
                    fields=["partner_id"],
                )
                self.assertIn(
                    self.employee.partner_id.id,
                    [f["partner_id"][0] for f in followers["result"]],
                )
                form = self.rpc(
                    "res.partner", "web_read", partner.ids, specification={"name": {}}
                )
                self.assertEqual(form["result"][0]["name"], "Supplier")
        self.login(self.employee)
        rows = self.rpc("mail.activity", "read", activity.ids, ["summary", "res_model"])
        self.assertEqual(rows["result"][0]["summary"], "Check the invoice")
        self.assertEqual(self.env["ib.pupil.access.log"].search_count([]), logged)
