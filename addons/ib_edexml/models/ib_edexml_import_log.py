from odoo import fields, models


class IbEdexmlImportLog(models.Model):
    """One EDEXML import of a school: who, when, which file, what changed."""

    _name = "ib.edexml.import.log"
    _inherit = ["ib.write.guard.mixin"]
    _description = "EDEXML Import Log"
    _order = "create_date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", string="School", required=True, index=True, readonly=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Imported By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    date = fields.Datetime(
        string="Imported On", required=True, readonly=True, default=fields.Datetime.now
    )
    filename = fields.Char(string="File Name", readonly=True)
    school_year = fields.Char(readonly=True)
    version = fields.Char(string="EDEXML Version", readonly=True)
    pupil_new_count = fields.Integer(string="New Pupils", readonly=True)
    pupil_changed_count = fields.Integer(string="Changed Pupils", readonly=True)
    pupil_leaving_count = fields.Integer(string="Leaving Pupils", readonly=True)
    pupil_unchanged_count = fields.Integer(string="Unchanged Pupils", readonly=True)
    group_new_count = fields.Integer(string="New Groups", readonly=True)
    group_changed_count = fields.Integer(string="Changed Groups", readonly=True)
    teacher_new_count = fields.Integer(string="New Teachers", readonly=True)
    teacher_changed_count = fields.Integer(string="Changed Teachers", readonly=True)
    error_count = fields.Integer(string="Problems", readonly=True)
    report = fields.Text(string="Report Text", readonly=True)
    report_file = fields.Binary(string="Report", attachment=True, readonly=True)
    report_filename = fields.Char(readonly=True)
