from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IbIntakePause(models.Model):
    """A pause of the decision period of a registration: the school waits for
    information the parents must give. The days from the start to the end of a
    finished pause are added to the deadline; while a pause runs the clock
    stands still (the registration is not counted as due or overdue)."""

    _name = "ib.intake.pause"
    _description = "Pause of an Intake's Decision Period"
    _inherit = ["ib.write.guard.mixin"]
    _order = "date_start, id"
    _check_company_auto = True

    intake_id = fields.Many2one(
        "ib.intake", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="intake_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )
    date_start = fields.Date(
        string="Paused From", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(
        string="Resumed On", help="Empty while the school is still waiting."
    )
    reason = fields.Char(
        required=True, help="The information the school waits for from the parents."
    )
    days = fields.Integer(
        string="Paused Days", compute="_compute_days", store=True, aggregator="sum"
    )

    @api.depends("date_start", "date_end")
    def _compute_days(self):
        for pause in self:
            if pause.date_start and pause.date_end:
                pause.days = (pause.date_end - pause.date_start).days
            else:
                pause.days = 0

    @api.constrains("date_start", "date_end", "intake_id")
    def _check_dates(self):
        for pause in self:
            if pause.date_end and pause.date_end < pause.date_start:
                raise ValidationError(
                    self.env._("A pause cannot end before it starts.")
                )
            if pause.date_start < pause.intake_id.registration_date:
                raise ValidationError(
                    self.env._("A pause cannot start before the registration.")
                )
            others = pause.intake_id.pause_ids - pause
            for other in others:
                if (not other.date_end or other.date_end > pause.date_start) and (
                    not pause.date_end or pause.date_end > other.date_start
                ):
                    raise ValidationError(
                        self.env._(
                            "The pauses of a registration cannot overlap, and "
                            "only one can be running."
                        )
                    )
