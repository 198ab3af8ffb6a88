import base64

from odoo import api, fields, models

from ..models.ib_assessment import MOMENTS
from ..models.import_files import errors_table

MAX_SHOWN_ERRORS = 200


class IbAssessmentImport(models.TransientModel):
    _name = "ib.assessment.import"
    _description = "Import Test Results"
    _inherit = ["ib.assessment.import.mapping"]

    state = fields.Selection(
        [
            ("upload", "File"),
            ("map", "Columns"),
            ("preview", "Preview"),
            ("done", "Imported"),
        ],
        default="upload",
        required=True,
    )
    file = fields.Binary(attachment=False)
    filename = fields.Char()
    profile_id = fields.Many2one(
        "ib.assessment.import.profile",
        string="Source",
        help="The pupil tracking system the export comes from: its column mapping "
        "is remembered.",
    )
    profile_name = fields.Char(
        string="New Source", help="Name of the source, to remember this mapping."
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
        help="Leave empty to import an export of all your schools (the board).",
    )
    school_year_id = fields.Many2one(
        "ib.school.year",
        required=True,
        default=lambda self: self.env["ib.school.year"]._get_current(),
        domain="[('company_id', 'in', [company_id] if company_id "
        "else allowed_company_ids)]",
    )
    assessment_id = fields.Many2one(
        "ib.assessment",
        string="Test",
        help="The test of every row, when the file has no test column.",
    )
    moment = fields.Selection(
        MOMENTS, help="The moment of every row, when the file has no moment column."
    )
    headers = fields.Text(string="Columns in the File", readonly=True)
    count_rows = fields.Integer(string="Rows", readonly=True)
    count_new = fields.Integer(string="New", readonly=True)
    count_updated = fields.Integer(string="Changed", readonly=True)
    count_unchanged = fields.Integer(string="Unchanged", readonly=True)
    count_errors = fields.Integer(string="Rows with Errors", readonly=True)
    count_empty = fields.Integer(string="Empty Rows", readonly=True)
    report_html = fields.Html(string="Report", readonly=True, sanitize=True)
    # The ids of the results of the import, for "Open Results": one list in a
    # column, not a many2many (linking 50,000 results in a relation table, a
    # row with two foreign keys each, cost a tenth of the import).
    imported_result_ids = fields.Json(string="Imported Result IDs", readonly=True)
    result_ids = fields.Many2many(
        "ib.assessment.result",
        string="Imported Results",
        compute="_compute_result_ids",
    )

    @api.depends("imported_result_ids")
    def _compute_result_ids(self):
        # as a many2many reads: the results that still exist and the user may
        # read (one search for all wizards)
        Result = self.env["ib.assessment.result"]
        ids = [rid for wizard in self for rid in wizard.imported_result_ids or []]
        found = set(Result.search([("id", "in", ids)]).ids)
        for wizard in self:
            wizard.result_ids = Result.browse(
                [rid for rid in wizard.imported_result_ids or [] if rid in found]
            )

    # --------------------------------------------------------------- actions
    def action_read_file(self):
        """Read the file's columns and propose the mapping."""
        self.ensure_one()
        table = self._ib_service().parse(self._ib_data(), self.filename)
        known = self.profile_id._ib_mapping() if self.profile_id else {}
        mapping = self._ib_service().guess_mapping(table.headers, known)
        vals = {"headers": ", ".join(table.headers), "state": "map"}
        vals.update(
            {
                f"col_{key}": mapping.get(key, False)
                for key, *_rest in self._ib_import_columns()
            }
        )
        self.write(vals)
        return self._ib_reopen()

    def action_preview(self):
        """Dry run: check every row and report, write no result."""
        self.ensure_one()
        self._ib_check_profile_name()
        report = self._ib_preview()
        self.write(self._ib_report_vals(report, done=False))
        return self._ib_reopen()

    def action_import(self):
        """Import the good rows in one go; report the bad rows by line."""
        self.ensure_one()
        self._ib_check_profile_name()
        report = self._ib_preview()
        applied = self._ib_service().apply(report)
        self._ib_save_profile()
        vals = self._ib_report_vals(report, done=True)
        vals["imported_result_ids"] = applied.results.ids
        self.write(vals)
        return self._ib_reopen()

    def action_back(self):
        self.ensure_one()
        self.state = "map" if self.state in ("preview", "done") else "upload"
        return self._ib_reopen()

    def action_view_results(self):
        self.ensure_one()
        return self.env["ir.actions.act_window"]._ib_action_for(
            "ib_care_plans.ib_assessment_result_action",
            [("id", "in", self.imported_result_ids or [])],
            {},
        )

    def _ib_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Import Test Results"),
        }

    @api.onchange("profile_id")
    def _onchange_profile_id(self):
        if self.profile_id:
            self.update(self.profile_id._ib_mapping_vals())

    # ------------------------------------------------------------- the service
    def _ib_service(self):
        """The import engine, run as the same user as the wizard."""
        return self.env["ib.assessment.import.service"]

    def _ib_data(self):
        return base64.b64decode(self.file) if self.file else b""

    def _ib_preview(self):
        service = self._ib_service()
        table = service.parse(self._ib_data(), self.filename, self._ib_mapping())
        return service.preview(
            table,
            self.school_year_id,
            companies=self.company_id or self.env.companies,
            assessment=self.assessment_id,
            moment=self.moment,
        )

    def _ib_check_profile_name(self):
        """A new source name that is taken is refused before anything is read or
        written (the profile itself is only created after the import)."""
        if self.profile_name and not self.profile_id:
            self.env["ib.assessment.import.profile"]._ib_check_unique_names(
                [(self.profile_name, self.company_id.id)]
            )

    def _ib_save_profile(self):
        mapping = self._ib_mapping_vals()
        if self.profile_id:
            if any(self.profile_id[k] != (v or False) for k, v in mapping.items()):
                self.profile_id.write(mapping)
        elif self.profile_name:
            self.profile_id = self.env["ib.assessment.import.profile"].create(
                dict(mapping, name=self.profile_name, company_id=self.company_id.id)
            )

    # ------------------------------------------------------------------ report
    def _ib_report_vals(self, report, done):
        return {
            "state": "done" if done else "preview",
            "count_rows": report.rows,
            "count_new": len(report.create),
            "count_updated": len(report.update),
            "count_unchanged": report.unchanged,
            "count_errors": len(report.errors),
            "count_empty": report.empty,
            "report_html": self._ib_errors_html(report.errors),
        }

    def _ib_errors_html(self, errors):
        if not errors:
            return False
        return errors_table(
            self.env, errors, self.env._("Not imported because"), MAX_SHOWN_ERRORS
        )
