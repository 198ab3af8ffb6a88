from markupsafe import Markup

from odoo.tests import HttpCase, tagged

from .notes_common import PNG, IbNoteCommon


@tagged("post_install", "-at_install")
class TestNoteHttp(IbNoteCommon, HttpCase):
    """The routes a browser uses: file downloads and the chatter."""

    def assert_refused(self, url):
        response = self.url_open(url)
        self.assertNotIn(PNG, response.content, url)
        if url.startswith("/web/image"):
            # /web/image answers a refused image with Odoo's placeholder image.
            self.assertIn(response.status_code, (200, 403, 404), url)
        else:
            self.assertIn(response.status_code, (403, 404), url)

    def assert_served(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response.content, PNG)

    def test_file_download(self):
        secret = self.file_5_secret.id
        normal = self.file_5.id
        self.login(self.teacher_5)
        for url in (
            f"/web/content/{secret}?download=true",
            f"/web/content/{secret}",
            f"/web/image/{secret}",
            f"/web/content/ir.attachment/{secret}/datas?download=true",
            f"/web/image/ir.attachment/{secret}/datas",
        ):
            self.assert_refused(url)
        self.assert_served(f"/web/content/{normal}?download=true")
        self.assert_served(f"/web/image/{normal}")

        self.login(self.teacher_6)
        self.assert_refused(f"/web/content/{normal}?download=true")
        self.assert_refused(f"/web/image/{normal}")

        self.login(self.coordinator_b)
        self.assert_refused(f"/web/content/{secret}?download=true")

        for user in (self.coordinator_a, self.director):
            self.login(user)
            self.assert_served(f"/web/content/{secret}?download=true")
            self.assert_served(f"/web/image/{secret}")

    def test_file_download_by_a_parent(self):
        self.login(self.parent_user)
        self.assert_refused(f"/web/content/{self.file_5_secret.id}?download=true")
        self.assert_refused(f"/web/content/{self.file_5.id}?download=true")

    def test_chatter_route(self):
        # The teacher wrote on the note while it was normal; then it became
        # confidential and the coordinator went on.
        note = self.note_5
        own = note.with_user(self.teacher_5).message_post(
            body=Markup("<p>Mother called.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        note.with_user(self.coordinator_a).confidentiality = "confidential"
        later = note.with_user(self.coordinator_a).message_post(
            body=Markup("<p>Parents are separating.</p>"),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

        self.login(self.teacher_5)
        result = self.thread_messages(note)
        self.assertFalse(set(result["messages"]) & {own.id, later.id})
        self.assertNotIn("Parents are separating", str(result["data"]))
        self.assertNotIn("Mother called", str(result["data"]))

        self.login(self.coordinator_a)
        result = self.thread_messages(note)
        self.assertTrue({own.id, later.id} <= set(result["messages"]))
        self.assertIn("Parents are separating", str(result["data"]))

    def test_rpc_search_read(self):
        self.login(self.teacher_5)
        result = self.make_jsonrpc_request(
            "/web/dataset/call_kw/ib.pupil.note/search_read",
            {
                "model": "ib.pupil.note",
                "method": "search_read",
                "args": [[]],
                "kwargs": {"fields": ["name"]},
            },
        )
        names = {r["name"] for r in result}
        self.assertEqual(names, {"Observation 5a", "Class visit 5b"})

    def test_concern_tour(self):
        """The web client flow of the meldcode case, as the teacher."""
        self.start_tour(
            f"/odoo/action-ib_core.ib_pupil_action/{self.pupil_5a.id}",
            "ib_core_note_concern_tour",
            login=self.teacher_5.login,
        )
        note = self.env["ib.pupil.note"].search([("name", "=", "Bruises seen at gym")])
        self.assertEqual(note.confidentiality, "confidential")
        self.assertEqual(note.author_id, self.teacher_5)
        self.assertEqual(note.pupil_id, self.pupil_5a)
        self.assertEqual(note.activity_ids.user_id, self.coordinator_a)
        self.assertFalse(note.with_user(self.teacher_5).has_access("read"))
