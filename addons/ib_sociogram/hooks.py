from odoo.addons.ib_core.hooks import empty_own_tables


def uninstall_hook(env):
    """Empty this addon's tables before Odoo removes its records (see ib_core)."""
    empty_own_tables(env, "ib_sociogram")
