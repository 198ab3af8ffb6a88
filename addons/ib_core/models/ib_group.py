from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IbGroup(models.Model):
    _name = "ib.group"
    _description = "Group"
    _inherit = ["ib.school.mixin", "ib.write.guard.mixin", "mail.thread"]
    # Not care data about a pupil: Odoo's own chatter (see ib.care.thread.mixin).
    _ib_thread_policy = "staff"
    _order = "school_year_id desc, sequence, name, id"

    name = fields.Char(required=True, tracking=True, help="E.g. Group 5a or 3/4.")
    sequence = fields.Integer(default=10)
    grade_ids = fields.Many2many(
        "ib.grade",
        string="Grades",
        required=True,
        help="One grade, or several for a combination group (e.g. 3 and 4).",
    )
    grades_label = fields.Char(
        string="Grade", compute="_compute_grades_label", store=True
    )
    school_year_id = fields.Many2one(
        "ib.school.year",
        required=True,
        index=True,
        check_company=True,
        ondelete="restrict",
        tracking=True,
        default=lambda self: self.env["ib.school.year"]._get_current(),
    )
    is_current = fields.Boolean(
        related="school_year_id.is_current", store=True, string="Current Year"
    )
    teacher_ids = fields.Many2many(
        "res.users",
        "ib_group_teacher_rel",
        "group_id",
        "user_id",
        string="Teachers",
        domain=[("share", "=", False)],
        tracking=True,
    )
    membership_ids = fields.One2many(
        "ib.group.membership", "group_id", string="Memberships"
    )
    pupil_ids = fields.Many2many(
        "ib.pupil", compute="_compute_pupil_ids", string="Pupils"
    )
    pupil_count = fields.Integer(compute="_compute_pupil_ids", string="Pupils #")
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _name_year_uniq = models.Constraint(
        "UNIQUE(name, school_year_id)",
        "A group with this name already exists in this school year.",
    )

    @api.depends("grade_ids.number")
    def _compute_grades_label(self):
        for group in self:
            group.grades_label = "/".join(
                str(n) for n in sorted(group.grade_ids.mapped("number"))
            )

    @api.depends("membership_ids.pupil_id")
    def _compute_pupil_ids(self):
        for group in self:
            group.pupil_ids = group.membership_ids.pupil_id
            group.pupil_count = len(group.pupil_ids)

    @api.constrains("school_year_id", "company_id")
    def _check_year_company(self):
        for group in self:
            if group.school_year_id.company_id != group.company_id:
                raise ValidationError(
                    self.env._(
                        "Group %(group)s belongs to %(school)s, but school year "
                        "%(year)s belongs to another school.",
                        group=group.name,
                        school=group.company_id.name,
                        year=group.school_year_id.name,
                    )
                )

    @api.depends("name", "school_year_id.name")
    def _compute_display_name(self):
        show_year = self.env.context.get("ib_group_show_year")
        for group in self:
            group.display_name = (
                f"{group.name} ({group.school_year_id.name})"
                if show_year and group.school_year_id
                else group.name
            )

    def action_view_pupils(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_core.ib_pupil_action", [("membership_ids.group_id", "=", self.id)], {}
        )
