{
    "name": "Pupil Care: Care Team and Caseloads",
    "summary": "The school's care team (zorg- en adviesteam), its meetings with pupils "
    "on the agenda, case holders and caseloads, and the yearly roster of pupil "
    "discussions and care-team meetings",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "application": False,
    "installable": True,
    "uninstall_hook": "uninstall_hook",
    "depends": ["ib_meetings", "ib_care_plans"],
    "data": [
        "security/ib_care_team_security.xml",
        "security/ir.model.access.csv",
        "data/calendar_event_type_data.xml",
        "views/ib_care_team_menus.xml",
        "views/ib_care_team_views.xml",
        "views/ib_care_team_member_views.xml",
        "views/ib_pupil_views.xml",
        "views/calendar_event_views.xml",
        "wizard/ib_care_roster_views.xml",
    ],
    "demo": [
        "demo/ib_care_team_demo.xml",
    ],
}
