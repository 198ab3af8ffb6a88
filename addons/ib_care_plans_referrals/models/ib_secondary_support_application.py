from odoo import fields, models
from odoo.exceptions import UserError

# The domains of the test results the application file takes (the named
# domains of the SWV VO).
FILE_DOMAINS = ("reading_comprehension", "maths", "spelling", "technical_reading")


class IbSecondarySupportApplication(models.Model):
    _inherit = "ib.secondary.support.application"

    def action_ib_fill_results(self):
        """Fill the results of the application file from the pupil's test
        results: the latest result (by date) per named domain, read as the
        current user, with its test, date, score and level. A domain without a
        result keeps what was typed in."""
        self._ib_check_coordinator()
        self._ib_check_file_editable()
        Result = self.env["ib.assessment.result"]
        results = Result.search(
            [
                ("pupil_id", "in", self.pupil_id.ids),
                ("domain", "in", FILE_DOMAINS),
            ],
            order="date desc, id desc",
        )
        latest = {}
        for result in results:
            latest.setdefault((result.pupil_id.id, result.domain), result)
        if not latest:
            raise UserError(
                self.env._(
                    "%s has no test results for reading comprehension, maths, "
                    "spelling or technical reading.",
                    ", ".join(self.pupil_id.mapped("name")),
                )
            )
        for application in self:
            lines = {line.domain: line for line in application.result_ids}
            commands = []
            for domain in FILE_DOMAINS:
                result = latest.get((application.pupil_id.id, domain))
                if not result:
                    continue
                values = {
                    "domain": domain,
                    "test_name": result.assessment_id.name,
                    "test_date": result.date,
                    "score": result.score,
                    "level": result.level_label or False,
                    "source": "results",
                }
                line = lines.get(domain)
                commands.append(
                    fields.Command.update(line.id, values)
                    if line
                    else fields.Command.create(values)
                )
            application.write({"result_ids": commands})
        return True
