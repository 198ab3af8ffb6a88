from odoo import api, models


class ReportIbPortfolio(models.AbstractModel):
    """Values of the professional portfolio PDF, read with the user's own rights."""

    _name = "report.ib_competencies.report_portfolio"
    _description = "Professional Portfolio Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        plans = self.env["ib.development.plan"].browse(docids)
        plans.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "ib.development.plan",
            "docs": plans,
            "portfolio": {plan.id: plan._ib_portfolio_values() for plan in plans},
        }
