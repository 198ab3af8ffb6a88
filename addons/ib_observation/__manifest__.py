{
    "name": "Pupil Care: Social-Emotional Observation",
    "summary": "Observation lists of the pupils' social-emotional development: the "
    "school's own instrument, rounds twice a year, a fast grid for the teacher, "
    "parents' lists in the portal, scores against cut-offs and signals",
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
        "security/ib_observation_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "views/ib_observation_instrument_views.xml",
        "views/ib_observation_round_views.xml",
        "views/ib_observation_list_views.xml",
        "views/ib_observation_answer_views.xml",
        "views/ib_observation_score_views.xml",
        "views/ib_pupil_views.xml",
        "views/ib_observation_menus.xml",
        "views/ib_observation_portal_templates.xml",
    ],
    "demo": [
        "demo/ib_observation_demo.xml",
    ],
}
