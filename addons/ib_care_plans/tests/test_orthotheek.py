from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.ib_core.tests.common import IbCoreCommon


@tagged("post_install", "-at_install")
class TestOrthotheek(IbCoreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.item = cls.env["ib.orthotheek.item"].create(
            {
                "name": "Maatwerk rekenen",
                "domain": "maths",
                "grade_ids": [(6, 0, cls.env.ref("ib_core.grade_5").ids)],
                "company_id": cls.school_a.id,
            }
        )

    def test_search_by_domain_and_grade(self):
        Items = self.as_user(self.teacher_5, "ib.orthotheek.item")
        found = Items.search(
            [
                ("domain", "=", "maths"),
                ("grade_ids", "in", self.env.ref("ib_core.grade_5").ids),
            ]
        )
        self.assertEqual(found, self.item)
        self.assertFalse(
            self.as_user(self.teacher_b, "ib.orthotheek.item").search(
                [("id", "=", self.item.id)]
            ),
            "another school's orthotheek",
        )

    def test_borrow_and_return(self):
        item_t5 = self.as_user(self.teacher_5, "ib.orthotheek.item").browse(
            self.item.id
        )
        with self.assertRaises(AccessError):
            item_t5.write({"name": "x"})
        until = fields.Date.today() + timedelta(days=10)
        item_t5.action_borrow(until)
        self.assertEqual(self.item.borrower_id, self.teacher_5)
        self.assertEqual(self.item.borrowed_until, until)
        item_t6 = self.as_user(self.teacher_6, "ib.orthotheek.item").browse(
            self.item.id
        )
        with self.assertRaises(UserError):
            item_t6.action_borrow()
        with self.assertRaises(UserError):
            item_t6.action_return()
        self.as_user(self.coordinator_a, "ib.orthotheek.item").browse(
            self.item.id
        ).action_return()
        self.assertFalse(self.item.borrower_id)

    def test_overdue(self):
        self.item.write(
            {
                "borrower_id": self.teacher_5.id,
                "borrowed_until": fields.Date.today() - timedelta(days=1),
            }
        )
        overdue = self.env["ib.orthotheek.item"].search(
            [("is_overdue", "=", True), ("company_id", "=", self.school_a.id)]
        )
        self.assertEqual(overdue, self.item)
