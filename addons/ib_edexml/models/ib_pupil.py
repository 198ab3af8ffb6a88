from odoo import fields, models

from odoo.addons.ib_core.models.ib_pupil import IbPupil as CorePupil

GENDERS = [
    ("0", "Unknown"),
    ("1", "Male"),
    ("2", "Female"),
    ("9", "Not specified"),
]


class IbPupil(models.Model):
    _inherit = "ib.pupil"
    # Privacy policy (see ib.care.mixin): the administration's identity data is
    # enrolment data, kept with the file; the ECK iD (for exchanges with other
    # software) goes with the care data once the pupil has left.
    _ib_retention_clear_fields = (
        *CorePupil._ib_retention_clear_fields,
        "edexml_eckid",
    )
    _ib_retention_keep_fields = (
        *CorePupil._ib_retention_keep_fields,
        "edexml_key",
        "edexml_given_names",
        "edexml_initials",
        "edexml_gender",
        "edexml_grade_code",
    )

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
