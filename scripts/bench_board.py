#!/usr/bin/env python3
"""Board-scale benchmark over HTTP JSON-RPC, side by side with Odoo's own screens
(issue 17; ``make bench``).

A generated board (``--scale 1``: 50 schools, 12,000 enrolled pupils, 2,000
leavers, 310,000 results, 50,000 notes, 5,000 plans; ``--scale 0.1`` a tenth of
each; groups 1 to 8 per school, each with a teacher of its own: 400 teachers at
scale 1) is built in a database of its own through the suite's own code paths: the
ORM's batch ``create`` of the suite's models, and the results import service
(``ib.assessment.import.service``) for every result. Generation is resumable: each
step commits and leaves a mark (``ir.config_parameter`` ``ib_bench_board.*``), so a
run that is stopped continues where it was, and a second run reuses the board
(``--keep-db`` keeps it; ``--db`` names it); a board made before a step was added
(the teachers) gets that step only on its next run. Each run ends the generation
with ``VACUUM (ANALYZE)`` (the statistics and visibility map autovacuum keeps on a
live server).

Then an Odoo server is started on the database and a board user (care coordinator
of every school) makes the calls the web client makes, over HTTP
(``/web/session/authenticate``, then ``/web/dataset/call_kw`` and
``/web/dataset/call_button``), each suite call next to Odoo's own equivalent, in
turns, as the same user:

=============================  ==============================================
suite                          Odoo's own
=============================  ==============================================
results list (board view)      contacts list (res.partner, same user)
pupil list                     contacts list
pupil form (web_read)          contact form (web_read)
coordinator overview, 2 and    --
all schools
results import, new rows       contacts import (base_import, as the web
(wizard: web_save +            client: /base_import/set_file, then
action_import)                 execute_import in batches of 2,000 rows)
yearly roster, every group of  calendar.event create of as many events, same
the board x 3 rounds (wizard   attendees and times, in one call (the context
ib.meeting.schedule: web_save, of the suite's create: no invitations, no
action_preview, web_read;      chatter), then deleted
action_create, web_read)
=============================  ==============================================

Lists and forms are read with the specification of their view as ``get_views``
returns it (as the web client builds it), with the action's default filter. The
SQL query count of a request is Odoo's own request log line ("... 200 -
<queries> <query time> <other time>", logged by ``odoo.netsvc`` at INFO level):
each request carries a ``?bench=<case>-<n>`` tag that finds its line. Times are
measured by the client, median and min of ``--repeat`` rounds after
``--warmup``; the import runs once per server (its rows must be new: this school
year's tests and moments without results); the contacts Odoo's import added and
the results of the suite's import are deleted once counted, so that the next
contacts list is the board's again and the next run imports the same new rows.

The yearly roster (the issue's "500 groups x 3"; the row names the board's real
number of groups, 400 at scale 1) also runs once per server: the board user plans
every school's groups over three rounds of three weeks in the current school year
(``ROSTER_ROUNDS``), with each school's own care coordinator on its line (the form
proposes the board user for all schools) and the form's other defaults. Its
meetings must be new: the discussions it created are deleted afterwards
(``unlink`` as the board user), as are Odoo's events, so that the next run and
mode plan the same meetings (discussions in those weeks left by a stopped run are
deleted first). Reported: preview (web_save, action_preview, web_read of the form)
and create (action_create, web_read) separately and together, their queries, the
meetings placed, not placed and already planned; checked: no error, as many new
``calendar.event`` rows as placed meetings, and none left afterwards.

The whole run is made twice, with the server in one process (``--workers=0``) and
in multi-process mode (``--workers=2 --max-cron-threads=1``); ``--modes replica``
makes it with ``--workers=2`` and the read-only requests on a read replica
(``--replica HOST:PORT``, a hot standby; else Odoo's ``--dev=replica``), and
reports which cursor served each case's requests (``ro`` the replica, ``rw`` the
primary; a read-only request that wrote, ``ro->rw``, fails the run); for each,
errors and the rows counted before and after the imports are reported (no row
lost, no calendar event left). ``--json FILE`` writes the figures per mode: ``cases``
(median, min and queries of each side), ``import`` and ``roster`` (seconds of
preview, create and Odoo's create, queries per request, placed, not placed,
events added and left), ``problems``, ``warnings``, ``failures`` and the rows
counted before and after.

    python scripts/bench_board.py [--scale 0.1] [--repeat 9] [--db NAME] [--keep-db]
        [--modes single,workers,replica] [--replica HOST:PORT] [--import-rows N]
        [--port 18120]

Exit status 1 on an error, a failed call or a lost row; durations are never
asserted (shared machines are too noisy for that).
"""

import argparse
import base64
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from xml.etree import ElementTree

REPO = Path(__file__).resolve().parent.parent
BOARD_LOGIN = "bench_board"
# werkzeug line: '"POST /path?bench=key-3 HTTP/1.1" 200 - 12 0.004 0.020'
REQUEST_RE = re.compile(
    r'"(?:GET|POST) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) - (?P<queries>\d+) '
    r"(?P<qtime>[\d.]+) (?P<other>[\d.]+)"
    # with a read replica Odoo adds the cursor the request was served with: ro
    # (the replica), rw (the primary), ro->rw (a read-only route that wrote and
    # was served again on the primary)
    r"(?: (?P<cursor>ro->rw|ro|rw|-))?"
)
# The board of the issue at scale 1.
BOARD = {
    "schools": 50,
    "pupils": 12000,
    "leavers": 2000,
    "results": 310000,
    "notes": 50000,
    "plans": 5000,
}
# (name, code, domain); the history has the first HISTORY_TESTS, the others are
# left free for the measured imports.
TESTS = (
    ("Rekenen-Wiskunde", "BBRW", "maths"),
    ("Begrijpend Lezen", "BBBL", "reading_comprehension"),
    ("Spelling", "BBSP", "spelling"),
    ("DMT", "BBDMT", "technical_reading"),
    ("AVI", "BBAVI", "technical_reading"),
    ("Woordenschat", "BBWS", "vocabulary"),
    ("Studievaardigheden", "BBSV", "other"),
    ("Taalverzorging", "BBTV", "language"),
)
HISTORY_TESTS = 5
GRADES = range(1, 9)
NORM_GRADES = range(3, 9)
IMPORT_HEADER = ["BRIN", "Leerlingnummer", "Toets", "Toetsmoment", "Vaardigheidsscore"]
IMPORT_MAPPING = {
    "col_school": "BRIN",
    "col_pupil_number": "Leerlingnummer",
    "col_assessment": "Toets",
    "col_moment": "Toetsmoment",
    "col_score": "Vaardigheidsscore",
}
IMPORT_MAX = 50000
BATCH = 2000
# The yearly roster: three rounds of three weeks in the current school year (the
# first day of each, in days after the first day of the year: after the autumn,
# middle and end tests).
ROSTER_ROUNDS = (70, 190, 300)
ROSTER_DAYS = 21
# The context of the suite's creation of the meetings (the wizard sends no
# invitations by default), also given to Odoo's own create of the same events.
QUIET_EVENTS = {
    "no_mail_to_attendees": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "tracking_disable": True,
    "dont_notify": True,
}


def say(msg=""):
    print(msg, flush=True)


def sizes(scale):
    out = {key: max(1, round(value * scale)) for key, value in BOARD.items()}
    out["schools"] = max(2, out["schools"])
    return out


def cutoffs(grade, moment):
    """Lowest score of levels I to IV of a grade and moment."""
    base = 100 + 10 * grade + (5 if moment == "end" else 0)
    return base + 40, base + 30, base + 20, base + 10


def year_starts():
    """The first day (1 August) of the current school year and the three before."""
    from datetime import date  # noqa: PLC0415

    today = date.today()
    first = date(today.year if today.month >= 8 else today.year - 1, 8, 1)
    return [first.replace(year=first.year - k) for k in range(4)]


