{
    "name": "Pupil Care: EDEXML Import and Export",
    "summary": "Load a school's pupils, groups and teachers from its administration "
    "(ParnasSys, ESIS, Dotcom, ...) as an EDEXML file, and export them as EDEXML 2.1",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    "depends": ["ib_core"],
    "data": [
        "security/ib_edexml_security.xml",
        "security/ir.model.access.csv",
        "data/ib_edexml_cron.xml",
        "wizard/ib_edexml_import_views.xml",
        "views/ib_edexml_import_log_views.xml",
        "views/ib_pupil_views.xml",
        "views/ib_group_views.xml",
        "views/res_company_views.xml",
        "views/ib_edexml_menus.xml",
    ],
    "demo": [
        "demo/ib_edexml_demo.xml",
    ],
}
