import base64
import logging
import time
from collections import defaultdict
from datetime import date

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from odoo.addons.ib_core.models.ib_pupil import bsn_is_valid

from ..tools.edexml_parser import (
    DEFAULT_MAX_BYTES,
    PRIMARY_GRADES,
    EdexmlFileError,
    EdexmlParser,
)

_logger = logging.getLogger(__name__)

# Pupil fields the import keeps in step with the administration, in the order
# the changes are shown.
PUPIL_FIELDS = (
    "last_name",
    "infix",
    "first_name",
    "edexml_given_names",
    "edexml_initials",
    "date_of_birth",
    "edexml_gender",
    "edexml_grade_code",
    "enrolment_date",
    "leaving_date",
    "edexml_eckid",
    "edexml_key",
)
# File value of each field (parser names).
PUPIL_SOURCE = {
    "last_name": "last_name",
    "infix": "infix",
    "first_name": "first_name",
    "edexml_given_names": "given_names",
    "edexml_initials": "initials",
    "date_of_birth": "birth_date",
    "edexml_gender": "gender",
    "edexml_grade_code": "grade",
    "enrolment_date": "enrolment_date",
    "leaving_date": "leaving_date",
    "edexml_eckid": "eckid",
    "edexml_key": "key",
}
TEACHER_SOURCE = {
    "key": "key",
    "eckid": "eckid",
    "last_name": "last_name",
    "infix": "infix",
    "given_names": "given_names",
    "initials": "initials",
    "first_name": "first_name",
    "email": "email",
}
# Context of the import's writes: no tracking values, no automatic log lines,
# no followers, no mail; the import posts its own message per pupil.
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
    "mail_auto_subscribe_no_notify": True,
    "no_reset_password": True,
}
# Pupils written per batch (system parameter ib_edexml.batch_size).
BATCH_SIZE = 1000
# The counts of the import log, by their key in the import's stats.
LOG_COUNTS = {
    "pupil_new": "pupil_new_count",
    "pupil_changed": "pupil_changed_count",
    "pupil_leaving": "pupil_leaving_count",
    "group_new": "group_new_count",
    "group_changed": "group_changed_count",
    "teacher_new": "teacher_new_count",
    "teacher_changed": "teacher_changed_count",
}


class _StepTimer:
    """Logs (debug) how long each step of an import takes."""

    def __init__(self):
        self.started = time.perf_counter()

    def __call__(self, step):
        now = time.perf_counter()
        _logger.debug("EDEXML import: %s in %.2f s", step, now - self.started)
        self.started = now


