from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tools import is_html_empty

from .ib_look_for import VISIT_FOCUS

# The workflow of a visit: each state and the states it may go to next. A visit
# is planned, observed, discussed with the teacher (feedback given) and then made
# final; a planned visit can be cancelled and a cancelled one planned again.
NEXT_STATES = {
    "planned": ("observed", "cancelled"),
    "observed": ("discussed",),
    "discussed": ("final",),
    "final": (),
    "cancelled": ("planned",),
}

# Only the correction wizard holds this object: a context value set over RPC (plain
# JSON) can never be it, so a final visit cannot be unlocked from the outside.
CORRECTION = object()


def is_correction(env):
    """Whether ``env`` belongs to a logged correction of a final visit."""
    return env.context.get("ib_visit_correction") is CORRECTION


FILMING = [
    ("none", "Not recorded"),
    ("video", "Filmed for coaching"),
]


class IbClassVisit(models.Model):
    """A class visit (klassenbezoek) of the care coordinator to a teacher.

    The visit is planned as a calendar event: the visit holds a link to its event
    (``calendar_event_id``) and its date and duration are the event's own fields, so
    moving the event in the calendar moves the visit and the other way round;
    calendar.event itself is not extended. The event is private: colleagues see
    the coordinator and the teacher as busy, not what for.

    Privacy between teachers: a teacher reads the visits to their own class, with
    the scores, the feedback and the agreements (activities); colleagues see none.
    """

    _name = "ib.class.visit"
    _description = "Class Visit"
    # A visit may be about one pupil: its chatter follows the care thread policy
    # (only the visit's readers follow it and read its messages).
    _inherit = [
        "ib.school.mixin",
        "ib.write.guard.mixin",
        "ib.care.thread.mixin",
        "mail.activity.mixin",
    ]
    _order = "start desc, id desc"
    # Privacy policy (see ib.care.mixin): the teacher's development, not the pupil
    # file: the visit stays, its link to the pupil goes with the file (set null);
    # not in the pupil file export.
    _ib_retention_class = "link"
    _ib_retention = "keep"
    _ib_file_export = False
    # The visited teacher can read the visit, reply in its chatter and mark their
    # agreements (activities) as done without the right to change the visit.
    _mail_post_access = "read"

    _rec_names_search = ["group_id", "teacher_id"]

    group_id = fields.Many2one(
        "ib.group",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('company_id', '=', company_id), ('is_current', '=', True)]",
    )
    school_year_id = fields.Many2one(
        related="group_id.school_year_id", store=True, index=True, string="School Year"
    )
    group_teacher_ids = fields.Many2many(related="group_id.teacher_ids")
    teacher_id = fields.Many2one(
        "res.users",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        compute="_compute_teacher_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        domain="[('id', 'in', group_teacher_ids)]",
    )
    coordinator_id = fields.Many2one(
        "res.users",
        string="Visitor",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
    )
    calendar_event_id = fields.Many2one(
        "calendar.event",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    start = fields.Datetime(
        related="calendar_event_id.start",
        store=True,
        readonly=False,
        index=True,
        string="Date",
    )
    duration = fields.Float(
        related="calendar_event_id.duration", readonly=False, string="Duration"
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("observed", "Observed"),
            ("discussed", "Feedback Given"),
            ("final", "Final"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        index=True,
        tracking=True,
    )
    focus = fields.Selection(
        VISIT_FOCUS, required=True, default="instruction", tracking=True
    )
    pupil_id = fields.Many2one(
        "ib.pupil",
        index="btree_not_null",
        ondelete="set null",
        check_company=True,
        domain="[('group_id', '=', group_id)]",
        help="The pupil to observe, when the visit is about a specific pupil.",
    )
    question = fields.Text(
        help="The teacher's question or what the visit looks at.",
    )
    score_ids = fields.One2many(
        "ib.class.visit.score", "visit_id", string="Observation Form", copy=True
    )
    score_average = fields.Float(
        string="Average Score",
        compute="_compute_score_average",
        store=True,
        aggregator="avg",
        digits=(3, 2),
    )
    observation = fields.Html(sanitize_style=True)
    feedback_date = fields.Date(string="Feedback Conversation")
    feedback = fields.Html(sanitize_style=True)
    filming = fields.Selection(
        FILMING,
        string="Recording",
        required=True,
        default="none",
        tracking=True,
        help="Filming for coaching needs the parents' consent for every pupil who "
        "is recognisable on the recording.",
    )
    recognisable_pupil_ids = fields.Many2many(
        "ib.pupil",
        "ib_class_visit_recognisable_pupil_rel",
        "visit_id",
        "pupil_id",
        string="Recognisable Pupils",
        check_company=True,
        domain="[('group_id', '=', group_id)]",
        help="Pupils who can be recognised on the recording.",
    )
    followup_of_id = fields.Many2one(
        "ib.class.visit",
        string="Follow-up of",
        index="btree_not_null",
        ondelete="set null",
        copy=False,
        check_company=True,
    )
    followup_ids = fields.One2many(
        "ib.class.visit", "followup_of_id", string="Follow-up Visits"
    )
    agreement_ids = fields.Many2many(
        "mail.activity", compute="_compute_agreements", string="Agreements"
    )
    agreement_count = fields.Integer(compute="_compute_agreements")
    agreement_open_count = fields.Integer(
        string="Open Agreements", compute="_compute_agreements"
    )

    @api.model
    def _ib_access_fields(self):
        # Who reads a visit follows its teacher (record rule of the teachers): a
        # visit moved to another group or teacher stops being followed by the
        # teacher who loses it, and their agreements (activities) move on.
        return super()._ib_access_fields() | {"teacher_id", "group_id"}

    @api.depends("group_id.name", "teacher_id.name")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for visit in self:
            visit.display_name = self.env._(
                "Class visit %(group)s - %(teacher)s",
                group=visit.group_id.name or "",
                teacher=visit.teacher_id.name or "",
            )

    @api.depends("group_id")
    def _compute_teacher_id(self):
        for visit in self:
            if visit.teacher_id not in visit.group_id.teacher_ids:
                visit.teacher_id = visit.group_id.teacher_ids[:1]

    @api.depends("score_ids.score_value")
    def _compute_score_average(self):
        for visit in self:
            values = [v for v in visit.score_ids.mapped("score_value") if v]
            visit.score_average = sum(values) / len(values) if values else 0.0

    def _compute_agreements(self):
        agreement_type = self.env.ref(
            "ib_competencies.mail_activity_type_agreement", raise_if_not_found=False
        )
        activities = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    (
                        "activity_type_id",
                        "=",
                        agreement_type.id if agreement_type else 0,
                    ),
                ]
            )
        )
        by_visit = activities.grouped("res_id")
        for visit in self:
            agreements = by_visit.get(visit.id, activities.browse())
            visit.agreement_ids = agreements
            visit.agreement_count = len(agreements)
            visit.agreement_open_count = len(agreements.filtered("active"))

    # ------------------------------------------------------------------ filming
    def _ib_filming_consent_missing(self, pupils):
        """The pupils among ``pupils`` without valid consent of their parents to be
        filmed for coaching (purpose ``video`` of ib_core's consent register), on
        the date of this visit."""
        if not pupils:
            return pupils
        on_date = (self[:1].start or fields.Datetime.now()).date()
        valid = pupils._ib_has_valid_consent("video", on_date=on_date)
        return pupils.filtered(lambda pupil: not valid.get(pupil.id))

    @api.constrains("filming", "recognisable_pupil_ids", "group_id")
    def _check_filming_consent(self):
        for visit in self:
            if visit.filming != "video":
                continue
            outside = visit.recognisable_pupil_ids - visit.group_id.pupil_ids
            if outside:
                raise ValidationError(
                    self.env._(
                        "Only pupils of %(group)s can be recognisable on the "
                        "recording of this visit, not %(pupils)s.",
                        group=visit.group_id.name,
                        pupils=", ".join(outside.mapped("name")),
                    )
                )
            missing = visit._ib_filming_consent_missing(visit.recognisable_pupil_ids)
            if missing:
                raise ValidationError(
                    self.env._(
                        "The visit cannot be filmed: the parents of %(pupils)s have "
                        "not given (valid) consent for video recordings. Keep these "
                        "pupils out of the picture, or mark the visit as not "
                        "recorded.",
                        pupils=", ".join(missing.mapped("name")),
                    )
                )

    # ----------------------------------------------------------------- calendar
    def _ib_event_name(self):
        # No pupil names or focus in the event: colleagues' calendars show it as busy,
        # but invitations and the attendees' calendars carry the name.
        return self.env._("Class visit %s", self.group_id.name or "")

    def _ib_event_partner_commands(self):
        partners = self.coordinator_id.partner_id | self.teacher_id.partner_id
        return [Command.set(partners.ids)]

    @api.model_create_multi
    def create(self, vals_list):
        times = []
        for vals in vals_list:
            if vals.get("state") == "final":
                raise UserError(
                    self.env._(
                        "A class visit cannot be created final: record it, give "
                        "the feedback and then make it final."
                    )
                )
            start = vals.pop("start", False)
            if not start:
                raise UserError(
                    self.env._("Plan the class visit: give it a date and time.")
                )
            times.append((fields.Datetime.to_datetime(start), vals.pop("duration", 0)))
        visits = super().create(vals_list)
        model = self.env["ir.model"]._get_id(self._name)
        events = (
            self.env["calendar.event"]
            .with_context(skip_contact_description=True)
            .create(
                [
                    {
                        "name": visit._ib_event_name(),
                        "start": start,
                        "stop": start + timedelta(hours=duration or 1.0),
                        "duration": duration or 1.0,
                        "user_id": visit.coordinator_id.id,
                        "partner_ids": visit._ib_event_partner_commands(),
                        "privacy": "private",
                        "res_model_id": model,
                        "res_id": visit.id,
                    }
                    for visit, (start, duration) in zip(visits, times, strict=True)
                ]
            )
        )
        for visit, event in zip(visits, events, strict=True):
            visit.calendar_event_id = event
        # The calendar adds a meeting activity for the visitor; a visit recorded
        # after the fact (already observed) needs no reminder.
        visits.filtered(lambda v: v.state != "planned").activity_unlink(
            ["mail.mail_activity_data_meeting"], only_automated=False
        )
        visits._ib_fill_look_fors()
        for visit in visits:
            visit.message_subscribe(partner_ids=visit.teacher_id.partner_id.ids)
        return visits

    # ------------------------------------------------------------------ guards
    @api.model
    def _ib_final_free_fields(self, names):
        """Of the field ``names``, those a final visit still accepts: its chatter,
        followers and activities (the teacher marks agreements done)."""
        return {
            name
            for name in names
            if name.startswith(("message_", "activity_", "website_message_"))
        }

    def _ib_check_state_change(self, new_state):
        """Refuse a state change that skips a step or goes back, whether it comes
        from a button or a direct write."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        if new_state not in labels:
            raise UserError(self.env._("Unknown state of a class visit."))
        for visit in self:
            if visit.state == new_state or new_state in NEXT_STATES[visit.state]:
                continue
            allowed = NEXT_STATES[visit.state]
            raise UserError(
                self.env._(
                    "%(visit)s cannot go from %(from)s to %(to)s. A class visit goes "
                    "from planned to observed, to feedback given and then to final, "
                    "one step at a time; from %(from)s the next step is: %(next)s.",
                    visit=visit.display_name,
                    to=labels[new_state],
                    next=", ".join(labels[state] for state in allowed)
                    or self.env._("none (use Correct to log a correction)"),
                    **{"from": labels[visit.state]},
                )
            )

    def _ib_check_not_final(self, field_names=None):
        """Refuse a change to a final visit, except in a logged correction."""
        if is_correction(self.env):
            return
        final = self.filtered(lambda visit: visit.state == "final")
        if final and (field_names is None or field_names):
            raise UserError(
                self.env._(
                    "%s is final and can no longer be changed. A care coordinator "
                    "can log a correction with its reason (button Correct).",
                    final[0].display_name,
                )
            )

    def write(self, vals):
        content = set(vals) - {"state"} - self._ib_final_free_fields(vals)
        self._ib_check_not_final(content)
        if "state" in vals:
            self._ib_check_state_change(vals["state"])
        result = super().write(vals)
        if {"group_id", "teacher_id", "coordinator_id"} & set(vals):
            for visit in self.filtered("calendar_event_id"):
                visit.calendar_event_id.write(
                    {
                        "name": visit._ib_event_name(),
                        "user_id": visit.coordinator_id.id,
                        "partner_ids": visit._ib_event_partner_commands(),
                    }
                )
        if {"teacher_id", "group_id"} & set(vals):
            # Also when the teacher follows from a new group (computed).
            for visit in self:
                visit.message_subscribe(partner_ids=visit.teacher_id.partner_id.ids)
        if "focus" in vals:
            self._ib_fill_look_fors()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_only_planned(self):
        if any(visit.state != "planned" for visit in self):
            raise UserError(
                self.env._(
                    "Only planned class visits can be deleted; cancel a visit that "
                    "took place instead."
                )
            )

    def unlink(self):
        events = self.calendar_event_id
        result = super().unlink()
        events.unlink()
        return result

    # ----------------------------------------------------------- observation form
    def _ib_fill_look_fors(self):
        """Add the active look-fors that fit each visit's focus (one search)."""
        look_fors = self.env["ib.look.for"].search(
            [("company_id", "in", [*self.company_id.ids, False])]
        )
        vals_list = []
        for visit in self:
            wanted = look_fors.filtered(
                lambda lf, v=visit: (
                    lf.focus in (False, v.focus)
                    and (not lf.company_id or lf.company_id == v.company_id)
                )
            )
            vals_list += [
                {"visit_id": visit.id, "look_for_id": lf.id, "sequence": lf.sequence}
                for lf in wanted - visit.score_ids.look_for_id
            ]
        if vals_list:
            self.env["ib.class.visit.score"].create(vals_list)

    # ------------------------------------------------------------------ actions
    def action_observed(self):
        self._ib_check_state_change("observed")
        self.write({"state": "observed"})
        self.activity_feedback(
            ["mail.mail_activity_data_meeting"], only_automated=False
        )
        return True

    def action_feedback_given(self):
        self._ib_check_state_change("discussed")
        for visit in self:
            if not visit.feedback_date:
                visit.feedback_date = fields.Date.context_today(self)
        self.write({"state": "discussed"})
        return True

    def action_finalize(self):
        """Make the visit final: from then on it is read-only, except for a
        correction a care coordinator logs with its reason."""
        self._ib_check_state_change("final")
        missing = self.filtered(lambda visit: is_html_empty(visit.feedback))
        if missing:
            raise UserError(
                self.env._(
                    "Write down the feedback conversation of %s before making the "
                    "visit final.",
                    missing[0].display_name,
                )
            )
        self.write({"state": "final"})
        return True

    def action_correct(self):
        """Open the correction of a final visit (reason required, logged)."""
        self.ensure_one()
        self.check_access("write")
        if self.state != "final":
            raise UserError(
                self.env._(
                    "Only a final class visit is corrected this way; change the "
                    "visit itself until it is final."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct Class Visit"),
            "res_model": "ib.class.visit.correction",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_visit_id": self.id},
        }

    def action_cancel(self):
        self._ib_check_state_change("cancelled")
        self.write({"state": "cancelled"})
        self.calendar_event_id.action_archive()
        return True

    def action_replan(self):
        self._ib_check_state_change("planned")
        self.write({"state": "planned"})
        self.calendar_event_id.action_unarchive()
        return True

    def action_plan_followup(self):
        """Plan a follow-up visit with the same teacher, group, focus and look-fors."""
        self.ensure_one()
        followup = self.create(
            {
                "group_id": self.group_id.id,
                "teacher_id": self.teacher_id.id,
                "coordinator_id": self.env.user.id,
                "company_id": self.company_id.id,
                "focus": self.focus,
                "pupil_id": self.pupil_id.id,
                "question": self.question,
                "followup_of_id": self.id,
                "start": (self.start or fields.Datetime.now()) + timedelta(weeks=6),
                "duration": self.duration,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": followup.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_add_agreement(self):
        """Open the activity dialog with the agreement type, for the teacher."""
        self.ensure_one()
        self.check_access("write")
        agreement_type = self.env.ref("ib_competencies.mail_activity_type_agreement")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Agreement"),
            "res_model": "mail.activity",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_activity_type_id": agreement_type.id,
                "default_user_id": self.teacher_id.id,
            },
        }
