"""Every model about pupils declares what retention and the file export do with it.

The retention job (``ib.retention.engine``) and the pupil file export
(``ib.pupil.file.export``) know no model by name: they follow the policy each
model states next to its fields (see ``ib.care.mixin``). These tests read the
registry with every installed addon of the suite and fail for a care model (an
``ib.care.mixin`` descendant) or any other ``ib.*`` model with a ``pupil_id``
that does not state a complete policy itself, and for a pupil field that is
neither cleared nor kept.
"""

from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon
from odoo.addons.ib_core.models.ib_pupil_guardian import IbPupilGuardian

from .common_privacy import IbPrivacyCommon

POLICY = ("_ib_retention_class", "_ib_retention", "_ib_file_export")
RETENTION_CLASSES = ("care", "enrolment", "link")
# Which retention each class allows, and the pupil_id ondelete it needs: the
# engine deletes care records itself; enrolment and link records go or lose
# their link by the database's cascade when the file is deleted.
ALLOWED = {
    "care": {"delete": None, "clear": "cascade"},
    "enrolment": {"delete": "cascade"},
    "link": {"delete": "cascade", "keep": "set null"},
}
# Stored fields that are no content of their own: log access fields, the
# chatter's and activities' (removed with the chatter) and computed or related
# fields (they follow their sources).
MAGIC = ("id", "create_uid", "create_date", "write_uid", "write_date")
THREAD_PREFIXES = ("message_", "activity_", "website_message_")


def _states_itself(model_cls, attribute):
    """Whether a class of the model itself (its definition or an extension of
    it, not a mixin it inherits) sets ``attribute``."""
    for cls in model_cls._model_classes__:
        own_name = cls.__dict__.get("_name")
        inherits = cls.__dict__.get("_inherit") or ()
        if isinstance(inherits, str):
            inherits = (inherits,)
        belongs = own_name == model_cls._name or (
            not own_name and model_cls._name in inherits
        )
        if belongs and attribute in cls.__dict__:
            return True
    return False


@tagged("post_install", "-at_install")
class TestPrivacyRetentionPolicy(BaseCommon):
    def _policy_models(self):
        Mixin = self.env["ib.care.mixin"]
        return ["ib.pupil", *Mixin._ib_pupil_linked_models()]

    def _content_fields(self, model_name):
        """Stored fields holding content of their own (columns and attachments)."""
        return {
            name
            for name, field in self.env[model_name]._fields.items()
            if field.store
            and not field.compute
            and not field.related
            and field.type not in ("one2many", "many2many")
            and name not in MAGIC
            and not name.startswith(THREAD_PREFIXES)
        }

    def test_every_model_about_pupils_states_a_complete_policy(self):
        Mixin = self.env["ib.care.mixin"]
        care = set(Mixin._ib_care_models())
        problems = []
        for name in self._policy_models():
            Model = self.env[name]
            model_cls = type(Model)
            missing = [a for a in POLICY if not _states_itself(model_cls, a)]
            if missing:
                problems.append(f"{name}: states no {', '.join(missing)}")
                continue
            retention_class = Model._ib_retention_class
            retention = Model._ib_retention
            if retention_class not in RETENTION_CLASSES:
                problems.append(f"{name}: unknown retention class {retention_class!r}")
                continue
            if name in care and retention_class != "care":
                problems.append(f"{name}: a care model of class {retention_class!r}")
            if retention not in ALLOWED[retention_class]:
                problems.append(
                    f"{name}: _ib_retention {retention!r} for class {retention_class!r}"
                )
                continue
            ondelete = ALLOWED[retention_class][retention]
            if name != "ib.pupil" and ondelete:
                actual = Model._fields["pupil_id"].ondelete
                if actual != ondelete:
                    problems.append(
                        f"{name}: pupil_id ondelete {actual!r}, the policy needs "
                        f"{ondelete!r}"
                    )
            if not isinstance(Model._ib_file_export, bool):
                problems.append(f"{name}: _ib_file_export is not True or False")
            elif (
                Model._ib_file_export
                and retention_class == "link"
                and not hasattr(Model, "_ib_file_export_values")
            ):
                problems.append(f"{name}: exported without _ib_file_export_values")
            for attribute in (
                "_ib_retention_clear_fields",
                "_ib_retention_keep_fields",
                "_ib_file_export_exclude",
            ):
                unknown = set(Mixin._ib_policy_fields(name, attribute)) - set(
                    Model._fields
                )
                if unknown:
                    problems.append(f"{name}: {attribute} names unknown {unknown}")
        self.assertFalse(problems, "\n".join(problems))

    def test_cleared_models_classify_every_field(self):
        """A model whose records stay (``clear``) says of every stored field
        whether it is care content (emptied) or kept until the file goes: a new
        field fails here until it is declared."""
        Mixin = self.env["ib.care.mixin"]
        problems = []
        for name in self._policy_models():
            Model = self.env[name]
            if getattr(Model, "_ib_retention", None) != "clear":
                continue
            cleared = set(Mixin._ib_policy_fields(name, "_ib_retention_clear_fields"))
            kept = set(Mixin._ib_policy_fields(name, "_ib_retention_keep_fields"))
            if not cleared:
                problems.append(f"{name}: clears no field")
            if cleared & kept:
                problems.append(f"{name}: both cleared and kept: {cleared & kept}")
            for fname in sorted(self._content_fields(name) - cleared - kept):
                field = Model._fields[fname]
                if field.type == "binary" and field.attachment:
                    continue  # attachments go with the chatter
                problems.append(f"{name}.{fname}: neither cleared nor kept")
            for fname in cleared:
                if Model._fields[fname].required:
                    problems.append(f"{name}.{fname}: required, cannot be cleared")
        self.assertFalse(problems, "\n".join(problems))

    def test_pupil_care_content_is_cleared(self):
        cleared = self.env["ib.care.mixin"]._ib_policy_fields(
            "ib.pupil", "_ib_retention_clear_fields"
        )
        for fname in (
            "educational_needs",
            "stimulating_factors",
            "hindering_factors",
            "bsn",
            "support_level_id",
        ):
            self.assertIn(fname, cleared)

    def test_pupils_are_linked_by_pupil_id(self):
        """The engines find a pupil's records by ``pupil_id``: a model that links
        records to pupils under another name would escape them."""
        Mixin = self.env["ib.care.mixin"]
        declared = set(self._policy_models())
        problems = []
        for name, cls in self.env.registry.items():
            if not name.startswith("ib.") or cls._abstract or cls._transient:
                continue
            if not cls._auto or name in declared:
                continue
            links = [
                fname
                for fname, field in cls._fields.items()
                if field.type in ("many2one", "many2many")
                and field.store
                and field.comodel_name == "ib.pupil"
            ]
            if links:
                problems.append(f"{name}: links pupils by {links}, not pupil_id")
        self.assertFalse(problems, "\n".join(problems))
        self.assertLessEqual(
            {"ib.group.membership", "ib.pupil.guardian"},
            set(Mixin._ib_linked_models_of_class("enrolment")),
        )


