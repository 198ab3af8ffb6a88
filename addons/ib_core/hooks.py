import psycopg2


def post_init_hook(env):
    """Give every school that existed before the install its support levels."""
    env["res.company"].search([])._ib_ensure_support_levels()


def uninstall_hook(env):
    empty_own_tables(env, "ib_core")


def empty_own_tables(env, module):
    """Empty the tables that the uninstall of ``module`` is about to drop.

    Every ib_* addon calls this from its uninstall hook with its own name. It
    empties the tables of every ib_* model that only addons being removed define,
    not only ``module``'s: when several addons go at once (ib_core with the addons
    on it), Odoo runs their hooks one after the other, and a row of ``module`` may
    be held by a row of an addon whose hook comes later (a pupil by a registration).

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
                          AND d.module LIKE 'ib\\_%%')
           AND NOT EXISTS (SELECT 1 FROM ir_model_data d
                             JOIN ir_module_module mm ON mm.name = d.module
                            WHERE d.model = 'ir.model' AND d.res_id = m.id
                              AND mm.state NOT IN ('to remove', 'uninstalled'))
        """,
    )
    tables = []
    for (name,) in env.cr.fetchall():
        model = env.registry.get(name)
        if model is not None and model._auto and not model._abstract:
            tables.append((name, model._table))

    def empty(name, table):
        """Delete every row of the table and the external ids of those rows (Odoo
        then no longer tries to delete them); False while a row is still held."""
        try:
            with env.cr.savepoint():
                env.cr.execute(
                    f'DELETE FROM "{table}"',  # noqa: S608 - a model's own table
                    log_exceptions=False,
                )
                env.cr.execute("DELETE FROM ir_model_data WHERE model = %s", [name])
                # the rows' activities now (the rest of their mail data goes with
                # the model): they hold the addon's activity types
                env.cr.execute("DELETE FROM mail_activity WHERE res_model = %s", [name])
        except psycopg2.errors.ForeignKeyViolation:
            return False
        return True

    def unlink_each_other(tables):
        """Clear the nullable references between these tables (rows that refer to
        each other can then go one table at a time); False when there is none."""
        names = [table for _name, table in tables]
        env.cr.execute(
            """
            SELECT c.conrelid::regclass::text, a.attname
              FROM pg_constraint c
              JOIN pg_attribute a ON a.attrelid = c.conrelid
                                 AND a.attnum = ANY (c.conkey)
             WHERE c.contype = 'f' AND NOT a.attnotnull
               AND c.conrelid::regclass::text = ANY (%s)
               AND c.confrelid::regclass::text = ANY (%s)
            """,
            [names, names],
        )
        columns = env.cr.fetchall()
        for table, column in columns:
            env.cr.execute(f'UPDATE {table} SET "{column}" = NULL')  # noqa: S608
        return bool(columns)

    # one table at a time, in foreign-key order
    cycle_broken = False
    while tables:
        left = [pair for pair in tables if not empty(*pair)]
        if len(left) == len(tables):
            if cycle_broken or not unlink_each_other(left):
                break  # held by a table that stays: Odoo reports those records
            cycle_broken = True
        tables = left
    env.invalidate_all()
