from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tools import html2plaintext

from ..models.ib_class_visit import CORRECTION

# The parts of a final visit a correction may change.
CORRECTED_FIELDS = ("question", "observation", "feedback_date", "feedback")


class IbClassVisitCorrection(models.TransientModel):
    """A logged correction of a final class visit: the care coordinator gives the
    reason and the corrected values; the visit is changed and its chatter gets the
    reason with each changed value (before and after)."""

    _name = "ib.class.visit.correction"
    _description = "Correct a Final Class Visit"

    visit_id = fields.Many2one(
        "ib.class.visit", string="Class Visit", required=True, ondelete="cascade"
    )
    reason = fields.Text(required=True, help="Why the final visit is corrected.")
    question = fields.Text()
    observation = fields.Html(sanitize_style=True)
    feedback_date = fields.Date(string="Feedback Conversation")
    feedback = fields.Html(sanitize_style=True)
    line_ids = fields.One2many(
        "ib.class.visit.correction.line", "correction_id", string="Observation Form"
    )

    @api.model
    def _ib_values_of(self, visit):
        """The visit's current values, to start the correction from."""
        values = {name: visit[name] for name in CORRECTED_FIELDS}
        values["line_ids"] = [
            Command.create(
                {"score_id": score.id, "score": score.score, "remark": score.remark}
            )
            for score in visit.score_ids
        ]
        return values

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        visit = self.env["ib.class.visit"].browse(values.get("visit_id"))
        if visit:
            values.update(
                {
                    name: value
                    for name, value in self._ib_values_of(visit).items()
                    if name in fields_list
                }
            )
        return values

    @api.model_create_multi
    def create(self, vals_list):
        # What the correction does not give stays as it is on the visit.
        for vals in vals_list:
            if not (vals.get("reason") or "").strip():
                raise UserError(self.env._("Give the reason for the correction."))
            visit = self.env["ib.class.visit"].browse(vals.get("visit_id"))
            if visit:
                for name, value in self._ib_values_of(visit).items():
                    vals.setdefault(name, value)
        return super().create(vals_list)

    @staticmethod
    def _ib_text(field, value):
        if field.type == "html":
            value = html2plaintext(value or "")
        return str(value) if value else "-"

    def action_confirm(self):
        self.ensure_one()
        visit = self.visit_id
        visit.check_access("write")
        if visit.state != "final":
            raise UserError(
                self.env._("Only a final class visit is corrected this way.")
            )
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason for the correction."))
        changes = []
        vals = {}
        for name in CORRECTED_FIELDS:
            field = visit._fields[name]
            old, new = visit[name], self[name]
            if field.type == "html":
                changed = html2plaintext(old or "") != html2plaintext(new or "")
            else:
                changed = (old or False) != (new or False)
            if changed:
                vals[name] = new
                changes.append(
                    (
                        field._description_string(self.env),
                        self._ib_text(field, old),
                        self._ib_text(field, new),
                    )
                )
        score_labels = dict(
            self.env["ib.class.visit.score"]
            ._fields["score"]
            ._description_selection(self.env)
        )
        score_changes = []
        for line in self.line_ids.filtered("score_id"):
            score = line.score_id
            if score.visit_id != visit:
                raise UserError(self.env._("A score belongs to another visit."))
            line_vals = {}
            if (score.score or False) != (line.score or False):
                line_vals["score"] = line.score or False
                changes.append(
                    (
                        score.look_for_id.display_name,
                        score_labels.get(score.score, "-"),
                        score_labels.get(line.score, "-"),
                    )
                )
            if (score.remark or "") != (line.remark or ""):
                line_vals["remark"] = line.remark or False
                changes.append(
                    (
                        self.env._("Remark %s", score.look_for_id.display_name),
                        score.remark or "-",
                        line.remark or "-",
                    )
                )
            if line_vals:
                score_changes.append((score, line_vals))
        if not changes:
            raise UserError(
                self.env._("Nothing was changed: there is no correction to log.")
            )
        corrected = visit.with_context(ib_visit_correction=CORRECTION)
        if vals:
            corrected.write(vals)
        for score, line_vals in score_changes:
            score.with_context(ib_visit_correction=CORRECTION).write(line_vals)
        items = Markup("").join(
            Markup("<li>%s: %s &rarr; %s</li>") % change for change in changes
        )
        visit.message_post(
            body=Markup("<p>%s</p><p>%s</p><ul>%s</ul>")
            % (
                self.env._("Correction of the final visit by %s.", self.env.user.name),
                self.env._("Reason: %s", self.reason.strip()),
                items,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}
