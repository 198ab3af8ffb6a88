from odoo import models


class IbAnalysisDemo(models.AbstractModel):
    _name = "ib.analysis.demo"
    _description = "Analysis Demo Data"
