from odoo import models

# Counts below this are printed as "< 5": a small number about a few pupils of
# one school could point at a child.
SMALL_COUNT = 5


class IbSchoolYear(models.Model):
    """The protocol figures of a school year (the report "Protocols per School
    Year")."""

    _inherit = "ib.school.year"

    @staticmethod
    def _ib_masked_count(count):
        """A count as the report prints it: below 5 as "< 5"."""
        return f"< {SMALL_COUNT}" if count < SMALL_COUNT else str(count)

    def _ib_protocol_figures(self):
        """``{school year id: [(label, count text)]}``: the records of each
        register in each school year of ``self``, counted as the current user
        may read them (one grouped query per register), counts below 5 masked."""
        env = self.env
        registers = [
            ("ib.bullying.incident", "kind", None),
            ("ib.medical.agreement", "kind", None),
            ("ib.absence.report", None, [("above_threshold", "=", True)]),
            ("ib.meldcode.case", "decision", None),
        ]
        figures = {year.id: [] for year in self}
        for model_name, detail, domain in registers:
            Model = env[model_name]
            if not Model.has_access("read"):
                continue
            base = [("school_year_id", "in", self.ids), *(domain or [])]
            groupby = ["school_year_id", detail] if detail else ["school_year_id"]
            counts = {}
            for group in Model._read_group(base, groupby, ["__count"]):
                year, *rest, count = group
                key = rest[0] if rest else None
                counts.setdefault(year.id, {})
                counts[year.id][key] = counts[year.id].get(key, 0) + count
            label = env["ir.model"]._get(model_name).name
            if domain:
                label = env._("%s (above the legal threshold)", label)
            selection = (
                dict(Model._fields[detail]._description_selection(env))
                if detail
                else {}
            )
            for year in self:
                per_key = counts.get(year.id, {})
                figures[year.id].append(
                    (label, self._ib_masked_count(sum(per_key.values())), True)
                )
                for key, name in selection.items():
                    figures[year.id].append(
                        (name, self._ib_masked_count(per_key.get(key, 0)), False)
                    )
        return figures
