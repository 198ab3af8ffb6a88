from odoo import fields, models

from .ib_support_request import OPEN_STATES


class IbPupil(models.Model):
    """The pupil file shows the pupil's open support requests."""

    _inherit = "ib.pupil"

    support_request_ids = fields.One2many(
        "ib.support.request",
        "pupil_id",
        string="Open Support Requests",
        domain=[("state", "in", OPEN_STATES)],
    )
    support_request_count = fields.Integer(
        compute="_compute_ib_counts", string="Support Requests #"
    )

    def _ib_count_sources(self):
        sources = super()._ib_count_sources()
        sources["support_request_count"] = [
            ("ib.support.request", "pupil_id", [("state", "in", OPEN_STATES)])
        ]
        return sources

    def action_view_support_requests(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_core.ib_support_request_action",
            "pupil_id",
            self,
            search_default_filter_open=1,
        )
