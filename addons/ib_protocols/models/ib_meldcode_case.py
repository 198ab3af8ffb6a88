from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.ib_core.models.ib_pupil_access_mixin import _INNER_READ

# The five steps of the meldcode (Wet verplichte meldcode huiselijk geweld en
# kindermishandeling), in order: the date that completes each step and the
# other fields that belong to it. A step's fields may only be filled in once the
# previous step has its date.
STEPS = (
    ("signals_date", ("signals_notes",)),
    (
        "consultation_date",
        ("consultation_notes", "veilig_thuis_date", "veilig_thuis_advice"),
    ),
    ("conversation_date", ("conversation_notes",)),
    ("weighing_date", ("acute_unsafety", "structural_unsafety", "weighing_notes")),
    ("decision_date", ("decision", "decision_notes")),
)
STEP_FIELDS = frozenset(
    name for date_field, others in STEPS for name in (date_field, *others)
)
STATES = [
    ("signals", "1. Map Signals"),
    ("consultation", "2. Consultation and Veilig Thuis"),
    ("conversation", "3. Conversation with Child/Parents"),
    ("weighing", "4. Weighing"),
    ("decision", "5. Decision"),
    ("closed", "Closed"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]
DECISIONS = [
    ("report", "Report to Veilig Thuis"),
    ("help", "Provide or Organise Help"),
    ("none", "No Further Action"),
]


class IbMeldcodeCase(models.Model):
    """A case under the meldcode for domestic violence and child abuse.

    A register of its own, separate from the pupil file: not on the pupil form,
    not in the pupil file export, not in the parents' portal; only the school's
    care coordinator (who runs it) and director (who reads it) reach it. Every
    read of a case is written to the pupil access log (form, RPC read, list,
    export). The five steps are completed in order; the decision needs the
    weighing of step 4.
    """

    _name = "ib.meldcode.case"
    _description = "Meldcode Case"
    _inherit = [
        "ib.care.mixin",
        "ib.care.thread.mixin",
        "mail.activity.mixin",
        "ib.protocol.year.mixin",
    ]
    _order = "date_opened desc, id desc"
    _ib_year_date_field = "date_opened"
    # Privacy policy (see ib.care.mixin): care data, deleted with its chatter,
    # activities and attachments once the school's care data period after the
    # pupil's leaving has passed (the meldcode law sets no term of its own; the
    # AVG's "no longer than necessary" and the school's period apply). Never in
    # the pupil file export: the register is separate from the file.
    _ib_retention_class = "care"
    _ib_retention = "delete"
    _ib_file_export = False

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    date_opened = fields.Date(
        string="Opened On", required=True, default=fields.Date.context_today
    )
    coordinator_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        help="The care coordinator (aandachtsfunctionaris) who runs the case.",
    )
    state = fields.Selection(
        STATES,
        string="Step",
        compute="_compute_state",
        store=True,
        index=True,
        readonly=True,
        help="The step the case is in, set by the dates of the steps done.",
    )
    # Step 1
    signals_date = fields.Date(string="Signals Mapped On")
    signals_notes = fields.Text(string="Signals")
    # Step 2
    consultation_date = fields.Date(string="Consultation On")
    consultation_notes = fields.Text(string="Collegial Consultation")
    veilig_thuis_date = fields.Date(
        string="Veilig Thuis Consulted On",
        help="Asking Veilig Thuis for advice is mandatory in step 2.",
    )
    veilig_thuis_advice = fields.Text(string="Advice of Veilig Thuis")
    # Step 3
    conversation_date = fields.Date(string="Conversation On")
    conversation_notes = fields.Text(string="Conversation with Child/Parents")
    # Step 4
    weighing_date = fields.Date(string="Weighed On")
    acute_unsafety = fields.Selection(
        YES_NO,
        string="Suspicion of Acute Unsafety",
        help="Assessment framework: is there a suspicion of acute unsafety?",
    )
    structural_unsafety = fields.Selection(
        YES_NO,
        string="Suspicion of Structural Unsafety",
        help="Assessment framework: is there a suspicion of structural unsafety?",
    )
    weighing_notes = fields.Text(string="Weighing")
    # Step 5
    decision_date = fields.Date(string="Decided On")
    decision = fields.Selection(DECISIONS)
    decision_notes = fields.Text(string="Reasons for the Decision")

    @api.depends(*(date_field for date_field, _others in STEPS), "decision")
    def _compute_state(self):
        order = [code for code, _label in STATES]
        for case in self:
            done = 0
            for date_field, _others in STEPS:
                if not case[date_field]:
                    break
                done += 1
            case.state = order[done]

    # ---------------------------------------------------------------- steps
    @api.constrains(*STEP_FIELDS)
    def _check_step_order(self):
        for case in self:
            previous_date = case.date_opened
            previous_label = self._fields["date_opened"].get_description(self.env)[
                "string"
            ]
            for index, (date_field, others) in enumerate(STEPS):
                started = any(case[name] for name in (date_field, *others))
                if started and not previous_date:
                    raise ValidationError(
                        self.env._(
                            "Case %(case)s: step %(step)s cannot be recorded "
                            "before step %(previous)s is completed (%(field)s).",
                            case=case.name,
                            step=index + 1,
                            previous=index,
                            field=previous_label,
                        )
                    )
                if case[date_field] and case[date_field] < previous_date:
                    raise ValidationError(
                        self.env._(
                            "Case %(case)s: step %(step)s cannot be dated before "
                            "%(field)s (%(date)s).",
                            case=case.name,
                            step=index + 1,
                            field=previous_label,
                            date=previous_date,
                        )
                    )
                previous_date = case[date_field]
                previous_label = self._fields[date_field].get_description(self.env)[
                    "string"
                ]
            if case.consultation_date and not case.veilig_thuis_date:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s: step 2 is completed only once Veilig "
                        "Thuis has been consulted (mandatory advice).",
                        case=case.name,
                    )
                )
            if case.weighing_date and not (
                case.acute_unsafety and case.structural_unsafety
            ):
                raise ValidationError(
                    self.env._(
                        "Case %(case)s: the weighing of step 4 answers both "
                        "questions of the assessment framework: is there a "
                        "suspicion of acute unsafety, and of structural unsafety?",
                        case=case.name,
                    )
                )
            if bool(case.decision) != bool(case.decision_date):
                raise ValidationError(
                    self.env._(
                        "Case %(case)s: the decision of step 5 needs both the "
                        "decision and its date.",
                        case=case.name,
                    )
                )
            if case.decision == "none" and "yes" in (
                case.acute_unsafety,
                case.structural_unsafety,
            ):
                raise ValidationError(
                    self.env._(
                        "Case %(case)s: with a suspicion of acute or structural "
                        'unsafety the decision cannot be "no further action": '
                        "report to Veilig Thuis.",
                        case=case.name,
                    )
                )

    # ------------------------------------------------------------- create/write
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._ib_refuse_state(vals)
        cases = super().create(vals_list)
        for case in cases.filtered(lambda c: c.name == "/"):
            case.name = (
                self.env["ir.sequence"]
                .with_company(case.company_id)
                .next_by_code("ib.meldcode.case")
                or "/"
            )
        return cases

    def write(self, vals):
        self._ib_refuse_state(vals)
        return super().write(vals)

    def _ib_refuse_state(self, vals):
        if "state" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "The step of a meldcode case follows from the dates of its "
                    "steps: it cannot be set directly."
                )
            )

    # ------------------------------------------------------------- access log
    # Every read of a case is logged (not only opening the form, which
    # ib.pupil.access.mixin logs): RPC read, search_read and the list.
    @staticmethod
    def _ib_reads_content(fnames):
        return fnames is None or bool(set(fnames) - {"id", "display_name"})

    def _ib_log_read(self, fnames):
        if self and not self.env.su and self._ib_reads_content(fnames):
            self.env["ib.pupil.access.log"]._ib_log_access(self, "read")

    def read(self, fields=None, load="_classic_read"):
        result = super().read(fields, load=load)
        if not _INNER_READ.get():
            self._ib_log_read(fields)
        return result

    @api.model
    def search_read(
        self, domain=None, fields=None, offset=0, limit=None, order=None, **kwargs
    ):
        result = super().search_read(
            domain, fields, offset=offset, limit=limit, order=order, **kwargs
        )
        self.browse([row["id"] for row in result])._ib_log_read(fields)
        return result

    @api.model
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        result = super().web_search_read(
            domain,
            specification,
            offset=offset,
            limit=limit,
            order=order,
            count_limit=count_limit,
        )
        self.browse([row["id"] for row in result["records"]])._ib_log_read(
            list(specification)
        )
        return result

    web_search_read._readonly = False

    def web_read(self, specification):
        result = super().web_read(specification)
        if len(self) > 1 and not _INNER_READ.get():
            # one record is a form opening, logged by ib.pupil.access.mixin
            self._ib_log_read(list(specification))
        return result
