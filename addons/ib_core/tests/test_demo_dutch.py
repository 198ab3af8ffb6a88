from odoo.tests import HttpCase, TransactionCase, tagged

from .demo_dutch import IbDemoDutchMixin, english_hits


@tagged("post_install", "-at_install")
class TestDemoDutchRecords(TransactionCase, IbDemoDutchMixin):
    """The first day of a Dutch school: the demo data of every ib_* addon
    installed speaks Dutch, and so do its users (issue 22)."""

    def test_the_markers_find_english_and_leave_dutch_alone(self):
        self.assertTrue(english_hits("<p>The pupil needs support.</p>"))
        self.assertTrue(english_hits("Results not entered yet."))
        self.assertFalse(
            english_hits(
                "<p>Fenna leest veel langzamer dan de rest van de groep; "
                "de ouders en de leerkracht oefenen met haar.</p>"
            )
        )

    def test_demo_records_have_no_english_text(self):
        self.assertTrue(
            self.env.ref("ib_core.pupil_regenboog_21", raise_if_not_found=False),
            "these tests need the demo data of ib_core",
        )
        found = self.english_in_demo_records()
        self.assertFalse(
            found,
            "English text in the demo data (external id or record, model, field: "
            "marker and the text around it):\n" + "\n".join(found),
        )

    def test_demo_users_work_in_dutch(self):
        self.env.cr.execute(
            """SELECT module || '.' || name, res_id FROM ir_model_data
                WHERE module LIKE 'ib_%%' AND model = 'res.users'"""
        )
        rows = self.env.cr.fetchall()
        self.assertGreaterEqual(len(rows), 8, "the demo users of ib_core")
        users = self.env["res.users"].browse([res_id for _xmlid, res_id in rows])
        not_dutch = [
            xmlid
            for (xmlid, _id), user in zip(rows, users, strict=True)
            if user.lang != "nl_NL"
        ]
        self.assertFalse(not_dutch, f"demo users not in Dutch: {not_dutch}")
        # the Dutch terms of ib_core are loaded: a model name and a menu
        pupil = self.env["ir.model"].with_context(lang="nl_NL")._get("ib.pupil")
        self.assertEqual(pupil.name, "Leerling")


@tagged("post_install", "-at_install")
class TestDemoDutchScreens(HttpCase, IbDemoDutchMixin):
    """What the demo coordinator, teacher and parent see first, in the browser: no
    English demo text, no "Your logo" (issue 22)."""

    LIST = ".o_view_controller .o_data_row, .o_view_controller .o_kanban_record"
    FORM = ".o_form_view .o_form_sheet"

    def _url(self, action, xmlid=None):
        url = f"/odoo/action-{action}"
        return f"{url}/{self.env.ref(xmlid).id}" if xmlid else url

    def test_coordinator_screens_are_dutch(self):
        for page, url, ready in (
            (
                "the overview",
                self._url("ib_core.ib_overview_action"),
                ".o_ib_overview_kanban .o_kanban_record",
            ),
            ("the pupil list", self._url("ib_core.ib_pupil_action"), self.LIST),
            (
                "the pupil form of Fenna",
                self._url("ib_core.ib_pupil_action", "ib_core.pupil_regenboog_21"),
                self.FORM,
            ),
            (
                "the support requests",
                self._url("ib_core.ib_support_request_action"),
                self.LIST,
            ),
            (
                "the answered support request of Mees",
                self._url(
                    "ib_core.ib_support_request_action",
                    "ib_core.support_request_regenboog_22",
                ),
                self.FORM,
            ),
            ("the consents", self._url("ib_core.ib_consent_action"), self.LIST),
            ("the notes", self._url("ib_core.ib_pupil_note_action"), self.LIST),
        ):
            with self.subTest(page=page):
                self.assert_dutch_page("ib.regenboog", url, ready, page)

    def test_teacher_screens_are_dutch(self):
        for page, url, ready in (
            (
                "the pupils of juf Sanne",
                self._url("ib_core.ib_pupil_action"),
                self.LIST,
            ),
            (
                "the pupil form of Fenna",
                self._url("ib_core.ib_pupil_action", "ib_core.pupil_regenboog_21"),
                self.FORM,
            ),
            (
                "the notes of juf Sanne",
                self._url("ib_core.ib_pupil_note_action"),
                self.LIST,
            ),
        ):
            with self.subTest(page=page):
                self.assert_dutch_page("juf.sanne", url, ready, page)

    def test_parent_portal_is_dutch_with_the_school_logo(self):
        fenna = self.env.ref("ib_core.pupil_regenboog_21")
        for page, url, ready in (
            ("the portal home", "/my", ".o_portal_my_home, .o_portal_docs"),
            ("the children", "/my/children", "#wrap"),
            ("the page of Fenna", f"/my/children/{fenna.id}", "#wrap"),
        ):
            with self.subTest(page=page):
                self.assert_dutch_page("ouder.jansen", url, ready, page)
