{
    "name": "Pupil Care: Referrals and the School Support Profile",
    "summary": "A referral names the part of the school support profile (SOP) "
    "that applies",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["ib_referrals", "ib_support_profile"],
    "data": [
        "views/ib_referral_views.xml",
    ],
}
