{
    "name": "Pupil Care: Learning Lines and Exit Level Forecast",
    "summary": "Learning lines per domain with ordered goals, the pupil's position "
    "on their own line, and the OPP's forecast of the exit level from the test "
    "results",
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
        "security/ib_learning_lines_security.xml",
        "security/ir.model.access.csv",
        "views/ib_learning_line_views.xml",
        "views/ib_learning_progress_views.xml",
        "views/ib_exit_level_threshold_views.xml",
        "views/ib_care_plan_views.xml",
        "views/ib_pupil_views.xml",
        "views/ib_learning_lines_menus.xml",
    ],
    "demo": [
        "demo/ib_learning_lines_demo.xml",
    ],
}
