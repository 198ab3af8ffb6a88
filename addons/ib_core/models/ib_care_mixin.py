from odoo import api, fields, models
from odoo.exceptions import UserError


class IbCareMixin(models.AbstractModel):
    """Care data about one pupil.

    Every model of the suite that holds care content about a pupil inherits this
    mixin, so that the school (company) follows the pupil, deleting in daily use is
    refused, and privacy jobs (retention, file export) can find all care records of a
    pupil without knowing the addons that define them: see ``_ib_care_models``.
    """

    _name = "ib.care.mixin"
    _description = "Pupil Care Record"
    _check_company_auto = True

    pupil_id = fields.Many2one(
        "ib.pupil",
        string="Pupil",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        related="pupil_id.company_id",
        store=True,
        index=True,
        precompute=True,
    )

    @api.model
    def _ib_care_models(self):
        """Names of all concrete models that hold care data about pupils."""
        registry = self.env.registry
        names, todo = set(), list(registry[self._name]._inherit_children)
        while todo:
            name = todo.pop()
            if name not in names:
                names.add(name)
                todo.extend(registry[name]._inherit_children)
        return sorted(
            name
            for name in names
            if not registry[name]._abstract and not registry[name]._transient
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_daily_use(self):
        # Only the retention job (running as superuser) removes care records.
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Care records cannot be deleted: archive them or close them "
                    "instead. They are removed by the retention job once the "
                    "retention period after the pupil left has passed."
                )
            )
