from odoo import api, models
from odoo.fields import Domain


class IbCareLinkMixin(models.AbstractModel):
    """Rows that name a record by ``res_model`` / ``res_id`` (followers,
    activities): about a care record, only its readers see them.

    Enforces the rule "followers and activities follow their care record"
    (G3, G4 in docs/security.md). Odoo lets every employee read
    ``mail.followers`` and the assignee read an activity whatever the record's
    rules; for a care record (a model with the care thread policy,
    ``_ib_thread_policy = "care"``) both would tell who follows or does what on
    a record the user may not open (a confidential note, a pupil of another
    group), and an activity shows the record's name, its summary and its note.

    Mixed into ``mail.followers`` and ``mail.activity`` (their ``_inherit``).
    For a row about any other record, or without a record, nothing changes: the
    decision is taken on the row's ``res_model`` and the record's own rules,
    never on a context key.
    """

    _name = "ib.care.link.mixin"
    _description = "Follower or Activity of a Care Record"

    @api.model
    def _ib_user_reaches_care_records(self):
        """Whether the current user could reach a care record at all: a user
        with a care role, or a portal user (parents and providers read some).

        Only a shortcut of ``_check_access``, which otherwise reads the rows'
        ``res_model`` / ``res_id`` (one query on every read of activities or
        followers, also for employees who never see a care record). An internal
        user without a care role reads no care model, so every row about a care
        record is refused to them by ``_search``, through which every read from
        the database goes (``fetch``); this shortcut only spares them the check
        of rows already in memory. Cached per user."""
        user = self.env.user
        return not user.has_group("base.group_user") or user.has_group(
            "ib_core.group_ib_teacher"
        )

    @api.model
    def _search(
        self, domain, offset=0, limit=None, order=None, *, bypass_access=False, **kwargs
    ):
        """G3/G4: keep the rows about records of other models, and the rows
        about a care record the user may read. Rows about other records: one
        ``WHERE`` term that keeps them all."""
        if not (self.env.su or bypass_access):
            domain = Domain(domain) & self.env[
                "mail.message"
            ]._ib_readable_record_domain("res_model", "res_id", domain)
        return super()._search(
            domain, offset, limit, order, bypass_access=bypass_access, **kwargs
        )

    def _check_access(self, operation):
        """G3/G4: reading a row about a care record the user may not read is
        refused (``check_access``, ``has_access``, ``_filtered_access``), as
        ``_search`` leaves it out. Rows about other records: unchanged."""
        result = super()._check_access(operation)
        todo = self - result[0] if result else self
        if operation != "read" or not todo or not self._ib_user_reaches_care_records():
            return result
        # sudo: the linked record is what decides, read the link as is.
        denied = self.env["mail.message"]._ib_unreadable_rows(
            (row.id, row.res_model, row.res_id) for row in todo.sudo()
        )
        if not denied:
            return result
        forbidden = self.browse(denied)
        if result:
            return result[0] + forbidden, result[1]
        return forbidden, lambda: forbidden._make_access_error(operation)

    def _make_access_error(self, operation):
        """The error for the rows of ``self`` refused by ``_check_access``;
        ``mail.activity`` has its own."""
        return self.env["ir.rule"]._make_access_error(operation, self)
