import base64

from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import FULL, IbEdexmlCommon


@tagged("post_install", "-at_install")
class TestEdexmlAccess(IbEdexmlCommon, HttpCase):
    """Only the care coordinator (and the manager) imports: a teacher is
    refused on every route, via RPC as the web client calls it."""

    def login(self, user):
        self.authenticate(user.login, user.login + "x" * (8 - len(user.login)))

    def call(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def wizard_vals(self):
        return {
            "company_id": self.school_a.id,
            "file": base64.b64encode(self.file(FULL)).decode(),
            "filename": "leerlingen.xml",
        }

    def test_coordinator_may_import(self):
        self.login(self.coordinator)
        wizard_id = self.call("ib.edexml.import", "create", [self.wizard_vals()])
        self.call("ib.edexml.import", "action_preview", [[wizard_id]])
        self.assertFalse(self.pupils())
        self.call("ib.edexml.import", "action_apply", [[wizard_id]])
        self.assertEqual(len(self.pupils()), 3)
        logs = self.call(
            "ib.edexml.import.log", "search_read", [[]], {"fields": ["filename"]}
        )
        self.assertEqual([log["filename"] for log in logs], ["leerlingen.xml"])

    @mute_logger("odoo.http")
    def test_teacher_may_not_import(self):
        # a wizard prepared by the coordinator, which the teacher tries to run
        wizard = self.wizard(self.file(FULL))
        self.login(self.teacher)
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("ib.edexml.import", "create", [self.wizard_vals()])
        for method in ("action_preview", "action_apply"):
            with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.call("ib.edexml.import", method, [[wizard.id]])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call(
                "ib.edexml.import.log", "search_read", [[]], {"fields": ["filename"]}
            )
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("ib.edexml.export", "create", [{"company_id": self.school_a.id}])
        self.assertFalse(self.pupils())
        # nor run an import of the school again (a background import's log)
        _plan, log = self.run_import(self.file(FULL))
        for method in ("action_resume", "action_cancel"):
            with self.assertRaisesRegex(JsonRpcException, "AccessError"):
                self.call("ib.edexml.import.log", method, [[log.id]])

    @mute_logger("odoo.http")
    def test_coordinator_of_other_school_refused(self):
        self.run_import(self.file(FULL))
        self.login(self.coordinator_b)
        logs = self.call(
            "ib.edexml.import.log", "search_read", [[]], {"fields": ["filename"]}
        )
        self.assertEqual(logs, [])
        with self.assertRaisesRegex(JsonRpcException, "AccessError"):
            self.call("ib.edexml.import", "create", [self.wizard_vals()])