def roster_rounds():
    """[(first day, last day)] of the roster's rounds."""
    from datetime import timedelta  # noqa: PLC0415

    start = year_starts()[0]
    return [
        (
            start + timedelta(days=offset),
            start + timedelta(days=offset + ROSTER_DAYS - 1),
        )
        for offset in ROSTER_ROUNDS
    ]


def pupil_number(n):
    return f"BB{n:06d}"


def pupil_grade(n, schools):
    return GRADES[(n // schools) % len(GRADES)]


def score_of(n, test_index, grade, moment):
    """About 3% drop to level V (a signal); every 50th pupil stays there."""
    if grade not in NORM_GRADES:
        return 150 + (n + test_index) % 40
    _first, second, _third, fourth = cutoffs(grade, moment)
    lowest = n % 50 == 0 or (n * 7 + test_index * 13) % 100 < 3
    return fourth - 5 if lowest else second + (n + test_index) % 10


def csv_bytes(header, rows, delimiter=";"):
    lines = [delimiter.join(header)]
    lines.extend(delimiter.join(str(c) for c in row) for row in rows)
    return ("\r\n".join(lines) + "\r\n").encode()


# ======================================================================= generation
class Generator:
    """Runs inside an Odoo process (``--generate``), as superuser. Every step is
    marked done in ir.config_parameter after its commit; a step left half-way
    continues from the records it finds."""

    def __init__(self, env, scale):
        self.env = env
        self.cr = env.cr
        self.n = sizes(scale)
        self.param = env["ir.config_parameter"]

    def done(self, step):
        return self.param.get_param(f"ib_bench_board.{step}") == "done"

    def mark(self, step, started):
        self.param.set_param(f"ib_bench_board.{step}", "done")
        self.cr.commit()
        say(f"[generate] {step}: {time.monotonic() - started:.0f} s")

    def run(self):
        from odoo.fields import Command  # noqa: PLC0415

        self.Command = Command
        stored = self.param.get_param("ib_bench_board.sizes")
        if stored and json.loads(stored) != self.n:
            raise SystemExit(
                f"database holds a board of {stored}, not {self.n}: use another --db"
            )
        self.param.set_param("ib_bench_board.sizes", json.dumps(self.n))
        self.cr.commit()
        for step in (
            "schools",
            # its own mark: a board made before this step gets it on its next run
            "teachers",
            "tests",
            "pupils",
            "guardians",
            "results",
            "notes",
            "plans",
        ):
            if not self.done(step):
                started = time.monotonic()
                getattr(self, f"step_{step}")()
                self.mark(step, started)
        self.load()

    # ------------------------------------------------------------------ lookups
    def load(self):
        env = self.env
        self.schools = env["res.company"].search(
            [("ib_brin_code", "=like", "97%")], order="ib_brin_code"
        )
        self.years = {
            (y.company_id.id, y.date_start): y
            for y in env["ib.school.year"].search(
                [("company_id", "in", self.schools.ids)]
            )
        }
        self.board_user = env["res.users"].search([("login", "=", BOARD_LOGIN)])

    def year_starts(self):
        return year_starts()

    # -------------------------------------------------------------------- steps
    def step_schools(self):
        from dateutil.relativedelta import relativedelta  # noqa: PLC0415

        env, Command = self.env, self.Command
        count = self.n["schools"]
        Company = env["res.company"]
        have = Company.search([("ib_brin_code", "=like", "97%")])
        Company.create(
            [
                {"name": f"Bench Basisschool {i:02d}", "ib_brin_code": f"97{i:02d}"}
                for i in range(len(have), count)
            ]
        )
        schools = Company.search([("ib_brin_code", "=like", "97%")], order="id")
        Year = env["ib.school.year"]
        Year.search([("company_id", "in", schools.ids)]).unlink()
        Year.create(
            [
                {
                    "date_start": begin,
                    "date_end": begin + relativedelta(years=1, days=-17),
                    "company_id": school.id,
                }
                for school in schools
                for begin in self.year_starts()
            ]
        )
        current = Year.search(
            [
                ("company_id", "in", schools.ids),
                ("date_start", "=", self.year_starts()[0]),
            ]
        )
        grades = {g: env.ref(f"ib_core.grade_{g}") for g in GRADES}
        env["ib.group"].create(
            [
                {
                    "name": f"Groep {grade}",
                    "school_year_id": year.id,
                    "company_id": year.company_id.id,
                    "grade_ids": [Command.set(grades[grade].ids)],
                }
                for year in current
                for grade in GRADES
            ]
        )
        coordinator = env.ref("ib_core.group_ib_coordinator")
        Users = env["res.users"].with_context(no_reset_password=True)
        users = Users.create(
            [
                {
                    "name": f"IB'er {school.name}",
                    "login": f"bench_ib_{school.ib_brin_code.lower()}",
                    "email": f"ib.{school.ib_brin_code.lower()}@example.com",
                    "company_id": school.id,
                    "company_ids": [Command.set(school.ids)],
                    "group_ids": [Command.set(coordinator.ids)],
                }
                for school in schools
            ]
        )
        for school, user in zip(schools, users, strict=True):
            school.write({"ib_signal_user_id": user.id, "ib_coordinator_id": user.id})
        Users.create(
            {
                "name": "Bovenschools IB'er",
                "login": BOARD_LOGIN,
                "password": BOARD_LOGIN,
                "email": "bovenschools@example.com",
                "tz": "Europe/Amsterdam",
                "company_id": schools[0].id,
                "company_ids": [Command.set(schools.ids)],
                # the care coordinator of every school; contact creation for
                # Odoo's own import of contacts (the baseline), as an office
                # employee of the board has it
                "group_ids": [
                    Command.set(
                        [coordinator.id, env.ref("base.group_partner_manager").id]
                    )
                ],
            }
        )

    def step_teachers(self):
        """One teacher (a user with the teacher role) per group of the current
        school year, set on the group: the yearly roster plans each group's
        discussion with its teachers and the school's care coordinator, and
        places no discussion for a group without a teacher. A board made before
        this step gets it on its next run (the others are marked done)."""
        env, Command = self.env, self.Command
        self.load()
        groups = env["ib.group"].search(
            [("company_id", "in", self.schools.ids), ("teacher_ids", "=", False)],
            order="id",
        )

        def login(group):
            brin = group.company_id.ib_brin_code.lower()
            return f"bench_lk_{brin}_{group.grades_label.replace('/', '_')}"

        Users = env["res.users"].with_context(no_reset_password=True)
        teachers = {
            user.login: user
            for user in Users.search([("login", "in", [login(g) for g in groups])])
        }
        teacher_role = env.ref("ib_core.group_ib_teacher")
        created = Users.create(
            [
                {
                    "name": f"Leerkracht {group.name}, {group.company_id.name}",
                    "login": login(group),
                    "email": f"{login(group)}@example.com",
                    "tz": "Europe/Amsterdam",
                    "company_id": group.company_id.id,
                    "company_ids": [Command.set(group.company_id.ids)],
                    "group_ids": [Command.set(teacher_role.ids)],
                }
                for group in groups
                if login(group) not in teachers
            ]
        )
        teachers.update((user.login, user) for user in created)
        for group in groups:
            group.teacher_ids = [Command.set(teachers[login(group)].ids)]
        say(f"[generate] teachers: {len(created)} new, set on {len(groups)} groups")

    def step_tests(self):
        env, Command = self.env, self.Command
        grades = {g: env.ref(f"ib_core.grade_{g}") for g in NORM_GRADES}
        levels = ("min_level_1", "min_level_2", "min_level_3", "min_level_4")
        env["ib.assessment"].create(
            [
                {
                    "name": f"Bench {name}",
                    "code": code,
                    "domain": domain,
                    "company_id": False,
                    "score_min": 0,
                    "score_max": 500,
                    "grade_ids": [Command.set([g.id for g in grades.values()])],
                    "norm_ids": [
                        Command.create(
                            dict(
                                zip(levels, cutoffs(number, moment), strict=True),
                                grade_id=grade.id,
                                moment=moment,
                            )
                        )
                        for number, grade in grades.items()
                        for moment in ("middle", "end")
                    ],
                }
                for name, code, domain in TESTS
            ]
        )

    def step_pupils(self):
        from datetime import date, timedelta  # noqa: PLC0415

        env, Command = self.env, self.Command
        self.load()
        schools = self.schools
        groups = {
            (g.company_id.id, g.grade_ids[:1].number): g
            for g in env["ib.group"].search([("company_id", "in", schools.ids)])
        }
        total = self.n["pupils"] + self.n["leavers"]
        Pupil = env["ib.pupil"].with_context(active_test=False)
        have = Pupil.search_count([("pupil_number", "=like", "BB%")])
        left = self.year_starts()[0] - timedelta(days=20)
        first_names = ("Daan", "Sem", "Noah", "Lotte", "Emma", "Julia", "Finn", "Saar")
        last_names = ("de Jong", "Jansen", "de Vries", "Bakker", "Visser", "Smit")
        for start in range(have, total, BATCH):
            vals = []
            for n in range(start, min(start + BATCH, total)):
                school = schools[n % len(schools)]
                enrolled = n < self.n["pupils"]
                row = {
                    "first_name": first_names[n % len(first_names)],
                    "last_name": f"{last_names[n % len(last_names)]} {n}",
                    "pupil_number": pupil_number(n),
                    "date_of_birth": date(2014, 1, 1) + timedelta(days=n % 2000),
                    "company_id": school.id,
                }
                if enrolled:
                    group = groups[(school.id, pupil_grade(n, len(schools)))]
                    row["membership_ids"] = [Command.create({"group_id": group.id})]
                else:
                    row["enrolment_date"] = date(2018, 8, 1)
                    row["leaving_date"] = left
                    row["leaving_destination"] = "vo"
                vals.append(row)
            Pupil.create(vals)
            self.cr.commit()
            say(f"[generate] pupils: {start + len(vals)}/{total}")

    def step_guardians(self):
        """Two parents (res.partner) per enrolled pupil: Odoo's contacts list
        of the board."""
        env = self.env
        Pupil = env["ib.pupil"]
        pupils = Pupil.search(
            [("pupil_number", "=like", "BB%"), ("guardian_ids", "=", False)],
            order="id",
        )
        for start in range(0, len(pupils), BATCH // 2):
            chunk = pupils[start : start + BATCH // 2]
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"{who} {pupil.last_name}",
                        "email": f"ouder{k}.{pupil.pupil_number.lower()}@example.com",
                        "phone": f"+31 6 {pupil.id:08d}",
                        "street": f"Dorpsstraat {pupil.id % 300 + 1}",
                        "zip": "1234 AB",
                        "city": "Amersfoort",
                        "company_id": pupil.company_id.id,
                    }
                    for pupil in chunk
                    for k, who in enumerate(("Mama", "Papa"))
                ]
            )
            env["ib.pupil.guardian"].create(
                [
                    {
                        "pupil_id": pupil.id,
                        "partner_id": partner.id,
                        "relation": relation,
                        "parental_authority": True,
                    }
                    for pupil, pair in zip(
                        chunk,
                        (partners[i : i + 2] for i in range(0, len(partners), 2)),
                        strict=True,
                    )
                    for partner, relation in zip(
                        pair, ("mother", "father"), strict=True
                    )
                ]
            )
            self.cr.commit()

    def result_slots(self):
        """[(year start, moment, pupil kind)] of the history, oldest first."""
        starts = self.year_starts()
        slots = []
        history = [(k, moment) for k in (3, 2, 1) for moment in ("middle", "end")]
        for year_index, moment in history:
            slots.append((starts[year_index], moment, "leavers"))
            slots.append((starts[year_index], moment, "pupils"))
        slots.append((starts[0], "middle", "pupils"))
        return slots

    def step_results(self):
        """Through the import service, one file per school year and moment,
        50,000 rows at most; each file is committed and marked."""
        env = self.env
        self.load()
        service = env["ib.assessment.import.service"]
        n_schools = len(self.schools)
        brin = {i: s.ib_brin_code for i, s in enumerate(self.schools)}
        codes = [code for _name, code, _domain in TESTS[:HISTORY_TESTS]]
        mapping = {k[4:]: v for k, v in IMPORT_MAPPING.items()}
        slot_rows = []
        for begin, moment, kind in self.result_slots():
            if kind == "pupils":
                numbers = range(self.n["pupils"])
            else:
                numbers = range(self.n["pupils"], self.n["pupils"] + self.n["leavers"])
            rows = []
            # the grade of that year: lower for the years before
            years_back = self.year_starts().index(begin)
            for n in numbers:
                grade = pupil_grade(n, n_schools) - years_back
                if grade < 1:
                    continue
                for index, code in enumerate(codes):
                    rows.append(
                        [
                            brin[n % n_schools],
                            pupil_number(n),
                            code,
                            f"{'M' if moment == 'middle' else 'E'}{grade}",
                            score_of(n, index, grade, moment),
                        ]
                    )
            slot_rows.append((begin, moment, kind, rows))
        # the board's number of results: the newest kept, the oldest left out
        remaining = self.n["results"]
        for index in reversed(range(len(slot_rows))):
            begin, moment, kind, rows = slot_rows[index]
            slot_rows[index] = (begin, moment, kind, rows[: max(0, remaining)])
            remaining -= len(rows)
        for begin, moment, kind, rows in slot_rows:
            for part in range(0, len(rows), IMPORT_MAX):
                step = f"results.{begin}.{moment}.{kind}.{part}"
                if self.done(step) or not rows:
                    continue
                started = time.monotonic()
                year = self.years[(self.schools[0].id, begin)]
                content = csv_bytes(IMPORT_HEADER, rows[part : part + IMPORT_MAX])
                table = service.parse(content, "board.csv", mapping)
                report = service.preview(table, year, companies=self.schools)
                if report.errors:
                    raise SystemExit(f"import errors: {report.errors[:5]}")
                service.apply(report)
                say(
                    f"[generate] results {begin} {moment} {kind}: "
                    f"{len(report.create)} new rows"
                )
                self.mark(step, started)

    def step_notes(self):
        env = self.env
        self.load()
        Note = env["ib.pupil.note"]
        have = Note.search_count([("name", "=like", "Bench %")])
        pupils = env["ib.pupil"].search(
            [("pupil_number", "=like", "BB%"), ("leaving_date", "=", False)],
            order="id",
        )
        authors = {
            s.id: s.ib_coordinator_id.id for s in self.schools if s.ib_coordinator_id
        }
        kinds = [k for k, _label in Note._fields["kind"].selection]
        for start in range(have, self.n["notes"], BATCH):
            stop = min(start + BATCH, self.n["notes"])
            Note.create(
                [
                    {
                        "pupil_id": pupils[i % len(pupils)].id,
                        "name": f"Bench observatie {i}",
                        "kind": kinds[i % len(kinds)],
                        "author_id": authors[pupils[i % len(pupils)].company_id.id],
                        "body": "<p>Werkt geconcentreerd, vraagt hulp bij "
                        "verhaalsommen.</p>",
                    }
                    for i in range(start, stop)
                ]
            )
            self.cr.commit()

    def step_plans(self):
        env = self.env
        self.load()
        Plan = env["ib.care.plan"]
        have = Plan.search_count([("name", "=like", "Bench %")])
        pupils = env["ib.pupil"].search(
            [("pupil_number", "=like", "BB%"), ("leaving_date", "=", False)],
            order="id",
        )
        step = max(1, len(pupils) // max(1, self.n["plans"]))
        for start in range(have, self.n["plans"], BATCH):
            stop = min(start + BATCH, self.n["plans"])
            Plan.create(
                [
                    {
                        "pupil_id": pupils[(i * step) % len(pupils)].id,
                        "name": f"Bench plan rekenen {i}",
                    }
                    for i in range(start, stop)
                ]
            )
            self.cr.commit()


def generate(db, addons_path, scale):
    odoo_path = os.environ.get("ODOO_PATH", "/opt/odoo19")
    sys.path.insert(0, odoo_path)
    import odoo  # noqa: PLC0415
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(
        [
            f"--addons-path={addons_path}",
            "-d",
            db,
            "--log-level=warn",
            "--http-interface=127.0.0.1",
        ]
    )
    with Registry(db).cursor() as cr:
        env = api.Environment(
            cr,
            odoo.SUPERUSER_ID,
            {
                "tracking_disable": True,
                "mail_create_nolog": True,
                "mail_create_nosubscribe": True,
                "mail_notrack": True,
                "no_reset_password": True,
            },
        )
        Generator(env, scale).run()
        cr.commit()
    # The planner's statistics and the tables' visibility map, as autovacuum
    # keeps them on a live server: a database with autovacuum off (as on shared
    # test machines) never gets them. Without statistics the planner guesses
    # (the pupil form's notes were found through the index on their
    # confidentiality, reading every note of the school, not through the one on
    # the pupil); without the visibility map no index-only scan (the overview's
    # count of this year's test signals reads ~2,000 table pages instead of its
    # index). VACUUM runs outside a transaction: a connection in autocommit.
    import psycopg2  # noqa: PLC0415

    _name, info = odoo.sql_db.connection_info_for(db)
    conn = psycopg2.connect(**info)
    try:
        conn.autocommit = True
        with conn.cursor() as vacuum:
            vacuum.execute("VACUUM (ANALYZE)")
    finally:
        conn.close()


# ======================================================================= HTTP client
class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )
        self.context = {"lang": "en_US", "tz": "Europe/Amsterdam"}

    def post(self, path, body, headers):
        req = urllib.request.Request(self.base + path, body, headers)
        with self.opener.open(req, timeout=1800) as resp:
            return resp.read()

    def rpc(self, path, params):
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        ).encode()
        data = json.loads(self.post(path, body, {"Content-Type": "application/json"}))
        if data.get("error"):
            raise RuntimeError(f"{path}: {data['error'].get('data', data['error'])}")
        return data["result"]

    def call_kw(self, model, method, args, kwargs, tag=""):
        kwargs = dict(kwargs)
        kwargs["context"] = dict(self.context, **kwargs.get("context", {}))
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}{tag}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )

    def call_button(self, model, method, ids, tag=""):
        return self.rpc(
            f"/web/dataset/call_button/{model}/{method}{tag}",
            {
                "model": model,
                "method": method,
                "args": [ids],
                "kwargs": {"context": self.context},
            },
        )

    def wizard(self, model, values, button, spec, tag, save_spec=None):
        """A wizard as the web client runs it: ``web_save`` of ``values``, the
        button ``button``, then ``web_read`` of the form's ``spec`` (requests
        tagged ``<tag>-save``, ``<tag>-<button>`` and ``<tag>-read``); the
        wizard's id and what the form shows."""
        wizard_id = self.call_kw(
            model,
            "web_save",
            [[], values],
            {"specification": save_spec or spec},
            f"{tag}-save",
        )[0]["id"]
        self.call_button(model, button, [wizard_id], f"{tag}-{button}")
        shown = self.call_kw(
            model, "web_read", [[wizard_id]], {"specification": spec}, f"{tag}-read"
        )[0]
        return wizard_id, shown

    def upload(self, path, fields, filename, content, content_type):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                f"\r\n\r\n{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="ufile"; '
            f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.post(
            path,
            b"".join(parts),
            {"Content-Type": f"multipart/form-data; boundary={boundary}"},
        )

    def view_spec(self, model, view_type, action_context=None):
        """The web client's specification of ``model``'s default ``view_type``
        view (as ``ir.ui.view._get_fields_spec``, with the x2many limit)."""
        views = self.call_kw(
            model,
            "get_views",
            [],
            {
                "views": [[False, view_type]],
                "options": {},
                "context": action_context or {},
            },
        )
        descriptions = {m: d["fields"] for m, d in views["models"].items()}
        arch = ElementTree.fromstring(views["views"][view_type]["arch"])

        def fill(node, model, spec):
            if node.tag == "field":
                name = node.attrib["name"]
                field_spec = spec.setdefault(name, {})
                field = descriptions.get(model, {}).get(name)
                if field is None:
                    return
                sub = {}
                if field["type"] == "many2one":
                    sub["display_name"] = {}
                if field.get("relation"):
                    for child in node:
                        fill(child, field["relation"], sub)
                if field["type"] == "one2many":
                    sub.pop(field.get("relation_field"), None)
                if sub:
                    field_spec.setdefault("fields", {}).update(sub)
                if field["type"] in ("one2many", "many2many"):
                    field_spec.update(limit=40, order="", context={})
                elif field["type"] == "many2one":
                    field_spec["context"] = {}
            else:
                for child in node:
                    fill(child, model, spec)

        spec = {}
        fill(arch, model, spec)
        spec["display_name"] = {}
        return spec


