from odoo import fields, models

# The role an expertise can play in the advice on a TLV (WPO art. 18a): one of the
# two experts is an orthopedagogue or a psychologist, the second one depends on the
# pupil's needs (e.g. a child psychiatrist, a social worker or a physician).
TLV_ROLES = [
    ("primary", "First Expert (Orthopedagogue or Psychologist)"),
    ("second", "Second Expert"),
]


class IbExpertise(models.Model):
    """An expertise of an expert contact (orthopedagoog, GZ-psycholoog...), with
    the role it may play in the advice on a TLV. The regional partnership (SWV)
    states on its contact which expertises it accepts."""

    _name = "ib.expertise"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Expertise"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Technical code.")
    sequence = fields.Integer(default=10)
    tlv_role = fields.Selection(
        TLV_ROLES,
        string="Role in a TLV Advice",
        help="First expert: one of the two experts advising on a TLV must have "
        "this expertise. Second expert: may be the other expert. Empty: an advice "
        "of this expertise does not count for a TLV.",
    )
    active = fields.Boolean(default=True)

    _code_uniq = models.UniqueIndex(
        "(code) WHERE code IS NOT NULL", "This code is already used."
    )
