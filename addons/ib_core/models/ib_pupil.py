from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

LEAVING_DESTINATIONS = [
    ("primary", "Other primary school"),
    ("sbo", "Special primary education (SBO)"),
    ("so", "Special education (SO)"),
    ("vo", "Secondary education (VO)"),
    ("moved", "Moved abroad"),
    ("other", "Other"),
]


def bsn_is_valid(bsn):
    """The eleven-test (elfproef) of a Dutch citizen service number."""
    if not bsn or not bsn.isdigit() or len(bsn) not in (8, 9):
        return False
    digits = [int(d) for d in bsn.zfill(9)]
    if not any(digits):
        return False
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - digits[8]) % 11 == 0


class IbPupil(models.Model):
    _name = "ib.pupil"
    _description = "Pupil"
    _inherit = ["mail.thread", "mail.activity.mixin", "image.mixin"]
    _order = "last_name, first_name, id"
    _check_company_auto = True
    _rec_names_search = ["name", "pupil_number"]

    name = fields.Char(compute="_compute_name", store=True, index="trigram")
    first_name = fields.Char(required=True, tracking=True)
    infix = fields.Char(
        string="Infix", tracking=True, help="Tussenvoegsel, e.g. 'van der'."
    )
    last_name = fields.Char(required=True, index=True, tracking=True)
    date_of_birth = fields.Date(tracking=True)
    age = fields.Integer(compute="_compute_age")
    pupil_number = fields.Char(
        string="Pupil Number",
        index=True,
        tracking=True,
        help="The pupil's number in the school's administration; unique per school.",
    )
    bsn = fields.Char(
        string="BSN",
        groups="ib_core.group_ib_coordinator",
        help="Citizen service number. Only the care coordinator can see it.",
    )
    company_id = fields.Many2one(
        "res.company",
        string="School",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    membership_ids = fields.One2many(
        "ib.group.membership", "pupil_id", string="Group History"
    )
    group_id = fields.Many2one(
        "ib.group",
        string="Group",
        compute="_compute_group_id",
        store=True,
        index=True,
        help="The pupil's group in the current school year.",
    )
    grades_label = fields.Char(related="group_id.grades_label", string="Grade")
    teacher_ids = fields.Many2many(related="group_id.teacher_ids", string="Teachers")
    enrolment_date = fields.Date(
        default=fields.Date.context_today, tracking=True, string="Enrolment Date"
    )
    leaving_date = fields.Date(tracking=True)
    leaving_destination = fields.Selection(LEAVING_DESTINATIONS, tracking=True)
    leaving_destination_school = fields.Char(
        string="Destination School", tracking=True
    )
    support_level_id = fields.Many2one(
        "ib.support.level",
        string="Support Level",
        tracking=True,
        index=True,
        check_company=True,
        group_expand="_read_group_support_level_ids",
        domain="[('company_id', '=', company_id)]",
    )
    support_level = fields.Integer(related="support_level_id.level", store=True)
    educational_needs = fields.Html(
        string="Educational Needs", sanitize_style=True
    )
    stimulating_factors = fields.Html(sanitize_style=True)
    hindering_factors = fields.Html(sanitize_style=True)
    guardian_ids = fields.One2many(
        "ib.pupil.guardian", "pupil_id", string="Parents/Guardians"
    )
    is_enrolled = fields.Boolean(
        compute="_compute_is_enrolled",
        search="_search_is_enrolled",
        string="Enrolled",
    )
    # Computed as the reader and cached per user (not a plain One2many, whose
    # cached value would be shared by every user of the transaction).
    note_ids = fields.Many2many(
        "ib.pupil.note",
        string="Notes",
        compute="_compute_note_ids",
        help="The notes about this pupil that you may read.",
    )
    note_count = fields.Integer(compute="_compute_note_count")
    color = fields.Integer()
    active = fields.Boolean(default=True, tracking=True)

    _pupil_number_company_uniq = models.Constraint(
        "UNIQUE(pupil_number, company_id)",
        "This pupil number is already used by another pupil of this school.",
    )

    @api.depends("first_name", "infix", "last_name")
    def _compute_name(self):
        for pupil in self:
            parts = (pupil.first_name, pupil.infix, pupil.last_name)
            pupil.name = " ".join(p.strip() for p in parts if p and p.strip())

    @api.depends("date_of_birth")
    def _compute_age(self):
        today = fields.Date.context_today(self)
        for pupil in self:
            born = pupil.date_of_birth
            pupil.age = (
                today.year - born.year - ((today.month, today.day) < (born.month, born.day))
                if born
                else 0
            )

    @api.depends("membership_ids.group_id", "membership_ids.is_current")
    def _compute_group_id(self):
        for pupil in self:
            current = pupil.membership_ids.filtered("is_current")[:1]
            pupil.group_id = current.group_id

    @api.depends_context("uid")
    def _compute_note_ids(self):
        notes = self.env["ib.pupil.note"].search_fetch(
            [("pupil_id", "in", self.ids)], ["pupil_id"]
        )
        by_pupil = defaultdict(list)
        for note in notes:
            by_pupil[note.pupil_id.id].append(note.id)
        for pupil in self:
            pupil.note_ids = [Command.set(by_pupil.get(pupil._origin.id, []))]

    @api.depends_context("uid")
    def _compute_note_count(self):
        # Counted as the current user (hence not stored, and cached per user):
        # confidential notes stay out of a teacher's count.
        counts = dict(
            self.env["ib.pupil.note"]._read_group(
                [("pupil_id", "in", self.ids)], ["pupil_id"], ["__count"]
            )
        )
        for pupil in self:
            pupil.note_count = counts.get(pupil, 0)

    def action_view_notes(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ib_core.ib_pupil_note_action"
        )
        action["domain"] = [("pupil_id", "=", self.id)]
        action["context"] = {"default_pupil_id": self.id}
        return action

    def action_new_note(self):
        """Open an empty note about this pupil."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Note"),
            "res_model": "ib.pupil.note",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {"default_pupil_id": self.id},
        }

    def action_raise_concern(self):
        """Open the confidential concern form for this pupil (meldcode)."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "ib_core.ib_pupil_note_concern_action"
        )
        action["context"] = {"default_pupil_id": self.id}
        return action

    @api.depends("leaving_date")
    def _compute_is_enrolled(self):
        today = fields.Date.context_today(self)
        for pupil in self:
            pupil.is_enrolled = not pupil.leaving_date or pupil.leaving_date > today

    def _search_is_enrolled(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        today = fields.Date.context_today(self)
        enrolled = ["|", ("leaving_date", "=", False), ("leaving_date", ">", today)]
        if (operator == "=") == bool(value):
            return enrolled
        return [("leaving_date", "<=", today)]

    @api.model
    def _read_group_support_level_ids(self, levels, domain):
        return levels.search([("company_id", "in", self.env.companies.ids)])

    @api.constrains("enrolment_date", "leaving_date")
    def _check_leaving_date(self):
        for pupil in self:
            if (
                pupil.enrolment_date
                and pupil.leaving_date
                and pupil.leaving_date < pupil.enrolment_date
            ):
                raise ValidationError(
                    self.env._(
                        "%(pupil)s cannot leave (%(leaving)s) before enrolling "
                        "(%(enrolment)s).",
                        pupil=pupil.name,
                        leaving=pupil.leaving_date,
                        enrolment=pupil.enrolment_date,
                    )
                )

    @api.constrains("date_of_birth")
    def _check_date_of_birth(self):
        today = fields.Date.context_today(self)
        for pupil in self:
            if pupil.date_of_birth and pupil.date_of_birth > today:
                raise ValidationError(
                    self.env._(
                        "The date of birth of %s lies in the future.", pupil.name
                    )
                )

    @api.model
    def _normalize_bsn(self, bsn):
        return "".join(ch for ch in (bsn or "") if not ch.isspace() and ch != ".")

    def _check_bsn_value(self, bsn):
        if bsn and not bsn_is_valid(bsn):
            raise ValidationError(
                self.env._(
                    "%s is not a valid BSN: a BSN has nine digits and must pass "
                    "the eleven-test.",
                    bsn,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("bsn"):
                vals["bsn"] = self._normalize_bsn(vals["bsn"])
                self._check_bsn_value(vals["bsn"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("bsn"):
            vals["bsn"] = self._normalize_bsn(vals["bsn"])
            self._check_bsn_value(vals["bsn"])
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_care_file(self):
        # Only the retention job (running as superuser) removes pupil files.
        if not self.env.su:
            raise UserError(
                self.env._(
                    "A pupil file cannot be deleted: archive the pupil instead. "
                    "Files are removed by the retention job once the retention "
                    "period after leaving has passed."
                )
            )
