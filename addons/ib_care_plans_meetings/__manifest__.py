{
    "name": "Pupil Care Plans in Meetings",
    "summary": "Propose pupils with test signals for the agenda of a care meeting",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["ib_care_plans", "ib_meetings"],
    "data": [],
}
