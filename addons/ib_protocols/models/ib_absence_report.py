from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# The legal threshold of the Leerplichtwet 1969 (art. 21a): unauthorised absence
# of 16 hours or more within 4 weeks must be reported to the attendance officer
# through DUO's verzuimloket.
THRESHOLD_HOURS = 16.0
THRESHOLD_DAYS = 28
STATES = [
    ("draft", "To Report"),
    ("notified", "Reported"),
]


class IbAbsenceReport(models.Model):
    """Unauthorised absence (verzuim) of one pupil in a period, and its report to
    the attendance officer (leerplichtambtenaar). ``above_threshold`` applies the
    legal rule: 16 hours or more in a period of at most 4 weeks (28 days, both
    ends included)."""

    _name = "ib.absence.report"
    _description = "Absence Report"
    _inherit = [
        "ib.care.mixin",
        "ib.care.thread.mixin",
        "mail.activity.mixin",
        "ib.protocol.year.mixin",
    ]
    _order = "date_from desc, id desc"
    _ib_year_date_field = "date_from"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    date_from = fields.Date(string="Period From", required=True, index=True)
    date_to = fields.Date(string="Period To", required=True)
    period_days = fields.Integer(
        string="Days in Period",
        compute="_compute_above_threshold",
        store=True,
        aggregator=None,
    )
    hours_unauthorised = fields.Float(
        string="Unauthorised Absence (hours)", required=True, digits=(5, 1)
    )
    above_threshold = fields.Boolean(
        string="Above Legal Threshold",
        compute="_compute_above_threshold",
        store=True,
        index=True,
        help="16 hours or more of unauthorised absence within 4 weeks (28 days): "
        "the school must report it to the attendance officer.",
    )
    notes = fields.Text()
    officer_id = fields.Many2one(
        "res.partner",
        string="Attendance Officer",
        help="The leerplichtambtenaar of the pupil's municipality.",
    )
    notification_date = fields.Date(string="Reported On")
    duo_reference = fields.Char(
        string="DUO Reference", help="Reference of the report in DUO's verzuimloket."
    )
    state = fields.Selection(
        STATES,
        string="Status",
        compute="_compute_state",
        store=True,
        index=True,
        readonly=True,
    )

    @api.depends("date_from", "date_to", "hours_unauthorised")
    def _compute_above_threshold(self):
        for report in self:
            if report.date_from and report.date_to:
                days = (report.date_to - report.date_from).days + 1
            else:
                days = 0
            report.period_days = days
            report.above_threshold = (
                0 < days <= THRESHOLD_DAYS
                and report.hours_unauthorised >= THRESHOLD_HOURS
            )

    @api.depends("notification_date")
    def _compute_state(self):
        for report in self:
            report.state = "notified" if report.notification_date else "draft"

    @api.depends("pupil_id", "date_from")
    def _compute_display_name(self):
        for report in self:
            report.display_name = self.env._(
                "Absence %(pupil)s from %(date)s",
                pupil=report.pupil_id.display_name or "",
                date=report.date_from or "",
            )

    @api.constrains(
        "date_from", "date_to", "hours_unauthorised", "notification_date", "officer_id"
    )
    def _check_period(self):
        for report in self:
            if report.date_to < report.date_from:
                raise ValidationError(
                    self.env._("The absence period ends before it starts.")
                )
            if report.hours_unauthorised < 0:
                raise ValidationError(
                    self.env._("Hours of absence cannot be negative.")
                )
            if report.notification_date and not report.officer_id:
                raise ValidationError(
                    self.env._("A report to the attendance officer names the officer.")
                )

    def action_notify(self):
        """Record today as the date of the report to the attendance officer."""
        for report in self:
            if not report.officer_id:
                raise UserError(
                    self.env._(
                        "Choose the attendance officer before recording the report."
                    )
                )
        self.write({"notification_date": fields.Date.context_today(self)})
