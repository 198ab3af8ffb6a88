from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.addons.ib_core.hooks import empty_own_tables


def uninstall_hook(env):
    """Remove the care meetings with the addon.

    The agenda items refuse to lose their meeting (``ondelete="restrict"``: minutes
    belong to the pupil file), so Odoo could not delete the addon's own meetings while
    their items exist; and a care meeting left behind would be an ordinary calendar
    event without the rule that kept it inside its school (its title and attendees name
    pupils and parents). The items (with their agreements) and then every care meeting
    go first, as the rest of the addon's data goes right after.
    """
    env = env(
        context=dict(env.context, active_test=False, **{MODULE_UNINSTALL_FLAG: True})
    )
    env["ib.meeting.item"].sudo().search([]).unlink()
    env["calendar.event"].sudo().search([("ib_kind", "!=", False)]).unlink()
    empty_own_tables(env, "ib_meetings")
