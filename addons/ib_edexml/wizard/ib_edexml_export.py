import base64

from odoo import fields, models


class IbEdexmlExport(models.TransientModel):
    _name = "ib.edexml.export"
    _description = "EDEXML Export"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        default=lambda self: self.env.company,
    )
    school_year_id = fields.Many2one(
        "ib.school.year",
        check_company=True,
        domain="[('company_id', '=', company_id)]",
        help="Empty: the current school year.",
    )
    file = fields.Binary(string="EDEXML File", readonly=True, attachment=False)
    filename = fields.Char(readonly=True)

    def action_export(self):
        self.ensure_one()
        filename, data = self.env["ib.edexml.export.service"]._ib_export(
            self.company_id, self.school_year_id or None
        )
        self.write({"file": base64.b64encode(data), "filename": filename})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Export as EDEXML"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
        }
