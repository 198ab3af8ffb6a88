from odoo import api, fields, models


class IbProfessionalMixin(models.AbstractModel):
    """A professional record of one care coordinator for one school year.

    Self-assessments, the development plan (POP), trainings and the task profile are
    the coordinator's own: the coordinator manages them, the director of the school
    and the manager read them, teachers and other coordinators never see them (see
    security/ib_competencies_security.xml).
    """

    _name = "ib.professional.mixin"
    _inherit = ["ib.school.year.mixin", "ib.write.guard.mixin"]
    _description = "Professional Record"

    user_id = fields.Many2one(
        "res.users",
        string="Care Coordinator",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
    )
    year_start = fields.Date(
        related="school_year_id.date_start", store=True, string="Year Start"
    )

    @api.model
    def _ib_latest_before(self, records, key, extra_domain=None):
        """For each record, the latest record of this model with the same ``key``
        values in an earlier school year, found with one search.

        :param records: records of any professional model
        :param key: field names identifying "the same" (e.g. user_id, kind)
        :return: dict record id -> record of this model (or empty)
        """
        result = {record.id: self.browse() for record in records}
        records = records.filtered("year_start")
        if not records:
            return result
        domain = [
            ("year_start", "<", max(records.mapped("year_start"))),
            *(extra_domain or []),
        ]
        for fname in key:
            values = records.mapped(fname)
            if isinstance(values, models.BaseModel):
                values = values.ids
            domain.append((fname, "in", values))
        candidates = self.search(domain, order="year_start desc, id desc")
        for record in records:
            values = tuple(record[fname] for fname in key)
            result[record.id] = next(
                (
                    c
                    for c in candidates
                    if c.year_start < record.year_start
                    and tuple(c[fname] for fname in key) == values
                ),
                self.browse(),
            )
        return result
