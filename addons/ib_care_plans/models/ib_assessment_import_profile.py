from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain


class IbAssessmentImportProfile(models.Model):
    """The column mapping of one pupil tracking system's export, remembered so
    that the next import of the same source needs no mapping."""

    _name = "ib.assessment.import.profile"
    _description = "Test Result Import Source"
    _inherit = ["ib.write.guard.mixin", "ib.assessment.import.mapping"]
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(
        string="Source", required=True, help="E.g. ParnasSys, Esis or Cito LOVS."
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share the mapping with all schools of the board.",
    )
    active = fields.Boolean(default=True)

    # Kept as the last line of defence. create and write check first, before the
    # SQL, so that the user gets the message below; their check also covers the
    # sources shared by all schools (NULL company), which UNIQUE never finds equal.
    _name_company_uniq = models.Constraint(
        "UNIQUE(name, company_id)", "This school already has a source with this name."
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Checked before the INSERT: the database would otherwise refuse the row
        # first, with its own error instead of the message below.
        default_company = self.default_get(["company_id"]).get("company_id", False)
        self._ib_check_unique_names(
            [
                (
                    vals.get("name"),
                    vals["company_id"] if "company_id" in vals else default_company,
                )
                for vals in vals_list
            ]
        )
        return super().create(vals_list)

    def write(self, vals):
        if "name" in vals or "company_id" in vals:
            self._ib_check_unique_names(
                [
                    (
                        vals["name"] if "name" in vals else profile.name,
                        vals["company_id"]
                        if "company_id" in vals
                        else profile.company_id.id,
                    )
                    for profile in self
                ],
                exclude=self,
            )
        return super().write(vals)

    @api.model
    def _ib_check_unique_names(self, names, exclude=None):
        """Raise a ValidationError when one of ``names`` — ``(name, company id or
        False)`` pairs about to be stored — is the name of another source of the
        same school (or of another source shared by all schools), archived or
        not, or appears twice in ``names``. ``exclude``: the sources being
        written."""
        seen = set()
        domains = []
        for name, company_id in names:
            if not name:
                continue  # the required check reports it
            company_id = company_id or False
            if (name, company_id) in seen:
                raise ValidationError(self._ib_duplicate_message(name, company_id))
            seen.add((name, company_id))
            domains.append([("name", "=", name), ("company_id", "=", company_id)])
        if not domains:
            return
        # As superuser: a source of the school may be archived or outside the
        # user's active schools; only its existence is told, as the database
        # constraint would.
        Profile = self.sudo().with_context(active_test=False)
        domain = Domain.OR(domains)
        if exclude:
            domain &= Domain("id", "not in", exclude.ids)
        for other in Profile.search_fetch(domain, ["name", "company_id", "active"]):
            if (other.name, other.company_id.id or False) in seen:
                raise ValidationError(
                    self._ib_duplicate_message(
                        other.name, other.company_id.id, archived=not other.active
                    )
                )

    @api.model
    def _ib_duplicate_message(self, name, company_id, archived=False):
        if company_id:
            message = self.env._(
                "%(school)s already has a source named “%(name)s”. "
                "Choose that source, or give this one another name.",
                school=self.env["res.company"].browse(company_id).sudo().name,
                name=name,
            )
        else:
            message = self.env._(
                "There is already a source named “%(name)s” shared by all "
                "schools. Choose that source, or give this one another name.",
                name=name,
            )
        if archived:
            message += " " + self.env._(
                "That source is archived: unarchive it to use it again."
            )
        return message