# ======================================================================= the server
def free_port():
    import socket  # noqa: PLC0415

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, args, mode, log_path):
        self.args, self.mode, self.log_path = args, mode, log_path
        self.proc = None

    def start(self):
        a = self.args
        workers = (
            [
                "--workers=2",
                "--max-cron-threads=1",
                "--limit-time-real=3600",
                "--limit-time-cpu=3600",
                "--limit-memory-soft=4294967296",
                "--limit-memory-hard=6442450944",
            ]
            if self.mode in ("workers", "replica")
            else ["--workers=0", "--max-cron-threads=0"]
        )
        if self.mode == "replica":
            # the read-only requests (Odoo's @api.readonly methods and routes
            # marked readonly) go to a read replica: a real standby given by
            # --replica HOST:PORT, else Odoo's simulation (--dev=replica: a
            # second, read-only connection pool to the same database)
            if a.replica:
                host, _sep, replica_port = a.replica.rpartition(":")
                workers += [
                    f"--db_replica_host={host or '127.0.0.1'}",
                    f"--db_replica_port={replica_port}",
                ]
            else:
                workers.append("--dev=replica")
        port = a.port
        cmd = [
            a.python,
            f"{a.odoo_path}/odoo-bin",
            f"--addons-path={a.addons_path}",
            "-d",
            a.db,
            f"--db-filter=^{a.db}$",
            f"--data-dir={a.data_dir}",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--gevent-port={port + 1}",
            "--log-level=info",
            *workers,
        ]
        self.log = open(self.log_path, "w")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        self.client = Client(f"http://127.0.0.1:{port}")
        for _ in range(300):
            if self.proc.poll() is not None:
                raise SystemExit(f"the server stopped; see {self.log_path}")
            try:
                urllib.request.urlopen(self.client.base + "/web/health", timeout=5)
                break
            except OSError:
                time.sleep(1)
        session = self.client.rpc(
            "/web/session/authenticate",
            {"db": a.db, "login": BOARD_LOGIN, "password": BOARD_LOGIN},
        )
        page = self.client.opener.open(self.client.base + "/odoo", timeout=300)
        found = re.search(rb'csrf_token:\s*"([^"]+)"', page.read())
        self.client.csrf_token = found.group(1).decode() if found else ""
        companies = sorted(
            int(c) for c in session["user_companies"]["allowed_companies"]
        )
        self.client.context["allowed_company_ids"] = companies
        return session

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()

    def lines(self):
        return self.log_path.read_text(errors="replace").splitlines()

    def queries(self, what="queries"):
        """{tag: query count} of the tagged requests (``what="cursor"``: the
        cursor each was served with, in the replica mode)."""
        found = {}
        for line in self.lines():
            m = REQUEST_RE.search(line)
            if m and "?bench=" in m["path"]:
                # Odoo adds "#<model>.<method>" to the path of a JSON-RPC call
                tag = m["path"].split("?bench=")[1].split("#")[0]
                found[tag] = int(m["queries"]) if what == "queries" else m["cursor"]
            elif m and m["path"] == "/base_import/set_file":
                # the upload takes no tag (the route refuses unknown arguments)
                found["import.o-file"] = (
                    int(m["queries"]) if what == "queries" else m["cursor"]
                )
        return found

    def problems(self, level="ERROR|CRITICAL"):
        pattern = re.compile(rf"^[\d-]+ [\d:,]+ \d+ ({level}) ")
        return [line for line in self.lines() if pattern.search(line)]


