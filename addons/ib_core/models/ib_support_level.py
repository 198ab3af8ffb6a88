from odoo import api, fields, models


class IbSupportLevel(models.Model):
    _name = "ib.support.level"
    _inherit = ["ib.school.mixin", "ib.write.guard.mixin"]
    _description = "Support Level"
    _order = "company_id, level"

    name = fields.Char(required=True)
    level = fields.Integer(required=True, help="1 (basic offer) to 5 (via the SWV).")
    description = fields.Text()
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _level_company_uniq = models.Constraint(
        "UNIQUE(level, company_id)",
        "Each support level number can be used only once per school.",
    )
    _level_range = models.Constraint(
        "CHECK(level BETWEEN 1 AND 5)",
        "A support level is a number from 1 to 5.",
    )

    @api.depends("name", "level")
    def _compute_display_name(self):
        for record in self:
            record.display_name = self._ib_label(record.level, record.name)

    @api.model
    def _ib_label(self, level, name):
        """A level's display name: its number and name (e.g. "2. Extra support
        in the group"), also for labels made without computing display_name."""
        return f"{level}. {name or ''}"

    @api.model
    def _default_levels_vals(self, company):
        # Level names are the school's own wording: write them in the school's
        # language rather than the language of whoever created the school.
        self = self.with_context(lang=company.partner_id.lang or self.env.lang)
        names = [
            (
                self.env._("Basic support in the group"),
                self.env._("The basic offer in the group for every pupil."),
                10,
            ),
            (
                self.env._("Extra attention in the group"),
                self.env._("Intensive: extra instruction or practice in the group."),
                2,
            ),
            (
                self.env._("Specific support in the group"),
                self.env._(
                    "Very intensive: specific support after a group or pupil "
                    "discussion."
                ),
                3,
            ),
            (
                self.env._("External expertise"),
                self.env._("Support with advice or assessment by an external expert."),
                4,
            ),
            (
                self.env._("Extra support via the SWV"),
                self.env._(
                    "An arrangement or development perspective plan (OPP) via the "
                    "regional partnership, or a referral (TLV)."
                ),
                1,
            ),
        ]
        return [
            {
                "name": name,
                "description": description,
                "color": color,
                "level": index,
                "company_id": company.id,
            }
            for index, (name, description, color) in enumerate(names, start=1)
        ]