@tagged("post_install", "-at_install")
class TestPolicyDrivesTheEngines(IbPrivacyCommon):
    """The engines do what a model declares, not what they know of it: with the
    stand-in care model (see common_privacy) declaring ``clear`` and a field left
    out of the export."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expired = cls._left_pupil("Lotte", "Cleared", months_ago=36)
        cls.guardian = cls._fill_file(cls.expired, "lotte")

    def test_declared_clear_keeps_the_record_and_empties_its_fields(self):
        self.assertTrue(self.guardian.parental_authority)
        with (
            self.care_model_stand_in(),
            patch.object(IbPupilGuardian, "_ib_retention", "clear", create=True),
            patch.object(
                IbPupilGuardian,
                "_ib_retention_clear_fields",
                ("parental_authority",),
                create=True,
            ),
        ):
            audit = self.env["ib.pupil"]._ib_apply_retention(self.today)
        audit = audit.filtered(lambda row: row.pupil_ref == self.expired.id)
        self.assertTrue(self.guardian.exists(), "a cleared record stays")
        self.assertFalse(self.guardian.parental_authority)
        gone = self.file_of(self.expired, self.guardian.ids)
        self.assertFalse(gone["messages"])
        self.assertFalse(gone["attachments"])
        counts = {(row.kind, row.action): row.record_count for row in audit}
        self.assertEqual(
            counts[("Parent/Guardian of a Pupil: care content", "cleared")], 1
        )
        self.assertEqual(counts[("Parent/Guardian of a Pupil: messages", "deleted")], 1)
        self.assertNotIn(("Parent/Guardian of a Pupil", "deleted"), counts)

    def _guardian_labels(self):
        data = self.expired._ib_file_export_data()
        [section] = [
            s for s in data["sections"] if s["title"] == "Parent/Guardian of a Pupil"
        ]
        return {
            label for record in section["records"] for label, _v in record["values"]
        }

    def test_declared_exclusion_leaves_a_field_out_of_the_export(self):
        with self.care_model_stand_in():
            self.assertIn("Relation", self._guardian_labels())
            with patch.object(
                IbPupilGuardian, "_ib_file_export_exclude", ("relation",), create=True
            ):
                labels = self._guardian_labels()
        self.assertNotIn("Relation", labels)
        self.assertIn("Portal Access", labels)

    def test_declared_no_export_leaves_the_model_out(self):
        with (
            self.care_model_stand_in(),
            patch.object(IbPupilGuardian, "_ib_file_export", False),
        ):
            titles = [
                s["title"] for s in self.expired._ib_file_export_data()["sections"]
            ]
        self.assertNotIn("Parent/Guardian of a Pupil", titles)
