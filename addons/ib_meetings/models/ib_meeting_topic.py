from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IbMeetingTopic(models.Model):
    """An agenda topic that is not about one pupil: the group overview of a group
    discussion, the results of a test round, a new reading method.

    Not care data about a pupil, so not in a pupil file and not under the
    retention of pupil files: it lives and goes with its meeting. Pupils are
    discussed in agenda items (``ib.meeting.item``), never in a topic. Seen by the
    staff who take part, the teachers of the meeting's group, and the director and
    coordinators of the school.
    """

    _name = "ib.meeting.topic"
    _inherit = ["ib.write.guard.mixin"]
    _description = "Meeting Topic"
    _order = "event_id, sequence, id"

    event_id = fields.Many2one(
        "calendar.event",
        string="Meeting",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("ib_kind", "!=", False)],
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Topic", required=True)
    notes = fields.Html(
        string="Minutes",
        sanitize_style=True,
        help="What was discussed. Write about individual pupils in their own agenda "
        "item, not here.",
    )
    conclusion = fields.Html(sanitize_style=True)
    company_id = fields.Many2one(
        "res.company",
        string="School",
        compute="_compute_meeting_fields",
        store=True,
        precompute=True,
        index=True,
    )
    group_id = fields.Many2one(
        "ib.group",
        compute="_compute_meeting_fields",
        store=True,
        precompute=True,
        index=True,
    )

    @api.depends("event_id.ib_company_id", "event_id.ib_group_id")
    def _compute_meeting_fields(self):
        for topic in self:
            # sudo: the school and group of the meeting, for the record rules.
            event = topic.event_id.sudo()
            topic.company_id = event.ib_company_id
            topic.group_id = event.ib_group_id

    @api.constrains("event_id")
    def _check_care_meeting(self):
        for topic in self:
            if not topic.event_id.sudo().ib_kind:
                raise ValidationError(
                    self.env._(
                        "%s is not a care meeting: it has no agenda.",
                        topic.event_id.sudo().name,
                    )
                )
