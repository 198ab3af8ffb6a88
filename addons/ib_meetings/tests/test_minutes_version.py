from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import IbMeetingsCommon


@tagged("post_install", "-at_install")
class TestMinutesVersion(IbMeetingsCommon):
    """Two people editing the same minutes: the stale form is refused, nothing
    already saved is lost."""

    def test_stale_form_is_refused(self):
        Item = self.as_user(self.coordinator_a, "ib.meeting.item")
        first = Form(Item.browse(self.item_5a.id))
        second = Form(Item.browse(self.item_5a.id))
        first.conclusion = "<p>Conclusion of the first editor</p>"
        second.conclusion = "<p>Conclusion of the second editor</p>"
        first.save()
        with self.assertRaises(UserError) as caught:
            second.save()
        self.assertIn(self.pupil_5a.name, str(caught.exception))
        self.assertIn("first editor", self.item_5a.conclusion)
        # A fresh form saves fine.
        third = Form(Item.browse(self.item_5a.id))
        third.conclusion = "<p>Conclusion of the third editor</p>"
        third.save()
        self.assertIn("third editor", self.item_5a.conclusion)

    def test_other_fields_do_not_conflict(self):
        Item = self.as_user(self.coordinator_a, "ib.meeting.item")
        form = Form(Item.browse(self.item_5a.id))
        Item.browse(self.item_5a.id).write({"conclusion": "<p>Saved elsewhere</p>"})
        form.state = "postponed"
        form.save()
        self.assertEqual(self.item_5a.state, "postponed")
        self.assertIn("Saved elsewhere", self.item_5a.conclusion)
