from odoo.addons.ib_core.hooks import empty_own_tables


def uninstall_hook(env):
    """Empty this addon's tables before Odoo removes its records (see ib_core).

    A parent this addon created as data (the demo registrations' parents) who became
    the guardian of an admitted pupil belongs to the pupil file now, which stays with
    ib_core: the contact loses its external id of this addon instead of being deleted.
    """
    env.cr.execute(
        """
        DELETE FROM ir_model_data d
         WHERE d.module = 'ib_intake' AND d.model = 'res.partner'
           AND EXISTS (SELECT 1 FROM ib_pupil_guardian g WHERE g.partner_id = d.res_id)
        """
    )
    empty_own_tables(env, "ib_intake")
