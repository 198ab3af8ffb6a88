from odoo import api, fields, models


class IbIntakeAdmitWizard(models.TransientModel):
    """Admit a registered child: the coordinator chooses the group (and whether
    a draft OPP is made from the support need); everything else comes from the
    registration."""

    _name = "ib.intake.admit.wizard"
    _description = "Admit a Registered Child"

    intake_id = fields.Many2one("ib.intake", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="intake_id.company_id")
    group_id = fields.Many2one(
        "ib.group",
        required=True,
        domain="[('company_id', '=', company_id), "
        "('school_year_id.is_current', '=', True)]",
    )
    create_plan = fields.Boolean(
        string="Draft OPP from the Support Need",
        help="Create a draft development perspective plan (OPP) for the pupil "
        "with the support need of the registration.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if values.get("intake_id"):
            self.env["ib.intake"].browse(values["intake_id"]).check_access("write")
        return values

    def action_admit(self):
        self.ensure_one()
        pupil_id = self.intake_id.action_admit(
            self.group_id.id, create_plan=self.create_plan
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "ib.pupil",
            "res_id": pupil_id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
