from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

KINDS = [
    ("group", "Group Plan"),
    ("action", "Action Plan"),
    ("opp", "Development Perspective Plan (OPP)"),
]
STATES = [
    ("draft", "Draft"),
    ("awaiting", "Awaiting Parents' Agreement"),
    ("active", "Active"),
    ("evaluation_due", "Evaluation Due"),
    ("evaluated", "Evaluated"),
    ("closed", "Closed"),
]
EXIT_LEVELS = [
    ("pro", "Practical Education (praktijkonderwijs)"),
    ("vmbo_bb", "VMBO Basic"),
    ("vmbo_kb", "VMBO Advanced Vocational"),
    ("vmbo_gt", "VMBO Mixed/Theoretical"),
    ("havo", "HAVO"),
    ("vwo", "VWO"),
    ("vso", "Special Secondary Education (VSO)"),
]
AGREEMENT_STATES = [
    ("none", "Not Asked"),
    ("requested", "Awaiting Parents"),
    ("agreed", "Agreed"),
    ("disagreed", "Disagreed"),
]
RUNNING_STATES = ("awaiting", "active", "evaluation_due", "evaluated")
# The action part (handelingsdeel, WPO art. 40a): what the parents agree with.
ACTION_PART_FIELDS = ("action_part", "curriculum_deviation", "no_curriculum_deviation")
# The other parts of an OPP the parents read: a change is logged and shown to them.
PARENT_INFO_FIELDS = (
    "exit_level",
    "exit_level_reasoning",
    "stimulating_factors",
    "hindering_factors",
    "educational_needs",
    "starting_situation",
    "goal_ids",
    "date_end",
)
SUBGROUPS = [
    ("basic", "Basic"),
    ("intensive", "Intensive"),
    ("very_intensive", "Very Intensive"),
]


