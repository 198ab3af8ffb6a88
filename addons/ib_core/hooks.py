import psycopg2


def post_init_hook(env):
    """Give every school that existed before the install its support levels."""
    env["res.company"].search([])._ib_ensure_support_levels()


def uninstall_hook(env):
    empty_own_tables(env, "ib_core")


def empty_own_tables(env, module):
    """Empty the tables that the uninstall of ``module`` is about to drop.

    Odoo removes an addon's records by their external ids first and drops its tables
    last. A record of the suite that refuses to lose what it points to
    (``ondelete="restrict"``: a test result its test, a support level its school) then
    makes Odoo's own delete of that test or school fail and leaves it behind with its
    external id, although both sides were about to go. Emptying, first, the tables of
    the models that only addons being removed define is what the drop does anyway; the
    messages, followers, activities and files of those models go with their model as
    Odoo's mail addon does at every uninstall. The order follows the foreign keys:
    a table whose rows are still referenced waits for the next pass.
    """
    env.cr.execute(
        """
        SELECT m.model
          FROM ir_model m
         WHERE EXISTS (SELECT 1 FROM ir_model_data d
                        WHERE d.model = 'ir.model' AND d.res_id = m.id
                          AND d.module = %s)
           AND NOT EXISTS (SELECT 1 FROM ir_model_data d
                             JOIN ir_module_module mm ON mm.name = d.module
                            WHERE d.model = 'ir.model' AND d.res_id = m.id
                              AND mm.state NOT IN ('to remove', 'uninstalled'))
        """,
        [module],
    )
    tables = []
    for (name,) in env.cr.fetchall():
        model = env.registry.get(name)
        if model is not None and model._auto and not model._abstract:
            tables.append((name, model._table))
    while tables:
        left = []
        for name, table in tables:
            try:
                with env.cr.savepoint():
                    env.cr.execute(
                        # a model's own table; the rows with an external id stay
                        # for Odoo, which deletes those itself
                        f'DELETE FROM "{table}" WHERE id NOT IN ('  # noqa: S608
                        "SELECT res_id FROM ir_model_data WHERE model = %s)",
                        [name],
                        log_exceptions=False,
                    )
            except psycopg2.errors.ForeignKeyViolation:
                left.append((name, table))
        if len(left) == len(tables):
            break  # held by a table that stays: Odoo reports those records itself
        tables = left
    env.invalidate_all()
