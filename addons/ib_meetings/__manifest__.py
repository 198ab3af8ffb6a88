{
    "name": "Pupil Care Meetings",
    "summary": "Group and pupil discussions, care meetings and MDO on the calendar: "
    "yearly schedule, agenda, minutes and agreements",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    "depends": ["ib_core", "calendar", "portal"],
    "data": [
        "security/ib_meetings_security.xml",
        "security/ir.model.access.csv",
        "report/ib_meetings_reports.xml",
        "report/ib_meeting_minutes_templates.xml",
        "views/ib_meetings_menus.xml",
        "views/calendar_event_views.xml",
        "views/ib_meeting_item_views.xml",
        "views/ib_meeting_topic_views.xml",
        "views/ib_meeting_agreement_views.xml",
        "views/ib_pupil_views.xml",
        "views/ib_meetings_portal_templates.xml",
        "wizard/ib_meeting_schedule_views.xml",
        "views/ib_meeting_slot_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/ib_meetings_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "ib_meetings/static/tests/tours/**/*",
        ],
    },
}