class IbCarePlan(models.Model):
    """A plan in the HGW cycle: group plan, action plan or OPP.

    Action plans and OPPs are about one pupil (``pupil_id``); a group plan is about
    a group (``group_id``) and has no pupil: its pupils are listed per sub-group in
    ``member_ids``. ``group_id`` of a pupil plan follows the pupil's current group,
    so one teacher rule (the group's teachers) covers all three kinds.
    """

    _name = "ib.care.plan"
    _description = "Care Plan"
    _inherit = ["ib.care.mixin", "ib.care.thread.mixin", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    # Privacy policy (see ib.care.mixin): care data (a group plan has no pupil: its
    # sub-group members are ib.care.plan.member), deleted with its chatter
    # once the care data period after leaving has passed; in the pupil file export.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = True

    name = fields.Char(string="Title", required=True)
    kind = fields.Selection(KINDS, required=True, default="action", index=True)
    # A group plan has no single pupil: the mixin's pupil is optional here and
    # required for action plans and OPPs (see _check_kind_links).
    pupil_id = fields.Many2one(required=False)
    group_id = fields.Many2one(
        "ib.group",
        compute="_compute_group_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        help="The group of a group plan; for a pupil's plan: the pupil's current "
        "group (whose teachers see the plan).",
    )
    company_id = fields.Many2one(
        "res.company",
        related=False,
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        required=True,
    )
    state = fields.Selection(
        STATES,
        string="Status",
        required=True,
        default="draft",
        index=True,
        tracking=True,
        copy=False,
        group_expand="_group_expand_states",
    )
    responsible_user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        index=True,
        help="Gets the activity for the evaluation.",
    )
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End")
    evaluation_date = fields.Date(index=True)
    evaluation_overdue = fields.Boolean(
        compute="_compute_evaluation_overdue",
        search="_search_evaluation_overdue",
    )
    support_request_id = fields.Many2one(
        "ib.support.request",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    previous_plan_id = fields.Many2one(
        "ib.care.plan",
        string="Continues",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
    )
    # HGW cycle
    starting_situation = fields.Html(
        help="Where the pupil or group stands now, including relevant test results."
    )
    educational_needs = fields.Html()
    stimulating_factors = fields.Html()
    hindering_factors = fields.Html()
    evaluation = fields.Html()
    goal_ids = fields.One2many(
        "ib.care.plan.goal", "plan_id", string="Goals", copy=True
    )
    approach_line_ids = fields.One2many(
        "ib.care.plan.approach", "plan_id", string="Approach", copy=True
    )
    member_ids = fields.One2many(
        "ib.care.plan.member", "plan_id", string="Sub-groups", copy=True
    )
    # OPP (ontwikkelingsperspectiefplan)
    exit_level = fields.Selection(
        EXIT_LEVELS,
        string="Expected Exit Level",
        help="The expected level of secondary education (uitstroomniveau).",
    )
    exit_level_reasoning = fields.Html(
        string="Reasoning",
        help="Why this exit level: from the stimulating and hindering factors.",
    )
    action_part = fields.Html(
        help="The action part (handelingsdeel): the support and any deviation from "
        "the normal programme. The parents' agreement is asked for this part; "
        "changing it after their answer asks for their agreement again.",
    )
    curriculum_deviation = fields.Html(
        string="Deviations from the Programme",
        help="Part of the action part: where the pupil deviates from the normal "
        "educational programme (afwijkingen van het onderwijsprogramma).",
    )
    no_curriculum_deviation = fields.Boolean(
        string="No Deviation from the Programme",
        help="The pupil follows the normal programme: the OPP states so instead of "
        "listing deviations.",
    )
    parents_consultation_date = fields.Date(
        string="Parents Consulted On",
        copy=False,
        help="The consultation with the parents aimed at agreement (op "
        "overeenstemming gericht overleg) before the OPP is adopted.",
    )
    parents_consultation_note = fields.Text(
        string="Consultation with the Parents",
        copy=False,
        help="What was discussed with the parents, and their view.",
    )
    agreed_version_note = fields.Char(
        string="Answered Version By",
        readonly=True,
        copy=False,
        help="Who answered the version kept in Answered Version, and when: it "
        "stays readable while the parents are asked again.",
    )
    parents_change_log = fields.Text(
        string="Changes Shown to the Parents",
        readonly=True,
        copy=False,
        help="The parts of the OPP changed after the parents agreed; the parents "
        "see this list in the portal.",
    )
    parents_evaluation_overdue = fields.Boolean(
        string="Evaluation with Parents Overdue",
        compute="_compute_parents_evaluation_overdue",
        search="_search_parents_evaluation_overdue",
        help="The yearly evaluation of the OPP with the parents is past due.",
    )
    request_analysis = fields.Html(
        string="Analysis of the Support Request",
        copy=True,
        help="The question behind the question, what was tried with what effect, "
        "the hypothesis and the agreed next step, from the support request this "
        "plan was drawn up for.",
    )
    share_with_parents = fields.Boolean(
        string="Shared with Parents",
        copy=False,
        help="The parents with portal access see this OPP in the portal and can "
        "agree or disagree with its action part.",
    )
    agreement_state = fields.Selection(
        AGREEMENT_STATES,
        string="Parents' Agreement",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    agreement_partner_id = fields.Many2one(
        "res.partner", string="Answered By", readonly=True, copy=False
    )
    agreement_date = fields.Datetime(string="Answered On", readonly=True, copy=False)
    agreement_signed_by = fields.Char(string="Signed By", readonly=True, copy=False)
    agreement_signature = fields.Image(
        string="Signature",
        readonly=True,
        copy=False,
        attachment=True,
        max_width=1024,
        max_height=1024,
        groups="base.group_user",
    )
    agreement_comment = fields.Text(
        string="Parents' Comment", readonly=True, copy=False
    )
    support_start_date = fields.Date(
        string="Extra Support Since",
        help="Start of the extra support: the OPP is drawn up within six weeks.",
    )
    opp_missing = fields.Text(
        string="Missing for the Law",
        compute="_compute_opp_missing",
        store=True,
        help="What this OPP lacks of the legal content rules.",
    )
    opp_compliant = fields.Boolean(
        string="OPP Complete",
        compute="_compute_opp_missing",
        store=True,
        index=True,
    )
    agreement_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Answered Version",
        readonly=True,
        copy=False,
        help="The PDF of the OPP as it was when the parents answered.",
    )
    parent_evaluation_ids = fields.One2many(
        "ib.care.plan.parent.evaluation",
        "plan_id",
        string="Evaluations with Parents",
        copy=False,
    )
    guardian_partner_ids = fields.Many2many(
        "res.partner",
        compute="_compute_guardian_partner_ids",
        string="Parents",
        help="Technical: the pupil's guardians, who can take part in the yearly "
        "evaluation.",
    )
    parents_evaluation_date = fields.Date(
        string="Last Evaluated with Parents",
        compute="_compute_parents_evaluation",
        store=True,
    )
    parents_evaluation_due = fields.Date(
        string="Next Evaluation with Parents",
        compute="_compute_parents_evaluation",
        store=True,
        index="btree_not_null",
        help="The law asks for an evaluation of the OPP with the parents every "
        "year: a year after the last one, or after the parents' agreement.",
    )
    goal_count = fields.Integer(compute="_compute_goal_count", string="Goals #")
    # Version check: two people editing the same plan never overwrite each other.
    ib_version = fields.Integer(string="Version", default=1, readonly=True, copy=False)
    ib_edit_token = fields.Char(
        compute="_compute_ib_edit_token",
        inverse="_inverse_ib_edit_token",
        string="Edited Version",
        help="Technical: the version a form was loaded with, sent with its changes "
        "on save (static/src/js/ib_version_check.js).",
    )

    # ------------------------------------------------------------- computes
    @api.depends("pupil_id.group_id")
    def _compute_group_id(self):
        for plan in self:
            plan.group_id = plan.pupil_id.group_id or plan.group_id

    @api.depends("pupil_id.company_id", "group_id.company_id")
    def _compute_company_id(self):
        for plan in self:
            plan.company_id = (
                plan.pupil_id.company_id or plan.group_id.company_id or plan.company_id
            )

    @api.depends("state", "evaluation_date")
    @api.depends_context("tz")
    def _compute_evaluation_overdue(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.evaluation_overdue = bool(
                plan.state in ("active", "evaluation_due")
                and plan.evaluation_date
                and plan.evaluation_date < today
            )

    def _search_evaluation_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = self._ib_overdue_domain()
        return domain if True in value else ["!", *domain]

    @api.model
    def _ib_overdue_domain(self):
        today = fields.Date.context_today(self)
        return [
            ("state", "in", ("active", "evaluation_due")),
            ("evaluation_date", "<", today),
        ]

    @api.depends("pupil_id.guardian_ids.partner_id")
    def _compute_guardian_partner_ids(self):
        for plan in self:
            plan.guardian_partner_ids = plan.pupil_id.guardian_ids.partner_id

    @api.depends("kind", "date_start", "agreement_date", "parent_evaluation_ids.date")
    def _compute_parents_evaluation(self):
        for plan in self:
            if plan.kind != "opp":
                plan.parents_evaluation_date = False
                plan.parents_evaluation_due = False
                continue
            last = max(plan.parent_evaluation_ids.mapped("date"), default=False)
            since = (
                last
                or (plan.agreement_date and plan.agreement_date.date())
                or plan.date_start
            )
            plan.parents_evaluation_date = last
            plan.parents_evaluation_due = since and since + relativedelta(years=1)

    @api.depends("kind", "state", "parents_evaluation_due")
    @api.depends_context("tz")
    def _compute_parents_evaluation_overdue(self):
        today = fields.Date.context_today(self)
        for plan in self:
            plan.parents_evaluation_overdue = bool(
                plan.kind == "opp"
                and plan.state in RUNNING_STATES
                and plan.parents_evaluation_due
                and plan.parents_evaluation_due < today
            )

    def _search_parents_evaluation_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        today = fields.Date.context_today(self)
        domain = [
            ("kind", "=", "opp"),
            ("state", "in", RUNNING_STATES),
            ("parents_evaluation_due", "<", today),
        ]
        return domain if True in value else ["!", *domain]

    def _ib_opp_legal_missing(self):
        """The parts WPO art. 40a requires before an OPP is adopted, that this
        OPP lacks (readme: "Rules this addon enforces")."""
        self.ensure_one()

        def empty(html):
            return not tools.html2plaintext(html or "").strip()

        missing = []
        if not self.exit_level:
            missing.append(self.env._("the expected exit level"))
        if empty(self.exit_level_reasoning):
            missing.append(self.env._("the reasoning of the exit level"))
        if empty(self.stimulating_factors) or empty(self.hindering_factors):
            missing.append(self.env._("the stimulating and hindering factors"))
        if empty(self.action_part):
            missing.append(self.env._("the support and assistance (action part)"))
        if empty(self.curriculum_deviation) and not self.no_curriculum_deviation:
            missing.append(
                self.env._("the deviations from the programme (or that there are none)")
            )
        if (
            not self.parents_consultation_date
            or not (self.parents_consultation_note or "").strip()
        ):
            missing.append(
                self.env._("the consultation with the parents (date and note)")
            )
        if self.agreement_state != "agreed":
            missing.append(self.env._("the parents' agreement with the action part"))
        return missing

    @api.depends(
        "kind",
        "state",
        "parents_evaluation_due",
        "curriculum_deviation",
        "no_curriculum_deviation",
        "parents_consultation_date",
        "parents_consultation_note",
        "exit_level",
        "exit_level_reasoning",
        "stimulating_factors",
        "hindering_factors",
        "action_part",
        "agreement_state",
        "support_start_date",
        "date_start",
    )
    def _compute_opp_missing(self):
        # stored though it depends on the date: the daily job recomputes the
        # OPPs whose yearly evaluation has fallen due (_cron_evaluation_due)
        today = fields.Date.context_today(self)

        for plan in self:
            if plan.kind != "opp":
                plan.opp_missing = False
                plan.opp_compliant = False
                continue
            missing = plan._ib_opp_legal_missing()
            if (
                plan.state in RUNNING_STATES
                and plan.parents_evaluation_due
                and plan.parents_evaluation_due < today
            ):
                missing.append(self.env._("a yearly evaluation with the parents"))
            if not plan.support_start_date:
                missing.append(self.env._("the start date of the extra support"))
            elif plan.date_start > plan.support_start_date + relativedelta(weeks=6):
                missing.append(
                    self.env._("drawn up within six weeks after the support started")
                )
            plan.opp_missing = "\n".join(missing) or False
            plan.opp_compliant = not missing

    def _compute_goal_count(self):
        counts = self._ib_count_linked("ib.care.plan.goal", "plan_id")
        for plan in self:
            plan.goal_count = counts.get(plan.id, 0)

    def _compute_ib_edit_token(self):
        for plan in self:
            plan.ib_edit_token = False

    def _inverse_ib_edit_token(self):
        # checked in write(), before anything is stored
        return

    def _group_expand_states(self, states, domain):
        return [key for key, _label in STATES]

    @api.model
    def _ib_access_fields(self):
        return super()._ib_access_fields() | {"group_id"}

    # ----------------------------------------------------------- constraints
    @api.constrains("kind", "pupil_id", "group_id")
    def _check_kind_links(self):
        for plan in self:
            if plan.kind == "group" and not plan.group_id:
                raise ValidationError(
                    self.env._("Group plan %s needs a group.", plan.name)
                )
            if plan.kind == "group" and plan.pupil_id:
                raise ValidationError(
                    self.env._(
                        "Group plan %s is about a group, not one pupil: list its "
                        "pupils in the sub-groups.",
                        plan.name,
                    )
                )
            if plan.kind != "group" and not plan.pupil_id:
                raise ValidationError(
                    self.env._(
                        "An action plan or OPP is about one pupil: %s has none.",
                        plan.name,
                    )
                )

    @api.constrains("pupil_id", "group_id")
    def _check_pupils_in_group(self):
        """The teachers of a plan's group read the plan: its group is one the
        pupil is (or was) in, and a group plan's sub-groups hold pupils of that
        group only. Otherwise a plan could be filed under a group whose teachers
        do not teach the pupil (security.md, pitfall 10)."""
        # sudo: a check of the links just written (the user could read the
        # plan, its pupil and its members before the write); nothing is returned
        plans = self.sudo().filtered("group_id")
        pupils = plans.pupil_id | plans.member_ids.pupil_id
        memberships = (
            self.env["ib.group.membership"]
            .sudo()
            .search_fetch(
                [
                    ("pupil_id", "in", pupils.ids),
                    ("group_id", "in", plans.group_id.ids),
                ],
                ["pupil_id", "group_id"],
            )
        )
        allowed = {(m.pupil_id.id, m.group_id.id) for m in memberships}
        for plan in plans:
            for pupil in plan.pupil_id | plan.member_ids.pupil_id:
                if (pupil.id, plan.group_id.id) not in allowed:
                    raise ValidationError(
                        self.env._(
                            "%(pupil)s is not in %(group)s: plan %(plan)s can only "
                            "be filed under a group of its pupils.",
                            pupil=pupil.name,
                            group=plan.group_id.display_name,
                            plan=plan.name,
                        )
                    )

    @api.constrains("date_start", "date_end", "evaluation_date")
    def _check_dates(self):
        for plan in self:
            if plan.date_end and plan.date_end < plan.date_start:
                raise ValidationError(
                    self.env._("Plan %s ends before it starts.", plan.name)
                )
            if plan.evaluation_date and plan.evaluation_date < plan.date_start:
                raise ValidationError(
                    self.env._(
                        "The evaluation of plan %s is planned before its start.",
                        plan.name,
                    )
                )

    # ------------------------------------------------------------------ ORM
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.pop("ib_edit_token", None)
        plans = super().create(vals_list)
        plans.filtered(
            lambda p: p.pupil_id and not p.starting_situation
        )._ib_pull_results()
        return plans

    def write(self, vals):
        token = vals.pop("ib_edit_token", None)
        if token:
            self._ib_check_version(token)
        if set(vals) - {"message_main_attachment_id"}:
            self._ib_bump_version()
        renewed = self.browse()
        if set(vals) & set(ACTION_PART_FIELDS) and "agreement_state" not in vals:
            renewed = self.filtered(
                lambda p: (
                    p.kind == "opp" and p.agreement_state in ("agreed", "disagreed")
                )
            )
        informed = self.browse()
        if set(vals) & set(PARENT_INFO_FIELDS):
            informed = self.filtered(
                lambda p: p.kind == "opp" and p.agreement_state == "agreed"
            )
        result = super().write(vals)
        if renewed:
            renewed._ib_ask_agreement_again()
        if informed - renewed:
            (informed - renewed)._ib_log_parent_info_change(vals)
        if "evaluation_date" in vals or "responsible_user_id" in vals:
            self.filtered(
                lambda p: p.state in ("active", "evaluation_due")
            )._ib_schedule_evaluation()
        return result

    def _ib_check_version(self, token):
        """Refuse to save a form loaded before someone else saved the plan."""
        try:
            loaded = int(token)
        except ValueError:
            loaded = 0
        # the stored version, not what this transaction may hold in cache
        self.invalidate_recordset(["ib_version"])
        for plan in self:
            if plan.ib_version != loaded:
                raise UserError(
                    self.env._(
                        "Plan %(plan)s was changed by %(user)s since you opened it. "
                        "Your changes were not saved, so nothing of theirs is lost: "
                        "reload the plan (your changes are discarded) and make your "
                        "changes again.",
                        plan=plan.name,
                        user=plan.write_uid.name,
                    )
                )

    def _ib_bump_version(self):
        if not self.ids:
            return
        # one statement for all plans; the row lock taken here makes a concurrent
        # save wait and then see the new version
        self.env.cr.execute(
            "UPDATE ib_care_plan SET ib_version = ib_version + 1 WHERE id IN %s",
            [tuple(self.ids)],
        )
        self.invalidate_recordset(["ib_version"])

    # -------------------------------------------------------------- results
    def _ib_pull_results(self):
        """Add the pupil's latest test result per domain to the starting situation."""
        pupils = self.pupil_id
        if not pupils:
            return
        Result = self.env["ib.assessment.result"]
        if not Result.has_access("read"):
            return
        results = Result.search(
            [("pupil_id", "in", pupils.ids)], order="date desc, id desc"
        )
        latest = {}
        for result in results:
            latest.setdefault((result.pupil_id.id, result.domain), result)
        # in the reader's language: translated domain names, "2 december 2026",
        # "34" and "12,5" for a Dutch user
        domain_labels = dict(Result._fields["domain"]._description_selection(self.env))
        for plan in self.filtered("pupil_id"):
            rows = [
                result
                for (pupil_id, _domain), result in latest.items()
                if pupil_id == plan.pupil_id.id
            ]
            if not rows:
                continue
            lines = Markup("").join(
                Markup("<li>{}: {} ({}, {}) {}</li>").format(
                    domain_labels.get(r.domain, r.domain or ""),
                    r.assessment_id.name,
                    tools.format_date(self.env, r.date, date_format="long")
                    if r.date
                    else "",
                    self._ib_format_score(r.score),
                    r.level_label or "",
                )
                for r in sorted(rows, key=lambda r: r.domain or "")
            )
            block = Markup("<p>{}</p><ul>{}</ul>").format(
                escape(self.env._("Latest test results:")), lines
            )
            plan.starting_situation = (plan.starting_situation or Markup("")) + block

    def _ib_format_score(self, value):
        """A score as a reader writes it: no ".0", a decimal comma in Dutch."""
        if value is False or value is None:
            return ""
        if float(value).is_integer():
            return str(int(value))
        text = tools.formatLang(self.env, value, digits=2, grouping=False)
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        point = lang.decimal_point or "."
        return text.rstrip("0").rstrip(point)

    def action_pull_results(self):
        self.check_access("write")
        self._ib_pull_results()
        return True

    # ------------------------------------------------------------- agreement
    def _ib_ask_agreement_again(self):
        """The action part changed after the parents answered: ask again.

        A running OPP goes back to "awaiting the parents' agreement" (it becomes
        active again when they agree). The version they answered stays on the
        plan (``agreement_attachment_id``, with ``agreed_version_note``), for the
        school and the parents."""
        running = self.filtered(lambda p: p.state in ("active", "evaluation_due"))
        super(IbCarePlan, running).write({"state": "awaiting"})
        super().write(
            {
                "agreement_state": "requested",
                "share_with_parents": True,
                "agreement_partner_id": False,
                "agreement_date": False,
                "agreement_signed_by": False,
                "agreement_signature": False,
                "agreement_comment": False,
            }
        )
        for plan in self:
            plan.message_post(
                body=self.env._(
                    "The action part changed after the parents answered: their "
                    "agreement is asked again."
                ),
                subtype_xmlid="mail.mt_note",
            )
            plan._ib_ask_parents_activity()
        return True

    def _ib_ask_parents_activity(self):
        """A to-do for the responsible: ask the parents (portal) to answer."""
        self.ensure_one()
        user = self.responsible_user_id or self.company_id._ib_signal_user()
        self.activity_schedule(
            act_type_xmlid="mail.mail_activity_data_todo",
            summary=self.env._("Ask the parents to agree with the OPP again"),
            user_id=user.id,
        )

    def _ib_log_parent_info_change(self, vals):
        """A part other than the action part changed after the parents agreed:
        logged in the chatter and listed for the parents (no new agreement)."""
        labels = ", ".join(
            self._fields[fname]._description_string(self.env)
            for fname in PARENT_INFO_FIELDS
            if fname in vals
        )
        today = fields.Date.to_string(fields.Date.context_today(self))
        line = self.env._("%(date)s: changed %(parts)s", date=today, parts=labels)
        # one write per distinct log (mostly one plan, saved from its form)
        for log, plans in self.grouped("parents_change_log").items():
            super(IbCarePlan, plans).write(
                {"parents_change_log": "\n".join(filter(None, [log, line]))}
            )
        for plan in self:
            plan.message_post(
                body=self.env._(
                    "Changed after the parents' agreement (shown to the parents, "
                    "no new agreement needed): %s.",
                    labels,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def action_request_agreement(self):
        """Share the OPP with the parents and ask their agreement."""
        self.check_access("write")
        for plan in self:
            if plan.kind != "opp":
                raise UserError(
                    self.env._("Only an OPP asks for the parents' agreement.")
                )
            if not plan.action_part:
                raise UserError(
                    self.env._(
                        "OPP %s has no action part yet: the parents agree with "
                        "the action part.",
                        plan.name,
                    )
                )
            if plan.agreement_state == "agreed":
                raise UserError(
                    self.env._("The parents already agreed with OPP %s.", plan.name)
                )
        self.write({"share_with_parents": True, "agreement_state": "requested"})
        return True

    def _ib_portal_can_answer(self, partner):
        """Whether ``partner`` (a parent) may answer the agreement request now:
        a guardian with parental authority and portal access."""
        self.ensure_one()
        if (
            self.kind != "opp"
            or not self.share_with_parents
            or self.agreement_state != "requested"
        ):
            return False
        return bool(
            self.pupil_id.guardian_ids.filtered(
                lambda g: (
                    g.partner_id == partner and g.portal_access and g.parental_authority
                )
            )
        )

    def _ib_record_agreement(
        self, partner, agreed, signed_by=False, signature=False, comment=False
    ):
        """Record the parents' answer (called by the portal after its checks)."""
        self.ensure_one()
        if not self._ib_portal_can_answer(partner):
            raise UserError(self.env._("This plan does not wait for your agreement."))
        self.write(
            {
                "agreement_state": "agreed" if agreed else "disagreed",
                "agreement_partner_id": partner.id,
                "agreement_date": fields.Datetime.now(),
                "agreement_signed_by": signed_by,
                "agreement_signature": signature,
                "agreement_comment": comment,
            }
        )
        body = (
            self.env._("%s agreed with the action part.", partner.name)
            if agreed
            else self.env._("%s disagreed with the action part.", partner.name)
        )
        # the PDF goes with the message (not as an existing attachment id, which
        # mail drops when the poster is a portal user)
        message = self.message_post(
            body=body,
            subtype_xmlid="mail.mt_note",
            attachments=[self._ib_answered_version(agreed)],
        )
        today = fields.Date.to_string(fields.Date.context_today(self))
        super().write(
            {
                "agreement_attachment_id": message.attachment_ids[:1].id,
                "agreed_version_note": (
                    self.env._(
                        "Agreed by %(name)s on %(date)s",
                        name=signed_by or partner.name,
                        date=today,
                    )
                    if agreed
                    else self.env._(
                        "Disagreed by %(name)s on %(date)s",
                        name=partner.name,
                        date=today,
                    )
                ),
            }
        )
        if agreed and self.state == "awaiting":
            # asked again after a change of the action part: active again
            super().write({"state": "active", "parents_change_log": False})
            self.message_post(
                body=self.env._("The OPP is active again with the parents' agreement."),
                subtype_xmlid="mail.mt_note",
            )
        elif agreed:
            super().write({"parents_change_log": False})
        if not agreed:
            user = self.responsible_user_id or self.company_id._ib_signal_user()
            self.activity_schedule(
                act_type_xmlid="mail.mail_activity_data_todo",
                summary=self.env._("Parents disagree with the OPP"),
                note=comment or False,
                user_id=user.id,
            )
        return True

    def _ib_answered_version(self, agreed):
        """The OPP as the parents answered it, as ``(file name, content)``: kept
        on the plan so the version they agreed (or disagreed) with stays
        readable whatever is changed later."""
        self.ensure_one()
        report = self.env.ref("ib_care_plans.ib_care_plan_report_action")
        try:
            content, report_type = report._render_qweb_pdf(report.report_name, self.ids)
        except (UserError, OSError):
            # no PDF engine on this server: the parents' answer must not be lost
            # to it, so the version they answered is kept as HTML instead
            content, report_type = report._render_qweb_html(
                report.report_name, self.ids
            )
        label = (
            self.env._("agreed version") if agreed else self.env._("disagreed version")
        )
        today = fields.Date.context_today(self)
        extension = report_type if report_type in ("pdf", "html") else "pdf"
        return (f"{self.name} - {label} - {today}.{extension}", content)

    def _ib_plan_url(self):
        """The address printed as QR code on the plan's PDF: it opens the plan
        in the backend for staff and in the portal for a parent
        (controllers/plan_portal.py)."""
        self.ensure_one()
        return f"{self.get_base_url()}/ib/plan/{self.id}"

    def action_print(self):
        self.check_access("read")
        return self.env.ref("ib_care_plans.ib_care_plan_report_action").report_action(
            self
        )

    # ---------------------------------------------------------------- states
    def _ib_check_state(self, allowed, action_label):
        plan, state = self._ib_wrong_state(allowed)
        if plan:
            raise UserError(
                self.env._(
                    "Plan %(plan)s cannot be %(action)s in status %(state)s.",
                    plan=plan.name,
                    action=action_label,
                    state=state,
                )
            )

    def action_activate(self):
        self.check_access("write")
        self._ib_check_state({"draft"}, self.env._("activated"))
        for plan in self:
            if not plan.goal_ids:
                raise UserError(
                    self.env._("Plan %s has no goals yet: add them first.", plan.name)
                )
            if not plan.evaluation_date:
                raise UserError(
                    self.env._(
                        "Plan %s has no evaluation date: plan the evaluation first.",
                        plan.name,
                    )
                )
        for plan in self.filtered(lambda p: p.kind == "opp"):
            missing = plan._ib_opp_legal_missing()
            if missing:
                raise UserError(
                    self.env._(
                        "OPP %(plan)s cannot become active: the law (WPO art. 40a) "
                        "requires %(missing)s.",
                        plan=plan.name,
                        missing="; ".join(missing),
                    )
                )
        self.write({"state": "active"})
        self._ib_schedule_evaluation()
        for plan in self.filtered(lambda p: p.kind == "opp"):
            plan.activity_schedule(
                act_type_xmlid="ib_care_plans.mail_activity_type_opp_parents",
                date_deadline=plan.date_start + relativedelta(years=1),
                user_id=(plan.responsible_user_id or self.env.user).id,
            )
        return True

    def action_evaluated(self):
        self.check_access("write")
        self._ib_check_state({"active", "evaluation_due"}, self.env._("evaluated"))
        for plan in self:
            if plan.goal_ids.filtered(lambda g: not g.result):
                raise UserError(
                    self.env._(
                        "Plan %s: record for every goal whether it was achieved.",
                        plan.name,
                    )
                )
        self.write({"state": "evaluated"})
        self._ib_done_evaluation_activities()
        return True

    def action_close(self):
        self.check_access("write")
        self._ib_check_state({"evaluated"}, self.env._("closed"))
        self.write({"state": "closed"})
        return True

    def action_reset_draft(self):
        self.check_access("write")
        self._ib_check_state(
            {"awaiting", "active", "evaluation_due"}, self.env._("reset")
        )
        self.write({"state": "draft"})
        self._ib_done_evaluation_activities()
        return True

    def action_continue(self):
        """Close an evaluated plan and continue it in a new draft plan."""
        self.ensure_one()
        self.check_access("write")
        self._ib_check_state({"evaluated"}, self.env._("continued"))
        new_plan = self.copy(
            {
                "name": self.env._("%s (continued)", self.name),
                "previous_plan_id": self.id,
                "date_start": fields.Date.context_today(self),
                "date_end": False,
                "evaluation_date": False,
                "evaluation": False,
                "support_request_id": self.support_request_id.id,
            }
        )
        new_plan.goal_ids.write({"result": False, "result_comment": False})
        self.write({"state": "closed"})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new_plan.id,
            "view_mode": "form",
        }

    # ----------------------------------------------------------- activities
    def _ib_schedule_evaluation(self):
        activity_type = self.env.ref("ib_care_plans.mail_activity_type_plan_evaluation")
        self._ib_done_evaluation_activities(unlink=True)
        for plan in self.filtered("evaluation_date"):
            user = plan.responsible_user_id or self.env.user
            plan.activity_schedule(
                act_type_xmlid="ib_care_plans.mail_activity_type_plan_evaluation",
                date_deadline=plan.evaluation_date,
                summary=activity_type.summary,
                user_id=user.id,
            )

    def _ib_done_evaluation_activities(self, unlink=False):
        activities = self.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("ib_care_plans.mail_activity_type_plan_evaluation")
            )
        )
        if unlink:
            activities.unlink()
        else:
            activities.action_feedback(feedback=self.env._("Plan evaluated."))

    @api.model
    def _cron_evaluation_due(self):
        """Active plans whose evaluation date has come are due for evaluation."""
        today = fields.Date.context_today(self)
        plans = self.search(
            [("state", "=", "active"), ("evaluation_date", "<=", today)]
        )
        plans.write({"state": "evaluation_due"})
        self._ib_recompute_yearly_check()
        return len(plans)

    @api.model
    def _ib_recompute_yearly_check(self):
        """OPPs whose yearly evaluation with the parents fell due since the
        check was stored get it recomputed (the rest of the check follows edits)."""
        today = fields.Date.context_today(self)
        opps = self.search(
            [
                ("kind", "=", "opp"),
                ("state", "in", RUNNING_STATES),
                ("parents_evaluation_due", "<", today),
            ]
        )
        if opps:
            self.env.add_to_compute(self._fields["opp_missing"], opps)
            self.env.add_to_compute(self._fields["opp_compliant"], opps)
            opps.flush_recordset(["opp_missing", "opp_compliant"])
        return opps
