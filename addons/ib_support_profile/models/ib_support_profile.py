from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .ib_support_profile_part import PART_KINDS

STATES = [
    ("draft", "Draft"),
    ("published", "Published"),
    ("archived", "Archived"),
]

# Fields that change with the steps of a version, not its content.
STATE_FIELDS = {"state", "published_date", "archived_date"}
# The steps a version takes: draft -> published -> archived, never back.
STEPS = {"draft": {"published"}, "published": {"archived"}, "archived": set()}


class IbSupportProfile(models.Model):
    """The school support profile (schoolondersteuningsprofiel, SOP, WPO art.
    8) of one school for one school year: the basic support the school gives,
    the extra support it offers, its facilities, limits and ambitions and the
    expertise of its staff, with the participation council's advice.

    A version is drafted, published (one published version per school, the
    one parents see) and archived when the next version is published; a
    published or archived version is not changed any more, the earlier
    versions stay readable."""

    _name = "ib.support.profile"
    _inherit = [
        "ib.school.year.mixin",
        "ib.write.guard.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    # Not about a pupil: Odoo's own chatter (see ib.care.thread.mixin).
    _ib_thread_policy = "staff"
    _description = "School Support Profile"
    _order = "company_id, version desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    version = fields.Integer(
        readonly=True,
        copy=False,
        default=0,
        help="Numbered per school in the order the versions were made.",
    )
    state = fields.Selection(
        STATES,
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    published_date = fields.Date(
        string="Published On", readonly=True, copy=False, tracking=True
    )
    archived_date = fields.Date(string="Archived On", readonly=True, copy=False)
    mr_advice = fields.Text(
        string="Participation Council Advice",
        copy=False,
        help="The advice of the participation council (medezeggenschapsraad, "
        "MR) on this support profile; required to publish it.",
    )
    mr_advice_date = fields.Date(string="Advice Date", copy=False, tracking=True)
    part_ids = fields.One2many(
        "ib.support.profile.part", "profile_id", string="Parts", copy=True
    )
    basic_part_ids = fields.One2many(
        "ib.support.profile.part",
        "profile_id",
        string="Basic Support",
        domain=[("kind", "=", "basic")],
    )
    extra_part_ids = fields.One2many(
        "ib.support.profile.part",
        "profile_id",
        string="Extra Support",
        domain=[("kind", "=", "extra")],
    )
    facilities_part_ids = fields.One2many(
        "ib.support.profile.part",
        "profile_id",
        string="Facilities",
        domain=[("kind", "=", "facilities")],
    )
    limits_part_ids = fields.One2many(
        "ib.support.profile.part",
        "profile_id",
        string="Limits",
        domain=[("kind", "=", "limits")],
    )
    ambitions_part_ids = fields.One2many(
        "ib.support.profile.part",
        "profile_id",
        string="Ambitions",
        domain=[("kind", "=", "ambitions")],
    )
    expertise_part_ids = fields.One2many(
        "ib.support.profile.part",
        "profile_id",
        string="Staff Expertise",
        domain=[("kind", "=", "expertise")],
    )
    public_url = fields.Char(
        string="Public Page",
        compute="_compute_public_url",
        help="The page where parents read the published version of the school.",
    )

    _year_uniq = models.Constraint(
        "UNIQUE(company_id, school_year_id)",
        "This school already has a support profile for this school year.",
    )
    _one_published = models.UniqueIndex(
        "(company_id) WHERE state = 'published'",
        "A school has one published support profile.",
    )

    @api.depends("school_year_id.name", "company_id.name")
    def _compute_name(self):
        # SOP: the Dutch abbreviation every school and parent knows.
        for profile in self:
            profile.name = " ".join(
                filter(
                    None, ["SOP", profile.school_year_id.name, profile.company_id.name]
                )
            )

    @api.depends("company_id")
    def _compute_public_url(self):
        for profile in self:
            profile.public_url = (
                profile.company_id._ib_support_profile_url()
                if profile.company_id
                else False
            )

    # ------------------------------------------------------------ create/write
    @api.model_create_multi
    def create(self, vals_list):
        # The next version number of each school: one query for all.
        company_ids = [
            vals.get("company_id") or self.env.company.id for vals in vals_list
        ]
        groups = self._read_group(
            [("company_id", "in", company_ids)], ["company_id"], ["version:max"]
        )
        last = {company.id: version for company, version in groups}
        if any(vals.get("state", "draft") != "draft" for vals in vals_list):
            raise UserError(
                self.env._("A new support profile starts as a draft: publish it.")
            )
        for vals, company_id in zip(vals_list, company_ids, strict=True):
            last[company_id] = last.get(company_id, 0) + 1
            vals["version"] = last[company_id]
        return super().create(vals_list)

    def write(self, vals):
        if "state" in vals:
            wrong = self.filtered(
                lambda profile: (
                    profile.state != vals["state"]
                    and vals["state"] not in STEPS[profile.state]
                )
            )[:1]
            if wrong:
                raise UserError(
                    self.env._(
                        "%s cannot go back to an earlier step: a published version "
                        "is archived by publishing the next one, an archived "
                        "version stays as it was.",
                        wrong.display_name,
                    )
                )
        if "version" in vals:
            raise UserError(
                self.env._("The version number is given when the version is made.")
            )
        if "state" not in vals and set(vals) & STATE_FIELDS:
            raise UserError(
                self.env._("The publication dates are set by publishing a version.")
            )
        if set(vals) - STATE_FIELDS - self._ib_free_fields():
            locked = self.filtered(lambda profile: profile.state != "draft")[:1]
            if locked:
                raise UserError(
                    self.env._(
                        "%s is published or archived and cannot be changed any "
                        "more. Make a new version to change it.",
                        locked.display_name,
                    )
                )
        return super().write(vals)

    @api.constrains("state", "mr_advice", "mr_advice_date")
    def _check_mr_advice(self):
        for profile in self.filtered(lambda profile: profile.state == "published"):
            if not (profile.mr_advice or "").strip() or not profile.mr_advice_date:
                raise ValidationError(
                    self.env._(
                        "%s cannot be published without the participation "
                        "council's advice and its date.",
                        profile.display_name,
                    )
                )

    @api.model
    def _ib_free_fields(self):
        """Fields written on a published version without changing its content:
        the chatter's and the activities'."""
        return {
            name for name in self._fields if name.startswith(("message_", "activity_"))
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        wrong, label = self._ib_wrong_state(["draft"])
        if wrong:
            raise UserError(
                self.env._(
                    "%(profile)s is %(state)s: only a draft can be deleted.",
                    profile=wrong.display_name,
                    state=label,
                )
            )

    # ------------------------------------------------------------ steps
    def action_publish(self):
        """Publish the version: the participation council's advice is given,
        the school's previously published version is archived."""
        wrong, label = self._ib_wrong_state(["draft"])
        if wrong:
            raise UserError(
                self.env._(
                    "%(profile)s is %(state)s: only a draft can be published.",
                    profile=wrong.display_name,
                    state=label,
                )
            )
        if len(self.company_id) != len(self):
            raise UserError(
                self.env._("Publish one support profile per school at a time.")
            )
        for profile in self:
            if not (profile.mr_advice or "").strip() or not profile.mr_advice_date:
                raise ValidationError(
                    self.env._(
                        "%s cannot be published without the participation "
                        "council's advice and its date.",
                        profile.display_name,
                    )
                )
            if not profile.part_ids:
                raise ValidationError(
                    self.env._(
                        "%s has no parts: describe at least the basic support "
                        "before publishing.",
                        profile.display_name,
                    )
                )
        previous = self.search(
            [
                ("company_id", "in", self.company_id.ids),
                ("state", "=", "published"),
                ("id", "not in", self.ids),
            ]
        )
        for profile in self:
            newer = previous.filtered(
                lambda old, profile=profile: (
                    old.company_id == profile.company_id
                    and old.school_year_id.date_start
                    > profile.school_year_id.date_start
                )
            )
            if newer:
                raise UserError(
                    self.env._(
                        "%(school)s has already published %(newer)s, of a later "
                        "school year: an older version cannot replace it.",
                        school=profile.company_id.name,
                        newer=newer[:1].display_name,
                    )
                )
        today = fields.Date.context_today(self)
        previous.write({"state": "archived", "archived_date": today})
        # Archive first in the database: one published version per school.
        previous.flush_recordset(["state"])
        self.write({"state": "published", "published_date": today})
        return True

    def action_new_version(self):
        """A draft copy of this version for the school's next school year, to
        revise and publish after the participation council's advice."""
        self.ensure_one()
        next_year = self.env["ib.school.year"].search(
            [
                ("company_id", "=", self.company_id.id),
                ("date_start", ">", self.school_year_id.date_start),
            ],
            order="date_start",
            limit=1,
        )
        if not next_year:
            raise UserError(
                self.env._(
                    "%s has no later school year yet: create the next school year "
                    "first.",
                    self.company_id.name,
                )
            )
        if self.search_count(
            [
                ("company_id", "=", self.company_id.id),
                ("school_year_id", "=", next_year.id),
            ]
        ):
            raise UserError(
                self.env._("There already is a support profile for %s.", next_year.name)
            )
        copy = self.copy({"school_year_id": next_year.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": copy.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_open_public_page(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": self.public_url,
            "target": "new",
        }

    # ------------------------------------------------------------ public
    def _ib_public_parts(self):
        """The parts per kind, in the order of the kinds: ``[(label, parts)]``
        for the kinds that have parts."""
        labels = dict(
            self.env["ib.support.profile.part"]
            ._fields["kind"]
            ._description_selection(self.env)
        )
        return [
            (
                labels[kind],
                self.part_ids.filtered(lambda part, kind=kind: part.kind == kind),
            )
            for kind, _label in PART_KINDS
            if any(part.kind == kind for part in self.part_ids)
        ]
