{
    "name": "Pupil Care: School Support Profile",
    "summary": "The school support profile (schoolondersteuningsprofiel, SOP, WPO "
    "art. 8) per school and school year, published to parents as a page and a PDF",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "depends": ["ib_care_plans", "portal"],
    "data": [
        "security/ib_support_profile_security.xml",
        "security/ir.model.access.csv",
        "report/ib_support_profile_report.xml",
        "views/ib_support_profile_views.xml",
        "views/ib_support_profile_menus.xml",
        "views/ib_support_profile_templates.xml",
    ],
    "demo": [
        "demo/ib_support_profile_demo.xml",
    ],
}
