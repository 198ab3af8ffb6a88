{
    "name": "Pupil Care: Intake and Duty of Care",
    "summary": "Registration of a child with a support need (zorgplicht): the "
    "6-week decision deadline with extension and pause, the steps, the parents' "
    "portal, admission into the pupil file or refusal with the SWV offer",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    "depends": ["ib_care_plans", "ib_core", "portal"],
    "data": [
        "security/ib_intake_security.xml",
        "security/ir.model.access.csv",
        "data/ib_intake_cron.xml",
        "views/ib_intake_views.xml",
        "wizard/ib_intake_admit_wizard_views.xml",
        "views/ib_intake_menus.xml",
        "views/ib_intake_portal_templates.xml",
        "report/ib_intake_report.xml",
    ],
    "demo": [
        "demo/ib_intake_demo.xml",
    ],
}
