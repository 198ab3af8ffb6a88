from odoo.exceptions import AccessError, UserError
from odoo.models import BaseModel
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import IbMeetingsCommon

TEXT_TYPES = ("char", "text", "html")


@tagged("post_install", "-at_install")
class TestMeetingsPortalFields(IbMeetingsCommon):
    """Parent A reads the item about their child that was shared with them, and its
    agreement, over RPC: only the fields of the models' portal whitelists. The
    internal discussion, the meeting (whose name may name other pupils), the group,
    the responsible colleague's user, the chatter and the activities are refused,
    whatever the method."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement_5a = cls.item_5a.agreement_ids
        cls.item_5a.sudo().source_label = "Support request about Anna's home"

    def _as_parent(self, model):
        return self.as_user(self.portal_a, model)

    def _refused_everywhere(self, model, record, field_name):
        Model = self._as_parent(model)
        mine = Model.browse(record.id)
        # A condition on the record's real value (a "!= False" on a required field
        # is optimised away before the access check).
        value = record.sudo()[field_name]
        if isinstance(value, BaseModel):
            condition = (field_name, "in", value.ids or [0])
        else:
            condition = (field_name, "=", value)
        calls = {
            "read": lambda: mine.read([field_name]),
            "search_read": lambda: Model.search_read(
                [("id", "=", record.id)], [field_name]
            ),
            "web_read": lambda: mine.web_read({field_name: {}}),
            "web_search_read": lambda: Model.web_search_read([], {field_name: {}}),
            "read_group": lambda: Model.formatted_read_group(
                [], [field_name], ["__count"]
            ),
            "domain": lambda: Model.search([condition]),
            "order": lambda: Model.search([], order=f"{field_name} desc"),
            "export_data": lambda: mine.export_data([field_name]),
            "attribute": lambda: mine[field_name],
        }
        for method, call in calls.items():
            # export: portal users may not export anything (UserError)
            error = UserError if method == "export_data" else AccessError
            with (
                self.subTest(model=model, field=field_name, method=method),
                self.assertRaises(error),
                mute_logger("odoo.models"),
            ):
                call()

    def test_parent_reads_the_shared_part_of_the_minutes(self):
        Item = self._as_parent("ib.meeting.item")
        self.assertEqual(Item.search([]), self.item_5a)
        [values] = Item.search_read(
            [], ["question", "conclusion", "meeting_kind", "pupil_id", "agreement_ids"]
        )
        self.assertIn("Anna reads slowly", values["question"])
        self.assertIn("Extra reading practice", values["conclusion"])
        self.assertEqual(values["pupil_id"][0], self.pupil_5a.id)
        self.assertEqual(values["agreement_ids"], self.agreement_5a.ids)
        Agreement = self._as_parent("ib.meeting.agreement")
        self.assertEqual(Agreement.search([]), self.agreement_5a)
        [values] = Agreement.browse(self.agreement_5a.id).read(
            ["name", "responsible_label", "date_deadline", "state"]
        )
        self.assertEqual(values["name"], "Read aloud three times a week")
        self.assertEqual(values["responsible_label"], self.teacher_5.name)

    def test_parent_is_refused_the_internal_fields_of_an_item(self):
        for field_name in (
            "discussion",
            "event_id",
            "group_id",
            "source_label",
            "source_model",
            "state",
            "edit_version",
            "company_id",
            "create_uid",
            "write_uid",
        ):
            self._refused_everywhere("ib.meeting.item", self.item_5a, field_name)
        values = self._as_parent("ib.meeting.item").browse(self.item_5a.id).read()
        self.assertNotIn("discussion", values[0])
        self.assertNotIn("Internal: teacher sees little", str(values))
        self.assertNotIn("home", str(values))

    def test_parent_is_refused_the_internal_fields_of_an_agreement(self):
        for field_name in (
            "user_id",
            "responsible_other",
            "event_id",
            "date_done",
            "message_ids",
            "message_follower_ids",
            "activity_ids",
            "company_id",
            "create_uid",
        ):
            self._refused_everywhere(
                "ib.meeting.agreement", self.agreement_5a, field_name
            )

    def test_whitelists_are_exact(self):
        """The registry check of ib_core, for the two models of this addon: each
        field is readable by a parent if and only if it is on the whitelist, and
        the public API offers them no other text field."""
        for model in ("ib.meeting.item", "ib.meeting.agreement"):
            Model = self._as_parent(model)
            whitelist = set(Model._ib_portal_fields) | {"id", "display_name"}
            self.assertFalse(set(Model._ib_portal_fields) - set(Model._fields))
            for field_name, field in Model._fields.items():
                with self.subTest(model=model, field=field_name):
                    self.assertEqual(
                        Model._has_field_access(field, "read"),
                        field_name in whitelist,
                    )
            offered = set(Model.fields_get(attributes=["type"]))
            hidden_text = {
                name
                for name, field in Model._fields.items()
                if name not in whitelist and field.type in TEXT_TYPES
            }
            self.assertFalse(offered & hidden_text, model)
            # Default order and the portal pages' searches work for parents.
            Model.search([], limit=1)

    def test_other_parents_and_unshared_items_read_nothing(self):
        for model in ("ib.meeting.item", "ib.meeting.agreement"):
            self.assertFalse(self.as_user(self.portal_b, model).search([]))
            with self.assertRaises(AccessError), mute_logger("odoo.models"):
                self.as_user(self.portal_b, model).browse(
                    self.item_5a.id
                    if model == "ib.meeting.item"
                    else self.agreement_5a.id
                ).read(["display_name"])
        # The confidential item about pupil 5b and its agreement: not even for
        # pupil 5b's parent.
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.as_user(self.portal_b, "ib.meeting.item").browse(self.item_5b.id).read(
                ["question"]
            )

    def test_staff_read_as_before(self):
        item = self.as_user(self.teacher_5, "ib.meeting.item").browse(self.item_5a.id)
        self.assertIn("Internal: teacher sees little", item.discussion)
        self.assertEqual(item.event_id, self.meeting)
        agreement = self.as_user(self.coordinator_a, "ib.meeting.agreement").browse(
            self.agreement_5a.id
        )
        self.assertEqual(agreement.user_id, self.teacher_5)
