{
    "name": "Pupil Care Plans in Referrals",
    "summary": "Test results and plans in the educational report (OKR) of a referral "
    "and in the file of an LWOO/PrO application",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["ib_care_plans", "ib_referrals"],
    "data": [
        "data/ib_referral_document_type_data.xml",
        "report/ib_referral_okr_body.xml",
        "views/ib_referral_views.xml",
        "views/ib_secondary_support_application_views.xml",
    ],
}
