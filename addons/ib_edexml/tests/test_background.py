import json
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import FULL, IbEdexmlCommon


class Crash(BaseException):
    """The process dies (killed, out of memory, server restart): not an error
    the job can catch."""


@tagged("post_install", "-at_install")
class TestEdexmlBackground(IbEdexmlCommon):
    """An import of more than one batch of pupils runs in the background: the
    wizard queues it and opens its log, the job (called directly here, as the
    cron would) imports it batch by batch with a commit after each one. The
    commits are savepoints here, so that a crash can be played back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # One pupil per batch: the three pupils of FULL are three batches.
        cls.env["ir.config_parameter"].sudo().set_param("ib_edexml.batch_size", "1")
        cls.Log = cls.env["ib.edexml.import.log"]
        cls.cron = cls.env.ref("ib_edexml.ir_cron_ib_edexml_import")

    def setUp(self):
        super().setUp()
        self.commits = []
        patcher = patch.object(type(self.Log), "_ib_commit", self._commit)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _commit(self, done, remaining):
        self.env.flush_all()
        name = f"edx_commit_{len(self.commits)}"
        self.env.cr.execute(f"SAVEPOINT {name}")
        self.commits.append((name, done, remaining))

    def _crash_back_to_last_commit(self):
        """What the database holds after the process died: the last commit."""
        self.env.cr.execute(f"ROLLBACK TO SAVEPOINT {self.commits[-1][0]}")
        self.env.invalidate_all()

    def queue(self, data=None):
        wizard = self.wizard(data or self.file(FULL))
        wizard.action_preview()
        action = wizard.action_apply()
        self.assertEqual(action["res_model"], "ib.edexml.import.log")
        return wizard.log_id

    def fail_batch(self, number, exception):
        """Make the ``number``-th batch of pupils raise ``exception``."""
        Service = type(self.env["ib.edexml.import.service"])
        original = Service._ib_apply_pupil_batch
        calls = []

        def batch(service, *args, **kwargs):
            calls.append(1)
            if len(calls) == number:
                raise exception
            return original(service, *args, **kwargs)

        return patch.object(Service, "_ib_apply_pupil_batch", batch)

    def assert_consistent(self):
        """Every imported pupil is in its class, and the log counts them."""
        pupils = self.pupils()
        self.assertTrue(all(pupils.mapped("group_id")), "a pupil without its class")
        return pupils

    def test_large_import_runs_in_background(self):
        self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)]).unlink()
        log = self.queue()
        # Queued: nothing imported yet, the job is woken up.
        self.assertEqual(log.state, "queued")
        self.assertTrue(log.file)
        self.assertFalse(self.pupils())
        self.assertTrue(
            self.env["ir.cron.trigger"].search([("cron_id", "=", self.cron.id)])
        )
        self.Log._cron_run_imports()
        self.assertEqual(log.state, "done")
        self.assertEqual(log.progress, 100)
        self.assertEqual(
            (log.pupil_new_count, log.group_new_count, log.teacher_new_count),
            (3, 3, 2),
        )
        self.assertIn("Pupils: 3 new", log.report)
        # A commit after the start, each step (teachers and groups, three
        # batches of pupils, combined groups, leavers) and the end.
        self.assertEqual(len(self.commits), 9)
        self.assertEqual([done for _n, done, _r in self.commits[2:5]], [1, 1, 1])
        pupils = self.assert_consistent()
        self.assertEqual(len(pupils), 3)
        # Run as the coordinator who started it, who is told when it is done.
        self.assertEqual(pupils.create_uid, self.coordinator)
        notes = [
            json.loads(values["message"])
            for values in self.env.cr.precommit.data.get("bus.bus.values", [])
            if json.loads(values["channel"])[1:]
            == ["res.partner", self.coordinator.partner_id.id]
        ]
        self.assertTrue(
            any(
                n["type"] == "simple_notification"
                and "test.xml is imported" in n["payload"]["message"]
                for n in notes
            )
        )
        # The administration's file is not kept.
        self.assertFalse(log.file)
        self.assertFalse(log.job_params)

    def test_small_import_runs_at_once(self):
        self.env["ir.config_parameter"].sudo().set_param("ib_edexml.batch_size", "3")
        log = self.queue()
        self.assertEqual((log.state, log.pupil_new_count), ("done", 3))
        self.assertFalse(log.file)

    def test_crash_midway_is_resumed(self):
        log = self.queue()
        # (not assertRaises, which would roll back to before the job)
        crashed = False
        with self.fail_batch(2, Crash()):
            try:
                self.Log._cron_run_imports()
            except Crash:
                crashed = True
        self.assertTrue(crashed)
        self._crash_back_to_last_commit()
        # The first batch is kept whole: its pupil is in its class and counted.
        self.assertEqual(log.state, "running")
        pupils = self.assert_consistent()
        self.assertEqual(len(pupils), 1)
        self.assertEqual(log.pupil_new_count, 1)
        self.assertEqual(log.group_new_count, 3)
        self.assertTrue(0 < log.progress < 100)
        # The next run of the job finishes it: nothing twice, nothing missing.
        self.Log._cron_run_imports()
        self.assertEqual(log.state, "done")
        pupils = self.assert_consistent()
        self.assertEqual(len(pupils), 3)
        self.assertEqual(
            (
                log.pupil_new_count,
                log.pupil_unchanged_count,
                log.group_new_count,
                log.teacher_new_count,
            ),
            (3, 0, 3, 2),
        )
        self.assertEqual(
            self.env["res.users"].search_count(
                [("login", "=", "joost.veenstra@test.example.com")]
            ),
            1,
        )
        combined = self.env["ib.group"].search([("edexml_key", "=", "sg-rekenen")])
        self.assertEqual(len(combined.edexml_member_ids), 2)

    def test_error_stops_and_run_again_finishes(self):
        log = self.queue()
        with self.fail_batch(2, UserError("Test failure in batch 2")):
            self.Log._cron_run_imports()
        self.assertEqual(log.state, "failed")
        self.assertEqual(log.failure, "Test failure in batch 2")
        self.assertEqual(len(self.assert_consistent()), 1)
        # A stopped import is not run again by itself...
        self.Log._cron_run_imports()
        self.assertEqual(len(self.pupils()), 1)
        # ...but by the coordinator; a teacher may not.
        with self.assertRaises(AccessError):
            log.with_user(self.teacher).action_resume()
        log.with_user(self.coordinator).with_context(
            allowed_company_ids=self.school_a.ids
        ).action_resume()
        self.assertEqual(log.state, "queued")
        self.Log._cron_run_imports()
        self.assertEqual((log.state, log.pupil_new_count), ("done", 3))
        self.assertEqual(len(self.assert_consistent()), 3)

    def test_cancel_stopped_import(self):
        log = self.queue()
        with self.fail_batch(1, UserError("Test failure")):
            self.Log._cron_run_imports()
        log.with_user(self.coordinator).with_context(
            allowed_company_ids=self.school_a.ids
        ).action_cancel()
        self.assertEqual(log.state, "cancelled")
        self.assertFalse(log.file)
        self.Log._cron_run_imports()
        self.assertFalse(self.pupils())

    def test_job_stops_when_coordinator_lost_the_role(self):
        log = self.queue()
        self.coordinator.group_ids = [
            (3, self.env.ref("ib_core.group_ib_coordinator").id)
        ]
        self.Log._cron_run_imports()
        self.assertEqual(log.state, "failed")
        self.assertIn("Only the care coordinator", log.failure)
        self.assertFalse(self.pupils())

    def test_no_second_import_while_one_runs(self):
        self.queue()
        wizard = self.wizard(self.file(FULL))
        wizard.action_preview()
        with self.assertRaisesRegex(UserError, "not finished yet"):
            wizard.action_apply()