# ======================================================================= measuring
def count_rows(db):
    import psycopg2  # noqa: PLC0415

    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT (SELECT COUNT(*) FROM ib_assessment_result),"
            " (SELECT COUNT(*) FROM res_partner),"
            " (SELECT COUNT(*) FROM calendar_event)"
        )
        results, partners, events = cr.fetchone()
    conn.close()
    return {"results": results, "partners": partners, "events": events}


def delete_contacts(db, pattern):
    """Delete the contacts of Odoo's import once counted (they have nothing
    linked): the contacts list of the next run is the board's again. Archiving
    them is not enough: the list's count and order still read them."""
    import psycopg2  # noqa: PLC0415

    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("DELETE FROM res_partner WHERE name LIKE %s", (pattern,))
        cr.execute("ANALYZE res_partner")
    conn.close()


def last_result_id(db):
    import psycopg2  # noqa: PLC0415

    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute("SELECT COALESCE(MAX(id), 0) FROM ib_assessment_result")
        (last,) = cr.fetchone()
    conn.close()
    return last


def delete_imported_results(db, after_id):
    """Delete the results of the measured import once counted (ids above
    ``after_id``, the last id before it), as the contacts of Odoo's import: the
    next run and mode import the same new rows into the same board. Returns the
    rows deleted."""
    import psycopg2  # noqa: PLC0415

    conn = psycopg2.connect(dbname=db)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("DELETE FROM ib_assessment_result WHERE id > %s", (after_id,))
        deleted = cr.rowcount
        cr.execute("VACUUM (ANALYZE) ib_assessment_result")
    conn.close()
    return deleted


