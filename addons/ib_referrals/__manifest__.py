{
    "name": "Pupil Care Referrals",
    "summary": "Social map of providers, referrals, SWV arrangement and TLV requests "
    "with consent and document checks",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "installable": True,
    "depends": ["ib_core", "mail", "contacts"],
    "data": [
        "security/ib_referrals_security.xml",
        "security/ir.model.access.csv",
        "data/ib_help_kind_data.xml",
        "data/ib_referral_document_type_data.xml",
        "report/ib_referral_okr_report.xml",
        "views/ib_referrals_menus.xml",
        "views/ib_help_kind_views.xml",
        "views/res_partner_views.xml",
        "views/ib_referral_document_type_views.xml",
        "views/ib_referral_views.xml",
        "views/ib_support_request_views.xml",
    ],
    "demo": [
        "demo/ib_referrals_demo.xml",
    ],
}
