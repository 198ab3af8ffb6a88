from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import IbCoreCommon


@tagged("post_install", "-at_install")
class TestPupilAccess(IbCoreCommon):
    def test_teacher_sees_own_group_only(self):
        pupils = self.as_user(self.teacher_5, "ib.pupil").search([])
        self.assertEqual(pupils, self.pupil_5a | self.pupil_5b)
        with self.assertRaises(AccessError):
            self.pupil_6a.with_user(self.teacher_5).read(["name"])
