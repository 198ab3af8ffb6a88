from odoo import fields, models

GENDERS = [
    ("0", "Unknown"),
    ("1", "Male"),
    ("2", "Female"),
    ("9", "Not specified"),
]


class IbPupil(models.Model):
    _inherit = "ib.pupil"

    # The privacy-minimal EDEXML set gives only a first name (roepnaam), a full
    # set may lack one: imported pupils need neither. The form still asks for
    # both when a pupil is typed in by hand (see the view).
    first_name = fields.Char(required=False)
    last_name = fields.Char(required=False)
    edexml_key = fields.Char(
        string="Administration Key",
        copy=False,
        index=True,
        help="The pupil's key in the school's administration (EDEXML 'key'): "
        "re-imports match the pupil on it. Unique per school.",
    )
    edexml_eckid = fields.Char(
        string="ECK iD",
        copy=False,
        help="The pseudonymous chain identifier (Edukoppeling) of the pupil.",
    )
    edexml_given_names = fields.Char(string="Given Names", tracking=True)
    edexml_initials = fields.Char(string="Initials")
    edexml_gender = fields.Selection(GENDERS, string="Gender", tracking=True)
    edexml_grade_code = fields.Char(
        string="Grade (Administration)",
        tracking=True,
        help="The grade (jaargroep) the administration records for this pupil: "
        "1-8, or S (special education), H (historical), ...; in a combination "
        "group it gives the pupil's own grade.",
    )

    _edexml_key_company_uniq = models.UniqueIndex(
        "(company_id, edexml_key) WHERE edexml_key IS NOT NULL",
        "Another pupil of this school has this administration key.",
    )
    _edexml_eckid_company_uniq = models.UniqueIndex(
        "(company_id, edexml_eckid) WHERE edexml_eckid IS NOT NULL",
        "Another pupil of this school has this ECK iD.",
    )
