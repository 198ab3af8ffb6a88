from odoo import models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        # Every refused read of a pupil or of a care record, whatever the route
        # (form, RPC, report, export), goes through here once the record rules
        # have filtered it out: queue it as a failed attempt for the access log.
        # Nothing is swallowed: the caller raises the error built below.
        if (
            operation == "read"
            and not records.env.su
            and isinstance(records, self.pool["ib.pupil.access.mixin"])
        ):
            records.env["ib.pupil.access.log"]._ib_queue_denied(records, "read")
        return super()._make_access_error(operation, records)
