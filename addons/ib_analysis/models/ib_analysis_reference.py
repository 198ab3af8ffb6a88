from odoo import fields, models
from odoo.tools import SQL, drop_view_if_exists

from .analysis_sql import REF_DOMAIN, REF_DOMAINS, YEARS_AGO, create_view, share
from .ib_assessment_result import REFERENCE_LEVELS


class IbAnalysisReference(models.Model):
    """One row per result of a final test of group 8 with a reference level:
    whether the pupil reached 1F, and 2F (reading, language) or 1S (maths)."""

    _name = "ib.analysis.reference"
    _description = "Reference Levels Analysis"
    _inherit = ["ib.analysis.pupil.mixin"]
    _auto = False
    _order = "school_year_id desc, id desc"
    _rec_name = "pupil_id"

    result_id = fields.Many2one(
        "ib.assessment.result", string="Test Result", readonly=True
    )
    pupil_id = fields.Many2one("ib.pupil", readonly=True)
    company_id = fields.Many2one("res.company", string="School", readonly=True)
    school_year_id = fields.Many2one("ib.school.year", readonly=True)
    years_ago = fields.Integer(
        string="School Years Ago", readonly=True, aggregator=None
    )
    group_id = fields.Many2one("ib.group", readonly=True)
    current_group_id = fields.Many2one("ib.group", readonly=True)
    assessment_id = fields.Many2one("ib.assessment", string="Test", readonly=True)
    ref_domain = fields.Selection(REF_DOMAINS, string="Subject", readonly=True)
    reference_level = fields.Selection(REFERENCE_LEVELS, readonly=True)
    reached_1f_pct = fields.Float(
        string="1F Reached (%)", readonly=True, aggregator="avg"
    )
    reached_2f_pct = fields.Float(
        string="2F/1S Reached (%)", readonly=True, aggregator="avg"
    )

    def init(self):
        drop_view_if_exists(self.env.cr, self._table)
        level = SQL("r.ib_reference_level")
        create_view(
            self.env,
            self._table,
            SQL(
                """
            SELECT r.id AS id,
                   r.id AS result_id,
                   r.pupil_id AS pupil_id,
                   r.company_id AS company_id,
                   r.school_year_id AS school_year_id,
                   %(years_ago)s AS years_ago,
                   r.group_id AS group_id,
                   p.group_id AS current_group_id,
                   r.assessment_id AS assessment_id,
                   %(ref_domain)s AS ref_domain,
                   r.ib_reference_level AS reference_level,
                   %(reached_1f)s AS reached_1f_pct,
                   %(reached_2f)s AS reached_2f_pct
              FROM ib_assessment_result r
              JOIN ib_assessment a ON a.id = r.assessment_id AND a.ib_final_test
              JOIN ib_school_year sy ON sy.id = r.school_year_id
              JOIN ib_pupil p ON p.id = r.pupil_id
             WHERE r.ib_reference_level IS NOT NULL
               AND %(ref_domain)s IS NOT NULL
            """,
                years_ago=YEARS_AGO,
                ref_domain=REF_DOMAIN,
                reached_1f=share(SQL("%s IN ('1f', '2f')", level)),
                reached_2f=share(SQL("%s = '2f'", level)),
            ),
        )