class IbEdexmlImportService(models.AbstractModel):
    """The EDEXML import, callable from code and tests without the wizard.

    ``_ib_plan(company, data)`` reads the file and compares it with the school's
    data in a fixed number of queries (everything of the school is read at once
    and matched in dictionaries by key); it writes nothing. ``_ib_apply(plan,
    ...)`` carries the plan out in batches and logs it. A second run of the same
    file finds nothing to change and writes nothing.
    """

    _name = "ib.edexml.import.service"
    _description = "EDEXML Import Service"

    # ---------------------------------------------------------------- checks
    @api.model
    def _ib_check_rights(self, company):
        user = self.env.user
        if not user.has_group("ib_core.group_ib_coordinator") or (
            company not in user.company_ids
        ):
            raise AccessError(
                self.env._(
                    "Only the care coordinator of %(school)s can import pupils, "
                    "groups and teachers from the administration.",
                    school=company.name,
                )
            )

    @api.model
    def _ib_max_bytes(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("ib_edexml.max_file_mb", "")
        )
        return int(value) * 1024 * 1024 if value.isdigit() else DEFAULT_MAX_BYTES

    @api.model
    def _ib_parse(self, data):
        parser = EdexmlParser(_=self.env._, max_bytes=self._ib_max_bytes())
        try:
            return parser.parse(data)
        except EdexmlFileError as exc:
            raise UserError(exc.args[0]) from exc

    @api.model
    def _ib_check_school(self, company, school):
        own = (company.ib_brin_code or "").upper()
        if not own:
            raise UserError(
                self.env._(
                    "%(school)s has no BRIN code: fill it in on the school first, "
                    "so the import can check that the file is of this school.",
                    school=company.name,
                )
            )
        if not school["brin"]:
            raise UserError(
                self.env._(
                    "The file does not name a Dutch school by BRIN code "
                    "(<brincode>), so it cannot be checked against %(school)s and "
                    "is refused.",
                    school=company.name,
                )
            )
        if len(own) == 6 and own.endswith("00"):
            own = own[:4]
        theirs = school["brin"] + school["dependance"]
        if theirs != own:
            raise UserError(
                self.env._(
                    "This file is of another school (BRIN %(theirs)s), not of "
                    "%(school)s (BRIN %(own)s). Nothing was imported.",
                    theirs=theirs,
                    school=company.name,
                    own=company.ib_brin_code,
                )
            )

    # ------------------------------------------------------------------ plan
    @api.model
    def _ib_plan(self, company, data):
        """Compare the file with the school's data; write nothing.

        :return: the plan, a dict of plain values and records (see the keys
            set below) that ``_ib_apply`` carries out.
        """
        self._ib_check_rights(company)
        parsed = self._ib_parse(data)
        self._ib_check_school(company, parsed["school"])
        plan = {
            "company": company,
            "version": parsed["version"],
            "school": parsed["school"],
            "problems": list(parsed["problems"]),
            "reference_date": parsed["school"]["reference_date"],
        }
        self._ib_plan_year(plan)
        grade_ids = {
            g.number: g.id for g in self.env["ib.grade"].search_fetch([], ["number"])
        }
        plan["grade_ids"] = grade_ids
        self._ib_plan_pupils(plan, parsed["pupils"])
        self._ib_plan_groups(plan, parsed["groups"], parsed["pupils"])
        self._ib_plan_memberships(plan, parsed["pupils"])
        self._ib_plan_teachers(plan, parsed["teachers"], parsed["groups"])
        return plan

    @api.model
    def _ib_problem(self, plan, item, message, severity="warning", kind="pupil"):
        plan["problems"].append(
            {
                "line": item.get("line") or 0,
                "element": kind,
                "key": item.get("key") or "",
                "severity": severity,
                "message": message,
            }
        )

    @api.model
    def _ib_plan_year(self, plan):
        company, school = plan["company"], plan["school"]
        name = school["school_year"]
        Year = self.env["ib.school.year"].with_context(active_test=False)
        year = Year.search(
            [("company_id", "=", company.id), ("name", "=", name)], limit=1
        )
        plan["year"] = year
        plan["year_vals"] = None
        if year:
            return
        start = date(school["year_start"], 8, 1)
        end = date(school["year_start"] + 1, 7, 31)
        overlap = Year.search(
            [
                ("company_id", "=", company.id),
                ("active", "=", True),
                ("date_start", "<=", end),
                ("date_end", ">=", start),
            ],
            limit=1,
        )
        if overlap:
            raise UserError(
                self.env._(
                    "The file is of school year %(year)s, which overlaps with "
                    "school year %(other)s of %(school)s. Correct the school "
                    "years first.",
                    year=name,
                    other=overlap.name,
                    school=company.name,
                )
            )
        plan["year_vals"] = {
            "date_start": start,
            "date_end": end,
            "company_id": company.id,
        }

    # ---------------------------------------------------------------- pupils
    @api.model
    def _ib_pupil_fields(self, company):
        names = list(PUPIL_FIELDS)
        if company.ib_edexml_store_bsn:
            names.append("bsn")
        return names

    @api.model
    def _ib_plan_pupils(self, plan, pupils):
        company = plan["company"]
        Pupil = self.env["ib.pupil"].with_context(active_test=False)
        names = self._ib_pupil_fields(company)
        existing = Pupil.search_fetch(
            [("company_id", "=", company.id)], [*names, "active", "name"]
        )
        by_key = {p.edexml_key: p for p in existing if p.edexml_key}
        by_eckid = {p.edexml_eckid: p for p in existing if p.edexml_eckid}
        today = fields.Date.context_today(self)
        store_bsn = company.ib_edexml_store_bsn
        new, changed, leaving, matched = [], [], [], {}
        matched_ids = set()
        unchanged = 0
        for item in pupils:
            pupil = by_key.get(item["key"]) or (
                item["eckid"] and by_eckid.get(item["eckid"])
            )
            if pupil and pupil.id in matched_ids:
                self._ib_problem(
                    plan,
                    item,
                    self.env._(
                        "The eckid of this pupil belongs to another pupil of the "
                        "file: skipped."
                    ),
                    severity="error",
                )
                continue
            values = self._ib_pupil_values(plan, item, today, store_bsn)
            if not pupil:
                new.append((item, values))
                continue
            matched[item["key"]] = pupil.id
            matched_ids.add(pupil.id)
            vals = {}
            for name, value in values.items():
                if value in (None, "") or name not in pupil._fields:
                    # Not in the file: the school's value stays.
                    continue
                current = pupil[name]
                if name == "bsn" and current:
                    current = pupil._normalize_bsn(current)
                if (current or False) != (value or False):
                    vals[name] = value
            if vals:
                changes = self._ib_describe_changes(pupil, vals)
                kind = "leaving" if "leaving_date" in vals else "changed"
                (leaving if kind == "leaving" else changed).append(
                    (item, pupil, vals, changes)
                )
            else:
                unchanged += 1
        plan["pupils_new"] = new
        plan["pupils_changed"] = changed
        plan["pupils_leaving"] = leaving
        plan["pupils_unchanged"] = unchanged
        plan["pupil_ids_by_key"] = matched
        # Pupils of the school that the file does not name: proposed as
        # leavers, never processed without the coordinator's confirmation.
        plan["pupils_missing"] = [
            p
            for p in existing
            if p.active
            and p.id not in matched_ids
            and (not p.leaving_date or p.leaving_date > today)
        ]
        plan["pupils_existing"] = existing

    @api.model
    def _ib_pupil_values(self, plan, item, today, store_bsn):
        values = {name: item[source] for name, source in PUPIL_SOURCE.items()}
        if values["date_of_birth"] and values["date_of_birth"] > today:
            self._ib_problem(
                plan,
                item,
                self.env._("The date of birth lies in the future: ignored."),
            )
            values["date_of_birth"] = None
        if (
            values["leaving_date"]
            and values["enrolment_date"]
            and values["leaving_date"] < values["enrolment_date"]
        ):
            self._ib_problem(
                plan,
                item,
                self.env._("The leaving date lies before the entry date: ignored."),
            )
            values["leaving_date"] = None
        if store_bsn and item["bsn"]:
            if bsn_is_valid(item["bsn"]):
                values["bsn"] = item["bsn"]
            else:
                self._ib_problem(
                    plan,
                    item,
                    self.env._(
                        "The BSN does not pass the eleven-test: it is not stored."
                    ),
                )
        return values

    @api.model
    def _ib_describe_changes(self, record, vals):
        parts = []
        for name, value in vals.items():
            field = record._fields[name]
            label = field._description_string(self.env)
            if name == "bsn":
                parts.append(self.env._("%(field)s changed", field=label))
                continue
            old = self._ib_display(record, field, record[name])
            new = self._ib_display(record, field, value)
            parts.append(f"{label}: {old} → {new}")
        return parts

    @api.model
    def _ib_display(self, record, field, value):
        if value in (False, None, ""):
            return "—"
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "date":
            return value.strftime("%d-%m-%Y") if isinstance(value, date) else value
        return str(value)

    # ---------------------------------------------------------------- groups
    @api.model
    def _ib_plan_groups(self, plan, groups, pupils):
        year = plan["year"]
        grade_ids = plan["grade_ids"]
        existing = self.env["ib.group"]
        if year:
            existing = existing.with_context(active_test=False).search_fetch(
                [("school_year_id", "=", year.id)],
                [
                    "name",
                    "edexml_key",
                    "edexml_combined",
                    "grade_ids",
                    "teacher_ids",
                    "edexml_member_ids",
                    "active",
                ],
            )
        by_key = {g.edexml_key: g for g in existing if g.edexml_key}
        keyless_by_name = {g.name: g for g in existing if not g.edexml_key}
        names_taken = {g.name: g for g in existing}
        # Grades of the pupils of each group, for combination groups.
        pupil_grades = defaultdict(set)
        for item in pupils:
            if item["grade"] in PRIMARY_GRADES:
                for key in [item["group_key"], *item["combined_keys"]]:
                    if key:
                        pupil_grades[key].add(grade_ids[int(item["grade"])])
        new, changed, skipped = [], [], set()
        group_records = {}
        for key, item in groups.items():
            grades = self._ib_group_grades(plan, item, pupil_grades[key])
            if grades is None:
                skipped.add(key)
                continue
            group = by_key.get(key) or keyless_by_name.get(item["name"])
            other = names_taken.get(item["name"])
            if other and other != group:
                self._ib_problem(
                    plan,
                    item,
                    self.env._(
                        "Another group of school year %(year)s is already called "
                        "%(name)s: this group is skipped.",
                        year=plan["school"]["school_year"],
                        name=item["name"],
                    ),
                    severity="error",
                    kind="groep",
                )
                skipped.add(key)
                continue
            names_taken[item["name"]] = group or key
            vals = {
                "name": item["name"],
                "edexml_key": key,
                "edexml_combined": item["combined"],
                "grade_ids": sorted(grades),
            }
            if not group:
                new.append((item, vals))
                continue
            group_records[key] = group
            diff = {}
            for name, value in vals.items():
                current = group[name]
                if name == "grade_ids":
                    current = sorted(current.ids)
                if current != value:
                    diff[name] = value
            if not group.active:
                diff["active"] = True
            if diff:
                changes = [
                    group._fields[name]._description_string(self.env) for name in diff
                ]
                changed.append((item, group, diff, changes))
        plan["groups_new"] = new
        plan["groups_changed"] = changed
        plan["groups_skipped"] = skipped
        plan["group_records"] = group_records
        plan["groups_file"] = groups

    @api.model
    def _ib_group_grades(self, plan, item, pupil_grades):
        """The grade ids of a group of the file, or None when it is skipped."""
        code = item["grade"]
        if code in PRIMARY_GRADES:
            return {plan["grade_ids"][int(code)]}
        if code == "H":
            self._ib_problem(
                plan,
                item,
                self.env._(
                    "Group %(group)s is historical (grade H) and is not imported.",
                    group=item["name"],
                ),
                kind="groep",
            )
            return None
        if code in ("", "C", "S") or item["combined"]:
            # A combination group (C), a special-education group (S) or a
            # combined group: the grades of its pupils, as the manual says.
            if pupil_grades:
                return set(pupil_grades)
            self._ib_problem(
                plan,
                item,
                self.env._(
                    "Group %(group)s has no grade of its own and none of its "
                    "pupils has a grade 1-8: it is skipped.",
                    group=item["name"],
                ),
                severity="error",
                kind="groep",
            )
            return None
        self._ib_problem(
            plan,
            item,
            self.env._(
                "Group %(group)s has grade code %(code)s, which is not a grade of a "
                "primary school (1-8, C, S): it is skipped.",
                group=item["name"],
                code=code,
            ),
            kind="groep",
        )
        return None

    # ----------------------------------------------------------- memberships
    @api.model
    def _ib_plan_memberships(self, plan, pupils):
        """Main group (membership of the year) and combined groups per pupil,
        by keys: new groups have no id before the plan is applied."""
        year = plan["year"]
        skipped = plan["groups_skipped"]
        current = {}
        if year:
            memberships = self.env["ib.group.membership"].search_fetch(
                [("school_year_id", "=", year.id)], ["pupil_id", "group_id"]
            )
            current = {m.pupil_id.id: m for m in memberships}
        plan["memberships"] = current
        key_of_group = {g.id: k for k, g in plan["group_records"].items()}
        main_moves = []  # (item, pupil id or None, membership or None, group key)
        combined = defaultdict(set)  # group key -> pupil keys
        for item in pupils:
            group_key = item["group_key"]
            if group_key in skipped:
                self._ib_problem(
                    plan,
                    item,
                    self.env._(
                        "The group of this pupil (%(group)s) is not imported, so "
                        "the pupil is not placed in a group.",
                        group=group_key,
                    ),
                )
                group_key = None
            for key in item["combined_keys"]:
                if key not in skipped:
                    combined[key].add(item["key"])
            if not group_key:
                continue
            pupil_id = plan["pupil_ids_by_key"].get(item["key"])
            membership = current.get(pupil_id) if pupil_id else None
            if membership and key_of_group.get(membership.group_id.id) == group_key:
                continue
            main_moves.append((item, pupil_id, membership, group_key))
        plan["main_moves"] = main_moves
        plan["combined_members"] = combined

    # -------------------------------------------------------------- teachers
    @api.model
    def _ib_plan_teachers(self, plan, teachers, groups):
        company = plan["company"]
        Link = self.env["ib.edexml.teacher"]
        links = Link.search_fetch(
            [("company_id", "=", company.id)],
            ["user_id", *TEACHER_SOURCE, "roles"],
        )
        by_key = {link.key: link for link in links}
        by_eckid = {link.eckid: link for link in links if link.eckid}
        emails = {t["email"] for t in teachers if t["email"]}
        users = self.env["res.users"]
        if emails:
            users = users.with_context(active_test=False).search_fetch(
                [
                    ("share", "=", False),
                    "|",
                    ("login", "in", list(emails)),
                    ("email", "in", list(emails)),
                ],
                ["login", "email", "active", "company_ids", "name"],
            )
        by_email = {}
        for user in users:
            for address in (user.login, user.email):
                if address:
                    by_email.setdefault(address.lower(), user)
        teacher_group = self.env.ref("ib_core.group_ib_teacher")
        teacher_users = set(teacher_group.all_user_ids.ids) if users else set()
        new, changed, linked = [], [], {}
        for item in teachers:
            vals = {
                name: item[source] or False for name, source in TEACHER_SOURCE.items()
            }
            vals["roles"] = " ".join(item["roles"]) or False
            link = by_key.get(item["key"]) or (
                item["eckid"] and by_eckid.get(item["eckid"])
            )
            if link:
                linked[item["key"]] = link.user_id.id
                diff = {
                    name: value
                    for name, value in vals.items()
                    if (link[name] or False) != value
                }
                if diff:
                    changes = [
                        f"{link._fields[n]._description_string(self.env)}: "
                        f"{link[n] or '—'} → {v or '—'}"
                        for n, v in diff.items()
                    ]
                    changed.append((item, link, diff, changes))
                continue
            user = by_email.get(item["email"]) if item["email"] else None
            if user:
                if not user.active or company not in user.company_ids:
                    self._ib_problem(
                        plan,
                        item,
                        self.env._(
                            "User %(user)s has this e-mail address but is archived "
                            "or has no access to %(school)s: ask the administrator "
                            "to give them access; the teacher is skipped.",
                            user=user.name,
                            school=company.name,
                        ),
                        severity="error",
                        kind="leerkracht",
                    )
                    continue
                if user.id not in teacher_users:
                    self._ib_problem(
                        plan,
                        item,
                        self.env._(
                            "User %(user)s has no Teacher role in pupil care: "
                            "their groups give them no access to pupils until "
                            "they get it.",
                            user=user.name,
                        ),
                        kind="leerkracht",
                    )
                linked[item["key"]] = user.id
                new.append((item, vals, user))
                continue
            if not item["email"]:
                self._ib_problem(
                    plan,
                    item,
                    self.env._(
                        "Teacher %(name)s has no user and no e-mail address to "
                        "create one with: skipped.",
                        name=self._ib_person_name(item),
                    ),
                    severity="error",
                    kind="leerkracht",
                )
                continue
            new.append((item, vals, None))
        plan["teachers_new"] = new
        plan["teachers_changed"] = changed
        plan["teacher_user_by_key"] = linked
        plan["teachers_file"] = teachers
        plan["linked_user_ids"] = {link.user_id.id for link in links}

    @api.model
    def _ib_person_name(self, item):
        parts = (item["first_name"], item["infix"], item["last_name"])
        return " ".join(p for p in parts if p) or item["key"]

    # ----------------------------------------------------------------- apply
    @api.model
    def _ib_batch_size(self):
        """Pupils written per batch; an import with more work than one batch
        runs in the background (see the wizard), committed batch by batch."""
        value = (
            self.env["ir.config_parameter"].sudo().get_param("ib_edexml.batch_size", "")
        )
        return int(value) if value.isdigit() and int(value) > 0 else BATCH_SIZE

    @api.model
    def _ib_apply(
        self,
        plan,
        filename="",
        leaver_ids=(),
        teacher_keys=None,
        send_invitations=False,
        log=None,
        commit=None,
    ):
        """Carry out the plan in batches and log it on the school.

        The work is cut into steps: teachers and groups first, then the pupils
        in batches of ``_ib_batch_size()`` (each batch with its pupils' classes
        and chatter messages), the combined groups and the confirmed leavers.
        Each step is complete in itself, so that the background job can commit
        after each one: a crash leaves whole steps, and running the same import
        again (the plan is made anew) finishes the rest.

        :param leaver_ids: ids of the proposed leavers the coordinator
            confirmed; the others stay as they are.
        :param teacher_keys: keys of the unmatched teachers for whom a user is
            created (None: all of them).
        :param log: the ``ib.edexml.import.log`` of a queued import that the
            background job runs or resumes; None: a new log is created.
        :param commit: None (everything in the current transaction), or a
            function ``commit(done, remaining)`` called after each step, which
            the job uses to commit; each step then runs in a savepoint.
        :return: the ``ib.edexml.import.log`` record
        """
        company = plan["company"]
        self._ib_check_rights(company)
        env = self.env(context=dict(self.env.context, **QUIET))
        log = self._ib_log_start(plan, filename, log)
        stats = self._ib_log_stats(log)
        proposed = {p.id: p for p in plan["pupils_missing"]}
        leavers = [proposed[i] for i in leaver_ids if i in proposed]
        work = self._ib_pupil_work(plan)
        size = self._ib_batch_size()
        batches = [work[i : i + size] for i in range(0, len(work), size)]
        state = {"pupil_ids": dict(plan["pupil_ids_by_key"])}
        steps = [
            (
                "teachers and groups",
                self._ib_setup_weight(plan, teacher_keys),
                lambda: self._ib_apply_setup(
                    env, plan, state, teacher_keys, send_invitations, stats
                ),
            ),
            *(
                (
                    "pupils",
                    len(batch),
                    lambda batch=batch: self._ib_apply_pupil_batch(
                        env, plan, state, batch, stats, filename
                    ),
                )
                for batch in batches
            ),
            (
                "combined groups",
                1,
                lambda: self._ib_apply_combined(env, plan, state),
            ),
            (
                "leavers",
                len(leavers) or 1,
                lambda: self._ib_apply_leavers(env, plan, leavers, stats, filename),
            ),
        ]
        done = log.progress_done
        remaining = sum(weight for _name, weight, _step in steps)
        timer = _StepTimer()
        if commit is None:
            for name, _weight, step in steps:
                step()
                timer(name)
            return self._ib_log_finish(plan, log, filename, stats)
        self._ib_log_progress(log, stats, done, done + remaining)
        commit(0, remaining)
        for name, weight, step in steps:
            with self.env.cr.savepoint():
                step()
                done, remaining = done + weight, remaining - weight
                self._ib_log_progress(log, stats, done, done + remaining)
            commit(weight, remaining)
            timer(name)
        with self.env.cr.savepoint():
            self._ib_log_finish(plan, log, filename, stats)
        commit(0, 0)
        return log

    @api.model
    def _ib_pupil_work(self, plan):
        """The pupils the import writes, by key, in the order of the file: new,
        changed or leaving, or placed in another class. Each entry is
        ``(key, new, change, move)``: the plan's tuple of each kind, or None."""
        new = {entry[0]["key"]: entry for entry in plan["pupils_new"]}
        change = {
            entry[0]["key"]: entry
            for entry in plan["pupils_changed"] + plan["pupils_leaving"]
        }
        move = {entry[0]["key"]: entry for entry in plan["main_moves"]}
        keys = dict.fromkeys([*new, *change, *move])
        return [(key, new.get(key), change.get(key), move.get(key)) for key in keys]

    @api.model
    def _ib_setup_weight(self, plan, teacher_keys):
        users = self._ib_teachers_to_create(plan, teacher_keys)
        return 1 + len(users) + len(plan["groups_new"]) + len(plan["groups_changed"])

    @api.model
    def _ib_teachers_to_create(self, plan, teacher_keys):
        """The new teachers without a user who get one: ``[(item, vals)]``."""
        return [
            (item, vals)
            for item, vals, user in plan["teachers_new"]
            if user is None and (teacher_keys is None or item["key"] in teacher_keys)
        ]

    @api.model
    def _ib_apply_setup(self, env, plan, state, teacher_keys, send_invitations, stats):
        """The school year, teachers and groups: what the pupils' batches need."""
        year = plan["year"]
        if plan["year_vals"]:
            # School years are configured by managers; the import creates the
            # year the file names for the coordinator's own school (checked
            # above), nothing else.
            year = env["ib.school.year"].sudo().create(plan["year_vals"]).sudo(False)
        users = self._ib_apply_teachers(
            env, plan, teacher_keys, send_invitations, stats
        )
        wanted = self._ib_group_teachers_wanted(plan, users)
        groups = self._ib_apply_groups(env, plan, year, wanted, stats)
        self._ib_apply_group_teachers(env, plan, groups, users, wanted, stats)
        state["groups"] = groups

    @api.model
    def _ib_apply_groups(self, env, plan, year, wanted, stats):
        """Create and update the groups; return {key: ib.group}."""
        Group = env["ib.group"]
        groups = dict(plan["group_records"])
        if plan["groups_new"]:
            created = Group.create(
                [
                    dict(
                        vals,
                        grade_ids=[Command.set(vals["grade_ids"])],
                        teacher_ids=[
                            Command.set(sorted(wanted.get(vals["edexml_key"], ())))
                        ],
                        school_year_id=year.id,
                        company_id=plan["company"].id,
                    )
                    for _item, vals in plan["groups_new"]
                ]
            )
            groups.update(zip(created.mapped("edexml_key"), created, strict=True))
            stats["group_new"] += len(created)
        for _item, group, diff, _changes in plan["groups_changed"]:
            if "grade_ids" in diff:
                diff = dict(diff, grade_ids=[Command.set(diff["grade_ids"])])
            group.with_env(env).write(diff)
        stats["group_changed"] += len(plan["groups_changed"])
        return groups

    @api.model
    def _ib_apply_teachers(self, env, plan, teacher_keys, send_invitations, stats):
        """Link and create the teachers; return {teacher key: user id}."""
        company = plan["company"]
        user_ids = dict(plan["teacher_user_by_key"])
        to_create = self._ib_teachers_to_create(plan, teacher_keys)
        if to_create:
            teacher_group = env.ref("ib_core.group_ib_teacher")
            # Creating users is the administrator's right; the import creates
            # internal users with the Teacher role of this school only, without
            # a password (sudo for exactly that).
            users = (
                env["res.users"]
                .sudo()
                .create(
                    [
                        {
                            "name": self._ib_person_name(item),
                            "login": item["email"],
                            "email": item["email"],
                            "company_id": company.id,
                            "company_ids": [Command.set(company.ids)],
                            "group_ids": [Command.set(teacher_group.ids)],
                            **self._ib_initials_avatar(env, self._ib_person_name(item)),
                        }
                        for item, _vals in to_create
                    ]
                )
            )
            if send_invitations:
                users.action_reset_password()
            for (item, _vals), user in zip(to_create, users, strict=True):
                user_ids[item["key"]] = user.id
            stats["teacher_user_new"] += len(users)
        link_vals = [
            dict(vals, company_id=company.id, user_id=user_ids[item["key"]])
            for item, vals, _user in plan["teachers_new"]
            if item["key"] in user_ids
        ]
        if link_vals:
            env["ib.edexml.teacher"].create(link_vals)
        stats["teacher_new"] += len(link_vals)
        for _item, link, diff, _changes in plan["teachers_changed"]:
            link.with_env(env).write(diff)
        stats["teacher_changed"] += len(plan["teachers_changed"])
        return user_ids

    def _ib_initials_avatar(self, env, name):
        """The avatar Odoo gives every new internal user without a picture (their
        initial on a colour of their name and creation time), as create values.

        Given at create, it is stored with the batch; otherwise Odoo writes it
        user by user afterwards and stores each size of it one at a time (about
        ten queries per user). An SVG is never resized, so every size is the
        same picture.
        """
        svg = (
            env["res.partner"]
            .new({"name": name, "create_date": env.cr.now()})
            ._avatar_generate_svg()
        )
        return dict.fromkeys(
            ("image_1920", "image_1024", "image_512", "image_256", "image_128"), svg
        )

    @api.model
    def _ib_group_teachers_wanted(self, plan, user_ids):
        """{group key: user ids} the file gives."""
        wanted = defaultdict(set)
        for item in plan["teachers_file"]:
            user_id = user_ids.get(item["key"])
            if not user_id:
                continue
            for key in item["group_keys"]:
                wanted[key].add(user_id)
        return wanted

    @api.model
    def _ib_apply_group_teachers(self, env, plan, groups, user_ids, wanted, stats):
        """Each group gets the teachers the file gives it; teachers added by
        hand (without a key of this school) stay."""
        from_file = set(plan["linked_user_ids"]) | set(user_ids.values())
        for key, group in groups.items():
            current = set(group.teacher_ids.ids)
            target = (current - from_file) | wanted.get(key, set())
            if target != current:
                group.with_env(env).write(
                    {"teacher_ids": [Command.set(sorted(target))]}
                )
                stats["group_teachers_changed"] += 1

    @api.model
    def _ib_apply_pupil_batch(self, env, plan, state, batch, stats, filename):
        """One batch of pupils (see ``_ib_pupil_work``): new pupils created with
        their class, changed ones updated, class changes made, and each change
        posted in the pupil's chatter; complete in itself."""
        company = plan["company"]
        Pupil = env["ib.pupil"]
        groups = state["groups"]
        ids = state["pupil_ids"]
        messages = defaultdict(list)
        new = [(entry, move) for _key, entry, _change, move in batch if entry]
        if new:
            vals_list = []
            for (_item, values), move in new:
                vals = {k: v for k, v in values.items() if v not in (None, "")}
                vals["company_id"] = company.id
                group = move and groups.get(move[3])
                if group:
                    vals["membership_ids"] = [Command.create({"group_id": group.id})]
                vals_list.append(vals)
            # No chatter message per new pupil: the import log lists them.
            created = Pupil.create(vals_list)
            for ((item, _values), _move), pupil in zip(new, created, strict=True):
                ids[item["key"]] = pupil.id
            stats["pupil_new"] += len(created)
        # One write per distinct set of values (a new grade for many pupils at
        # once is one write), not one per pupil.
        writes = defaultdict(list)
        for _key, _entry, change, _move in batch:
            if change:
                _item, pupil, vals, changes = change
                writes[tuple(sorted(vals.items()))].append(pupil.id)
                messages[pupil.id].extend(changes)
                kind = "leaving" if "leaving_date" in vals else "changed"
                stats[f"pupil_{kind}"] += 1
        for items, pupil_ids in writes.items():
            Pupil.browse(pupil_ids).write(dict(items))
        self._ib_apply_class_moves(env, batch, groups, ids, messages)
        self._ib_post_messages(env, messages, filename)

    @api.model
    def _ib_apply_class_moves(self, env, batch, groups, ids, messages):
        """Existing pupils of the batch whose class in the file is another."""
        Membership = env["ib.group.membership"]
        label = Membership._fields["group_id"]._description_string(self.env)
        to_create, moves = [], defaultdict(list)
        for _key, entry, _change, move in batch:
            if entry or not move:
                continue
            item, _pupil_id, membership, group_key = move
            group = groups.get(group_key)
            pupil_id = ids.get(item["key"])
            if not group or not pupil_id:
                continue
            if membership:
                moves[group.id].append(membership.id)
                old = membership.group_id.name
            else:
                to_create.append({"pupil_id": pupil_id, "group_id": group.id})
                old = "—"
            messages[pupil_id].append(f"{label}: {old} → {group.name}")
        if to_create:
            Membership.create(to_create)
        for group_id, membership_ids in moves.items():
            Membership.browse(membership_ids).write({"group_id": group_id})

    @api.model
    def _ib_apply_combined(self, env, plan, state):
        """The members of the combined groups (samengestelde groepen)."""
        pupil_ids = state["pupil_ids"]
        to_add, to_remove = [], []
        for key, group in state["groups"].items():
            if not group.edexml_combined:
                continue
            target = {
                pupil_ids[k]
                for k in plan["combined_members"].get(key, ())
                if k in pupil_ids
            }
            current = {m.pupil_id.id: m for m in group.edexml_member_ids}
            to_add += [
                {"group_id": group.id, "pupil_id": pupil_id}
                for pupil_id in sorted(target - current.keys())
            ]
            to_remove += [m.id for p, m in current.items() if p not in target]
        if to_add:
            env["ib.edexml.group.member"].create(to_add)
        if to_remove:
            env["ib.edexml.group.member"].browse(to_remove).unlink()

    @api.model
    def _ib_apply_leavers(self, env, plan, leavers, stats, filename):
        """The pupils not in the file whose leaving the coordinator confirmed."""
        if not leavers:
            return
        day = plan["reference_date"] or fields.Date.context_today(self)
        batches = defaultdict(list)
        messages = {}
        for pupil in leavers:
            leaving = max(day, pupil.enrolment_date or day)
            batches[leaving].append(pupil.id)
            messages[pupil.id] = [
                self.env._(
                    "Not in the administration's file any more; leaving date "
                    "%(date)s set after confirmation by %(user)s.",
                    date=leaving.strftime("%d-%m-%Y"),
                    user=self.env.user.name,
                )
            ]
        for leaving, ids in batches.items():
            env["ib.pupil"].browse(ids).write({"leaving_date": leaving})
        self._ib_post_messages(env, messages, filename)
        stats["pupil_leaving"] += len(leavers)

    @api.model
    def _ib_post_messages(self, env, messages, filename):
        if not messages:
            return
        header = self.env._(
            "Administration import (EDEXML) %(file)s:", file=filename or ""
        )
        bodies = {
            pupil_id: Markup("<p>%s</p><ul>%s</ul>")
            % (
                header,
                Markup("").join(Markup("<li>%s</li>") % escape(c) for c in changes),
            )
            for pupil_id, changes in messages.items()
        }
        # One batch of log messages (no notification, no mail).
        env["ib.pupil"].browse(list(bodies))._message_log_batch(bodies)

    # ------------------------------------------------------------------- log
    @api.model
    def _ib_report_lines(self, plan):
        lines = []
        for problem in sorted(plan["problems"], key=lambda p: p["line"]):
            lines.append(
                self.env._(
                    "Line %(line)s, <%(element)s> %(key)s: %(message)s",
                    line=problem["line"],
                    element=problem["element"],
                    key=problem["key"],
                    message=problem["message"],
                )
            )
        return lines

    @api.model
    def _ib_queue(
        self,
        company,
        data,
        filename="",
        leaver_ids=(),
        teacher_keys=None,
        send_invitations=False,
        school_year="",
    ):
        """Queue an import for the background job (``ib.edexml.import.log.
        _cron_run_imports``) and return its log; the file is kept on the log
        only until the import is done."""
        self._ib_check_rights(company)
        log = self.env["ib.edexml.import.log"].create(
            {
                "company_id": company.id,
                "filename": filename,
                "school_year": school_year,
                "state": "queued",
                "file": base64.b64encode(data),
                "job_params": {
                    "leaver_ids": list(leaver_ids),
                    "teacher_keys": None
                    if teacher_keys is None
                    else sorted(teacher_keys),
                    "send_invitations": bool(send_invitations),
                },
            }
        )
        self.env.ref("ib_edexml.ir_cron_ib_edexml_import")._trigger()
        return log

    @api.model
    def _ib_log_start(self, plan, filename, log):
        """The log of this run, marked running: a new one, or the queued
        (or resumed) log of the background job."""
        vals = {
            "state": "running",
            "school_year": plan["school"]["school_year"],
            "version": plan["version"],
            "error_count": len(plan["problems"]),
        }
        if log is None:
            return self.env["ib.edexml.import.log"].create(
                dict(
                    vals,
                    company_id=plan["company"].id,
                    filename=filename,
                    pupil_unchanged_count=plan["pupils_unchanged"],
                )
            )
        if not log.progress_done:
            # A resumed import finds the pupils of its first run unchanged:
            # the count is the one of the first run.
            vals["pupil_unchanged_count"] = plan["pupils_unchanged"]
        # The log is the import's own record, which nobody edits by hand (no
        # write right): its progress is written as superuser.
        log.sudo().write(vals)
        return log

    @api.model
    def _ib_log_stats(self, log):
        """The counts of the steps committed before (a resumed import)."""
        stats = defaultdict(int)
        if log.progress_done:
            for key, name in LOG_COUNTS.items():
                stats[key] = log[name]
        return stats

    @api.model
    def _ib_log_progress(self, log, stats, done, total):
        log.sudo().write(
            dict(
                {name: stats[key] for key, name in LOG_COUNTS.items()},
                progress_done=done,
                progress_total=total,
            )
        )

    @api.model
    def _ib_log_finish(self, plan, log, filename, stats):
        problems = self._ib_report_lines(plan)
        summary = [
            self.env._(
                "EDEXML import of %(school)s, school year %(year)s, file %(file)s",
                school=plan["company"].name,
                year=plan["school"]["school_year"],
                file=filename or "-",
            ),
            self.env._(
                "Pupils: %(new)s new, %(changed)s changed, %(leaving)s leaving, "
                "%(unchanged)s unchanged.",
                new=stats["pupil_new"],
                changed=stats["pupil_changed"],
                leaving=stats["pupil_leaving"],
                unchanged=log.pupil_unchanged_count,
            ),
            self.env._(
                "Groups: %(new)s new, %(changed)s changed. Teachers: %(tnew)s "
                "new, %(tchanged)s changed.",
                new=stats["group_new"],
                changed=stats["group_changed"],
                tnew=stats["teacher_new"],
                tchanged=stats["teacher_changed"],
            ),
            self.env._("Problems: %s", len(problems)),
            "",
        ]
        report = "\n".join(summary + problems)
        stamp = fields.Datetime.now().strftime("%Y%m%d-%H%M")
        total = max(log.progress_total, 1)
        log.sudo().write(
            dict(
                {name: stats[key] for key, name in LOG_COUNTS.items()},
                state="done",
                progress_done=total,
                progress_total=total,
                error_count=len(problems),
                report=report,
                report_file=base64.b64encode(report.encode()),
                report_filename=f"edexml-import-{stamp}.txt",
                failure=False,
                # The administration's file is not kept once it is imported.
                file=False,
                job_params=False,
            )
        )
        return log
