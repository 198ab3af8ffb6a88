{
    "name": "Pupil Care: Referrals in the Care Report",
    "summary": "Referrals by kind with waiting times and outcomes, and TLVs, in the "
    "care report (zorgverslag)",
    "version": "19.0.1.0.0",
    "category": "Pupil Care",
    "website": "https://github.com/ib-suite/ib-suite",
    "author": "IB Suite Contributors",
    "maintainers": ["ib-suite"],
    "license": "AGPL-3",
    "installable": True,
    "auto_install": True,
    "depends": ["ib_analysis", "ib_referrals"],
    "data": [],
}
