from odoo import fields, models


class IbGroup(models.Model):
    _inherit = "ib.group"

    edexml_key = fields.Char(
        string="Administration Key",
        copy=False,
        index=True,
        help="The group's key in the school's administration (EDEXML 'key'); "
        "unique per school year.",
    )
    edexml_combined = fields.Boolean(
        string="Combined Group",
        help="A samengestelde groep of the administration: pupils of several "
        "classes (e.g. a reading group). Its pupils are listed below; their own "
        "class stays their group.",
    )
    edexml_member_ids = fields.One2many(
        "ib.edexml.group.member",
        "group_id",
        string="Members of the Combined Group",
    )

    _edexml_key_year_uniq = models.UniqueIndex(
        "(school_year_id, edexml_key) WHERE edexml_key IS NOT NULL",
        "Another group of this school year has this administration key.",
    )
