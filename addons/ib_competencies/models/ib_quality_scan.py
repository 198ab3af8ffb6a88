from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

SCAN_SCORES = [
    ("1", "Insufficient"),
    ("2", "Needs improvement"),
    ("3", "Sufficient"),
    ("4", "Good"),
]


class IbQualityScan(models.Model):
    """The yearly scan of the school's care structure: a score and evidence per
    aspect, compared with the previous scan, yielding an improvement plan.

    A *baseline* scan is what an interim coordinator does when starting at a school.
    """

    _name = "ib.quality.scan"
    _description = "Care Structure Quality Scan"
    _inherit = [
        "ib.school.year.mixin",
        "ib.write.guard.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    # Not care data about a pupil: Odoo's own chatter (see ib.care.thread.mixin).
    _ib_thread_policy = "staff"
    _order = "date desc, id desc"

    _rec_names_search = ["company_id", "school_year_id"]

    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    coordinator_id = fields.Many2one(
        "res.users",
        required=True,
        ondelete="restrict",
        check_company=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    kind = fields.Selection(
        [("yearly", "Yearly scan"), ("baseline", "Baseline scan")],
        required=True,
        default="yearly",
        help="A baseline scan is made by a coordinator who starts at the school, "
        "e.g. an interim coordinator.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Completed")],
        default="draft",
        required=True,
        tracking=True,
    )
    line_ids = fields.One2many("ib.quality.scan.line", "scan_id", string="Aspects")
    action_ids = fields.One2many(
        "ib.quality.action", "scan_id", string="Improvement Plan"
    )
    action_count = fields.Integer(compute="_compute_action_count")
    previous_scan_id = fields.Many2one(
        "ib.quality.scan",
        compute="_compute_previous_scan_id",
    )
    average_score = fields.Float(
        compute="_compute_average_score", store=True, digits=(3, 2), aggregator="avg"
    )
    conclusion = fields.Html(sanitize_style=True)

    @api.depends("kind", "school_year_id.name", "company_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        labels = dict(self._fields["kind"]._description_selection(self.env))
        for scan in self:
            scan.display_name = " ".join(
                part
                for part in (
                    labels.get(scan.kind),
                    scan.school_year_id.name,
                    scan.company_id.name,
                )
                if part
            )

    @api.depends("action_ids")
    def _compute_action_count(self):
        for scan in self:
            scan.action_count = len(scan.action_ids)

    @api.depends("company_id", "date")
    def _compute_previous_scan_id(self):
        dated = self.filtered("date")
        earlier = self.search(
            [
                ("company_id", "in", dated.company_id.ids),
                ("date", "<", max(dated.mapped("date"), default=fields.Date.today())),
            ],
            order="date desc, id desc",
        )
        for scan in self:
            scan.previous_scan_id = next(
                (
                    other
                    for other in earlier
                    if other.company_id == scan.company_id
                    and scan.date
                    and other.date < scan.date
                ),
                self.browse(),
            )

    @api.depends("line_ids.score_value")
    def _compute_average_score(self):
        for scan in self:
            values = [v for v in scan.line_ids.mapped("score_value") if v]
            scan.average_score = sum(values) / len(values) if values else 0.0

    @api.model_create_multi
    def create(self, vals_list):
        scans = super().create(vals_list)
        scans._ib_add_missing_lines()
        return scans

    def _ib_add_missing_lines(self):
        aspects = self.env["ib.quality.aspect"].search(
            [("company_id", "in", [*self.company_id.ids, False])]
        )
        vals_list = [
            {"scan_id": scan.id, "aspect_id": aspect.id}
            for scan in self
            for aspect in aspects.filtered(
                lambda a, s=scan: not a.company_id or a.company_id == s.company_id
            )
            - scan.line_ids.aspect_id
        ]
        if vals_list:
            self.env["ib.quality.scan.line"].create(vals_list)

    def action_complete(self):
        for scan in self:
            if not any(scan.line_ids.mapped("score")):
                raise UserError(
                    self.env._("Score at least one aspect before completing the scan.")
                )
        self.write({"state": "done"})
        return True

    def action_reopen(self):
        self.write({"state": "draft"})
        return True

    def action_create_improvement_plan(self):
        """An improvement action per aspect marked for improvement that has none yet;
        owned by the scan's coordinator until assigned to someone else."""
        self.check_access("write")
        vals_list = []
        for scan in self:
            deadline = (scan.date or fields.Date.context_today(self)) + relativedelta(
                months=3
            )
            for line in scan.line_ids.filtered("needs_improvement"):
                if line.action_ids:
                    continue
                vals_list.append(
                    {
                        "scan_id": scan.id,
                        "line_id": line.id,
                        "name": self.env._("Improve: %s", line.aspect_id.name),
                        "owner_id": scan.coordinator_id.id,
                        "deadline": deadline,
                    }
                )
        if not vals_list:
            raise UserError(
                self.env._(
                    "No aspect is marked for improvement without an action yet: mark "
                    "the aspects to improve first."
                )
            )
        self.env["ib.quality.action"].create(vals_list)
        return self.action_view_actions()

    def action_view_actions(self):
        self.ensure_one()
        self.check_access("read")
        return self.env["ir.actions.act_window"]._ib_action_linked(
            "ib_competencies.ib_quality_action_action", "scan_id", self
        )