def free_import_rows(db, rows_wanted):
    """Rows of a results file that are all new: results of this school year
    that are not stored yet (the end of the year, and the middle of the tests
    left out of the history), pupil by pupil."""
    import psycopg2  # noqa: PLC0415

    with psycopg2.connect(dbname=db) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT value FROM ir_config_parameter WHERE key = 'ib_bench_board.sizes'"
        )
        n = json.loads(cr.fetchone()[0])
        cr.execute(
            """SELECT p.pupil_number, a.code, r.moment
                 FROM ib_assessment_result r
                 JOIN ib_assessment a ON a.id = r.assessment_id
                 JOIN ib_school_year y ON y.id = r.school_year_id
                 JOIN ib_pupil p ON p.id = r.pupil_id
                WHERE y.is_current AND a.code LIKE 'BB%%'"""
        )
        stored = set(cr.fetchall())
    conn.close()
    rows = []
    for moment in ("end", "middle"):
        for index, (_name, code, _domain) in enumerate(TESTS):
            for p in range(n["pupils"]):
                if len(rows) == rows_wanted:
                    return rows
                if (pupil_number(p), code, moment) in stored:
                    continue
                grade = pupil_grade(p, n["schools"])
                rows.append(
                    [
                        f"97{p % n['schools']:02d}",
                        pupil_number(p),
                        code,
                        f"{'M' if moment == 'middle' else 'E'}{grade}",
                        score_of(p, index, grade, moment),
                    ]
                )
    return rows


