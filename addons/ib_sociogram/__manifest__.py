{
    "name": "Pupil Care: Sociogram",
    "summary": "A sociogram per group: the pupils' choices of classmates, who is "
    "popular, isolated or rejected, mutual choices, and the picture of the group",
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
        "security/ib_sociogram_security.xml",
        "security/ir.model.access.csv",
        "views/ib_sociogram_views.xml",
        "views/ib_sociogram_menus.xml",
        "views/ib_pupil_views.xml",
        "report/ib_sociogram_report.xml",
    ],
    "demo": [
        "demo/ib_sociogram_demo.xml",
    ],
}
