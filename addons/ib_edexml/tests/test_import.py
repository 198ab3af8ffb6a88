from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FULL, MINIMAL, IbEdexmlCommon


@tagged("post_install", "-at_install")
class TestEdexmlImport(IbEdexmlCommon):
    def test_full_set(self):
        before_users = self.env["res.users"].search_count([])
        wizard = self.wizard(self.file(FULL))
        wizard.action_preview()
        # The preview writes no pupil, group or user.
        self.assertFalse(self.pupils())
        self.assertFalse(
            self.env["ib.group"].search([("company_id", "=", self.school_a.id)])
        )
        self.assertEqual(self.env["res.users"].search_count([]), before_users)
        self.assertEqual(wizard.pupil_new_count, 3)
        self.assertEqual(wizard.group_new_count, 3)
        self.assertEqual(wizard.teacher_new_count, 2)
        new_teacher = wizard.line_ids.filtered(lambda line: line.key == "lk-2")
        self.assertTrue(new_teacher.confirm)
        self.assertIn("joost.veenstra@test.example.com", new_teacher.changes)

        wizard.action_apply()
        log = wizard.log_id
        self.assertEqual(log.pupil_new_count, 3)
        self.assertEqual(log.user_id, self.coordinator)
        self.assertTrue(log.report_file)
        piet = self.pupil("ll-1")
        self.assertEqual(
            (piet.first_name, piet.infix, piet.last_name, piet.edexml_given_names),
            ("Piet", "van", "Kuipers", "Pieter Jan"),
        )
        self.assertEqual(piet.edexml_eckid, "https://id.example/eck/1")
        self.assertEqual(str(piet.date_of_birth), "2016-04-12")
        self.assertEqual(piet.edexml_gender, "1")
        self.assertEqual(piet.group_id.name, "Groep 5a")
        self.assertEqual(piet.group_id.grades_label, "5")
        # The school does not store the BSN by default.
        self.assertFalse(piet.sudo().bsn)
        # The combination group takes the grades of its pupils (3 and 4).
        group_34 = self.pupil("ll-2").group_id
        self.assertEqual(group_34.grades_label, "3/4")
        self.assertEqual(group_34.edexml_key, "g-34")
        self.assertEqual(group_34.school_year_id, self.year_a)
        # The combined group keeps its members; their own class stays their group.
        combined = self.env["ib.group"].search([("edexml_key", "=", "sg-rekenen")])
        self.assertTrue(combined.edexml_combined)
        self.assertEqual(combined.edexml_member_ids.pupil_id, piet | self.pupil("ll-3"))
        self.assertEqual(self.pupil("ll-3").group_id, group_34)
        # Teachers: the existing user is linked, the unknown one created
        # without password with the Teacher role of this school only.
        self.assertEqual(piet.group_id.teacher_ids, self.marit)
        joost = self.env["res.users"].search(
            [("login", "=", "joost.veenstra@test.example.com")]
        )
        self.assertTrue(joost.has_group("ib_core.group_ib_teacher"))
        self.assertFalse(joost.has_group("ib_core.group_ib_director"))
        self.assertEqual(joost.company_ids, self.school_a)
        # ...with the initials avatar Odoo gives every new internal user, in
        # each size.
        avatar = joost.partner_id._avatar_generate_svg()
        self.assertEqual(
            {joost[f"image_{size}"] for size in (1920, 1024, 512, 256, 128)},
            {avatar},
        )
        self.assertEqual(joost.avatar_128, avatar)
        self.assertEqual(group_34.teacher_ids, joost)
        # ...which is what gives them access: each teacher reads their pupils.
        Pupil = self.env["ib.pupil"]
        self.assertEqual(Pupil.with_user(self.marit).search([]), piet)
        self.assertEqual(
            Pupil.with_user(joost).search([]), self.pupil("ll-2") | self.pupil("ll-3")
        )
        # New pupils are listed in the import log, not one message each, and
        # nobody gets a mail about them.
        self.assertFalse(piet.message_ids)
        new_pupils = self.pupil("ll-1") | self.pupil("ll-2") | self.pupil("ll-3")
        self.assertFalse(
            self.env["mail.mail"].search(
                [("model", "=", "ib.pupil"), ("res_id", "in", new_pupils.ids)]
            )
        )

    def test_school_year_created_once(self):
        self.year_a.unlink()
        self.run_import(self.file(FULL))
        self.run_import(self.file(FULL))
        years = self.env["ib.school.year"].search(
            [("company_id", "=", self.school_a.id)]
        )
        self.assertEqual(years.mapped("name"), [self.year_name])

    def test_minimal_set(self):
        """Pupils with only a first name are imported, not refused."""
        plan, log = self.run_import(self.file(MINIMAL))
        self.assertFalse(plan["problems"])
        self.assertEqual(log.pupil_new_count, 2)
        ayla = self.pupil("m-1")
        self.assertEqual(ayla.name, "Ayla")
        self.assertFalse(ayla.last_name)
        self.assertEqual(ayla.edexml_grade_code, "2")

    def test_wrong_school(self):
        data = self.file(FULL, school=self.school_b)
        for call in (self.plan, self.run_import):
            with self.assertRaisesRegex(UserError, "another school .*97XB"):
                call(data)
        self.assertFalse(self.pupils())
        self.assertFalse(self.env["ib.group"].search([("edexml_key", "!=", False)]))
        # the dependancecode is part of the school's number
        data = self.file(FULL).replace(
            b"<dependancecode>00</dependancecode>",
            b"<dependancecode>01</dependancecode>",
        )
        with self.assertRaisesRegex(UserError, "97XA01"):
            self.plan(data)

    def test_changes_show_in_preview_and_chatter(self):
        self.run_import(self.file(FULL))
        piet = self.pupil("ll-1")
        data = self.file(
            FULL,
            **{
                "<achternaam>Kuipers</achternaam>": "<achternaam>Kuijpers</achternaam>",
                '<groep key="g-5a"/>\n      <samengestelde': (
                    '<groep key="g-34"/>\n      <samengestelde'
                ),
            },
        )
        wizard = self.wizard(data)
        wizard.action_preview()
        line = wizard.line_ids.filtered(lambda line: line.pupil_id == piet)
        self.assertEqual(line.action, "changed")
        self.assertIn("Kuipers → Kuijpers", line.changes)
        self.assertEqual(self.pupil("ll-1").last_name, "Kuipers")
        wizard.action_apply()
        self.assertEqual(piet.last_name, "Kuijpers")
        self.assertEqual(piet.group_id.edexml_key, "g-34")
        last = piet.message_ids[:1]
        self.assertIn("Kuipers → Kuijpers", str(last.body))
        self.assertIn("Groep 5a → Groep 3/4", str(last.body))
        self.assertEqual(wizard.log_id.pupil_changed_count, 1)

    def test_match_by_eckid(self):
        self.run_import(self.file(FULL))
        piet = self.pupil("ll-1")
        self.run_import(self.file(FULL, **{'key="ll-1"': 'key="ll-1-nieuw"'}))
        self.assertEqual(piet.edexml_key, "ll-1-nieuw")
        self.assertEqual(len(self.pupils()), 3)

    def test_bsn_stored_when_allowed(self):
        self.school_a.ib_edexml_store_bsn = True
        bad = self.file(FULL, **{"<bsn>123456782</bsn>": "<bsn>123456789</bsn>"})
        plan, _log = self.run_import(bad)
        self.assertFalse(self.pupil("ll-1").sudo().bsn)
        self.assertTrue(any("eleven-test" in p["message"] for p in plan["problems"]))
        self.run_import(self.file(FULL))
        self.assertEqual(self.pupil("ll-1").sudo().bsn, "123456782")