class Bench:
    def __init__(self, server, args):
        self.server = server
        self.client = server.client
        self.args = args
        self.times = {}
        self.errors = []

    def timed(self, case, function, count=1):
        started = time.perf_counter()
        function()
        self.times.setdefault(case, []).append(time.perf_counter() - started)

    # ---------------------------------------------------------------- the calls
    def screens(self):
        c = self.client
        companies = c.context["allowed_company_ids"]
        pupil_ctx = {"search_default_enrolled": 1}
        result_list = c.view_spec("ib.assessment.result", "list")
        pupil_list = c.view_spec("ib.pupil", "list")
        pupil_form = c.view_spec("ib.pupil", "form")
        partner_list = c.view_spec("res.partner", "list")
        partner_form = c.view_spec("res.partner", "form")
        overview = {
            "name": {},
            "ib_brin_code": {},
            "ib_coordinator_id": {"fields": {"display_name": {}}},
            "ib_overview_counters": {},
        }
        pupil = c.call_kw(
            "ib.pupil",
            "search",
            [[["pupil_number", "=", pupil_number(0)]]],
            {"context": pupil_ctx},
        )[0]
        partner = c.call_kw(
            "ib.pupil.guardian",
            "search_read",
            [[["pupil_id", "=", pupil]], ["partner_id"]],
            {"limit": 1},
        )[0]["partner_id"][0]

        def page(model, spec, domain, tag, order=""):
            return lambda t: c.call_kw(
                model,
                "web_search_read",
                [],
                {
                    "specification": spec,
                    "domain": domain,
                    "offset": 0,
                    "limit": 80,
                    "order": order,
                    "count_limit": 10001,
                },
                t,
            )

        def form(model, spec, rid):
            return lambda t: c.call_kw(
                model, "web_read", [[rid]], {"specification": spec}, t
            )

        def board(ids):
            return lambda t: c.call_kw(
                "res.company",
                "web_search_read",
                [],
                {
                    "specification": overview,
                    "domain": [["id", "in", ids]],
                    "limit": 80,
                    "context": {"allowed_company_ids": ids},
                },
                t,
            )

        return [
            (
                "results list, board view",
                page(
                    "ib.assessment.result",
                    result_list,
                    [["school_year_id.is_current", "=", True]],
                    "results",
                ),
                page("res.partner", partner_list, [], "partners"),
            ),
            (
                "pupil list",
                page("ib.pupil", pupil_list, [["is_enrolled", "=", True]], "pupils"),
                page("res.partner", partner_list, [], "partners"),
            ),
            (
                "pupil form open",
                form("ib.pupil", pupil_form, pupil),
                form("res.partner", partner_form, partner),
            ),
            (
                f"coordinator overview, {len(companies)} schools",
                board(companies),
                board(companies[:2]),
            ),
        ]

    def run_screens(self):
        cases = self.screens()
        for name, suite, odoo in cases:
            key = re.sub(r"\W+", "_", name).strip("_").lower()
            for i in range(self.args.warmup):
                suite(f"?bench={key}.s-w{i}")
                odoo(f"?bench={key}.o-w{i}")
            for i in range(self.args.repeat):
                pair = [("s", suite), ("o", odoo)]
                for side, call in pair if i % 2 == 0 else pair[::-1]:
                    started = time.perf_counter()
                    call(f"?bench={key}.{side}-{i}")
                    self.times.setdefault((name, side), []).append(
                        time.perf_counter() - started
                    )
        return [name for name, *_rest in cases]

    def run_imports(self, rows):
        """The suite's import of ``rows`` new results through the wizard, then
        Odoo's import of as many new contacts; (suite seconds, Odoo seconds,
        queries, counts)."""
        c = self.client
        db = self.args.db
        before = count_rows(db)
        last_id = last_result_id(db)
        content = csv_bytes(IMPORT_HEADER, rows)
        started = time.perf_counter()
        _wizard, shown = c.wizard(
            "ib.assessment.import",
            dict(
                IMPORT_MAPPING,
                file=base64.b64encode(content).decode(),
                filename="lvs-export.csv",
                company_id=False,
            ),
            "action_import",
            {
                "state": {},
                "count_new": {},
                "count_errors": {},
                "count_unchanged": {},
                "report_html": {},
            },
            "?bench=import.s",
            save_spec={"state": {}},
        )
        suite_seconds = time.perf_counter() - started
        middle = count_rows(db)

        # Odoo's own: base_import as the web client drives it
        stamp = uuid.uuid4().hex[:6]
        header = ["name", "email", "phone", "street", "zip", "city", "ref"]
        contacts = [
            [
                f"Import {stamp} Contact {n}",
                f"import.{stamp}.{n}@example.com",
                f"+31 20 {n:07d}",
                f"Dorpsstraat {n % 200 + 1}",
                "1234 AB",
                "Amsterdam",
                f"{stamp}-{n}",
            ]
            for n in range(len(rows))
        ]
        data = csv_bytes(header, contacts, delimiter=",")
        options = {
            "quoting": '"',
            "separator": ",",
            "encoding": "utf-8",
            "has_headers": True,
            "date_format": "",
            "datetime_format": "",
            "float_thousand_separator": ",",
            "float_decimal_separator": ".",
            "advanced": False,
            "limit": BATCH,
            "skip": 0,
            "tracking_disable": True,
            "import_skip_records": [],
            "import_set_empty_fields": [],
            "fallback_values": {},
            "name_create_enabled_fields": {},
        }
        started = time.perf_counter()
        wid = c.call_kw(
            "base_import.import",
            "create",
            [{"res_model": "res.partner"}],
            {},
            "?bench=import.o-create",
        )
        c.upload(
            "/base_import/set_file",
            {"id": str(wid), "csrf_token": c.csrf_token},
            "contacts.csv",
            data,
            "text/csv",
        )
        c.call_kw(
            "base_import.import",
            "parse_preview",
            [wid, options],
            {},
            "?bench=import.o-preview",
        )
        batch = 0
        odoo_errors = []
        while True:
            res = c.call_kw(
                "base_import.import",
                "execute_import",
                [wid, header, header, options],
                {"dryrun": False, "context": {"tracking_disable": True}},
                f"?bench=import.o-batch{batch}",
            )
            odoo_errors += [
                m for m in res.get("messages", []) if m.get("type") == "error"
            ]
            batch += 1
            if not res.get("nextrow") or odoo_errors:
                break
            options = dict(options, skip=res["nextrow"])
        odoo_seconds = time.perf_counter() - started
        after = count_rows(db)
        delete_contacts(db, f"Import {stamp} Contact %")
        removed = delete_imported_results(db, last_id)
        return {
            "results_removed": removed,
            "suite_s": suite_seconds,
            "odoo_s": odoo_seconds,
            "rows": len(rows),
            "shown": shown,
            "odoo_errors": odoo_errors[:3],
            "results_added": middle["results"] - before["results"],
            "partners_added": after["partners"] - middle["partners"],
        }

    def run_roster(self):
        """The yearly roster of group discussions as the web client plans it:
        the wizard ``ib.meeting.schedule`` for every school of the board, three
        rounds of ``ROSTER_DAYS`` days in the current school year, each school's
        own care coordinator, the other settings as the form proposes them
        (web_save, action_preview and the form's web_read; action_create and the
        form's web_read). Then Odoo's
        own: ``calendar.event`` ``create`` of as many events with the same
        attendees and times, in one call (with the context the suite creates its
        meetings with: no invitations, no chatter). Both sides' events are
        deleted afterwards (``unlink`` as the board user): the next run plans the
        same new meetings."""
        c = self.client
        db = self.args.db
        companies = c.context["allowed_company_ids"]
        rounds = roster_rounds()
        first, last = rounds[0][0], rounds[-1][1]
        spec = c.view_spec("ib.meeting.schedule", "form")
        groups = c.call_kw(
            "ib.group",
            "search_count",
            [
                [
                    ["company_id", "in", companies],
                    ["school_year_id.date_start", "<=", str(last)],
                    ["school_year_id.date_end", ">=", str(first)],
                ]
            ],
            {},
        )
        # a run stopped half-way left its meetings: they are deleted first
        self.delete_events(
            [
                ["ib_kind", "=", "group_discussion"],
                ["ib_company_id", "in", companies],
                ["start", ">=", f"{first} 00:00:00"],
                ["start", "<=", f"{last} 23:59:59"],
            ],
            "roster.cleanup-left",
        )
        self.delete_events(
            [["name", "=like", "Bench roster, Odoo %"]], "roster.cleanup-left-o"
        )
        # Each school's own care coordinator (the form proposes the board user,
        # who coordinates every school, for all of them: one person cannot take
        # part in every group discussion of the board, so the lines are changed
        # as the board user would).
        coordinators = c.call_kw(
            "res.company", "read", [companies, ["ib_coordinator_id"]], {}
        )
        before = count_rows(db)["events"]
        values = {
            "company_ids": [[6, 0, companies]],
            "school_ids": [
                [
                    0,
                    0,
                    {
                        "company_id": school["id"],
                        "coordinator_id": school["ib_coordinator_id"][0],
                    },
                ]
                for school in coordinators
                if school["ib_coordinator_id"]
            ],
            "round_ids": [
                [
                    0,
                    0,
                    {
                        "sequence": n,
                        "name": f"Ronde {n}",
                        "date_from": str(date_from),
                        "date_to": str(date_to),
                    },
                ]
                for n, (date_from, date_to) in enumerate(rounds, 1)
            ],
        }
        started = time.perf_counter()
        wizard, shown = c.wizard(
            "ib.meeting.schedule", values, "action_preview", spec, "?bench=roster.s"
        )
        preview_seconds = time.perf_counter() - started
        started = time.perf_counter()
        c.call_button(
            "ib.meeting.schedule", "action_create", [wizard], "?bench=roster.s-create"
        )
        c.call_kw(
            "ib.meeting.schedule",
            "web_read",
            [[wizard]],
            {"specification": spec},
            "?bench=roster.s-done",
        )
        create_seconds = time.perf_counter() - started
        done = c.call_kw(
            "ib.meeting.schedule",
            "read",
            [
                [wizard],
                [
                    "state",
                    "event_ids",
                    "placed_count",
                    "unplaceable_count",
                    "plan_seconds",
                ],
            ],
            {},
        )[0]
        created = count_rows(db)["events"]

        # Odoo's own: the same events, attendees and times, one create
        events = c.call_kw(
            "calendar.event",
            "read",
            [done["event_ids"], ["start", "stop", "partner_ids"]],
            {},
        )
        stamp = uuid.uuid4().hex[:6]
        vals_list = [
            {
                "name": f"Bench roster, Odoo {stamp} {n}",
                "start": event["start"],
                "stop": event["stop"],
                "partner_ids": [[6, 0, event["partner_ids"]]],
                "privacy": "private",
                "show_as": "busy",
            }
            for n, event in enumerate(events)
        ]
        started = time.perf_counter()
        odoo_ids = c.call_kw(
            "calendar.event",
            "create",
            [vals_list],
            {"context": QUIET_EVENTS},
            "?bench=roster.o-create",
        )
        odoo_seconds = time.perf_counter() - started
        odoo_created = count_rows(db)["events"]
        self.delete_events([["id", "in", odoo_ids]], "roster.cleanup-o")
        self.delete_events([["id", "in", done["event_ids"]]], "roster.cleanup-s")
        return {
            "groups": groups,
            "rounds": len(rounds),
            "preview_s": preview_seconds,
            "create_s": create_seconds,
            "suite_s": preview_seconds + create_seconds,
            "odoo_s": odoo_seconds,
            "state": done["state"],
            "placed": shown["placed_count"],
            "unplaceable": shown["unplaceable_count"],
            "skipped": shown["skipped_count"],
            "placed_after_create": done["placed_count"],
            "fit_message": shown.get("fit_message") or "",
            "plan_seconds": done["plan_seconds"],
            "events_linked": len(done["event_ids"]),
            "events_added": created - before,
            "odoo_events": len(vals_list),
            "odoo_attendees": sum(len(event["partner_ids"]) for event in events),
            "odoo_added": odoo_created - created,
            "events_left": count_rows(db)["events"] - before,
        }

    def delete_events(self, domain, tag):
        """Delete the events of ``domain`` as the board user (through the ORM:
        their attendees go with them)."""
        ids = self.client.call_kw(
            "calendar.event",
            "search",
            [domain],
            {"context": {"active_test": False}},
        )
        if ids:
            self.client.call_kw("calendar.event", "unlink", [ids], {}, f"?bench={tag}")
        return len(ids)


