from odoo import models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _make_access_error(self, operation, records):
        """G5 of docs/security.md, "every refused read of pupil data is logged":
        queue a failed attempt for the access log (NEN 7513).

        Every refused read of a pupil or of a care record, whatever the route
        (form, RPC ``read``, report, export, portal), ends here once the record
        rules have filtered it out: ``fetch`` and ``check_access`` build their
        error with this method. The row is written after the request's
        transaction, which the error rolls back (see
        ``ib.pupil.access.log._ib_queue_denied``). Nothing is swallowed: the
        caller raises the error built below. Refusals on any other model (not
        an ``ib.pupil.access.mixin``): nothing changes, no query."""
        if (
            operation == "read"
            and not records.env.su
            and isinstance(records, self.pool["ib.pupil.access.mixin"])
        ):
            records.env["ib.pupil.access.log"]._ib_queue_denied(records, "read")
        return super()._make_access_error(operation, records)
