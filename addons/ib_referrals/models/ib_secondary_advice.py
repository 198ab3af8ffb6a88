from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The levels of secondary education (VO), from lowest to highest.
VO_LEVELS = [
    ("pro", "Practical Education (PrO)"),
    ("vmbo_bb", "VMBO Basic"),
    ("vmbo_kb", "VMBO Advanced Vocational"),
    ("vmbo_gt", "VMBO Mixed/Theoretical"),
    ("vmbo_gt_havo", "VMBO-T/HAVO"),
    ("havo", "HAVO"),
    ("havo_vwo", "HAVO/VWO"),
    ("vwo", "VWO"),
]
LEVEL_RANK = {code: rank for rank, (code, _label) in enumerate(VO_LEVELS)}


class IbSecondaryAdvice(models.Model):
    """The advice for secondary school of a pupil in group 8: the provisional
    advice (January), the result of the national end-of-primary test, the final
    advice (before the end of March) and, when the test result is higher than the
    advice, the reconsideration the school has to record."""

    _name = "ib.secondary.advice"
    _description = "Secondary School Advice"
    _inherit = ["ib.care.mixin", "ib.care.thread.mixin", "mail.activity.mixin"]
    _order = "school_year_id desc, id"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    school_year_id = fields.Many2one(
        "ib.school.year",
        required=True,
        index=True,
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )
    provisional_advice = fields.Selection(VO_LEVELS)
    provisional_date = fields.Date(string="Provisional Advice Date")
    test_result = fields.Selection(
        VO_LEVELS,
        string="End-of-Primary Test Result",
        help="The level indicated by the national end-of-primary test.",
    )
    final_advice = fields.Selection(VO_LEVELS)
    final_date = fields.Date(string="Final Advice Date")
    needs_reconsideration = fields.Boolean(
        compute="_compute_stage",
        store=True,
        help="The test result is higher than the final advice: the school must "
        "reconsider the advice.",
    )
    reconsidered_date = fields.Date(string="Reconsidered On")
    reconsidered_advice = fields.Selection(
        VO_LEVELS,
        string="Advice After Reconsideration",
        help="The advice after reconsideration (the same or higher).",
    )
    reconsideration_reason = fields.Text()
    stage = fields.Selection(
        [
            ("provisional", "Provisional Advice Due"),
            ("test", "Waiting for the Test Result"),
            ("final", "Final Advice Due"),
            ("reconsider", "Reconsideration Due"),
            ("done", "Done"),
        ],
        compute="_compute_stage",
        store=True,
        index=True,
    )

    support_application_ids = fields.One2many(
        "ib.secondary.support.application",
        "advice_id",
        string="LWOO/PrO Applications",
        groups="ib_core.group_ib_director",
    )

    _pupil_year_uniq = models.Constraint(
        "UNIQUE(pupil_id, school_year_id)",
        "A pupil has one secondary school advice per school year.",
    )

    @api.depends(
        "provisional_advice",
        "test_result",
        "final_advice",
        "reconsidered_date",
        "reconsidered_advice",
    )
    def _compute_stage(self):
        for advice in self:
            advice.needs_reconsideration = bool(
                advice.test_result
                and advice.final_advice
                and LEVEL_RANK[advice.test_result] > LEVEL_RANK[advice.final_advice]
            )
            if not advice.provisional_advice:
                advice.stage = "provisional"
            elif not advice.test_result and not advice.final_advice:
                advice.stage = "test"
            elif not advice.final_advice:
                advice.stage = "final"
            elif advice.needs_reconsideration and not (
                advice.reconsidered_date and advice.reconsidered_advice
            ):
                advice.stage = "reconsider"
            else:
                advice.stage = "done"

    @api.constrains("final_advice", "reconsidered_advice")
    def _check_reconsidered_advice(self):
        for advice in self:
            if (
                advice.reconsidered_advice
                and advice.final_advice
                and LEVEL_RANK[advice.reconsidered_advice]
                < LEVEL_RANK[advice.final_advice]
            ):
                raise ValidationError(
                    self.env._(
                        "A reconsidered advice cannot be lower than the final "
                        "advice (%s).",
                        advice.pupil_id.name,
                    )
                )

    def _compute_display_name(self):
        for advice in self:
            advice.display_name = self.env._(
                "Secondary school advice %(pupil)s %(year)s",
                pupil=advice.pupil_id.name or "",
                year=advice.school_year_id.display_name or "",
            )

    def action_ib_support_application(self):
        """The pupil's LWOO/PrO application of this advice, or a new one."""
        self.ensure_one()
        self.check_access("read")
        Application = self.env["ib.secondary.support.application"]
        application = Application.search([("advice_id", "=", self.id)], limit=1)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("LWOO/PrO Application"),
            "res_model": Application._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "res_id": application.id,
            "target": "current",
            "context": {} if application else Application._ib_default_values(self),
        }
