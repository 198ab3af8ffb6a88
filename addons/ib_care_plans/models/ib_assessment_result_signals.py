from collections import defaultdict

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.tools import SQL

from .ib_assessment import LOWEST_LEVEL, level_label
from .result_rules import MANAGED_FIELDS


class IbAssessmentResultSignals(models.AbstractModel):
    """The sequence of a pupil's results per domain (previous level, change
    since the previous moment, signals) and the signal digest for the
    coordinators, inherited by ``ib.assessment.result``."""

    _name = "ib.assessment.result.signal.mixin"
    _description = "Sequence and Signals of Test Results"

    def _ib_sequence_keys(self):
        return {(r.pupil_id.id, r.domain) for r in self if r.pupil_id and r.domain}

    def _ib_refresh_sequence(self, extra_keys=None):
        """Recompute the previous level, the change and the signal of every result
        of the pupils and domains of ``self`` (three queries whatever the size),
        then send the signal recipients their digest of the new signals.

        previous_level, level_change and signal are derived data, written here
        only (create and write drop them from the values they get)."""
        updates, new_signals = self._ib_sequence_pass(extra_keys)
        self._ib_write_sequence(updates)
        if new_signals:
            self.browse(new_signals)._ib_notify_signals()

    def _ib_sequence_pass(self, extra_keys=None, pending=None):
        """Walk the results of the pupils and domains of ``self``, ``extra_keys``
        and ``pending`` in their order (by date) and derive their previous level,
        change and signal.

        :param pending: ``{id: values}`` of results about to be inserted (ids
            taken from the sequence): their derived values are set in
            ``values``.
        :return: ``(updates, new_signals)``: ``(id, previous level, change,
            signal)`` of the stored results whose derived values change, and the
            ids (stored or pending) whose signal is new."""
        self.env.flush_all()
        cr = self.env.cr
        pending = pending or {}
        keys = set(extra_keys or ())
        if self.ids:
            cr.execute(
                SQL(
                    "SELECT DISTINCT pupil_id, domain FROM ib_assessment_result "
                    "WHERE id = ANY(%s) AND domain IS NOT NULL",
                    self.ids,
                )
            )
            keys.update(cr.fetchall())
        keys.update(
            (vals["pupil_id"], vals["domain"])
            for vals in pending.values()
            if vals.get("domain")
        )
        if not keys:
            return [], []
        # the results of the pupils in the domains concerned (the unique index
        # starts with the pupil), not every result of the pupils; the pairs
        # (pupil, domain) outside ``keys`` are left out below
        cr.execute(
            SQL(
                """
            SELECT r.id, r.pupil_id, r.domain, r.date, r.level, r.previous_level,
                   r.level_change, r.signal, r.company_id
              FROM ib_assessment_result r
             WHERE r.pupil_id = ANY(%s) AND r.domain = ANY(%s)
            """,
                sorted({pupil for pupil, _domain in keys}),
                sorted({domain for _pupil, domain in keys}),
            )
        )
        rows = [row for row in cr.fetchall() if (row[1], row[2]) in keys]
        rows.extend(
            (
                rid,
                vals["pupil_id"],
                vals.get("domain"),
                vals["date"],
                vals.get("level") or 0,
                None,
                None,
                None,
                vals.get("company_id"),
            )
            for rid, vals in pending.items()
        )
        rows.sort(key=lambda row: (row[1], row[2] or "", row[3], row[0]))
        thresholds = self._ib_signal_thresholds({row[8] for row in rows})
        updates, new_signals = [], []
        current_key, previous, lowest_run, counted = None, 0, 0, 0
        for row in rows:
            rid, pupil, domain, _date, level, old_prev, old_change, old_signal = row[:8]
            key = (pupil, domain)
            if key != current_key:
                current_key, previous, lowest_run, counted = key, 0, 0, 0
            if key not in keys:
                continue
            drop_threshold, lowest_threshold = thresholds.get(row[8], (2, 2))
            prev_level = previous if level else 0
            change = prev_level - level if level and prev_level else 0
            if level:
                counted += 1
                lowest_run = lowest_run + 1 if level == LOWEST_LEVEL else 0
                previous = level
            # A series of results at the lowest level signals once: at its start
            # when it starts with the pupil's first result in the domain, else
            # when it reaches the school's number in a row.
            signal = None
            if level and drop_threshold and -change >= drop_threshold:
                signal = "drop"
            elif level and lowest_threshold and lowest_run == counted == 1:
                signal = "first_lowest"
            elif (
                level
                and lowest_threshold
                and lowest_run == lowest_threshold
                and lowest_run < counted
            ):
                signal = "lowest"
            if rid in pending:
                pending[rid].update(
                    previous_level=prev_level, level_change=change, signal=signal
                )
                if signal:
                    new_signals.append(rid)
                continue
            if (prev_level, change, signal) != (
                old_prev or 0,
                old_change or 0,
                old_signal,
            ):
                updates.append((rid, prev_level, change, signal))
                if signal and not old_signal:
                    new_signals.append(rid)
        return updates, new_signals

    def _ib_write_sequence(self, updates):
        """Store the derived values found by ``_ib_sequence_pass`` (one query)."""
        if not updates:
            return
        ids, prevs, changes, signals = map(list, zip(*updates, strict=True))
        self.env.cr.execute(
            SQL(
                """
            UPDATE ib_assessment_result r
               SET previous_level = v.previous_level,
                   level_change = v.level_change,
                   signal = v.signal
              FROM unnest(%s::int[], %s::int[], %s::int[], %s::varchar[])
                   AS v(id, previous_level, level_change, signal)
             WHERE r.id = v.id
            """,
                ids,
                prevs,
                changes,
                signals,
            )
        )
        self.env["ib.assessment.result"].invalidate_model(list(MANAGED_FIELDS))

    @api.model
    def _ib_signal_thresholds(self, company_ids):
        # The signal thresholds are school settings, not care data; a result may
        # belong to a school that is not among the user's active companies.
        companies = self.env["res.company"].sudo().browse(list(company_ids))
        return {
            c.id: (c.ib_signal_level_drop, c.ib_signal_lowest_repeat) for c in companies
        }

    def _ib_notify_signals(self):
        """One digest activity per signal recipient for the new signals of
        ``self`` (an import, a change of the cut-offs): the pupils with their
        signals, each pupil a link to their file. A recipient other than the
        current user gets one notification of it, without its care content."""
        activity_type = self.env.ref(
            "ib_care_plans.mail_activity_type_result_signal_digest",
            raise_if_not_found=False,
        )
        if not activity_type or not self:
            return
        # The activity is the system telling the coordinator; the importing user
        # (often a teacher, who may not write on the pupil file) does not write the
        # pupil: create it as superuser. Its content is what the recipient may read.
        results = self.sudo()
        results.fetch(
            [
                "pupil_id",
                "company_id",
                "assessment_id",
                "school_year_id",
                "moment",
                "level_label",
                "previous_level",
                "signal",
            ]
        )
        recipients = {}
        for company in results.company_id:
            user = company._ib_signal_user() or self.env.user
            recipients[company] = user
        by_user = defaultdict(lambda: defaultdict(lambda: results.browse()))
        for result in results:
            user = recipients.get(result.company_id, self.env.user)
            by_user[user][result.pupil_id] |= result
        today = fields.Date.context_today(self)
        vals_list = []
        for user, by_pupil in by_user.items():
            items = []
            pupils = sorted(by_pupil, key=lambda p: (p.company_id.name or "", p.name))
            for pupil in pupils:
                lines = Markup("").join(
                    Markup("<li>%s</li>") % r._ib_signal_text()
                    for r in by_pupil[pupil].sorted(
                        lambda r: (r.assessment_id.name or "", r.id)
                    )
                )
                items.append(
                    Markup(
                        '<li><a href="/odoo/ib.pupil/%s">%s</a> (%s)<ul>%s</ul></li>'
                    )
                    % (pupil.id, pupil.name, pupil.company_id.name, lines)
                )
            count = sum(len(r) for r in by_pupil.values())
            user_env = self.with_context(lang=user.lang or self.env.lang).env
            vals_list.append(
                {
                    "user_id": user.id,
                    "activity_type_id": activity_type.id,
                    "date_deadline": today,
                    "summary": user_env._(
                        "New test signals: %(signals)s (pupils: %(pupils)s)",
                        signals=count,
                        pupils=len(by_pupil),
                    ),
                    "note": Markup("<ul>%s</ul>") % Markup("").join(items),
                    "automated": True,
                }
            )
        # An activity without a document: it is the recipient's only, and Odoo
        # sends no e-mail for it; the notification below says it is there.
        activities = self.env["mail.activity"].sudo().create(vals_list)
        for activity in activities:
            if activity.user_id != self.env.user:
                self._ib_notify_signal_digest(activity)

    def _ib_notify_signal_digest(self, activity):
        """Tell the recipient of a digest that it is waiting: one notification
        (inbox or e-mail, as the user chose), without the pupils' names or
        levels, which stay in Odoo."""
        user = activity.user_id
        env = self.with_context(lang=user.lang or self.env.lang).env
        body = Markup("<p>%s</p>") % env._(
            "%(author)s imported test results with new signals (%(summary)s). "
            "Open your activities in Odoo to see them.",
            author=self.env.user.name,
            summary=activity.summary,
        )
        self.env["mail.thread"].sudo().message_notify(
            partner_ids=user.partner_id.ids,
            subject=activity.summary,
            body=body,
            email_layout_xmlid="mail.mail_notification_light",
        )

    def _ib_signal_text(self):
        self.ensure_one()
        previous = level_label(self.previous_level, self.assessment_id.level_scale)
        if self.signal == "drop":
            text = self.env._(
                "%(test)s (%(year)s, %(moment)s): level %(level)s, was %(previous)s.",
                test=self.assessment_id.name,
                year=self.school_year_id.name,
                moment=dict(self._fields["moment"]._description_selection(self.env))[
                    self.moment
                ],
                level=self.level_label,
                previous=previous,
            )
        elif self.signal == "first_lowest":
            text = self.env._(
                "%(test)s (%(year)s, %(moment)s): lowest level %(level)s at the "
                "first result.",
                test=self.assessment_id.name,
                year=self.school_year_id.name,
                moment=dict(self._fields["moment"]._description_selection(self.env))[
                    self.moment
                ],
                level=self.level_label,
            )
        else:
            text = self.env._(
                "%(test)s (%(year)s, %(moment)s): lowest level %(level)s again.",
                test=self.assessment_id.name,
                year=self.school_year_id.name,
                moment=dict(self._fields["moment"]._description_selection(self.env))[
                    self.moment
                ],
                level=self.level_label,
            )
        return escape(text)
