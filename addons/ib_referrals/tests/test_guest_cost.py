"""The frozen-OKR attachment rule costs nothing to users outside pupil care (issue 25).

Odoo checks a record rule in Python (``filtered_domain``) on the records it reads.
The rule must decide on ``res_model``, which Odoo's attachment check has fetched
already, and read ``description`` only for attachments of a referral."""

from odoo.tests import tagged

from odoo.addons.ib_core.tests.common import IbCoreCommon

SECURITY_FIELDS = ["res_model", "res_id", "res_field", "public", "create_uid"]


@tagged("post_install", "-at_install")
class TestAttachmentRuleGuestCost(IbCoreCommon):
    def test_rule_reads_nothing_for_other_attachments(self):
        contact = self.env["res.partner"].create({"name": "Supplier"})
        attachments = self.env["ir.attachment"].create(
            [
                {
                    "name": f"invoice-{i}.txt",
                    "raw": b"x",
                    "res_model": "res.partner",
                    "res_id": contact.id,
                }
                for i in range(3)
            ]
        )
        for user in (self.employee, self.teacher_5):
            with self.subTest(user=user.login):
                domain = (
                    self.env["ir.rule"]
                    .with_user(user)
                    ._compute_domain("ir.attachment", "read")
                )
                self.assertTrue(domain, "the OKR rule applies to this user")
                self.env.invalidate_all()
                records = attachments.sudo().browse(attachments.ids)
                records.fetch(SECURITY_FIELDS)
                with self.assertQueryCount(0):
                    allowed = records.filtered_domain(domain)
                self.assertEqual(allowed, records)
