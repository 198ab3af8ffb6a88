from markupsafe import Markup

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .notes_common import IbNoteCommon


@tagged("post_install", "-at_install")
class TestNoteChatter(IbNoteCommon):
    """Followers, notifications, messages and activities of notes: nothing reaches
    a user or partner who cannot read the note."""

    def as_mail(self, user, model="ib.pupil.note"):
        # The chatter as in production: creator follows, creation is logged,
        # e-mails stay queued so that they can be inspected.
        return self.as_user(user, model).with_context(
            tracking_disable=False,
            mail_create_nolog=False,
            mail_notify_force_send=False,
        )

    def post(self, user, note, body, **kwargs):
        return (
            self.as_mail(user)
            .browse(note.id)
            .message_post(
                body=Markup(body),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                **kwargs,
            )
        )

    def notified(self, message):
        """Partners with an inbox or e-mail notification, and the partners an
        e-mail was queued for, about ``message``."""
        notifications = (
            self.env["mail.notification"]
            .sudo()
            .search([("mail_message_id", "=", message.id)])
        )
        mails = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        )
        return notifications.res_partner_id | mails.recipient_ids

    def followers(self, note):
        return (
            self.env["mail.followers"]
            .sudo()
            .search([("res_model", "=", note._name), ("res_id", "=", note.id)])
            .partner_id
        )

    # ------------------------------------------------------------------

    def test_normal_note_notifies_its_readers(self):
        note = self.as_mail(self.teacher_5).create(
            {
                "pupil_id": self.pupil_5a.id,
                "name": "Tired in class",
            }
        )
        self.assertEqual(self.followers(note), self.teacher_5.partner_id)
        self.as_mail(self.coordinator_a).browse(note.id).message_subscribe(
            partner_ids=self.director.partner_id.ids
        )
        message = self.post(self.coordinator_a, note, "<p>Shall we talk?</p>")
        self.assertEqual(
            self.notified(message), (self.teacher_5 | self.director).partner_id
        )
        # A colleague who may read but not edit the note may take part.
        reply = self.post(self.teacher_5, self.note_5_coordinator, "<p>Agreed.</p>")
        self.assertTrue(reply)
        # The teacher reads the message of a note they may read.
        self.assertEqual(
            self.env["mail.message"]
            .with_user(self.teacher_5)
            .search([("id", "=", message.id)]),
            message,
        )

    def test_followers_who_lose_access_are_removed(self):
        """A teacher's note that the coordinator later marks confidential: the
        teacher stops following it, their unread notifications about it are marked
        read, their activities on it move to the coordinator, and from then on
        nothing about it reaches them."""
        note = self.as_mail(self.teacher_5).create(
            {
                "pupil_id": self.pupil_5a.id,
                "name": "Tired in class",
            }
        )
        own_message = self.post(self.teacher_5, note, "<p>Mother called.</p>")
        first = self.post(self.coordinator_a, note, "<p>I will call back.</p>")
        self.assertIn(self.teacher_5.partner_id, self.notified(first))
        activity = (
            self.as_mail(self.coordinator_a)
            .browse(note.id)
            .activity_schedule(
                "mail.mail_activity_data_todo",
                summary="Observe",
                user_id=self.teacher_5.id,
            )
        )

        self.as_mail(self.coordinator_a).browse(note.id).write(
            {"confidentiality": "confidential"}
        )
        self.assertNotIn(self.teacher_5.partner_id, self.followers(note))
        self.assertIn(self.coordinator_a.partner_id, self.followers(note))
        self.assertEqual(activity.user_id, self.coordinator_a)
        unread = (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("mail_message_id.res_id", "=", note.id),
                    ("mail_message_id.model", "=", note._name),
                    ("res_partner_id", "=", self.teacher_5.partner_id.id),
                    ("is_read", "=", False),
                ]
            )
        )
        self.assertFalse(unread)

        later = self.post(self.coordinator_a, note, "<p>Father is ill.</p>")
        self.assertFalse(self.notified(later) & self.teacher_5.partner_id)
        # No message of the note is readable any more, not even the teacher's own.
        Message = self.env["mail.message"].with_user(self.teacher_5)
        self.assertFalse(
            Message.search([("model", "=", note._name), ("res_id", "=", note.id)])
        )
        self.assertFalse(Message.search([("body", "ilike", "Father is ill")]))
        self.assertFalse(Message.search([("needaction", "=", True)]))
        for message in (own_message, first, later):
            with self.assertRaises(AccessError):
                message.with_user(self.teacher_5).read(["body"])
        self.assertEqual(
            self.env["mail.message"]
            .with_user(self.coordinator_a)
            .search(
                [
                    ("model", "=", note._name),
                    ("res_id", "=", note.id),
                    ("message_type", "=", "comment"),
                ]
            ),
            later | first | own_message,
        )

    def test_teacher_concern_author_does_not_follow(self):
        note = self.as_mail(self.teacher_5).create(
            {
                "pupil_id": self.pupil_5a.id,
                "name": "Worried",
                "confidentiality": "confidential",
            }
        )
        self.assertNotIn(self.teacher_5.partner_id, self.followers(note))
        self.assertIn(self.coordinator_a.partner_id, self.followers(note))
        message = self.post(self.coordinator_a, note, "<p>Called the father.</p>")
        self.assertFalse(self.notified(message) & self.teacher_5.partner_id)

    def test_subscribing_someone_who_cannot_read_is_refused(self):
        note = self.as_mail(self.coordinator_a).browse(self.note_5.id)
        secret = self.as_mail(self.coordinator_a).browse(self.note_5_secret.id)
        refused = [
            (note, self.teacher_6.partner_id),  # another group
            (note, self.teacher_b.partner_id),  # another school
            (note, self.parent),  # portal parent of the pupil
            (note, self.parent_contact),  # parent without an account
            (secret, self.teacher_5.partner_id),  # the pupil's own teacher
            (secret, self.parent),
        ]
        for record, partner in refused:
            with self.subTest(note=record.name, partner=partner.name):
                with self.assertRaisesRegex(UserError, "cannot read"):
                    record.message_subscribe(partner_ids=partner.ids)
                self.assertNotIn(partner, self.followers(record))
        note.message_subscribe(partner_ids=self.teacher_5.partner_id.ids)
        secret.message_subscribe(partner_ids=self.director.partner_id.ids)
        self.assertIn(self.teacher_5.partner_id, self.followers(note))
        self.assertIn(self.director.partner_id, self.followers(secret))
        # Following oneself a note one cannot read does nothing.
        self.assertFalse(
            self.as_mail(self.teacher_5)
            .browse(secret.id)
            .message_subscribe(partner_ids=self.teacher_5.partner_id.ids)
        )
        self.assertNotIn(self.teacher_5.partner_id, self.followers(secret))

    def test_mentions_and_addresses_are_refused(self):
        for note, partner in (
            (self.note_5_secret, self.teacher_5.partner_id),
            (self.note_5_secret, self.parent),
            (self.note_5, self.parent),
            (self.note_5, self.parent_contact),
            (self.note_5, self.teacher_6.partner_id),
        ):
            with self.subTest(note=note.name, partner=partner.name):
                with self.assertRaisesRegex(UserError, "cannot read"):
                    self.post(
                        self.coordinator_a, note, "<p>FYI</p>", partner_ids=partner.ids
                    )
        with self.assertRaisesRegex(UserError, "not sent to e-mail addresses"):
            self.post(
                self.coordinator_a,
                self.note_5,
                "<p>FYI</p>",
                outgoing_email_to="someone@example.com",
            )
        self.assertFalse(
            self.env["mail.message"].sudo().search([("body", "ilike", "FYI")])
        )
        # A colleague who may read the note can be mentioned.
        message = self.post(
            self.teacher_5,
            self.note_5,
            "<p>FYI</p>",
            partner_ids=self.coordinator_a.partner_id.ids,
        )
        self.assertEqual(self.notified(message), self.coordinator_a.partner_id)

    def test_no_notification_to_followers_who_cannot_read(self):
        """Even followers that got in by a route we did not foresee are never
        notified: the recipients are filtered when the message is sent."""
        # sudo: simulate followers added behind the note's back.
        self.env["mail.followers"].sudo()._insert_followers(
            "ib.pupil.note",
            self.note_5_secret.ids,
            (
                self.teacher_5.partner_id
                | self.parent
                | self.parent_contact
                | self.director.partner_id
            ).ids,
        )
        message = self.post(self.coordinator_a, self.note_5_secret, "<p>News</p>")
        self.assertEqual(self.notified(message), self.director.partner_id)
        # Nothing queued for them either, by any mail.
        mails = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    (
                        "recipient_ids",
                        "in",
                        (
                            self.teacher_5.partner_id
                            | self.parent
                            | self.parent_contact
                        ).ids,
                    ),
                ]
            )
        )
        self.assertFalse(mails)
        # message_notify (direct notification) is filtered the same way.
        notified = (
            self.as_mail(self.coordinator_a)
            .browse(self.note_5_secret.id)
            .message_notify(
                body="Direct", partner_ids=(self.teacher_5.partner_id | self.parent).ids
            )
        )
        self.assertFalse(self.notified(notified))
        with self.assertRaises(AccessError):
            notified.with_user(self.teacher_5).read(["body"])

    def test_message_files_follow_the_note(self):
        message = self.post(
            self.coordinator_a,
            self.note_5_secret,
            "<p>Report attached</p>",
            attachments=[("report.txt", b"Confidential report")],
        )
        attachment = message.attachment_ids
        self.assertEqual(
            (attachment.res_model, attachment.res_id),
            ("ib.pupil.note", self.note_5_secret.id),
        )
        with self.assertRaises(AccessError):
            attachment.with_user(self.teacher_5).read(["datas"])
        self.assertFalse(
            self.env["ir.attachment"]
            .with_user(self.teacher_5)
            .search([("name", "=", "report.txt")])
        )
        self.assertEqual(
            attachment.with_user(self.coordinator_a).raw, b"Confidential report"
        )

    def test_activities_only_for_readers(self):
        secret = self.as_mail(self.coordinator_a).browse(self.note_5_secret.id)
        with self.assertRaisesRegex(ValidationError, "cannot read"):
            secret.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.teacher_5.id
            )
        note = self.as_mail(self.coordinator_a).browse(self.note_5.id)
        with self.assertRaisesRegex(ValidationError, "cannot read"):
            note.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.teacher_6.id
            )
        activity = note.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.teacher_5.id
        )
        self.assertEqual(activity.user_id, self.teacher_5)
        with self.assertRaisesRegex(ValidationError, "cannot read"):
            activity.write({"user_id": self.teacher_6.id})
        # The teacher's own activity list shows nothing of the confidential note.
        secret.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call youth care",
            user_id=self.coordinator_a.id,
        )
        self.assertFalse(
            self.env["mail.activity"]
            .with_user(self.teacher_5)
            .search([("summary", "=", "Call youth care")])
        )

    def test_suggested_and_default_recipients(self):
        note = self.as_mail(self.coordinator_a).browse(self.note_5.id)
        suggested = note._message_get_suggested_recipients(
            additional_partners=self.parent
            | self.teacher_5.partner_id
            | self.teacher_6.partner_id
        )
        self.assertEqual(
            [s["partner_id"] for s in suggested], self.teacher_5.partner_id.ids
        )
        defaults = note._message_get_default_recipients()[note.id]
        self.assertFalse(defaults["email_to"])

    def test_followers_of_a_confidential_note_are_not_listed(self):
        self.as_mail(self.coordinator_a).browse(
            self.note_5_secret.id
        ).message_subscribe(partner_ids=self.director.partner_id.ids)
        Followers = self.env["mail.followers"].with_user(self.teacher_5)
        domain = [("res_model", "=", "ib.pupil.note")]
        listed = Followers.search(domain)
        self.assertFalse(listed.filtered(lambda f: f.res_id == self.note_5_secret.id))
        secret_followers = (
            self.env["mail.followers"]
            .sudo()
            .search(domain + [("res_id", "=", self.note_5_secret.id)])
        )
        self.assertTrue(secret_followers)
        with self.assertRaises(AccessError):
            secret_followers.with_user(self.teacher_5).read(["partner_id"])
        self.assertEqual(
            self.env["mail.followers"]
            .with_user(self.coordinator_a)
            .search(domain + [("res_id", "=", self.note_5_secret.id)]),
            secret_followers,
        )

    def test_access_follows_group_changes(self):
        """A teacher who no longer teaches the pupil's group loses the note's
        messages, followers and activities at once, without any cleanup."""
        note = self.as_mail(self.teacher_5).create(
            {
                "pupil_id": self.pupil_5a.id,
                "name": "Reading plan",
            }
        )
        message = self.post(self.teacher_5, note, "<p>Started the plan.</p>")
        activity = (
            self.as_mail(self.coordinator_a)
            .browse(note.id)
            .activity_schedule(
                "mail.mail_activity_data_todo",
                summary="Evaluate the reading plan",
                user_id=self.teacher_5.id,
            )
        )
        Activity = self.env["mail.activity"].with_user(self.teacher_5)
        self.assertEqual(Activity.search([("id", "=", activity.id)]), activity)

        self.group_5.teacher_ids = self.teacher_6
        self.env.invalidate_all()
        self.assertFalse(Activity.search([("id", "=", activity.id)]))
        with self.assertRaises(AccessError):
            activity.with_user(self.teacher_5).read(["summary"])
        with self.assertRaises(AccessError):
            message.with_user(self.teacher_5).read(["body"])
        later = self.post(self.coordinator_a, note, "<p>Going well.</p>")
        self.assertNotIn(self.teacher_5.partner_id, self.notified(later))
        self.assertIn(self.teacher_5.partner_id, self.followers(note))  # stale,
        # but harmless: the recipients are filtered when a message is sent.

    def test_users_without_a_care_role_keep_their_chatter(self):
        """Colleagues without a pupil-care role and parents in the portal use the
        chatter of other documents as before, and see nothing of notes."""
        self.post(self.coordinator_a, self.note_5, "<p>Note message</p>")
        partner = self.env["res.partner"].create({"name": "Supplier"})
        partner.message_post(body=Markup("<p>Partner message</p>"))
        self.parent.message_post(
            body=Markup("<p>Hello parent</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.parent.ids,
        )
        for user in (self.employee, self.parent_user):
            with self.subTest(user=user.login):
                messages = self.env["mail.message"].with_user(user).search([])
                self.assertNotIn("ib.pupil.note", messages.sudo().mapped("model"))
        # (portal users have no access to followers and activities at all)
        followers = self.env["mail.followers"].with_user(self.employee).search([])
        self.assertNotIn("ib.pupil.note", followers.sudo().mapped("res_model"))
        activities = self.env["mail.activity"].with_user(self.employee).search([])
        self.assertNotIn("ib.pupil.note", activities.sudo().mapped("res_model"))
        employee_messages = (
            self.env["mail.message"]
            .with_user(self.employee)
            .search([("model", "=", "res.partner"), ("res_id", "=", partner.id)])
        )
        self.assertIn("<p>Partner message</p>", employee_messages.mapped("body"))
        parent_messages = (
            self.env["mail.message"]
            .with_user(self.parent_user)
            .search([("body", "ilike", "Hello parent")])
        )
        self.assertEqual(len(parent_messages), 1)
