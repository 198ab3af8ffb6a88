from odoo import fields, models

# The domains the SWV VO asks results for (the keys are those of the test
# domains of the results, where the suite records them).
RESULT_DOMAINS = [
    ("reading_comprehension", "Reading comprehension"),
    ("maths", "Maths"),
    ("spelling", "Spelling"),
    ("technical_reading", "Technical reading"),
]


class IbSecondarySupportResult(models.Model):
    """The result of the pupil on one of the domains the SWV VO asks for, in the
    file of an LWOO/PrO application: typed in, or taken from the pupil's test
    results (the latest per domain) where the suite records them."""

    _name = "ib.secondary.support.result"
    _description = "LWOO/PrO Application Result"
    _inherit = ["ib.secondary.support.line.mixin"]
    _order = "application_id, domain, id"
    # Privacy policy (see ib.care.mixin): care data, deleted with its
    # application once the care data period after leaving has passed; in the
    # pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    domain = fields.Selection(RESULT_DOMAINS, required=True)
    test_name = fields.Char(string="Test", required=True)
    test_date = fields.Date(string="Date", required=True)
    score = fields.Float(help="The ability or raw score, as the test reports it.")
    level = fields.Char(help="The level (I to V, A to E) of the result.")
    dle = fields.Integer(
        string="DLE",
        help="The didactic age equivalent in months (0 to 80), where the test "
        "gives one.",
    )
    source = fields.Selection(
        [("manual", "Typed In"), ("results", "From the Test Results")],
        default="manual",
        required=True,
        readonly=True,
    )

    _application_domain_uniq = models.Constraint(
        "UNIQUE(application_id, domain)",
        "An application has one result per domain.",
    )
    _dle_range = models.Constraint(
        "CHECK(dle BETWEEN 0 AND 80)", "A DLE lies between 0 and 80 months."
    )