def replica_cursors(server, out):
    """Where each measured request was served, per case: the replica (ro), the
    primary (rw), or first the replica, then the primary (ro->rw: a read-only
    route that tried to write, a failure)."""
    cursors = {}
    for tag, cursor in server.queries("cursor").items():
        by_cursor = cursors.setdefault(tag.split(".")[0], {})
        by_cursor[cursor or "?"] = by_cursor.get(cursor or "?", 0) + 1
    out["cursors"] = cursors
    written = {key: c["ro->rw"] for key, c in cursors.items() if c.get("ro->rw")}
    if written:
        out["failures"].append(
            f"read-only requests that wrote (served again on the primary): {written}"
        )
    if not any(c.get("ro") for c in cursors.values()):
        out["failures"].append("no request was served by the replica")


def run_mode(args, mode, import_rows):
    log_path = Path(args.data_dir) / f"odoo-{mode}.log"
    server = Server(args, mode, log_path)
    out = {"mode": mode, "failures": []}
    bench = imp = roster = None
    try:
        server.start()
        bench = Bench(server, args)
        cases = bench.run_screens()
        if import_rows:
            rows = free_import_rows(args.db, import_rows)
            if len(rows) < import_rows:
                out["failures"].append(
                    f"only {len(rows)} new result rows left for the import"
                )
            imp = bench.run_imports(rows) if rows else None
        roster = bench.run_roster()
        time.sleep(1.5)  # the last request lines reach the log
    except Exception as exc:  # noqa: BLE001
        out["failures"].append(f"{type(exc).__name__}: {exc}")
        cases = [name for name, _side in bench.times] if bench else []
        cases = list(dict.fromkeys(cases))
    finally:
        server.stop()
    queries = server.queries()
    if mode == "replica":
        replica_cursors(server, out)
    out["problems"] = server.problems()
    out["warnings"] = server.problems("WARNING")
    out["cases"] = []
    for name in cases:
        key = re.sub(r"\W+", "_", name).strip("_").lower()
        row = {"case": name}
        for side in ("s", "o"):
            ts = bench.times[(name, side)]
            qs = [
                q
                for tag, q in queries.items()
                if tag.startswith(f"{key}.{side}-") and "-w" not in tag
            ]
            row[side] = {
                "median_ms": statistics.median(ts) * 1000,
                "min_ms": min(ts) * 1000,
                "queries": statistics.median(qs) if qs else None,
                "queries_range": (min(qs), max(qs)) if qs else None,
            }
        out["cases"].append(row)
    if imp:
        imp["suite_queries"] = sum(
            q for tag, q in queries.items() if tag.startswith("import.s-")
        )
        imp["odoo_queries"] = sum(
            q for tag, q in queries.items() if tag.startswith("import.o-")
        )
        out["import"] = imp
        if (
            imp["results_added"] != imp["rows"]
            or imp["shown"]["count_new"] != imp["rows"]
            or imp["results_removed"] != imp["rows"]
        ):
            out["failures"].append(
                f"results import: {imp['rows']} rows sent, {imp['shown']['count_new']}"
                f" reported new, {imp['results_added']} rows added, "
                f"{imp['results_removed']} deleted afterwards"
            )
        if imp["partners_added"] != imp["rows"] or imp["odoo_errors"]:
            out["failures"].append(
                f"contacts import: {imp['rows']} rows sent, {imp['partners_added']}"
                f" added, errors {imp['odoo_errors']}"
            )
    if roster:
        for side in ("s", "o"):
            roster[f"{side}_queries"] = {
                tag.split("-", 1)[1]: q
                for tag, q in queries.items()
                if tag.startswith(f"roster.{side}-")
            }
        steps = roster["s_queries"]
        roster["preview_queries"] = sum(
            steps.get(step, 0) for step in ("save", "action_preview", "read")
        )
        roster["create_queries"] = sum(
            steps.get(step, 0) for step in ("create", "done")
        )
        roster["suite_queries"] = roster["preview_queries"] + roster["create_queries"]
        roster["odoo_queries"] = roster["o_queries"].get("create")
        out["roster"] = roster
        placed = roster["placed"]
        if (
            not placed
            or roster["skipped"]
            or roster["state"] != "done"
            or roster["placed_after_create"] != placed
            or roster["events_linked"] != placed
            or roster["events_added"] != placed
        ):
            out["failures"].append(
                f"yearly roster: {placed} placed, {roster['skipped']} already "
                f"planned, state {roster['state']}, {roster['placed_after_create']} "
                f"placed after create, {roster['events_linked']} meetings on the "
                f"wizard, {roster['events_added']} calendar events added"
            )
        if roster["odoo_added"] != roster["odoo_events"]:
            out["failures"].append(
                f"calendar.event create: {roster['odoo_events']} sent, "
                f"{roster['odoo_added']} added"
            )
        if roster["events_left"]:
            out["failures"].append(
                f"yearly roster: {roster['events_left']} calendar events left after "
                "deleting both sides' events"
            )
    return out


