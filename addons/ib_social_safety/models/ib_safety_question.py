from odoo import fields, models


class IbSafetyQuestion(models.Model):
    """A question (or theme) of the school's social safety monitor, e.g. "I feel
    safe at school". The school writes its own questions; per group the monitor
    records how many pupils answered it and how many answered positively.

    One question per school is the one that says whether pupils feel safe: its
    share is the school's figure in the care report."""

    _name = "ib.safety.question"
    _description = "Social Safety Question"
    _inherit = ["ib.school.mixin", "ib.write.guard.mixin"]
    _order = "company_id, sequence, id"

    name = fields.Char(string="Question", required=True)
    sequence = fields.Integer(default=10)
    positive_answer = fields.Char(
        help="What counts as a positive answer, e.g. '(almost) always' for "
        "'I feel safe at school' or '(almost) never' for 'I am bullied'.",
    )
    is_headline = fields.Boolean(
        string="Feeling Safe",
        help="The question that says whether pupils feel safe at school: its "
        "share is the school's figure in the care report. One per school.",
    )
    active = fields.Boolean(default=True)

    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "The school already has this question."
    )
    _headline_company_uniq = models.UniqueIndex(
        "(company_id) WHERE is_headline AND active",
        "The school already has a question for feeling safe.",
    )
