#!/usr/bin/env python3
"""The guest's cost: Odoo's everyday calls for a user outside pupil care, with the
suite's addons installed and without, side by side (issue 25; ``make bench``).

Two throw-away databases get the same generated data set (fixed seed): one with only
the core apps the suite extends (calendar, portal, mail, contacts), one with every
ib_* addon as well. In each, an Odoo server is started and an office employee with
no care role makes the calls the web client makes, over HTTP:

* Discuss inbox                 POST /mail/inbox/messages
* a contact's chatter           POST /mail/thread/messages + /mail/data (mail.thread)
* the calendar week             calendar.event search_read (fields of the calendar view)
* the activity list             mail.activity web_search_read + activity systray
* attachments of a record       ir.attachment web_search_read on the contact

The number of SQL queries of each request is read from Odoo's own request log line
("... 200 - <queries> <query time> <other time>"); the time is the median of the
repetitions, measured by the client. The query counts must be equal (the exit status
is 1 otherwise); times are printed with their ratio and never asserted (shared CI
machines are too noisy for that).

    python scripts/bench_guest.py [--repeat 15] [--keep-db] [--addons-dir DIR]
"""

import argparse
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
from http.cookiejar import CookieJar
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORE_APPS = "calendar,portal,mail,contacts"
BENCH_LOGIN = "bench_office"
# werkzeug line: '"POST /path?bench=key-3 HTTP/1.1" 200 - 12 0.004 0.020'
REQUEST_RE = re.compile(
    r'"(?:GET|POST) (?P<path>\S+) HTTP/[\d.]+" (?P<status>\d+) - (?P<queries>\d+) '
    r"(?P<qtime>[\d.]+) (?P<other>[\d.]+)"
)


def say(msg=""):
    print(msg, flush=True)


# ------------------------------------------------------------------ data generation
def generate(db, addons_path):
    """Runs inside an Odoo process (``--generate DB``): the data set, as superuser."""
    odoo_path = os.environ.get("ODOO_PATH", "/opt/odoo19")
    sys.path.insert(0, odoo_path)
    import random  # noqa: PLC0415
    from datetime import datetime, timedelta  # noqa: PLC0415

    import odoo  # noqa: PLC0415
    from odoo import api  # noqa: PLC0415
    from odoo.fields import Command  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415

    odoo.tools.config.parse_config(
        [f"--addons-path={addons_path}", "-d", db, "--log-level=warn"]
    )
    rnd = random.Random(25)
    with Registry(db).cursor() as cr:
        env = api.Environment(
            cr,
            odoo.SUPERUSER_ID,
            {
                "mail_create_nolog": True,
                "mail_notrack": True,
                "no_reset_password": True,
                "tracking_disable": False,
            },
        )
        admin = env.ref("base.user_admin")
        user = (
            env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Office Employee",
                    "login": BENCH_LOGIN,
                    "password": BENCH_LOGIN,
                    "email": "office@example.com",
                    "tz": "Europe/Amsterdam",
                    "notification_type": "inbox",
                    # an ordinary employee: Odoo's default groups, no care role
                    "group_ids": [
                        Command.set(
                            [
                                env.ref("base.group_user").id,
                                env.ref("base.group_partner_manager").id,
                            ]
                        )
                    ],
                }
            )
        )
        colleagues = env["res.users"].create(
            [
                {
                    "name": f"Colleague {i}",
                    "login": f"bench_colleague_{i}",
                    "email": f"colleague{i}@example.com",
                    "group_ids": [Command.set([env.ref("base.group_user").id])],
                }
                for i in range(5)
            ]
        )
        partners = env["res.partner"].create(
            [
                {
                    "name": f"Contact {i:03d}",
                    "email": f"contact{i:03d}@example.com",
                    "phone": f"+31 20 555 {i:04d}",
                    "city": rnd.choice(["Utrecht", "Zwolle", "Gouda", "Delft"]),
                }
                for i in range(300)
            ]
        )
        contact = partners[0]
        contact.message_subscribe(partner_ids=(user | colleagues[:2]).partner_id.ids)
        AdminPartner = partners.with_user(admin)
        for i, partner in enumerate(AdminPartner):
            for j in range(40 if i == 0 else 3):
                partner.message_post(
                    body=f"Note {j} about {partner.name}",
                    message_type="comment",
                    subtype_xmlid="mail.mt_note" if j % 3 else "mail.mt_comment",
                )
        # the inbox of the office employee: messages addressed to them
        for i in range(60):
            AdminPartner[1 + i % 50].message_post(
                body=f"Please have a look ({i})",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=user.partner_id.ids,
            )
        env["ir.attachment"].create(
            [
                {
                    "name": f"document-{i}.txt",
                    "raw": f"attachment {i}".encode(),
                    "res_model": "res.partner",
                    "res_id": contact.id,
                }
                for i in range(8)
            ]
        )
        # the calendar: 8 weeks around the measured week, the employee in some
        monday = datetime(2026, 3, 2, 7, 0)
        events = []
        for i in range(400):
            start = monday + timedelta(
                days=rnd.randrange(-28, 28), hours=rnd.randrange(0, 9)
            )
            attendees = rnd.sample(list(colleagues.partner_id), 2)
            if i % 4 == 0:
                attendees.append(user.partner_id)
            events.append(
                {
                    "name": f"Meeting {i}",
                    "start": start,
                    "stop": start + timedelta(hours=1),
                    "user_id": rnd.choice(colleagues | user).id,
                    "partner_ids": [Command.set([p.id for p in attendees])],
                    "privacy": "private" if i % 10 == 0 else False,
                }
            )
        env["calendar.event"].with_context(no_mail_to_attendees=True).create(events)
        # the activities of the office employee
        todo = env.ref("mail.mail_activity_data_todo")
        env["mail.activity"].create(
            [
                {
                    "res_model_id": env["ir.model"]._get_id("res.partner"),
                    "res_id": partners[i].id,
                    "activity_type_id": todo.id,
                    "summary": f"Call back {i}",
                    "user_id": user.id,
                    "date_deadline": (monday + timedelta(days=i % 20 - 10)).date(),
                }
                for i in range(80)
            ]
        )
        cr.commit()
        say(json.dumps({"contact_id": contact.id, "monday": monday.isoformat(sep=" ")}))


