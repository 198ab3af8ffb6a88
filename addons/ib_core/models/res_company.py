import json
import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import json_default

# A BRIN number is two digits and two letters/digits (e.g. 12AB); a location of a
# school may add a two-digit suffix (12AB00).
BRIN_PATTERN = re.compile(r"^\d{2}[A-Z0-9]{2}(\d{2})?$")

# What the overview card of a school gets of each counter (the web client's
# widget shows the count and label under the section, coloured by severity, and
# passes the key back to open the records).
OVERVIEW_CARD_KEYS = ("key", "label", "count", "sequence", "severity", "section")


class OverviewCountersField(fields.Json):
    """The JSON field of the overview's counters, without the copies of
    ``fields.Json``: that field serializes and parses every value it is given
    (``convert_to_cache``) and deep-copies every value it returns
    (``convert_to_record``), which for the overview is a round trip per school
    and counter, the main cost of the overview of a board of 50 schools (more
    than its queries). The value is computed, never stored, and built anew by
    every compute from JSON-safe parts (see ``_ib_overview_counter``); a reader
    gets the computed value itself and must not change it."""

    def convert_to_cache(self, value, record, validate=True):
        return value or None

    def convert_to_record(self, value, record):
        return False if value is None else value


class ResCompany(models.Model):
    _inherit = "res.company"

    ib_brin_code = fields.Char(
        string="BRIN Code",
        size=6,
        help="The school's BRIN number from DUO, e.g. 12AB (or 12AB00 for a location).",
    )
    ib_swv_partner_id = fields.Many2one(
        "res.partner",
        string="Regional Partnership (SWV)",
        help="The samenwerkingsverband Passend Onderwijs the school belongs to.",
    )
    ib_coordinator_id = fields.Many2one(
        "res.users",
        string="Care Coordinator",
        domain="[('share', '=', False), ('company_ids', 'in', id)]",
        ondelete="set null",
        help="The school's intern begeleider: new support requests are assigned to "
        "them. When empty, a user with the Care Coordinator role in this school is "
        "chosen.",
    )
    ib_retention_years = fields.Integer(
        string="Retention Period (years)",
        default=2,
        help="How many years after a pupil leaves the school the pupil file is kept.",
    )
    ib_retention_years_special = fields.Integer(
        string="Retention Period Special Education (years)",
        default=3,
        help="Retention period for the file of a pupil who left for special "
        "(primary) education.",
    )
    ib_retention_years_enrolment = fields.Integer(
        string="Retention Period Enrolment Data (years)",
        default=5,
        help="Retention period for enrolment and leaving data.",
    )
    ib_support_level_ids = fields.One2many(
        "ib.support.level", "company_id", string="Support Levels"
    )

    # The care coordinator's overview: one kanban card per school listing
    # counters (what needs the coordinator now), each opening the records behind
    # it. Addons add counters by extending _ib_overview_counters with super().
    ib_overview_counters = OverviewCountersField(
        string="Care Overview",
        compute="_compute_ib_overview_counters",
        groups="ib_core.group_ib_director",
    )

    _ib_brin_code_uniq = models.UniqueIndex(
        "(ib_brin_code) WHERE ib_brin_code IS NOT NULL",
        "This BRIN code is already used by another school.",
    )

    @api.model
    def _ib_normalize_brin(self, code):
        return (code or "").replace(" ", "").upper() or False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("ib_brin_code"):
                vals["ib_brin_code"] = self._ib_normalize_brin(vals["ib_brin_code"])
        companies = super().create(vals_list)
        companies._ib_ensure_support_levels()
        return companies

    def write(self, vals):
        if vals.get("ib_brin_code"):
            vals["ib_brin_code"] = self._ib_normalize_brin(vals["ib_brin_code"])
        return super().write(vals)

    @api.constrains("ib_brin_code")
    def _check_ib_brin_code(self):
        for company in self.filtered("ib_brin_code"):
            if not BRIN_PATTERN.match(company.ib_brin_code):
                raise ValidationError(
                    self.env._(
                        "The BRIN code %(code)s of %(school)s is not valid: it has "
                        "two digits followed by two letters or digits, e.g. 12AB "
                        "(optionally with a two-digit location number, e.g. 12AB00).",
                        code=company.ib_brin_code,
                        school=company.name,
                    )
                )

    @api.constrains(
        "ib_retention_years",
        "ib_retention_years_special",
        "ib_retention_years_enrolment",
    )
    def _check_ib_retention_years(self):
        for company in self:
            years = (
                company.ib_retention_years,
                company.ib_retention_years_special,
                company.ib_retention_years_enrolment,
            )
            if any(y < 1 or y > 100 for y in years):
                raise ValidationError(
                    self.env._(
                        "A retention period must be between 1 and 100 years (%s).",
                        company.name,
                    )
                )

    @api.constrains("ib_coordinator_id")
    def _check_ib_coordinator_id(self):
        for company in self.filtered("ib_coordinator_id"):
            user = company.ib_coordinator_id
            if not user.has_group("ib_core.group_ib_coordinator") or (
                company not in user.company_ids
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be the care coordinator of %(school)s: the "
                        "care coordinator needs the Care Coordinator role and access "
                        "to the school.",
                        user=user.name,
                        school=company.name,
                    )
                )

    def _ib_get_care_coordinators(self):
        """The care coordinator per school: {company id: res.users}.

        The school's setting, else a user with the Care Coordinator role allowed
        in that school (members of the role itself before users who only have it
        through a higher role such as Manager)."""
        result = {c.id: c.ib_coordinator_id for c in self if c.ib_coordinator_id}
        missing = self.filtered(lambda c: c.id not in result)
        if not missing:
            return result
        group = self.env.ref("ib_core.group_ib_coordinator")
        users = self.env["res.users"].search(
            [
                ("share", "=", False),
                ("all_group_ids", "in", group.ids),
                ("company_ids", "in", missing.ids),
            ],
            order="id",
        )
        for company in missing:
            candidates = users.filtered(lambda u, c=company: c in u.company_ids)
            direct = candidates.filtered(lambda u: group in u.group_ids)
            result[company.id] = (direct or candidates)[:1]
        return result

    def _ib_support_request_sequences(self):
        """The support request numbering of each school, created when missing.

        Returns {company id: ir.sequence}. The sequences are configuration, not
        care data, and teachers filing a request cannot create or read them
        otherwise: hence sudo."""
        Sequence = self.env["ir.sequence"].sudo()
        code = "ib.support.request"
        sequences = Sequence.search(
            [("code", "=", code), ("company_id", "in", self.ids)]
        )
        by_company = {s.company_id.id: s for s in sequences}
        missing = self.filtered(lambda c: c.id not in by_company)
        if missing:
            created = Sequence.create(
                [
                    {
                        "name": self.env._("Support requests %s", company.name),
                        "code": code,
                        "company_id": company.id,
                        "prefix": "HV/%(range_year)s/",
                        "padding": 4,
                        "use_date_range": True,
                        "implementation": "standard",
                    }
                    for company in missing
                ]
            )
            by_company.update({s.company_id.id: s for s in created})
        return by_company

    def _ib_ensure_support_levels(self):
        """Create the five standard support levels for schools that have none."""
        # Default configuration, created for whoever sets up a school (often a
        # system administrator without a pupil-care role): not care data.
        levels = self.env["ib.support.level"].sudo()
        existing = set(levels.search([("company_id", "in", self.ids)]).company_id.ids)
        vals_list = []
        for company in self.filtered(lambda c: c.id not in existing):
            vals_list += levels._default_levels_vals(company)
        if vals_list:
            levels.create(vals_list)

    # ---------------------------------------------------------------- overview

    def _compute_ib_overview_counters(self):
        """Each school's counters as the card shows them: only the keys of
        :data:`OVERVIEW_CARD_KEYS`. What a counter opens (model, domain, action,
        context) stays on the server: :meth:`action_open_counter` builds it for
        the one counter clicked, so the overview of a board does not send (and
        serialize) every school's domains."""
        counters = self._ib_overview_counters()
        for company in self:
            company.ib_overview_counters = [
                {key: counter[key] for key in OVERVIEW_CARD_KEYS}
                for counter in sorted(
                    counters.get(company.id, []),
                    key=lambda c: (c["sequence"], c["key"]),
                )
            ]

    def _ib_overview_counters(self):
        """The counters of the overview cards: {company id: [counter, ...]}.

        Extend with super() and add counters with :meth:`_ib_overview_add_counter`
        (one query for all schools); for grouped counts use
        :meth:`_ib_overview_count` and :meth:`_ib_overview_counter`. Example::

            def _ib_overview_counters(self):
                counters = super()._ib_overview_counters()
                # label: translated with self.env._ before, not inside, the call
                self._ib_overview_add_counter(
                    counters, "referral_waiting", label, "ib.referral",
                    [("state", "=", "sent")], sequence=60, severity="info",
                )
                return counters

        Counters are shown by ``sequence``: 10-19 support requests, 20-29
        evaluations, 30-39 signals, 40-49 meetings, 50-59 consent, 60-69
        referrals, 80-89 pupils per support level.
        """
        counters = {company.id: [] for company in self}
        self._ib_overview_support_request_counters(counters)
        self._ib_overview_consent_counters(counters)
        self._ib_overview_support_level_counters(counters)
        return counters

    # ----------------------------------------------------------------- helpers

    def _ib_overview_count(self, model, domain, groupby=()):
        """Count ``model`` records matching ``domain`` for all schools of self in
        one query, as the current user (record rules apply).

        :return: {company id: count}, or {(company id, *groupby values): count}
            when ``groupby`` is given; None when the user cannot read ``model``.
        """
        Model = self.env[model]
        if not Model.has_access("read"):
            return None
        groups = Model._read_group(
            Domain(domain) & Domain("company_id", "in", self.ids),
            ["company_id", *groupby],
            ["__count"],
        )
        if not groupby:
            return {company.id: count for company, count in groups}
        return {
            (
                row[0].id,
                *(
                    value.id if isinstance(value, models.BaseModel) else value
                    for value in row[1:-1]
                ),
            ): row[-1]
            for row in groups
        }

    def _ib_overview_add_counter(self, counters, key, label, model, domain, **options):
        """Count ``model`` records matching ``domain`` for all schools of self in
        one query and add the counter to each school's card in ``counters``; add
        nothing when the user cannot read ``model``. ``options``: the keyword
        arguments of :meth:`_ib_overview_counter` (sequence, severity, ...)."""
        counts = self._ib_overview_count(model, domain)
        if counts is None:
            return
        for company_id in self._ids:
            counters[company_id].append(
                self._ib_overview_counter(
                    key,
                    label,
                    model,
                    domain,
                    counts.get(company_id, 0),
                    **options,
                )
            )

    def _ib_overview_counter(
        self,
        key,
        label,
        model,
        domain,
        count,
        sequence=100,
        severity="info",
        section=False,
        action=False,
        context=None,
    ):
        """One counter of this school's card.

        :param key: unique per card, passed back to :meth:`action_open_counter`
        :param domain: the records counted (this school is added)
        :param severity: colour of a non-zero count: danger, warning, info,
            success or secondary
        :param section: heading the counter is listed under
        :param action: XML id of a window action to open (its views and help),
            else a plain list/form of ``model``

        The domain is kept as given (shared by the schools, not to be changed):
        :meth:`action_open_counter` adds the school and makes it JSON-safe for
        the one counter opened, so the overview of a board converts no domain.
        The counter does not depend on the school: one call serves them all.
        """
        return {
            "key": key,
            "label": label,
            "count": count,
            "model": model,
            "domain": domain,
            "context": context or {},
            "sequence": sequence,
            "severity": severity,
            "section": section or "",
            "action": action,
        }

    @api.model
    def _ib_overview_json_domain(self, company_id, domain):
        """The records of a counter: ``domain`` of the school ``company_id``,
        as a JSON-safe list (dates become "YYYY-MM-DD", which domains accept)."""
        school = ["company_id", "=", company_id]
        normalized = Domain(domain)
        if normalized.is_true():
            return [school]
        return [
            "&",
            school,
            *json.loads(json.dumps(list(normalized), default=json_default)),
        ]

    # ---------------------------------------------------------------- counters

    def _ib_overview_support_request_counters(self, counters):
        Request = self.env["ib.support.request"]
        by_state = self._ib_overview_count(
            "ib.support.request", [("state", "in", ("new", "analysis"))], ["state"]
        )
        if by_state is None:
            return
        overdue_domain = Request._ib_overdue_domain()
        overdue = self._ib_overview_count("ib.support.request", overdue_domain)
        section = self.env._("Support Requests")
        # labels first: Odoo's term extractor misreads a _() inside a call
        label_new = self.env._("New support requests")
        label_overdue = self.env._("Overdue support requests")
        label_analysis = self.env._("Support requests in analysis")
        action = "ib_core.ib_support_request_action"
        for company in self:
            counters[company.id] += [
                company._ib_overview_counter(
                    "support_request_new",
                    label_new,
                    "ib.support.request",
                    [("state", "=", "new")],
                    by_state.get((company.id, "new"), 0),
                    sequence=10,
                    severity="warning",
                    section=section,
                    action=action,
                ),
                company._ib_overview_counter(
                    "support_request_overdue",
                    label_overdue,
                    "ib.support.request",
                    overdue_domain,
                    overdue.get(company.id, 0),
                    sequence=11,
                    severity="danger",
                    section=section,
                    action=action,
                ),
                company._ib_overview_counter(
                    "support_request_analysis",
                    label_analysis,
                    "ib.support.request",
                    [("state", "=", "analysis")],
                    by_state.get((company.id, "analysis"), 0),
                    sequence=12,
                    severity="info",
                    section=section,
                    action=action,
                ),
            ]

    def _ib_overview_consent_counters(self, counters):
        """Consents asked of parents and not answered, and parents' open
        correction requests (the four-week deadline of the right to rectification)."""
        section = self.env._("Parents")
        label_consent = self.env._("Consents awaiting an answer")
        label_correction = self.env._("Open correction requests")
        self._ib_overview_add_counter(
            counters,
            "consent_requested",
            label_consent,
            "ib.consent",
            [("state", "=", "requested")],
            sequence=50,
            severity="warning",
            section=section,
            action="ib_core.ib_consent_action",
        )
        self._ib_overview_add_counter(
            counters,
            "correction_open",
            label_correction,
            "ib.correction.request",
            [("state", "=", "open")],
            sequence=55,
            severity="danger",
            section=section,
            action="ib_core.ib_correction_request_action",
        )

    def _ib_overview_support_level_counters(self, counters):
        """Pupils per support level (2 and up), opened grouped by group."""
        if not self.env["ib.support.level"].has_access("read"):
            return
        levels = self.env["ib.support.level"].search_fetch(
            [("company_id", "in", self.ids), ("level", ">=", 2)],
            ["name", "level", "company_id"],
            order="company_id, level",
        )
        base = [("is_enrolled", "=", True)]
        counts = self._ib_overview_count(
            "ib.pupil",
            Domain(base) & Domain("support_level", ">=", 2),
            ["support_level_id"],
        )
        if counts is None:
            return
        section = self.env._("Pupils per Support Level")
        for level in levels:
            company = level.company_id
            counters[company.id].append(
                company._ib_overview_counter(
                    f"pupils_level_{level.level}",
                    # the level's display name, without computing (and caching)
                    # it for every school's levels
                    levels._ib_label(level.level, level.name),
                    "ib.pupil",
                    base + [("support_level_id", "=", level.id)],
                    counts.get((company.id, level.id), 0),
                    sequence=80 + level.level,
                    severity="secondary",
                    section=section,
                    action="ib_core.ib_pupil_action",
                    context={"group_by": ["group_id"]},
                )
            )

    # ------------------------------------------------------------------ action

    def action_open_counter(self, key):
        """Open the records behind counter ``key`` of this school's card."""
        self.ensure_one()
        if not self.env.user.has_group("ib_core.group_ib_director"):
            raise AccessError(
                self.env._("The care overview is for care coordinators and directors.")
            )
        if self not in self.env.companies:
            raise AccessError(
                self.env._(
                    "%s is not one of the schools you are working in now.", self.name
                )
            )
        counter = next(
            (c for c in self._ib_overview_counters()[self.id] if c["key"] == key),
            None,
        )
        if counter is None:
            raise UserError(self.env._("The overview has no counter %s.", key))
        self.env[counter["model"]].check_access("read")
        if counter["action"]:
            action = self.env["ir.actions.act_window"]._for_xml_id(counter["action"])
        else:
            action = {
                "type": "ir.actions.act_window",
                "res_model": counter["model"],
                "views": [(False, "list"), (False, "form")],
            }
        name = f"{counter['label']} ({self.name})"
        action.update(
            {
                "name": name,
                "display_name": name,
                "domain": self._ib_overview_json_domain(self.id, counter["domain"]),
                "context": counter["context"],
                "target": "current",
            }
        )
        return action
