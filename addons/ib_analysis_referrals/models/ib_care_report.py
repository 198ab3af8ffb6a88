from collections import defaultdict

from odoo import models


class IbCareReport(models.Model):
    _inherit = "ib.care.report"

    def _ib_report_sections(self):
        sections = super()._ib_report_sections()
        if not self.date_from:
            return sections
        referrals = self._ib_section_referrals()
        # after the plans and OPPs, before the interventions
        keys = [s["key"] for s in sections]
        index = keys.index("interventions") if "interventions" in keys else len(keys)
        sections[index:index] = [referrals, self._ib_section_tlv()]
        return sections

    def _ib_referrals_sent(self, extra=()):
        return self.env["ib.referral"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                *self._ib_period_domain("sent_date", as_datetime=True),
                *extra,
            ],
            ["kind", "sent_date", "decision", "decision_date", "state"],
        )

    def _ib_section_referrals(self):
        """Referrals sent in the period, per kind: how many were decided, with
        which outcome, after how many days, and how many still wait."""
        figures = defaultdict(
            lambda: {"sent": 0, "granted": 0, "refused": 0, "waiting": 0, "days": []}
        )
        for referral in self._ib_referrals_sent():
            row = figures[referral.kind]
            row["sent"] += 1
            if referral.decision_date:
                row["days"].append(
                    (referral.decision_date - referral.sent_date.date()).days
                )
                if referral.decision:
                    row[referral.decision] += 1
            else:
                row["waiting"] += 1
        rows = [
            [
                label,
                self._ib_count(figures[key]["sent"]),
                self._ib_count(figures[key]["granted"]),
                self._ib_count(figures[key]["refused"]),
                self._ib_count(figures[key]["waiting"]),
                self._ib_average(figures[key]["days"]),
            ]
            for key, label in self._ib_selection("ib.referral", "kind").items()
            if key in figures
        ]
        return {
            "key": "referrals",
            "title": self.env._("Referrals"),
            "columns": [
                self.env._("Kind"),
                self.env._("Sent"),
                self.env._("Granted"),
                self.env._("Refused"),
                self.env._("Still waiting"),
                self.env._("Days to the decision (average)"),
            ],
            "rows": rows,
            "note": self.env._("Referrals sent in the period."),
        }

    def _ib_section_tlv(self):
        """TLVs for special (primary) education: requested in the period, and
        those valid at its end."""
        requested = self._ib_referrals_sent([("kind", "=", "tlv")])
        valid = self.env["ib.referral"].search_count(
            [
                ("company_id", "=", self.company_id.id),
                ("kind", "=", "tlv"),
                ("decision", "=", "granted"),
                ("valid_from", "<=", self.date_to),
                "|",
                ("valid_until", "=", False),
                ("valid_until", ">=", self.date_to),
            ]
        )
        granted = requested.filtered(lambda r: r.decision == "granted")
        return {
            "key": "tlv",
            "title": self.env._("Admissibility statements (TLV)"),
            "columns": [self.env._("TLV"), self.env._("Pupils")],
            "rows": [
                [self.env._("Requested in the period"), self._ib_count(len(requested))],
                [self.env._("Granted of these"), self._ib_count(len(granted))],
                [
                    self.env._("Valid at the end of the period"),
                    self._ib_count(valid),
                ],
            ],
        }
