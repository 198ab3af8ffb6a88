#!/usr/bin/env python3
"""Run Odoo's own tests of core apps on an installed database, with the full registry.

Usage (same options as odoo-bin, without -i/-u):

    python scripts/odoo_own_tests.py --addons-path=... -d DB --stop-after-init \
        --test-tags /calendar,/portal,/mail,/contacts --http-port=...

Why not plain ``odoo-bin --test-tags ...``: Odoo runs an ``at_install`` test while its
module is being loaded, when the registry holds only that module and its dependencies.
Most tests of mail, calendar and portal are ``at_install``; run that way they never see
the overrides of the ib_* addons (which load later), so they would prove nothing about
the suite.  This wrapper loads the database without running any test during the load,
then runs every selected test (``at_install`` and ``post_install`` alike) once, in the
post-install phase, against the complete registry — every installed ib_* addon included.

The same wrapper runs the baseline on a database without the ib_* addons, so a test
that cannot run post-install on bare Odoo fails there too and is listed (by name, with
the reason) in scripts/odoo_own_tests_exclusions.txt.
"""

import os
import sys

odoo_path = os.environ.get("ODOO_PATH", "/opt/odoo19")
if odoo_path not in sys.path:
    sys.path.insert(0, odoo_path)

import odoo.cli  # noqa: E402
from odoo import tools  # noqa: E402
from odoo.tests import loader  # noqa: E402
from odoo.tests.suite import OdooSuite  # noqa: E402
from odoo.tests.tag_selector import TagsSelector  # noqa: E402


def make_suite(module_names, position="at_install"):
    """Nothing while modules load; every selected test in the post-install phase."""
    if position == "at_install":
        return OdooSuite([])
    config_tags = TagsSelector(tools.config["test_tags"])
    tests = (
        t
        for module_name in module_names
        for m in loader.get_test_modules(module_name)
        for t in loader.get_module_test_cases(m)
        if config_tags.check(t)
    )
    return OdooSuite(sorted(tests, key=lambda t: getattr(t, "test_sequence", 0)))


loader.make_suite = make_suite

if __name__ == "__main__":
    if any(
        a in ("-i", "-u", "--init", "--update")
        or a.startswith(("-i", "-u", "--init=", "--update="))
        for a in sys.argv[1:]
    ):
        sys.exit("odoo_own_tests.py runs on an installed database: no -i/-u")
    sys.argv[0] = os.path.join(odoo_path, "odoo-bin")
    odoo.cli.main()
