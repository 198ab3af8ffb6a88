{
    "name": "Pupil Care: Social Safety Monitor",
    "summary": "The yearly monitor of pupils' social safety (Wet veiligheid op "
    "school): anonymous results per group 6-8, shares with small numbers hidden, "
    "in the care report",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    "depends": ["ib_analysis"],
    "data": [
        "security/ib_social_safety_security.xml",
        "security/ir.model.access.csv",
        "views/ib_safety_question_views.xml",
        "views/ib_safety_survey_views.xml",
        "views/ib_safety_figure_views.xml",
        "wizard/ib_safety_import_views.xml",
        "views/ib_social_safety_menus.xml",
    ],
    "demo": [
        "demo/ib_social_safety_demo.xml",
    ],
}
