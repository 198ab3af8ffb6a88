from odoo.http import request

from odoo.addons.ib_core.controllers.portal_mixin import IbPortalMixin
from odoo.addons.portal.controllers.portal import CustomerPortal


class IbSupportProfilePortal(IbPortalMixin, CustomerPortal):
    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        # A function, called by the portal home only: the other portal pages share
        # these values and must not pay a query for a link they do not show.
        values["ib_support_profile_links"] = self._ib_support_profile_links
        return values

    def _ib_support_profile_links(self):
        """The published support profiles of the portal user's schools."""
        user = request.env.user
        if not user._is_portal():
            return []
        # sudo: portal users have no right on the model; the domain limits the
        # lookup to the published versions of the user's own schools, and only
        # the school's name and the public page come out.
        profiles = (
            request.env["ib.support.profile"]
            .sudo()
            .search(
                [
                    ("company_id", "in", user.company_ids.ids),
                    ("state", "=", "published"),
                ]
            )
        )
        return [
            {"school": profile.company_id.name, "url": profile.public_url}
            for profile in profiles
        ]
