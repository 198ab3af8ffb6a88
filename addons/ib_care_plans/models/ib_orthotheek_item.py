from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .ib_assessment import DOMAINS

ITEM_KINDS = [
    ("material", "Remedial Material"),
    ("diagnostic", "Diagnostic Test"),
    ("book", "Book / Manual"),
    ("other", "Other"),
]


class IbOrthotheekItem(models.Model):
    """The orthotheek: the school's collection of remedial materials and
    diagnostic tests, searchable by domain and grade, with who has borrowed
    what and until when."""

    _name = "ib.orthotheek.item"
    _description = "Orthotheek Item"
    _inherit = ["ib.school.mixin", "ib.write.guard.mixin", "mail.thread"]
    # Not care data about a pupil: Odoo's own chatter (see ib.care.thread.mixin).
    _ib_thread_policy = "staff"
    _order = "name, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    kind = fields.Selection(ITEM_KINDS, required=True, default="material")
    domain = fields.Selection(DOMAINS, default="other", index=True)
    grade_ids = fields.Many2many("ib.grade", string="Grades")
    location = fields.Char(help="e.g. cupboard 2, shelf 3")
    description = fields.Text()
    borrower_id = fields.Many2one(
        "res.users",
        string="Borrowed By",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
    )
    borrowed_until = fields.Date(readonly=True, copy=False, tracking=True)
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", string="Overdue", search="_search_is_overdue"
    )

    @api.depends("borrowed_until")
    @api.depends_context("tz")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for item in self:
            item.is_overdue = bool(
                item.borrower_id and item.borrowed_until and item.borrowed_until < today
            )

    def _search_is_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        domain = [
            ("borrower_id", "!=", False),
            ("borrowed_until", "<", fields.Date.context_today(self)),
        ]
        return domain if True in value else ["!", "&", *domain]

    def action_borrow(self, until=None):
        """Borrow the item (as the current user) until ``until`` (default: in
        three weeks)."""
        self.check_access("read")
        until = fields.Date.to_date(until) or (
            fields.Date.context_today(self) + relativedelta(weeks=3)
        )
        if until < fields.Date.context_today(self):
            raise ValidationError(
                self.env._("An item is borrowed until a future date.")
            )
        for item in self:
            if item.borrower_id:
                raise UserError(
                    self.env._(
                        "%(item)s is borrowed by %(user)s until %(date)s.",
                        item=item.name,
                        user=item.borrower_id.name,
                        date=item.borrowed_until,
                    )
                )
        # sudo: teachers may borrow (read access) but not edit the catalogue;
        # only the borrowing fields are written.
        self.sudo().write({"borrower_id": self.env.uid, "borrowed_until": until})
        return True

    def action_return(self):
        """Give the item back: the borrower or a coordinator."""
        self.check_access("read")
        coordinator = self.env.user._ib_has_role("coordinator")
        for item in self:
            if item.borrower_id != self.env.user and not coordinator:
                raise UserError(
                    self.env._(
                        "Only %s or a care coordinator can return this item.",
                        item.borrower_id.name,
                    )
                )
        # sudo: see action_borrow
        self.sudo().write({"borrower_id": False, "borrowed_until": False})
        return True
