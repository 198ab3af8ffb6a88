from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models


class IbObservationScore(models.Model):
    """The score of one scale in one done observation list, stored for the
    coordinator's overviews (per group and pupil, over the rounds) and compared
    with the scale's cut-off. Written by the system only
    (``ib.observation.list._ib_refresh_scores``)."""

    _name = "ib.observation.score"
    _description = "Observation Scale Score"
    _inherit = ["ib.care.mixin"]
    _order = "date desc, pupil_id, scale_sequence, id"
    _rec_name = "scale_id"
    # Privacy policy (see ib.care.mixin): derived from the care data of the
    # list, deleted with it once the care data period has passed; in the pupil
    # file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    list_id = fields.Many2one(
        "ib.observation.list",
        string="Observation List",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    pupil_id = fields.Many2one(
        related="list_id.pupil_id", store=True, readonly=True, precompute=True
    )
    round_id = fields.Many2one(
        related="list_id.round_id", store=True, index=True, string="Round"
    )
    school_year_id = fields.Many2one(
        related="list_id.school_year_id", store=True, string="School Year"
    )
    moment = fields.Selection(related="list_id.moment", store=True)
    date = fields.Date(related="list_id.date_done", store=True, string="Date")
    group_id = fields.Many2one(
        related="list_id.group_id", store=True, index=True, string="Group"
    )
    respondent = fields.Selection(related="list_id.respondent", store=True, index=True)
    instrument_id = fields.Many2one(
        related="list_id.instrument_id", store=True, string="Instrument"
    )
    scale_id = fields.Many2one(
        "ib.observation.scale",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
    )
    scale_sequence = fields.Integer(related="scale_id.sequence", store=True)
    score = fields.Float(digits=(6, 2), readonly=True, aggregator="avg")
    cutoff = fields.Float(
        related="scale_id.cutoff", store=True, string="Cut-off", aggregator="avg"
    )
    below_cutoff = fields.Boolean(
        string="Below Cut-off",
        compute="_compute_below_cutoff",
        store=True,
        index=True,
    )

    @api.depends("score", "cutoff")
    def _compute_below_cutoff(self):
        for score in self:
            score.below_cutoff = bool(score.cutoff) and score.score < score.cutoff

    def action_ib_support_request(self):
        self.ensure_one()
        return self.list_id.action_ib_support_request()

    def _ib_signal_text(self):
        self.ensure_one()
        return escape(
            self.env._(
                "%(scale)s: %(score)s, cut-off %(cutoff)s (%(respondent)s)",
                scale=self.scale_id.name,
                score=f"{self.score:g}",
                cutoff=f"{self.cutoff:g}",
                respondent=dict(
                    self._fields["respondent"]._description_selection(self.env)
                ).get(self.respondent, ""),
            )
        )

    def _ib_notify_signals(self):
        """One digest activity per care coordinator for the new signals of
        ``self`` (lists done together): the pupils with their scales below the
        cut-off, each pupil a link to their file. A coordinator other than the
        current user gets one notification of it, without its care content."""
        activity_type = self.env.ref(
            "ib_observation.mail_activity_type_observation_signal",
            raise_if_not_found=False,
        )
        if not activity_type or not self:
            return
        # The activity is the system telling the coordinator; the teacher who
        # finished the lists cannot assign activities on the pupil file: create
        # it as superuser. Its content is what the coordinator may read.
        scores = self.sudo()
        coordinators = scores.company_id.sudo()._ib_get_care_coordinators()
        by_user = defaultdict(lambda: defaultdict(lambda: scores.browse()))
        for score in scores:
            user = coordinators.get(score.company_id.id) or self.env.user
            by_user[user][score.pupil_id] |= score
        today = fields.Date.context_today(self)
        vals_list = []
        for user, by_pupil in by_user.items():
            items = []
            for pupil in sorted(by_pupil, key=lambda p: (p.name or "", p.id)):
                pupil_scores = by_pupil[pupil]
                lines = Markup("").join(
                    Markup("<li>%s</li>") % s._ib_signal_text()
                    for s in pupil_scores.sorted(lambda s: (s.scale_sequence, s.id))
                )
                items.append(
                    Markup(
                        '<li><a href="/odoo/ib.pupil/%s">%s</a> (%s, %s)'
                        "<ul>%s</ul></li>"
                    )
                    % (
                        pupil.id,
                        pupil.name,
                        pupil_scores[:1].group_id.name,
                        pupil_scores[:1].round_id.name,
                        lines,
                    )
                )
            user_env = self.with_context(lang=user.lang or self.env.lang).env
            vals_list.append(
                {
                    "user_id": user.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": today,
                    "summary": user_env._(
                        "Observation below cut-off: %(pupils)s pupil(s)",
                        pupils=len(by_pupil),
                    ),
                    "note": Markup("<ul>%s</ul>") % Markup("").join(items),
                    "automated": True,
                }
            )
        # An activity without a document: it is the coordinator's only, and Odoo
        # sends no e-mail for it; the notification below says it is there.
        activities = self.env["mail.activity"].sudo().create(vals_list)
        for activity in activities:
            if activity.user_id != self.env.user:
                env = self.with_context(lang=activity.user_id.lang or self.env.lang).env
                body = Markup("<p>%s</p>") % env._(
                    "%(author)s finished observation lists with scores below a "
                    "cut-off (%(summary)s). Open your activities in Odoo to see "
                    "them.",
                    author=self.env.user.name,
                    summary=activity.summary,
                )
                self.env["mail.thread"].sudo().message_notify(
                    partner_ids=activity.user_id.partner_id.ids,
                    subject=activity.summary,
                    body=body,
                    email_layout_xmlid="mail.mail_notification_light",
                )
