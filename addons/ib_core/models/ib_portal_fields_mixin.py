from odoo import api, models

# Always readable: without them no record can be shown at all.
ALWAYS_READABLE = frozenset({"id", "display_name"})


class IbPortalFieldsMixin(models.AbstractModel):
    """Records of the suite that portal users (parents, providers) may read.

    A portal user who may read a record reads it field by field over RPC
    (``/web/dataset/call_kw``), not only through the portal pages. Each model with
    an access right for portal users declares ``_ib_portal_fields``: the fields a
    parent or provider may read, search and group on. Every other field is refused
    to them, as a field with ``groups=`` is to users outside those groups, whatever
    the route (read, search_read, web_read, read_group, export, a domain or an
    order). The portal pages print only whitelisted fields too. A test of ib_core
    fails for a model portal users can read that does not declare its whitelist.
    """

    _name = "ib.portal.fields.mixin"
    _description = "Fields of a Care Record Readable in the Portal"

    # The whitelist: names of the fields portal users may read. Include the
    # fields of ``_order``: searching orders by them.
    _ib_portal_fields = frozenset()

    @api.model
    def _ib_portal_readable(self, field_name):
        return (
            field_name in ALWAYS_READABLE
            or field_name in self._ib_portal_fields
            # archived records are filtered on it in every search
            or field_name == self._active_name
        )

    @api.model
    def _has_field_access(self, field, operation):
        if (
            not self.env.su
            and not self._ib_portal_readable(field.name)
            # portal and public users (cached per user: no query)
            and not self.env.user.has_group("base.group_user")
        ):
            return False
        return super()._has_field_access(field, operation)

    def _field_to_sql(self, alias, field_expr, query=None):
        # The ORM checks field access in _field_to_sql only after it has
        # followed a non-stored related field as superuser, so grouping or
        # ordering by such a field (e.g. a related of the pupil) would skip the
        # whitelist of portal users: check the field itself first.
        if not self.env.su and not self.env.user.has_group("base.group_user"):
            field = self._fields.get(field_expr.split(".", 1)[0])
            if field is not None and field.related and not field.store:
                self._check_field_access(field, "read")
        return super()._field_to_sql(alias, field_expr, query)
