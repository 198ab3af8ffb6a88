{
    "name": "Pupil Care: Intake and the School Support Profile",
    "summary": "An intake names the part of the school support profile (SOP) that "
    "applies",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["ib_intake", "ib_support_profile"],
    "data": [
        "views/ib_intake_views.xml",
    ],
}