# ------------------------------------------------------------------ HTTP client
class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )

    def rpc(self, path, params):
        body = json.dumps(
            {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        ).encode()
        req = urllib.request.Request(
            self.base + path, body, {"Content-Type": "application/json"}
        )
        with self.opener.open(req, timeout=120) as resp:
            data = json.loads(resp.read())
        if data.get("error"):
            raise RuntimeError(f"{path}: {data['error'].get('data', data['error'])}")
        return data["result"]

    def call_kw(self, model, method, args, kwargs, tag=""):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}{tag}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs},
        )


def spec_of(fields, description):
    spec = {}
    for name in fields:
        field = description.get(name, {})
        if field.get("type") in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    return spec


def calls(client, info):
    """The measured calls: name -> function(tag)."""
    context = {"lang": "en_US", "tz": "Europe/Amsterdam"}
    contact = info["contact_id"]
    views = client.call_kw(
        "calendar.event",
        "get_views",
        [],
        {"views": [[False, "calendar"]], "options": {}, "context": context},
    )
    cal_fields = sorted(views["models"]["calendar.event"]["fields"])
    act_views = client.call_kw(
        "mail.activity",
        "get_views",
        [],
        {"views": [[False, "list"]], "options": {}, "context": context},
    )
    act_desc = act_views["models"]["mail.activity"]["fields"]
    act_spec = spec_of(sorted(act_desc), act_desc)
    week = ["2026-03-01 23:00:00", "2026-03-08 23:00:00"]
    uid = info["uid"]
    thread = {"thread_model": "res.partner", "thread_id": contact}
    request_list = [
        "activities",
        "attachments",
        "contact_fields",
        "followers",
        "scheduledMessages",
        "suggestedRecipients",
    ]
    return {
        "Discuss inbox": lambda tag: client.rpc(
            f"/mail/inbox/messages{tag}", {"fetch_params": {"limit": 30}}
        ),
        "Contact chatter: messages": lambda tag: client.rpc(
            f"/mail/thread/messages{tag}", dict(thread, fetch_params={"limit": 30})
        ),
        "Contact chatter: thread data": lambda tag: client.rpc(
            f"/mail/data{tag}",
            {
                "fetch_params": [
                    ["mail.thread", dict(thread, request_list=request_list)]
                ],
                "context": context,
            },
        ),
        "Calendar week": lambda tag: client.call_kw(
            "calendar.event",
            "search_read",
            [],
            {
                "domain": [["start", "<=", week[1]], ["stop", ">=", week[0]]],
                "fields": cal_fields,
                "context": context,
            },
            tag,
        ),
        "Activity list": lambda tag: client.call_kw(
            "mail.activity",
            "web_search_read",
            [],
            {
                "domain": [["user_id", "=", uid]],
                "specification": act_spec,
                "limit": 80,
                "context": context,
            },
            tag,
        ),
        "Activity systray": lambda tag: client.rpc(
            f"/mail/data{tag}",
            {"fetch_params": ["systray_get_activities"], "context": context},
        ),
        "Attachments of a contact": lambda tag: client.call_kw(
            "ir.attachment",
            "web_search_read",
            [],
            {
                "domain": [["res_model", "=", "res.partner"], ["res_id", "=", contact]],
                "specification": {
                    "name": {},
                    "mimetype": {},
                    "file_size": {},
                    "create_date": {},
                    "create_uid": {"fields": {"display_name": {}}},
                },
                "context": context,
            },
            tag,
        ),
    }