def print_mode(out, args):
    title = {
        "single": "one process (--workers=0)",
        "workers": "--workers=2 --max-cron-threads=1",
        "replica": "--workers=2 --max-cron-threads=1, read-only requests on "
        + (f"the replica {args.replica}" if args.replica else "--dev=replica"),
    }
    say()
    say(f"== server: {title[out['mode']]}; median (min) of {args.repeat} rounds, ms ==")
    head = (
        f"{'case':34} {'suite':>17} {'Odoo own':>17} {'ratio':>6} "
        f"{'queries suite/Odoo':>19}"
    )
    say(head)
    say("-" * len(head))
    for row in out["cases"]:
        s, o = row["s"], row["o"]
        ratio = s["median_ms"] / o["median_ms"] if o["median_ms"] else float("nan")
        odoo_name = (
            "(right: the same, 2 schools)"
            if row["case"].startswith("coordinator")
            else ""
        )
        say(
            f"{row['case']:34} {s['median_ms']:8.1f} ({s['min_ms']:6.1f}) "
            f"{o['median_ms']:8.1f} ({o['min_ms']:6.1f}) {ratio:6.2f} "
            f"{s['queries']!s:>9} / {o['queries']!s:<6} {odoo_name}"
        )
    imp = out.get("import")
    if imp:
        s_rate = imp["rows"] / imp["suite_s"]
        o_rate = imp["rows"] / imp["odoo_s"]
        say(
            f"{'results import, ' + str(imp['rows']) + ' new rows':34} "
            f"{s_rate:9.0f} rows/s {o_rate:9.0f} rows/s {s_rate / o_rate:6.2f} "
            f"{imp['suite_queries']:>9} / {imp['odoo_queries']:<6}"
        )
        say(
            f"   suite {imp['suite_s']:.1f} s (wizard web_save + action_import + "
            f"web_read), Odoo contacts import {imp['odoo_s']:.1f} s (base_import, "
            f"batches of {BATCH}); rows added: results +{imp['results_added']}, "
            f"contacts +{imp['partners_added']} (both deleted once counted)"
        )
    roster = out.get("roster")
    if roster:
        name = f"yearly roster, {roster['groups']} groups x {roster['rounds']}"
        suite_ms, odoo_ms = roster["suite_s"] * 1000, roster["odoo_s"] * 1000
        say(
            f"{name:34} {suite_ms:8.1f} {'':8} {odoo_ms:8.1f} {'':8} "
            f"{suite_ms / odoo_ms:6.2f} "
            f"{roster['suite_queries']:>9} / {roster['odoo_queries']!s:<6}"
        )
        say(
            f"   suite: preview {roster['preview_s']:.2f} s "
            f"({roster['preview_queries']} queries: web_save, action_preview, "
            f"web_read; planned in {roster['plan_seconds']:.2f} s), create "
            f"{roster['create_s']:.2f} s ({roster['create_queries']} queries: "
            f"action_create, web_read; "
            f"{roster['create_s'] / roster['odoo_s']:.2f} x Odoo's create); "
            f"{roster['placed']} placed, "
            f"{roster['unplaceable']} not placed, {roster['skipped']} already "
            f"planned; calendar events +{roster['events_added']}"
        )
        say(
            f"   Odoo: calendar.event create of {roster['odoo_events']} events "
            f"({roster['odoo_attendees']} attendees) in one call "
            f"{roster['odoo_s']:.2f} s; both sides' events deleted afterwards"
        )
        if roster["fit_message"]:
            say(f"   {roster['fit_message'][:300]}")
    if "cursors" in out:
        say(
            "   served by (ro: the replica, rw: the primary): "
            + "; ".join(
                f"{key} "
                + ", ".join(f"{mode} {n}" for mode, n in sorted(counts.items()))
                for key, counts in out["cursors"].items()
            )
        )
    say(f"server log: {len(out['problems'])} errors, {len(out['warnings'])} warnings")
    for line in (out["problems"] + out["warnings"])[:10]:
        say(f"   {line[:300]}")
    for failure in out["failures"]:
        say(f"FAILED: {failure}")


# ======================================================================= main
def db_exists(db):
    out = subprocess.run(
        [
            "psql",
            "-d",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{db}'",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return out.stdout.strip() == "1"


def main(argv=None):
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="What is measured: the docstring of scripts/bench_board.py.",
    )
    p.add_argument(
        "--scale",
        type=float,
        default=float(os.environ.get("SCALE", 1)),
        help="size of the board, 1 = the issue's board (default 1)",
    )
    p.add_argument("--db", help="database (default ib_bench_board_<scale>)")
    p.add_argument("--keep-db", action="store_true", help="keep the database")
    p.add_argument("--repeat", type=int, default=9, help="measured rounds (default 9)")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument(
        "--modes",
        default="single,workers",
        help="server modes: single (--workers=0), workers (--workers=2), replica "
        "(--workers=2 with the read-only requests on a read replica)",
    )
    p.add_argument(
        "--replica",
        metavar="HOST:PORT",
        help="the read replica of the replica mode (a PostgreSQL hot standby of "
        "the database's server); default: Odoo's simulation, --dev=replica",
    )
    p.add_argument(
        "--import-rows",
        type=int,
        help="rows of each import (default 50,000 x scale, at most 50,000)",
    )
    p.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8079)))
    p.add_argument("--generate-only", action="store_true", help="build the board only")
    p.add_argument(
        "--data-dir", help="Odoo's data directory (default: a temporary one)"
    )
    p.add_argument("--json", help="also write the figures to this file")
    p.add_argument("--generate", metavar="DB", help=argparse.SUPPRESS)
    p.add_argument("--addons-path", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.odoo_path = os.environ.get("ODOO_PATH", "/opt/odoo19")
    if args.generate:
        generate(args.generate, args.addons_path, args.scale)
        return 0
    args.python = os.environ.get("IB_ODOO_PYTHON") or sys.executable
    args.addons_path = f"{args.odoo_path}/addons,{REPO / 'addons'}"
    args.db = args.db or f"ib_bench_board_{str(args.scale).replace('.', '_')}"
    # the filestore belongs to the database: one directory per database
    args.data_dir = args.data_dir or str(
        Path(tempfile.gettempdir()) / f"ib-bench-board-{args.db}"
    )
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    n = sizes(args.scale)
    import_rows = (
        args.import_rows
        if args.import_rows is not None
        else min(IMPORT_MAX, round(IMPORT_MAX * args.scale))
    )
    say(f"[bench_board] board {n} in database {args.db}")
    failures = []
    try:
        started = time.monotonic()
        if not db_exists(args.db):
            addons = sorted(
                d.name
                for d in (REPO / "addons").iterdir()
                if d.name.startswith("ib_") and (d / "__manifest__.py").is_file()
            )
            subprocess.run(
                [
                    args.python,
                    f"{args.odoo_path}/odoo-bin",
                    f"--addons-path={args.addons_path}",
                    "-d",
                    args.db,
                    "-i",
                    ",".join(["contacts", "base_import", *addons]),
                    "--stop-after-init",
                    "--log-level=warn",
                    f"--data-dir={args.data_dir}",
                    "--max-cron-threads=0",
                    "--http-interface=127.0.0.1",
                    f"--http-port={args.port}",
                ],
                check=True,
            )
            say(f"[bench_board] installed in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        subprocess.run(
            [
                args.python,
                __file__,
                "--generate",
                args.db,
                "--scale",
                str(args.scale),
                "--addons-path",
                args.addons_path,
            ],
            check=True,
        )
        say(f"[bench_board] board ready in {time.monotonic() - started:.0f} s")
        if args.generate_only:
            return 0
        results = []
        for mode in args.modes.split(","):
            before = count_rows(args.db)
            out = run_mode(args, mode, import_rows)
            after = count_rows(args.db)
            imp = out.get("import") or {}
            lost = {
                # the results of the suite's import are deleted once counted
                "results": before["results"]
                + imp.get("results_added", 0)
                - imp.get("results_removed", 0)
                - after["results"],
                # the contacts of Odoo's import are deleted once counted
                "partners": before["partners"] - after["partners"],
                # and both sides' events of the yearly roster
                "events": before["events"] - after["events"],
            }
            out["rows_before"], out["rows_after"] = before, after
            print_mode(out, args)
            say(
                f"rows before/after: results {before['results']} -> "
                f"{after['results']}, "
                f"contacts {before['partners']} -> {after['partners']}, "
                f"calendar events {before['events']} -> {after['events']}"
                + ("" if not any(lost.values()) else f"  LOST {lost}")
            )
            if any(lost.values()):
                out["failures"].append(f"rows lost: {lost}")
            failures += [f"{mode}: {f}" for f in out["failures"]]
            failures += [f"{mode}: server log error" for _ in out["problems"][:1]]
            results.append(out)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=2, default=str))
    finally:
        if not args.keep_db:
            subprocess.run(["dropdb", "--if-exists", "--force", args.db], check=False)
            shutil.rmtree(args.data_dir, ignore_errors=True)
    say()
    if failures:
        say("[bench_board] FAILED: " + "; ".join(failures))
        return 1
    say("[bench_board] done: no errors, no rows lost")
    return 0


if __name__ == "__main__":
    sys.exit(main())
