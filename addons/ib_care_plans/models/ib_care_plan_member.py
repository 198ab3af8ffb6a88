from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date

from .ib_care_plan import SUBGROUPS


class IbCarePlanMember(models.Model):
    """A pupil in a sub-group of a group plan. Removed with the pupil (retention)."""

    _name = "ib.care.plan.member"
    _description = "Group Plan Sub-group Member"
    _inherit = ["ib.care.plan.line.mixin"]
    _order = "plan_id, subgroup, id"
    # Privacy policy (see ib.care.mixin): a line of a group plan, deleted with the
    # pupil file (cascade); a section of the pupil file export.
    _ib_retention_class = "link"
    _ib_retention = "delete"
    _ib_file_export = True

    pupil_id = fields.Many2one(
        "ib.pupil", required=True, index=True, ondelete="cascade", check_company=True
    )
    subgroup = fields.Selection(
        SUBGROUPS, string="Sub-group", required=True, default="basic"
    )
    note = fields.Char()

    _pupil_uniq = models.Constraint(
        "UNIQUE(plan_id, pupil_id)", "A pupil is in one sub-group of a group plan."
    )

    @api.constrains("pupil_id", "plan_id")
    def _check_pupil_group(self):
        """A sub-group holds pupils of the plan's group only: whoever reads the
        plan reads its members' names, so a pupil of another group in it would
        be shown to teachers who do not teach that pupil."""
        # sudo: a check of the links just written, nothing is returned
        memberships = (
            self.env["ib.group.membership"]
            .sudo()
            .search_fetch(
                [
                    ("pupil_id", "in", self.pupil_id.ids),
                    ("group_id", "in", self.plan_id.group_id.ids),
                ],
                ["pupil_id", "group_id"],
            )
        )
        allowed = {(m.pupil_id.id, m.group_id.id) for m in memberships}
        for member in self:
            plan = member.plan_id
            if plan.kind != "group":
                raise ValidationError(
                    self.env._("Only a group plan divides pupils in sub-groups.")
                )
            if (member.pupil_id.id, plan.group_id.id) not in allowed:
                raise ValidationError(
                    self.env._(
                        "%(pupil)s is not in %(group)s: a group plan's sub-groups "
                        "hold pupils of its own group only.",
                        pupil=member.pupil_id.name,
                        group=plan.group_id.display_name,
                    )
                )

    def _ib_file_export_title(self):
        """Title of the section of the pupil file export."""
        return self.env._("Group Plans (sub-group)")

    def _ib_file_export_values(self):
        """The pupil file export of the sub-groups a pupil is in (see
        ib.care.mixin._ib_file_export_values for the shape): the group plan, the
        sub-group, and the goals and approach that apply to it."""
        Export = self.env["ib.pupil.file.export"]
        env = self.env
        subgroups = dict(self._fields["subgroup"]._description_selection(env))
        states = dict(self.plan_id._fields["state"]._description_selection(env))
        authors = Export._ib_names(self.create_uid)
        result = []
        for member in self:
            plan = member.plan_id
            goals = plan.goal_ids.filtered(
                lambda g, m=member: g.subgroup in (False, m.subgroup)
            )
            approach = plan.approach_line_ids.filtered(
                lambda a, m=member: a.subgroup in (False, m.subgroup)
            )
            values = [
                (env._("Group Plan"), plan.name),
                (env._("Group"), plan.group_id.display_name),
                (env._("Status"), states[plan.state]),
                (env._("Start"), format_date(env, plan.date_start)),
                (env._("Sub-group"), subgroups[member.subgroup]),
            ]
            if member.note:
                values.append((env._("Note"), member.note))
            if goals:
                values.append((env._("Goals"), "; ".join(goals.mapped("name"))))
            if approach:
                values.append((env._("Approach"), "; ".join(approach.mapped("name"))))
            result.append(
                {
                    "name": plan.display_name,
                    "date": Export._ib_format_datetime(member.create_date),
                    "author": authors.get(member.create_uid.id, ""),
                    "values": values,
                    "messages": [],
                    "attachments": [],
                }
            )
        return result
