from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.ib_core.models.ib_pupil_access_log import DENIED_KEY

from .common import IbProtocolsCommon


@tagged("post_install", "-at_install")
class TestMeldcodeAccessLog(IbProtocolsCommon):
    """Every read of a meldcode case is in the pupil access log, with user and
    time: the form, RPC read, search_read, the list and the export."""

    def setUp(self):
        super().setUp()
        self.env["ib.pupil.access.log"].sudo().search(
            [("res_model", "=", "ib.meldcode.case")]
        ).unlink()
        pending = self.env.cr.postrollback.data.get(DENIED_KEY)
        if pending:
            pending.clear()

    def case_as(self, user):
        return self._records_as(user, self.case_a)

    def test_each_read_is_logged(self):
        reads = (
            ("form", lambda c: c.web_read({"signals_notes": {}, "state": {}})),
            ("read", lambda c: c.read(["signals_notes"])),
            ("read", lambda c: c.read()),
            (
                "read",
                lambda c: c.search_read([("id", "=", c.id)], ["signals_notes"]),
            ),
            (
                "read",
                lambda c: c.web_search_read(
                    [("id", "=", c.id)], {"name": {}, "state": {}}
                ),
            ),
            ("export", lambda c: c.export_data(["signals_notes"])),
        )
        for way, read in reads:
            for user in (self.coordinator_a, self.director):
                with self.subTest(way=way, user=user.login):
                    before = self.access_log(self.case_a)
                    read(self.case_as(user))
                    new = self.access_log(self.case_a) - before
                    self.assertRecordValues(
                        new,
                        [
                            {
                                "user_id": user.id,
                                "pupil_id": self.pupil_5a.id,
                                "res_model": "ib.meldcode.case",
                                "res_id": self.case_a.id,
                                "way": way,
                                "denied": False,
                            }
                        ],
                    )
                    self.assertTrue(new.event_time)

    def test_names_only_are_not_a_read(self):
        self.case_as(self.coordinator_a).read(["display_name"])
        self.assertFalse(self.access_log(self.case_a))

    @mute_logger("odoo.models", "odoo.addons.base.models.ir_rule")
    def test_refused_read_is_queued_as_failed_attempt(self):
        with self.assertRaises(AccessError):
            self._records_as(self.coordinator_b, self.case_a).read(["signals_notes"])
        pending = self.env.cr.postrollback.data.get(DENIED_KEY) or {}
        self.assertIn(
            (self.coordinator_b.id, "ib.meldcode.case", self.case_a.id), pending
        )

    def test_log_is_append_only_and_for_the_director(self):
        self.case_as(self.coordinator_a).read(["signals_notes"])
        log = self.access_log(self.case_a)
        for user in (self.director, self.coordinator_a):
            self.assertEqual(
                self.as_user(user, "ib.pupil.access.log").search(
                    [("res_model", "=", "ib.meldcode.case")]
                ),
                log,
            )
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.pupil.access.log").search([])
        with self.assertRaises(UserError):
            log.with_user(self.director).write({"way": "read"})
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            log.with_user(self.coordinator_a).unlink()
        self.assertTrue(log.exists())
