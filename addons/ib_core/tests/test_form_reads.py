"""The pupil form reads its tabs once, as the reader (issue 17): the lines a tab
shows and the number on its smart button come from the same search with the
reader's record rules, and the read of those lines does not apply the rules a
second time. None of it lets a reader see more: a line the form's search did not
find is read through the rules as always, and a count is what the reader's own
count would be (archived and confidential notes left out)."""

from odoo.tests import tagged

from odoo.addons.ib_core.models.ib_pupil_access_mixin import (
    _FORM_LINES,
    _INNER_READ,
    form_lines_found,
)

from .common import IbCoreCommon

SPEC = {
    "name": {},
    "note_count": {},
    "consent_count": {},
    "support_request_count": {},
    "note_ids": {"fields": {"name": {}}, "limit": 40},
    "consent_ids": {"fields": {"purpose": {}}, "limit": 40},
    "support_request_ids": {"fields": {"state": {}}, "limit": 40},
}


@tagged("post_install", "-at_install")
class TestFormReads(IbCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Note = cls.env["ib.pupil.note"]
        cls.normal = Note.create(
            [{"pupil_id": cls.pupil_5b.id, "name": f"Note {n}"} for n in range(3)]
        )
        cls.confidential = Note.create(
            {
                "pupil_id": cls.pupil_5b.id,
                "name": "Concern",
                "confidentiality": "confidential",
            }
        )
        cls.archived = Note.create({"pupil_id": cls.pupil_5b.id, "name": "Old"})
        cls.archived.action_archive()
        parent = cls.env["res.partner"].create({"name": "Moeder Bakker"})
        cls.env["ib.pupil.guardian"].create(
            {
                "pupil_id": cls.pupil_5b.id,
                "partner_id": parent.id,
                "relation": "mother",
                "parental_authority": True,
            }
        )
        cls.env["ib.consent"].create(
            [
                {
                    "pupil_id": cls.pupil_5b.id,
                    "partner_id": parent.id,
                    "purpose": purpose,
                    "description": f"Consent for {purpose}",
                }
                for purpose in ("observation", "swv")
            ]
        )
        cls.env["ib.support.request"].create(
            {
                "pupil_id": cls.pupil_5b.id,
                "care_domain": "maths",
                "question": "<p>?</p>",
            }
        )

    def _form(self, user, spec=None, inner=False):
        record = self.as_user(user, "ib.pupil").browse(self.pupil_5b.id)
        self.env.invalidate_all()
        token = _INNER_READ.set(inner)
        try:
            return record.web_read(spec or SPEC)[0]
        finally:
            _INNER_READ.reset(token)

    def test_counts_from_the_tabs_are_the_readers_counts(self):
        """The smart buttons read with their tabs count what they count
        without them (Odoo's own read: a count query as the reader)."""
        counts = [name for name in SPEC if name.endswith("_count")]
        for user, notes in ((self.coordinator_a, 4), (self.teacher_5, 3)):
            with_tabs = self._form(user)
            alone = self._form(user, {name: {} for name in counts})
            odoo_read = self._form(user, inner=True)
            for name in counts:
                self.assertEqual(with_tabs[name], alone[name], (user.login, name))
                self.assertEqual(with_tabs[name], odoo_read[name], (user.login, name))
            self.assertEqual(with_tabs["note_count"], notes, user.login)
            self.assertEqual(len(with_tabs["note_ids"]), notes, user.login)
            self.assertNotIn(self.archived.id, with_tabs["note_ids"])
            self.assertEqual(with_tabs["consent_count"], 2)
            self.assertEqual(with_tabs["support_request_count"], 1)
        teacher_notes = {n["id"] for n in self._form(self.teacher_5)["note_ids"]}
        self.assertNotIn(self.confidential.id, teacher_notes)

    def test_lines_not_found_by_the_form_go_through_the_rules(self):
        """Only the ids the form's own search found, for the same reader and
        schools, are read without joining the rules in again."""
        Note = self.as_user(self.teacher_5, "ib.pupil.note")
        token = _FORM_LINES.set({})
        try:
            form_lines_found(Note, self.normal.ids)
            found = Note.search([("id", "in", self.normal.ids)])
            self.assertEqual(found, self.normal)
            # one id more, never found by the form: the rules decide for all
            asked = self.normal.ids + self.confidential.ids
            self.assertEqual(Note.search([("id", "in", asked)]), self.normal)
            # another reader, or the same reader in other schools: the rules
            other = self.as_user(self.teacher_6, "ib.pupil.note")
            self.assertFalse(other.search([("id", "in", self.normal.ids)]))
            # the director of both schools, reading in one of them: the
            # rules of the schools chosen decide
            both = self.as_user(self.director, "ib.pupil.note").with_context(
                allowed_company_ids=(self.school_a | self.school_b).ids
            )
            form_lines_found(both, self.normal.ids)
            self.assertEqual(both.search([("id", "in", self.normal.ids)]), self.normal)
            in_b = both.with_context(allowed_company_ids=self.school_b.ids)
            self.assertFalse(in_b.search([("id", "in", self.normal.ids)]))
        finally:
            _FORM_LINES.reset(token)
        # outside a form's read: nothing remembered
        self.assertEqual(
            Note.search([("id", "in", self.normal.ids + self.confidential.ids)]),
            self.normal,
        )

    def test_form_lines_are_forgotten_after_the_read(self):
        self._form(self.teacher_5)
        self.assertIsNone(_FORM_LINES.get())
