from odoo import fields, models

KINDS = [
    ("physical", "Physical"),
    ("verbal", "Verbal"),
    ("online", "Online (Cyberbullying)"),
    ("exclusion", "Exclusion"),
    ("property", "Damage to Belongings"),
    ("other", "Other"),
]
ROLES = [
    ("target", "Target"),
    ("bully", "Bully"),
    ("bystander", "Bystander"),
]
STATES = [
    ("open", "Open"),
    ("follow_up", "In Follow-up"),
    ("closed", "Closed"),
]


class IbBullyingIncident(models.Model):
    """A bullying incident under the school's anti-bullying protocol, recorded
    for one pupil (the target, the bully or a bystander) with the measures taken
    and the follow-up as activities. Teachers record and see the incidents of
    their own groups' pupils; parents never see them."""

    _name = "ib.bullying.incident"
    _description = "Bullying Incident"
    _inherit = [
        "ib.care.mixin",
        "ib.care.thread.mixin",
        "mail.activity.mixin",
        "ib.protocol.year.mixin",
    ]
    _order = "date desc, id desc"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter once
    # the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    name = fields.Char(string="Summary", required=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    kind = fields.Selection(KINDS, required=True, default="verbal", index=True)
    pupil_role = fields.Selection(
        ROLES, string="Role of the Pupil", required=True, default="target"
    )
    description = fields.Text(string="What Happened")
    measures = fields.Text(string="Measures Taken")
    parents_informed_date = fields.Date(string="Parents Informed On")
    state = fields.Selection(
        STATES, string="Status", required=True, default="open", index=True
    )
    reporter_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        readonly=True,
    )
    group_id = fields.Many2one(related="pupil_id.group_id", string="Group")

    def action_follow_up(self):
        self.write({"state": "follow_up"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_reopen(self):
        self.write({"state": "open"})
