from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    ib_edexml_store_bsn = fields.Boolean(
        string="Store BSN from the Administration",
        help="When set, the EDEXML import stores the pupils' citizen service number "
        "(BSN) after the eleven-test. Leave it off unless the school needs the "
        "BSN: the privacy-minimal choice.",
    )
    ib_edexml_log_ids = fields.One2many(
        "ib.edexml.import.log", "company_id", string="EDEXML Imports"
    )
