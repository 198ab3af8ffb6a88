from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The inspectorate's signal value for 1F is the same for every school.
DEFAULT_SIGNAL_1F = 85.0
# For 2F/1S the inspectorate's signal value depends on the school's weighting
# (schoolweging): roughly 45-65 % over reading, language and maths together. The
# default is a middle value; each school sets its own from the inspectorate's
# table.
DEFAULT_SIGNAL_2F = 55.0


class ResCompany(models.Model):
    _inherit = "res.company"

    ib_ref_signal_1f = fields.Float(
        string="Signal Value 1F (%)",
        default=DEFAULT_SIGNAL_1F,
        help="The share of pupils in group 8 that should reach 1F in the final "
        "test (three-year average). The inspectorate's signal value is 85 %.",
    )
    ib_ref_signal_2f = fields.Float(
        string="Signal Value 2F/1S (%)",
        default=DEFAULT_SIGNAL_2F,
        help="The share of pupils in group 8 that should reach 2F (reading, "
        "language) or 1S (maths) in the final test (three-year average). The "
        "inspectorate's value depends on the school's weighting: take it from "
        "the inspectorate's table.",
    )

    @api.constrains("ib_ref_signal_1f", "ib_ref_signal_2f")
    def _check_ib_ref_signals(self):
        for company in self:
            for value in (company.ib_ref_signal_1f, company.ib_ref_signal_2f):
                if not 0 <= value <= 100:
                    raise ValidationError(
                        self.env._("A signal value is a percentage from 0 to 100.")
                    )
