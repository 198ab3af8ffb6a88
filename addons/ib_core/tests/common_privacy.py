import base64
import hashlib
import io
import os
from contextlib import contextmanager, nullcontext
from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from PIL import Image

from odoo.fields import Command

from odoo.addons.ib_core.models.ib_care_mixin import IbCareMixin
from odoo.addons.ib_core.models.ib_pupil_access_log import (
    DENIED_KEY,
    _write_denied_attempts,
)

from .common import IbCoreCommon

# What the web client's pupil form asks for (the fields of ib_pupil_view_form that
# are read from the database), so that the cost of opening a form can be measured.
PUPIL_FORM_SPEC = {
    "name": {},
    "first_name": {},
    "infix": {},
    "last_name": {},
    "date_of_birth": {},
    "age": {},
    "pupil_number": {},
    "active": {},
    "company_id": {"fields": {"display_name": {}}},
    "group_id": {"fields": {"display_name": {}}},
    "teacher_ids": {"fields": {"display_name": {}}},
    "support_level_id": {"fields": {"display_name": {}}},
    "educational_needs": {},
    "stimulating_factors": {},
    "hindering_factors": {},
    "enrolment_date": {},
    "leaving_date": {},
    "leaving_destination": {},
    "leaving_destination_school": {},
    "care_removed_date": {},
    "guardian_ids": {
        "fields": {
            "sequence": {},
            "partner_id": {"fields": {"display_name": {}}},
            "relation": {},
            "parental_authority": {},
            "portal_access": {},
            "email": {},
            "phone": {},
        }
    },
    "membership_ids": {
        "fields": {
            "school_year_id": {"fields": {"display_name": {}}},
            "group_id": {"fields": {"display_name": {}}},
            "is_current": {},
        }
    },
    "display_name": {},
}

STAND_IN = "ib.pupil.guardian"


