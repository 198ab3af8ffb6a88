from odoo import fields, models


class IbRetentionAudit(models.Model):
    """What the retention job removed: one row per run, pupil and kind of data.

    Never holds content: the kind of data (a model description), how many records,
    and a reference to the pupil that does not identify the child (the internal
    number of the deleted record).
    """

    _name = "ib.retention.audit"
    _description = "Retention Audit"
    _inherit = ["ib.append.only.mixin"]
    _order = "run_time desc, id desc"
    _rec_name = "kind"
    _log_access = False

    run_time = fields.Datetime(
        string="Run",
        required=True,
        readonly=True,
        default=fields.Datetime.now,
        index=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    pupil_ref = fields.Integer(
        string="Pupil Reference",
        required=True,
        readonly=True,
        index=True,
        aggregator=None,
        help="Internal number of the pupil record; it does not identify the child "
        "once the file is deleted.",
    )
    kind = fields.Char(string="Kind of Data", required=True, readonly=True)
    res_model = fields.Char(string="Technical Model", readonly=True)
    action = fields.Selection(
        [("deleted", "Deleted"), ("cleared", "Cleared")],
        required=True,
        readonly=True,
        default="deleted",
        help="Deleted: the records were removed. Cleared: fields of the pupil file "
        "were emptied (the minimal enrolment data is kept longer).",
    )
    record_count = fields.Integer(string="Records", readonly=True)
