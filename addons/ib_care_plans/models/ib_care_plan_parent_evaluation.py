from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError

OUTCOMES = [
    ("continue", "Continue the OPP"),
    ("adjust", "Adjust the OPP"),
    ("end", "End the OPP"),
]


class IbCarePlanParentEvaluation(models.Model):
    """The yearly evaluation of an OPP with the parents, which the law requires.

    Recording one closes the yearly activity of the OPP and plans the next one a
    year later; the OPP check counts a year from the last one.
    """

    _name = "ib.care.plan.parent.evaluation"
    _description = "OPP Evaluation with Parents"
    _inherit = ["ib.care.plan.line.mixin"]
    _order = "date desc, id desc"
    _rec_name = "date"

    date = fields.Date(required=True, default=fields.Date.context_today)
    partner_ids = fields.Many2many(
        "res.partner",
        string="Parents Present",
        help="The parents or guardians who took part in the evaluation.",
    )
    user_ids = fields.Many2many(
        "res.users",
        string="School Staff Present",
        domain=[("share", "=", False)],
        default=lambda self: self.env.user,
    )
    summary = fields.Html(
        help="What was discussed: progress on the goals, the exit level, the "
        "parents' view."
    )
    consultation_note = fields.Text(
        string="Consultation with the Parents",
        help="How the parents were consulted and what they said: the law asks for "
        "the evaluation to take place with the parents.",
    )
    outcome = fields.Selection(OUTCOMES, required=True, default="continue")

    # plan_id too: a constraint runs on create only for the fields given
    @api.constrains("plan_id", "consultation_note")
    def _check_consultation_noted(self):
        for evaluation in self:
            if not (evaluation.consultation_note or "").strip():
                raise ValidationError(
                    self.env._(
                        "Note the consultation with the parents before recording "
                        "the yearly evaluation of %s: the law (WPO art. 40a) "
                        "requires that the OPP is evaluated with them.",
                        evaluation.plan_id.name,
                    )
                )

    @api.constrains("plan_id")
    def _check_plan_is_opp(self):
        for evaluation in self:
            if evaluation.plan_id.kind != "opp":
                raise ValidationError(
                    self.env._(
                        "Only an OPP is evaluated with the parents every year; "
                        "%s is no OPP.",
                        evaluation.plan_id.name,
                    )
                )

    @api.constrains("plan_id", "partner_ids")
    def _check_partners_are_guardians(self):
        """The parents present are the pupil's parents or guardians: a contact
        of another family would be linked to this child's OPP."""
        # sudo: a check of the links just written (read as the user, contacts
        # the user may not see would be left out); nothing is returned
        for evaluation in self.sudo():
            guardians = evaluation.plan_id.pupil_id.guardian_ids.partner_id
            if evaluation.partner_ids - guardians:
                raise ValidationError(
                    self.env._(
                        "Only the parents or guardians of the pupil of %s can be "
                        "recorded as present.",
                        evaluation.plan_id.name,
                    )
                )

    @api.constrains("date")
    def _check_date(self):
        today = fields.Date.context_today(self)
        for evaluation in self:
            if evaluation.date > today:
                raise ValidationError(
                    self.env._(
                        "An evaluation with the parents is recorded once it took "
                        "place: %s is in the future.",
                        evaluation.date,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        evaluations = super().create(vals_list)
        evaluations._ib_after_record()
        return evaluations

    def _ib_after_record(self):
        activity_xmlid = "ib_care_plans.mail_activity_type_opp_parents"
        activity_type = self.env.ref(activity_xmlid)
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        for evaluation in self:
            plan = evaluation.plan_id
            plan.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).action_feedback(
                feedback=self.env._(
                    "Evaluated with the parents on %s.", evaluation.date
                )
            )
            plan.message_post(
                body=Markup("<p>{}</p>").format(
                    self.env._(
                        "Evaluation with the parents on %(date)s: %(outcome)s.",
                        date=evaluation.date,
                        outcome=outcomes[evaluation.outcome],
                    )
                ),
                subtype_xmlid="mail.mt_note",
            )
            if (
                plan.state in ("active", "evaluation_due")
                and evaluation.outcome != "end"
            ):
                plan.activity_schedule(
                    act_type_xmlid=activity_xmlid,
                    date_deadline=evaluation.date + relativedelta(years=1),
                    user_id=(plan.responsible_user_id or self.env.user).id,
                )
