from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.fields import Domain

# A TLV ending within this many months shows on the overview.
TLV_ENDING_MONTHS = 6
WAITING_STATES = ("sent", "in_progress")
SECONDARY_ADVICE_OPEN_STAGES = ("provisional", "test", "final", "reconsider")


class ResCompany(models.Model):
    _inherit = "res.company"

    ib_swv_vo_partner_id = fields.Many2one(
        "res.partner",
        string="Regional Partnership for Secondary Education (SWV VO)",
        help="The samenwerkingsverband VO that decides on the school's LWOO and "
        "PrO applications.",
    )

    def _ib_overview_counters(self):
        counters = super()._ib_overview_counters()
        self._ib_overview_referral_counters(counters)
        self._ib_overview_secondary_advice_counters(counters)
        self._ib_overview_secondary_support_counters(counters)
        return counters

    def _ib_overview_secondary_support_counters(self, counters):
        """LWOO/PrO applications to finish and submit, and those past their
        deadline."""
        section = self.env._("Group 8 Advice")
        open_label = self.env._("LWOO/PrO applications to submit")
        overdue_label = self.env._("LWOO/PrO applications past their deadline")
        action = "ib_referrals.ib_secondary_support_application_action"
        model = "ib.secondary.support.application"
        open_domain = [("state", "in", ("draft", "complete"))]
        overdue_domain = [
            *open_domain,
            ("deadline", "<", fields.Date.context_today(self)),
        ]
        self._ib_overview_add_counter(
            counters,
            "secondary_support_open",
            open_label,
            model,
            open_domain,
            sequence=70,
            severity="info",
            section=section,
            action=action,
        )
        self._ib_overview_add_counter(
            counters,
            "secondary_support_overdue",
            overdue_label,
            model,
            overdue_domain,
            sequence=71,
            severity="danger",
            section=section,
            action=action,
        )

    def _ib_overview_referral_counters(self, counters):
        """Referrals waiting for an answer and TLVs ending soon."""
        waiting_domain = [("state", "in", WAITING_STATES)]
        today = fields.Date.context_today(self)
        ending_domain = [
            ("kind", "=", "tlv"),
            ("state", "in", ("decided", "closed")),
            ("decision", "=", "granted"),
            ("valid_until", ">=", today),
            ("valid_until", "<=", today + relativedelta(months=TLV_ENDING_MONTHS)),
        ]
        # One query: the waiting and the ending referrals are in different states.
        by_state = self._ib_overview_count(
            "ib.referral",
            Domain.OR([waiting_domain, ending_domain]),
            ["state"],
        )
        if by_state is None:
            return
        waiting, ending = defaultdict(int), defaultdict(int)
        for (company_id, state), count in by_state.items():
            target = waiting if state in WAITING_STATES else ending
            target[company_id] += count
        section = self.env._("Referrals")
        waiting_label = self.env._("Referrals waiting for an answer")
        ending_label = self.env._("TLVs ending within six months")
        for company in self:
            counters[company.id] += [
                company._ib_overview_counter(
                    "referral_waiting",
                    waiting_label,
                    "ib.referral",
                    waiting_domain,
                    waiting.get(company.id, 0),
                    sequence=60,
                    severity="info",
                    section=section,
                    action="ib_referrals.ib_referral_action",
                ),
                company._ib_overview_counter(
                    "referral_tlv_ending",
                    ending_label,
                    "ib.referral",
                    ending_domain,
                    ending.get(company.id, 0),
                    sequence=61,
                    severity="warning",
                    section=section,
                    action="ib_referrals.ib_referral_action",
                ),
            ]

    def _ib_overview_secondary_advice_counters(self, counters):
        """Where the group 8 pupils of the current year stand with their advice
        for secondary school: one counter per open stage."""
        by_stage = self._ib_overview_count(
            "ib.secondary.advice",
            [
                ("school_year_id.is_current", "=", True),
                ("stage", "in", SECONDARY_ADVICE_OPEN_STAGES),
            ],
            ["stage"],
        )
        if by_stage is None:
            return
        section = self.env._("Group 8 Advice")
        labels = dict(
            self.env["ib.secondary.advice"]
            ._fields["stage"]
            ._description_selection(self.env)
        )
        for company in self:
            for sequence, stage in enumerate(SECONDARY_ADVICE_OPEN_STAGES, start=65):
                counters[company.id].append(
                    company._ib_overview_counter(
                        f"secondary_advice_{stage}",
                        labels[stage],
                        "ib.secondary.advice",
                        [
                            ("school_year_id.is_current", "=", True),
                            ("stage", "=", stage),
                        ],
                        by_stage.get((company.id, stage), 0),
                        sequence=sequence,
                        severity="warning" if stage == "reconsider" else "info",
                        section=section,
                        action="ib_referrals.ib_secondary_advice_action",
                    )
                )
