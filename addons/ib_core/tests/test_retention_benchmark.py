import logging
import time

from dateutil.relativedelta import relativedelta

from odoo.fields import Command
from odoo.tests import tagged

from .common_privacy import STAND_IN, IbPrivacyCommon

_logger = logging.getLogger(__name__)

PUPILS = 500


@tagged("ib_benchmark", "post_install", "-at_install", "-standard")
class TestRetentionBenchmark(IbPrivacyCommon):
    """The retention job on 500 expired pupils with data: its duration and query
    count are logged (not asserted: the machine decides the duration); the query
    count must not grow with the number of pupils. Opt-in: ``make bench-suite``
    (``--test-tags ib_benchmark``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        leaving = cls.today - relativedelta(years=3)
        cls.bulk = env["ib.pupil"].create(
            [
                {
                    "first_name": f"Bulk{i}",
                    "last_name": "Pupil",
                    "pupil_number": f"B{i:05d}",
                    "company_id": cls.school_a.id,
                    "enrolment_date": leaving - relativedelta(years=8),
                    "leaving_date": leaving,
                    "leaving_destination": "vo",
                    "membership_ids": [Command.create({"group_id": cls.group_5.id})],
                }
                for i in range(PUPILS)
            ]
        )
        cls.bulk.write(
            {
                "educational_needs": "<p>Needs</p>",
                "bsn": "123456782",
                "support_level_id": cls.level_3.id,
            }
        )
        parents = env["res.partner"].create(
            [
                {"name": f"Parent {i}", "email": f"parent{i}@example.com"}
                for i in range(PUPILS)
            ]
        )
        guardians = env[STAND_IN].create(
            [
                {"pupil_id": pupil.id, "partner_id": parent.id, "relation": "father"}
                for pupil, parent in zip(cls.bulk, parents, strict=True)
            ]
        )
        level_field = env["ir.model.fields"]._get("ib.pupil", "support_level_id")
        messages = []
        for pupil in cls.bulk:
            messages += [
                {
                    "model": "ib.pupil",
                    "res_id": pupil.id,
                    "message_type": "comment",
                    "body": f"Note about {pupil.first_name}",
                },
                {
                    "model": "ib.pupil",
                    "res_id": pupil.id,
                    "message_type": "notification",
                    "tracking_value_ids": [
                        Command.create(
                            {
                                "field_id": level_field.id,
                                "old_value_char": "",
                                "new_value_char": "3. Specific",
                            }
                        )
                    ],
                },
            ]
        for guardian in guardians:
            messages.append(
                {
                    "model": STAND_IN,
                    "res_id": guardian.id,
                    "message_type": "comment",
                    "body": "Guardian note",
                }
            )
        env["mail.message"].create(messages)
        env["ir.attachment"].create(
            [
                {
                    "name": f"report_{pupil.id}.txt",
                    "raw": f"bulk report of pupil {pupil.id}".encode(),
                    "res_model": "ib.pupil",
                    "res_id": pupil.id,
                }
                for pupil in cls.bulk
            ]
            + [
                {
                    "name": f"guardian_{guardian.id}.txt",
                    "raw": f"bulk guardian file {guardian.id}".encode(),
                    "res_model": STAND_IN,
                    "res_id": guardian.id,
                }
                for guardian in guardians
            ]
        )
        todo = env.ref("mail.mail_activity_data_todo")
        pupil_model = env["ir.model"]._get_id("ib.pupil")
        env["mail.activity"].create(
            [
                {
                    "res_model_id": pupil_model,
                    "res_id": pupil.id,
                    "activity_type_id": todo.id,
                    "summary": "Follow up",
                    "user_id": cls.coordinator_a.id,
                }
                for pupil in cls.bulk
            ]
        )
        env["mail.followers"].create(
            [
                {"res_model": "ib.pupil", "res_id": pupil.id, "partner_id": parent.id}
                for pupil, parent in zip(cls.bulk, parents, strict=True)
            ]
        )
        env.flush_all()

    def measure(self, label, today):
        cr = self.env.cr
        self.env.flush_all()
        self.env.invalidate_all()
        queries, start = cr.sql_log_count, time.perf_counter()
        with self.care_model_stand_in():
            audit = self.env["ib.pupil"]._ib_apply_retention(today)
            self.env.flush_all()
        duration = time.perf_counter() - start
        queries = cr.sql_log_count - queries
        _logger.info(
            "Retention benchmark, %s: %d pupils, %d audit rows, %d queries, %.2f s",
            label,
            PUPILS,
            len(audit),
            queries,
            duration,
        )
        return audit, queries

    def test_benchmark(self):
        audit, queries = self.measure("care data removal", self.today)
        # (demo pupils who left long ago may be in the audit too)
        self.assertLessEqual(set(self.bulk.ids), set(audit.mapped("pupil_ref")))
        self.assertFalse(
            self.env["mail.message"].search_count(
                [("model", "=", "ib.pupil"), ("res_id", "in", self.bulk.ids)]
            )
        )
        self.assertFalse(
            self.env[STAND_IN].search_count([("pupil_id", "in", self.bulk.ids)])
        )
        self.assertFalse(any(self.bulk.mapped("educational_needs")))
        # batched: far fewer queries than pupils
        self.assertLess(queries, PUPILS)

        audit, queries = self.measure(
            "file deletion (6 years later)", self.today + relativedelta(years=3)
        )
        self.assertFalse(self.bulk.exists())
        self.assertLess(queries, PUPILS)
