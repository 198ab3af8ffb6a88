from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import IbCoreCommon


@tagged("post_install", "-at_install")
class TestPupilAccess(IbCoreCommon):
    """Who may read and change which pupils, per role and per school."""

    def test_teacher_sees_own_group_only(self):
        Pupil = self.as_user(self.teacher_5, "ib.pupil")
        self.assertEqual(Pupil.search([]), self.pupil_5a | self.pupil_5b)
        self.assertEqual(Pupil.search_count([("group_id", "=", self.group_6.id)]), 0)
        groups = Pupil.formatted_read_group([], ["group_id"], ["__count"])
        self.assertEqual(
            [(g["group_id"][0], g["__count"]) for g in groups], [(self.group_5.id, 2)]
        )
        with self.assertRaises(AccessError):
            Pupil.browse(self.pupil_6a.id).read(["name"])

    def test_teacher_cannot_change_or_create_pupils(self):
        Pupil = self.as_user(self.teacher_5, "ib.pupil")
        with self.assertRaises(AccessError):
            Pupil.browse(self.pupil_5a.id).write({"first_name": "Changed"})
        with self.assertRaises(AccessError):
            Pupil.create({"first_name": "New", "last_name": "Pupil"})
        self.assertEqual(self.pupil_5a.first_name, "Anna")

    def test_teacher_loses_pupils_of_last_year(self):
        """A group of a past school year gives its teacher no access any more."""
        old_group = self._group(
            "Groep 4",
            self.year_a_previous,
            self.env.ref("ib_core.grade_4"),
            self.teacher_6,
        )
        self.env["ib.group.membership"].create(
            {"pupil_id": self.pupil_5a.id, "group_id": old_group.id}
        )
        self.assertNotIn(
            self.pupil_5a, self.as_user(self.teacher_6, "ib.pupil").search([])
        )
        # The pupil's own teacher does see the history of their pupil.
        history = self.as_user(self.teacher_5, "ib.group.membership").search(
            [("pupil_id", "=", self.pupil_5a.id)]
        )
        self.assertEqual(history.group_id, self.group_5 | old_group)

    def test_teacher_never_reads_bsn(self):
        self.pupil_5a.bsn = "111222333"
        # Even with the right to export data, the BSN stays out of reach.
        self.teacher_5.group_ids += self.env.ref("base.group_allow_export")
        Pupil = self.as_user(self.teacher_5, "ib.pupil")
        with self.assertRaises(AccessError):
            Pupil.browse(self.pupil_5a.id).read(["bsn"])
        with self.assertRaises(AccessError):
            Pupil.search([("bsn", "=", "111222333")])
        with self.assertRaises(AccessError):
            Pupil.search([], order="bsn")
        with self.assertRaises(AccessError):
            Pupil.browse(self.pupil_5a.id).export_data(["bsn"])
        with self.assertRaises(AccessError):
            Pupil.formatted_read_group([], ["bsn"], ["__count"])

    def test_coordinator_sees_own_school_only(self):
        pupils = self.as_user(self.coordinator_a, "ib.pupil").search([])
        self.assertEqual(
            pupils, self.pupil_5a | self.pupil_5b | self.pupil_6a | self.pupil_6b
        )
        self.assertFalse(
            self.as_user(self.coordinator_b, "ib.pupil").search(
                [("company_id", "=", self.school_a.id)]
            )
        )
        with self.assertRaises(AccessError):
            self.as_user(self.coordinator_b, "ib.pupil").browse(self.pupil_5a.id).read(
                ["name"]
            )
        # Forcing the other school into the context does not help.
        with self.assertRaises(AccessError):
            self.env["ib.pupil"].with_user(self.coordinator_b).with_context(
                allowed_company_ids=[self.school_a.id]
            ).browse(self.pupil_5a.id).read(["name"])

    def test_coordinator_manages_pupils_and_reads_bsn(self):
        Pupil = self.as_user(self.coordinator_a, "ib.pupil")
        pupil = Pupil.create(
            {
                "first_name": "Fenna",
                "last_name": "Dekker",
                "company_id": self.school_a.id,
                "bsn": "111222333",
            }
        )
        self.assertEqual(pupil.bsn, "111222333")
        pupil.write({"first_name": "Femke"})
        self.assertEqual(pupil.name, "Femke Dekker")

    def test_director_reads_active_schools_only(self):
        both = self.as_user(self.director, "ib.pupil").search([])
        self.assertEqual(len(both), 5)
        only_a = (
            self.env["ib.pupil"]
            .with_user(self.director)
            .with_context(allowed_company_ids=[self.school_a.id])
            .search([])
        )
        self.assertEqual(only_a.company_id, self.school_a)
        with self.assertRaises(AccessError):
            self.as_user(self.director, "ib.pupil").browse(self.pupil_5a.id).write(
                {"first_name": "X"}
            )
        with self.assertRaises(AccessError):
            self.as_user(self.director, "ib.pupil").browse(self.pupil_5a.id).read(
                ["bsn"]
            )

    def test_employee_without_role_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.as_user(self.employee, "ib.pupil").search([])
        with self.assertRaises(AccessError):
            self.as_user(self.employee, "ib.pupil.guardian").search([])

    def test_guardians_follow_the_pupil(self):
        parent = self.env["res.partner"].create(
            {"name": "Parent Vries", "email": "p@example.com"}
        )
        self.env["ib.pupil.guardian"].create(
            {
                "pupil_id": self.pupil_5a.id,
                "partner_id": parent.id,
                "relation": "mother",
            }
        )
        self.assertEqual(
            self.as_user(self.teacher_5, "ib.pupil.guardian").search([]).partner_id,
            parent,
        )
        self.assertFalse(self.as_user(self.teacher_6, "ib.pupil.guardian").search([]))
        self.assertFalse(
            self.as_user(self.coordinator_b, "ib.pupil.guardian").search([])
        )

    def test_configuration_per_role(self):
        Year = self.as_user(self.coordinator_a, "ib.school.year")
        self.assertEqual(Year.search([]), self.year_a | self.year_a_previous)
        with self.assertRaises(AccessError):
            Year.create(
                {
                    "date_start": "2040-08-01",
                    "date_end": "2041-07-15",
                    "company_id": self.school_a.id,
                }
            )
        levels = self.as_user(self.teacher_5, "ib.support.level").search([])
        self.assertEqual(levels.company_id, self.school_a)
        self.assertEqual(levels.mapped("level"), [1, 2, 3, 4, 5])
        with self.assertRaises(AccessError):
            levels[0].write({"name": "Renamed"})
        self.as_user(self.manager, "ib.support.level").browse(levels[0].id).write(
            {"name": "Basisaanbod"}
        )
        self.assertEqual(levels[0].name, "Basisaanbod")