# ------------------------------------------------------------------ one database
def odoo_cmd(python, odoo_path):
    return [python, str(Path(odoo_path) / "odoo-bin")]


def free_port():
    import socket  # noqa: PLC0415

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def drop(db):
    subprocess.run(["dropdb", "--if-exists", "--force", db], check=False)


class Side:
    """One database (with or without the suite) and its server."""

    def __init__(self, label, db, modules, args, tmp):
        self.label, self.db, self.modules = label, db, modules
        odoo_path = os.environ.get("ODOO_PATH", "/opt/odoo19")
        self.python = os.environ.get("IB_ODOO_PYTHON") or sys.executable
        self.addons_path = f"{odoo_path}/addons,{args.addons_dir}"
        self.base = odoo_cmd(self.python, odoo_path) + [
            f"--addons-path={self.addons_path}",
            "-d",
            db,
        ]
        self.common = [f"--data-dir={tmp / f'data-{db}'}", "--max-cron-threads=0"]
        self.log_path = tmp / f"{db}.log"
        self.server = self.client = self.info = None

    def prepare(self):
        drop(self.db)
        t0 = time.monotonic()
        subprocess.run(
            self.base
            + self.common
            + ["-i", self.modules, "--stop-after-init", "--log-level=warn"]
            + ["--http-interface=127.0.0.1", f"--http-port={free_port()}"],
            check=True,
        )
        say(f"[bench] {self.label}: installed in {time.monotonic() - t0:.0f}s")
        out = subprocess.run(
            [self.python, __file__, "--generate", self.db]
            + ["--addons-path", self.addons_path],
            check=True,
            capture_output=True,
            text=True,
        )
        self.info = json.loads(out.stdout.strip().splitlines()[-1])

    def start(self):
        port = free_port()
        with open(self.log_path, "w") as log:
            self.server = subprocess.Popen(
                self.base
                + self.common
                + [
                    "--http-interface=127.0.0.1",
                    f"--http-port={port}",
                    f"--db-filter=^{self.db}$",
                    "--log-level=info",
                    "--workers=0",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.client = Client(f"http://127.0.0.1:{port}")
        for _ in range(180):
            try:
                urllib.request.urlopen(self.client.base + "/web/health")
                break
            except OSError:
                time.sleep(1)
        session = self.client.rpc(
            "/web/session/authenticate",
            {"db": self.db, "login": BENCH_LOGIN, "password": BENCH_LOGIN},
        )
        self.info["uid"] = session["uid"]
        self.calls = calls(self.client, self.info)

    def stop(self):
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=60)

    def queries(self):
        """{call key: [query count per measured request]} from the request log."""
        result = {}
        for line in self.log_path.read_text().splitlines():
            m = REQUEST_RE.search(line)
            if m and "?bench=" in m["path"]:
                key, _sep, rep = m["path"].split("?bench=")[1].rpartition("-")
                if not rep.startswith("w"):
                    result.setdefault(key, []).append(int(m["queries"]))
        return result


def measure(sides, args):
    """Both servers run at once and take turns, request by request, so that the
    load of the machine weighs on both sides alike."""
    for side in sides:
        side.start()
    times = {side.label: {} for side in sides}
    try:
        for name in sides[0].calls:
            key = re.sub(r"\W+", "_", name).strip("_").lower()
            for i in range(args.warmup):
                for side in sides:
                    side.calls[name](f"?bench={key}-w{i}")
            for i in range(args.repeat):
                order = sides if i % 2 == 0 else sides[::-1]
                for side in order:
                    t = time.perf_counter()
                    side.calls[name](f"?bench={key}-{i}")
                    times[side.label].setdefault(name, []).append(
                        time.perf_counter() - t
                    )
        time.sleep(1)  # let the last request lines reach the logs
    finally:
        for side in sides:
            side.stop()
    results = {}
    for side in sides:
        queries = side.queries()
        results[side.label] = {
            name: {
                "times": ts,
                "queries": queries.get(
                    re.sub(r"\W+", "_", name).strip("_").lower(), []
                ),
            }
            for name, ts in times[side.label].items()
        }
    return results


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--generate", metavar="DB", help=argparse.SUPPRESS)
    p.add_argument("--addons-path", help=argparse.SUPPRESS)
    p.add_argument("--addons-dir", default=str(REPO / "addons"))
    p.add_argument("--repeat", type=int, default=15)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--keep-db", action="store_true")
    p.add_argument("--json", help="also write the figures to this file")
    args = p.parse_args(argv)
    if args.generate:
        generate(args.generate, args.addons_path)
        return 0
    addons_dir = Path(args.addons_dir).resolve()
    ib_addons = sorted(
        d.name
        for d in addons_dir.iterdir()
        if d.name.startswith("ib_") and (d / "__manifest__.py").is_file()
    )
    tmp = Path(tempfile.mkdtemp(prefix="ib-bench-"))
    pid = os.getpid()
    sides = [
        Side("without", f"ib_bench_core_{pid}", CORE_APPS, args, tmp),
        Side(
            "with",
            f"ib_bench_suite_{pid}",
            ",".join([CORE_APPS, *ib_addons]),
            args,
            tmp,
        ),
    ]
    try:
        for side in sides:
            side.prepare()
        results = measure(sides, args)
    finally:
        if not args.keep_db:
            for side in sides:
                drop(side.db)
    without, with_suite = results["without"], results["with"]
    say()
    say(f"Guest's cost: an office employee without a care role ({addons_dir})")
    say(f"median of {args.repeat} requests after {args.warmup} warm-up(s)")
    head = f"{'call':32} {'queries':>15} {'ms without':>11} {'ms with':>9} {'ratio':>6}"
    say(head)
    say("-" * len(head))
    failures = []
    figures = {}
    for name, res in without.items():
        other = with_suite[name]
        q0 = statistics.median(res["queries"]) if res["queries"] else None
        q1 = statistics.median(other["queries"]) if other["queries"] else None
        t0 = statistics.median(res["times"]) * 1000
        t1 = statistics.median(other["times"]) * 1000
        ratio = t1 / t0 if t0 else float("nan")
        mark = "" if q0 == q1 and q0 is not None else "  <-- queries differ"
        if mark:
            failures.append(name)
        say(f"{name:32} {q0!s:>7} vs {q1!s:<5} {t0:11.1f} {t1:9.1f} {ratio:6.2f}{mark}")
        figures[name] = {
            "queries_without": q0,
            "queries_with": q1,
            "ms_without": round(t0, 2),
            "ms_with": round(t1, 2),
            "ratio": round(ratio, 3),
        }
    total0 = sum(f["ms_without"] for f in figures.values())
    total1 = sum(f["ms_with"] for f in figures.values())
    say("-" * len(head))
    say(
        f"{'all calls':32} {'':15} {total0:11.1f} {total1:9.1f} "
        f"{total1 / total0 if total0 else float('nan'):6.2f}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    if not args.keep_db:
        shutil.rmtree(tmp, ignore_errors=True)
    say()
    if failures:
        say(f"[bench] FAILED: the suite adds queries to: {', '.join(failures)}")
        return 1
    say("[bench] same query counts with and without the suite")
    return 0


if __name__ == "__main__":
    sys.exit(main())
