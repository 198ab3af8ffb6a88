from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.addons.ib_core.hooks import empty_own_tables


def uninstall_hook(env):
    """Empty this addon's tables before Odoo removes its records (see ib_core).

    The care-team meetings this addon created as data (the demo ZAT meeting) are
    ib_meetings care meetings whose agenda items refuse to lose their meeting: their
    items go first, so that Odoo can remove the meeting with the rest of the addon's
    data. Meetings the school planned stay, as the care meetings they are.
    """
    env = env(
        context=dict(env.context, active_test=False, **{MODULE_UNINSTALL_FLAG: True})
    )
    own_events = (
        env["ir.model.data"]
        .sudo()
        .search([("module", "=", "ib_care_team"), ("model", "=", "calendar.event")])
        .mapped("res_id")
    )
    if own_events:
        env["ib.meeting.item"].sudo().search([("event_id", "in", own_events)]).unlink()
    empty_own_tables(env, "ib_care_team")
