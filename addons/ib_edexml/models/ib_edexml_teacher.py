from odoo import api, fields, models


class IbEdexmlTeacher(models.Model):
    """A teacher as the administration of one school knows them: the key that
    re-imports match on, linked to the teacher's user."""

    _name = "ib.edexml.teacher"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Teacher in the Administration"
    _order = "company_id, name, id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("share", "=", False)],
    )
    key = fields.Char(string="Administration Key", required=True)
    eckid = fields.Char(string="ECK iD")
    last_name = fields.Char()
    infix = fields.Char()
    given_names = fields.Char()
    initials = fields.Char()
    first_name = fields.Char()
    email = fields.Char(string="E-mail")
    roles = fields.Char(help="The role codes of the administration, e.g. LRK IB.")

    _key_company_uniq = models.Constraint(
        "UNIQUE(company_id, key)",
        "Another teacher of this school has this administration key.",
    )

    @api.depends("first_name", "infix", "last_name", "user_id.name")
    def _compute_name(self):
        for teacher in self:
            parts = (teacher.first_name, teacher.infix, teacher.last_name)
            teacher.name = " ".join(p for p in parts if p) or teacher.user_id.name or ""