class IbPrivacyCommon(IbCoreCommon):
    """Fixtures of the privacy tests: pupils with a full file (care content, photo,
    messages with tracking and attachments, activity, follower) and a stand-in for
    the care models.

    ib_core defines no concrete care model itself (notes, support requests, consent
    come from other addons), while the retention job and the file export must
    handle every model of ``ib.care.mixin._ib_care_models()`` generically. The
    tests therefore register ``ib.pupil.guardian`` (which has ``pupil_id``, text and
    choice fields) as an extra care model with ``care_model_stand_in()``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = date.today()
        cls.level_3 = cls.env["ib.support.level"].search(
            [("company_id", "=", cls.school_a.id), ("level", "=", 3)]
        )

    # ------------------------------------------------------------ stand-in
    @contextmanager
    def care_model_stand_in(self):
        Mixin = type(self.env["ib.care.mixin"])
        models = sorted({*self.env["ib.care.mixin"]._ib_care_models(), STAND_IN})
        Guardian = type(self.env[STAND_IN])
        with (
            patch.object(Mixin, "_ib_care_models", lambda self: list(models)),
            patch.object(
                Guardian,
                "_ib_file_export_values",
                IbCareMixin._ib_file_export_values,
                create=True,
            ),
            patch.object(
                Guardian,
                "_ib_file_export_fields",
                IbCareMixin._ib_file_export_fields,
                create=True,
            ),
        ):
            yield

    # ------------------------------------------------------------- fixtures
    @classmethod
    def _photo(cls, tag):
        digest = hashlib.sha256(tag.encode()).digest()
        image = Image.new("RGB", (4, 4), tuple(digest[:3]))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return base64.b64encode(buffer.getvalue())

    @classmethod
    def _left_pupil(cls, first, last, months_ago, destination="primary", group=None):
        pupil = cls._pupil(first, last, group or cls.group_5)
        leaving_date = cls.today - relativedelta(months=months_ago)
        pupil.write(
            {
                "enrolment_date": leaving_date - relativedelta(years=8),
                "leaving_date": leaving_date,
                "leaving_destination": destination,
            }
        )
        return pupil

    @classmethod
    def _fill_file(cls, pupil, tag):
        """Give ``pupil`` care content and chatter; ``tag`` makes every stored file
        unique (the filestore shares files with the same content)."""
        env = cls.env
        pupil.write(
            {
                "educational_needs": f"<p>Needs short instructions {tag}</p>",
                "bsn": "111222333",
                "image_1920": cls._photo(tag),
            }
        )
        # a tracked change: a message with a tracking value (records created in
        # the current transaction are not tracked before a flush)
        env.cr.flush()
        pupil.with_context(tracking_disable=False).write(
            {"support_level_id": cls.level_3.id}
        )
        env.cr.flush()
        pupil.message_post(
            body=f"Talked with the parents about {tag}",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            attachments=[(f"minutes_{tag}.txt", f"minutes of {tag}".encode())],
        )
        pupil.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=f"Call the parents of {tag}",
            user_id=cls.coordinator_a.id,
        )
        parent = env["res.partner"].create(
            {"name": f"Parent {tag}", "email": f"parent.{tag}@example.com"}
        )
        # A follower row left from before parents could no longer follow care
        # records (ib.care.thread.mixin): retention must remove it too.
        env["mail.followers"].create(
            {"res_model": "ib.pupil", "res_id": pupil.id, "partner_id": parent.id}
        )
        guardian = env[STAND_IN].create(
            {"pupil_id": pupil.id, "partner_id": parent.id, "relation": "mother"}
        )
        env["mail.message"].create(
            {
                "model": STAND_IN,
                "res_id": guardian.id,
                "body": f"Guardian note {tag}",
                "message_type": "comment",
                "attachment_ids": [
                    Command.create(
                        {
                            "name": f"guardian_{tag}.txt",
                            "raw": f"guardian file of {tag}".encode(),
                            "res_model": STAND_IN,
                            "res_id": guardian.id,
                        }
                    )
                ],
            }
        )
        return guardian

    # ------------------------------------------------------------- helpers
    def file_of(self, pupil, guardian_ids):
        """Everything stored about ``pupil`` (as superuser, for the assertions)."""
        env = self.env
        targets = [("ib.pupil", [pupil.id]), (STAND_IN, list(guardian_ids))]
        messages = env["mail.message"]
        attachments = env["ir.attachment"]
        activities = env["mail.activity"]
        followers = env["mail.followers"]
        for model, ids in targets:
            messages |= messages.search([("model", "=", model), ("res_id", "in", ids)])
            attachments |= attachments.search(
                [
                    ("res_model", "=", model),
                    ("res_id", "in", ids),
                    "|",
                    ("res_field", "=", False),
                    ("res_field", "!=", False),
                ]
            )
            activities |= activities.with_context(active_test=False).search(
                [("res_model", "=", model), ("res_id", "in", ids)]
            )
            followers |= followers.search(
                [("res_model", "=", model), ("res_id", "in", ids)]
            )
        return {
            "messages": messages,
            "trackings": env["mail.tracking.value"].search(
                [("mail_message_id", "in", messages.ids)]
            ),
            "attachments": attachments,
            "files": set(attachments.filtered("store_fname").mapped("store_fname")),
            "activities": activities,
            "followers": followers,
            "guardians": env[STAND_IN].search([("id", "in", list(guardian_ids))]),
        }

    def file_exists(self, fname):
        return os.path.exists(self.env["ir.attachment"]._full_path(fname))

    def flush_denied(self, enter_test_mode=True):
        """Write the failed attempts queued in the test's cursor, as Odoo does after
        the rollback of the request in which the read was refused."""
        pending = self.env.cr.postrollback.data.get(DENIED_KEY)
        context = self.enter_registry_test_mode() if enter_test_mode else nullcontext()
        with context:
            _write_denied_attempts(self.env.registry, pending)
        self.env.invalidate_all()

    def clear_denied(self):
        pending = self.env.cr.postrollback.data.get(DENIED_KEY)
        if pending:
            pending.clear()
