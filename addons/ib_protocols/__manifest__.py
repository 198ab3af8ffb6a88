{
    "name": "Pupil Care: Protocols",
    "summary": "Protocols with a register of their own: the meldcode (domestic "
    "violence and child abuse), bullying incidents, medical agreements and "
    "absence reports to the attendance officer",
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
        "security/ib_protocols_security.xml",
        "security/ir.model.access.csv",
        "data/ib_protocols_data.xml",
        "views/ib_protocols_menus.xml",
        "views/ib_meldcode_case_views.xml",
        "views/ib_bullying_incident_views.xml",
        "views/ib_medical_agreement_views.xml",
        "views/ib_absence_report_views.xml",
        "views/ib_pupil_views.xml",
        "report/ib_protocols_report.xml",
    ],
    "demo": [
        "demo/ib_protocols_demo.xml",
    ],
}
