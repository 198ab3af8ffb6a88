{
    "name": "Pupil Care Referrals from Meetings",
    "summary": "Start a referral from an agreement of a care meeting",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["ib_referrals", "ib_meetings"],
    "data": [
        "views/ib_meeting_agreement_views.xml",
        "views/ib_referral_views.xml",
    ],
}
