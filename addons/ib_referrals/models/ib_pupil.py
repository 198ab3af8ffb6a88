from datetime import timedelta

from odoo import fields, models

# A leaving date recorded longer ago than this (history, a data migration) plans
# no educational report any more: its moment has passed.
LEAVING_OKR_PAST_DAYS = 90


class IbPupil(models.Model):
    _inherit = "ib.pupil"

    def write(self, vals):
        leaving = self.browse()
        if vals.get("leaving_date"):
            leaving = self.filtered(lambda p: not p.leaving_date)
        result = super().write(vals)
        if leaving:
            leaving._ib_schedule_leaving_okr()
        return result

    def _ib_schedule_leaving_okr(self):
        """A pupil who leaves needs an educational report (OKR) for the next
        school, with a copy to the parents: a to-do for the coordinator."""
        oldest = fields.Date.context_today(self) - timedelta(days=LEAVING_OKR_PAST_DAYS)
        pupils = self.filtered(lambda p: p.leaving_date and p.leaving_date >= oldest)
        coordinators = self._ib_coordinators_by_company(pupils.company_id)
        for pupil in pupils:
            users = coordinators[pupil.company_id.id]
            if not users:
                continue
            pupil.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=pupil.leaving_date,
                summary=self.env._("Educational report (OKR) for the next school"),
                note=self.env._(
                    "The pupil leaves the school: send the educational report to "
                    "the next school and a copy to the parents."
                ),
                user_id=users[:1].id,
            )
