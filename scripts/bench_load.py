#!/usr/bin/env python3
"""Load benchmark of the production profile (`make bench-load`, opt-in).

Starts Odoo in multi-process mode with deploy/odoo.conf.template (deploy/ibdeploy.py)
and nginx in front with deploy/nginx/ib-suite.conf, on free local ports, on a database
with the suite's demo data. Then, for each number of clients (default 10, 20, 40) and
each way in (through nginx, and directly on Odoo's HTTP port), N clients work for a
fixed time as the care roles, each over its own web session (the web client's JSON-RPC
routes, so record rules apply):

- list pupils (web_search_read, as the list view), open one (web_read) with its notes;
- coordinators and teachers write a note on that pupil (create);
- clients 2k and 2k+1 are two tabs of one user: both edit the same note (write).

Reported per run: requests/s (answered calls), p50/p95 latency, errors (refused or
reset connections, HTTP and JSON-RPC errors), and the writes checked afterwards:
every acknowledged note must exist exactly once (lost / duplicated), and each shared
note must hold one of the values acknowledged for it. At the end the server log and
nginx's error log are scanned for tracebacks and ERROR/CRITICAL records.

    .venv/bin/python scripts/bench_load.py --db ib_bench [--clients 10,20,40]
        [--duration 45] [--modes proxy,direct] [--workers N]

The database needs ib_core's demo data (`make run DB=ib_bench` installs the suite with
it). The benchmark adds notes named "Belasting <run> ..." to it.
"""

import argparse
import http.cookiejar
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "deploy"))
from ibdeploy import ProductionServer  # noqa: E402

# (login, writes notes) -- pairs of clients share a user: two tabs of one user
ROLES = [
    ("ib.regenboog", True),
    ("juf.sanne", True),
    ("ib.kompas", True),
    ("meester.tom", True),
    ("directeur", False),
]
PUPIL_SPEC = {
    "name": {},
    "group_id": {"fields": {"display_name": {}}},
    "company_id": {"fields": {"display_name": {}}},
}
NOTE_FIELDS = ["name", "date", "kind", "author_id"]
BAD_RECORD = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (ERROR|CRITICAL) .*$", re.M
)
# Two tabs writing one note at once: PostgreSQL refuses the second UPDATE, Odoo logs
# the refused query (odoo.sql_db, ERROR) and retries the whole call
# (odoo.service.model: SERIALIZATION_FAILURE, INFO); the client gets its answer.
SERIALIZATION_RECORD = re.compile(
    r"^\S+ \S+ \d+ ERROR \S+ odoo\.sql_db: bad query: .*\n"
    r"ERROR: +could not serialize access due to concurrent update",
    re.M,
)


class RpcError(Exception):
    pass


class Client:
    """One browser tab: its own cookie jar, the web client's JSON-RPC routes."""

    def __init__(self, base_url, db, stats):
        self.base_url = base_url
        self.db = db
        self.stats = stats
        self.uid = None
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def rpc(self, path, params, what):
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}
        req = urllib.request.Request(
            self.base_url + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        start = time.monotonic()
        try:
            with self.opener.open(req, timeout=120) as resp:
                body = json.loads(resp.read())
        except urllib.error.HTTPError as err:
            self.stats.error(f"HTTP {err.code} ({what})")
            raise RpcError(what) from err
        except (urllib.error.URLError, OSError, ValueError) as err:
            reason = getattr(err, "reason", err)
            self.stats.error(f"{type(reason).__name__} ({what})")
            raise RpcError(what) from err
        if "error" in body:
            data = body["error"].get("data") or {}
            self.stats.error(f"{data.get('name', 'JSON-RPC error')} ({what})")
            raise RpcError(what)
        self.stats.answered(time.monotonic() - start)
        return body.get("result")

    def login(self, login, tries=3):
        for attempt in range(tries):
            try:
                return self._login(login)
            except RpcError:
                if attempt == tries - 1:
                    raise
                time.sleep(1)

    def _login(self, login):
        info = self.rpc(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": login},
            "login",
        )
        self.uid = info["uid"]

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}.{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            f"{model}.{method}",
        )


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = []
        self.errors = Counter()

    def answered(self, seconds):
        with self.lock:
            self.latencies.append(seconds)

    def error(self, kind):
        with self.lock:
            self.errors[kind] += 1


class Run:
    """N clients for `duration` seconds against base_url."""

    def __init__(self, base_url, db, n_clients, duration, label):
        self.login_stats = Stats()
        self.base_url = base_url
        self.db = db
        self.n = n_clients
        self.duration = duration
        self.label = label
        self.run_id = uuid.uuid4().hex[:8]
        self.stats = Stats()
        self.acked_notes = []  # (login, name)
        self.shared = {}  # pair index -> (login, note id, [acked bodies])
        self.lock = threading.Lock()

    def prepare(self):
        """Per pair of clients of a writing role: the note both tabs edit."""
        for pair in range(self.n // 2):
            login, writes = ROLES[pair % len(ROLES)]
            if not writes:
                continue
            client = Client(self.base_url, self.db, Stats())
            client.login(login)
            pupil = client.call("ib.pupil", "search", [], limit=1, order="id")[0]
            note_id = client.call(
                "ib.pupil.note",
                "create",
                [
                    {
                        "pupil_id": pupil,
                        "name": f"Belasting {self.run_id} gedeeld {pair}",
                    }
                ],
            )[0]
            self.shared[pair] = (login, note_id, [])

    def log_in(self, index, clients):
        """Untimed: each tab logs in once (a password check costs ~1 s of CPU), as
        users do in the morning; logins are reported apart."""
        login, _writes = ROLES[(index // 2) % len(ROLES)]
        client = Client(self.base_url, self.db, self.login_stats)
        try:
            client.login(login)
        except RpcError:
            return
        client.stats = self.stats
        clients[index] = client

    def client_loop(self, index, client, stop_at):
        pair = index // 2
        login, writes = ROLES[pair % len(ROLES)]
        rnd = random.Random(index)
        seq = 0
        while time.monotonic() < stop_at:
            try:
                pupils = client.call(
                    "ib.pupil",
                    "web_search_read",
                    [],
                    specification=PUPIL_SPEC,
                    limit=80,
                )["records"]
                if not pupils:
                    self.stats.error(f"no pupils visible to {login}")
                    return
                pupil = rnd.choice(pupils)["id"]
                client.call("ib.pupil", "web_read", [pupil], specification=PUPIL_SPEC)
                client.call(
                    "ib.pupil.note",
                    "search_read",
                    [("pupil_id", "=", pupil)],
                    fields=NOTE_FIELDS,
                    limit=40,
                )
                if not writes:
                    continue
                seq += 1
                name = f"Belasting {self.run_id} c{index} n{seq}"
                client.call(
                    "ib.pupil.note",
                    "create",
                    [{"pupil_id": pupil, "name": name, "body": f"<p>{name}</p>"}],
                )
                with self.lock:
                    self.acked_notes.append((login, name))
                if pair in self.shared:
                    _login, note_id, acked = self.shared[pair]
                    body = f"<p>tab {index % 2} versie {seq}</p>"
                    client.call("ib.pupil.note", "write", [note_id], {"body": body})
                    with self.lock:
                        acked.append(body)
            except RpcError:
                time.sleep(0.2)  # a failed call: the user retries the page

    def execute(self):
        self.prepare()
        clients = [None] * self.n
        threads = [
            threading.Thread(target=self.log_in, args=(i, clients), daemon=True)
            for i in range(self.n)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        stop_at = time.monotonic() + self.duration
        threads = [
            threading.Thread(
                target=self.client_loop, args=(i, client, stop_at), daemon=True
            )
            for i, client in enumerate(clients)
            if client is not None
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.elapsed = time.monotonic() - started
        return self.verify()

    def verify(self):
        """Read back, as each writing user, the notes of this run."""
        seen = {}
        shared_ok = 0
        shared_total = 0
        by_login = {}
        for login, _writes in ROLES:
            if not _writes:
                continue
            client = Client(self.base_url, self.db, Stats())
            client.login(login)
            by_login[login] = client
            records = client.call(
                "ib.pupil.note",
                "search_read",
                [("name", "=like", f"Belasting {self.run_id} c%")],
                fields=["name"],
            )
            seen.update((r["id"], r["name"]) for r in records)
        found = Counter(seen.values())
        acked = Counter(name for _login, name in self.acked_notes)
        lost = sum(1 for name in acked if found[name] == 0)
        duplicated = sum(found[name] - 1 for name in found if found[name] > 1)
        unacked = sum(1 for name in found if name not in acked)
        for login, note_id, bodies in self.shared.values():
            if not bodies:
                continue
            shared_total += 1
            body = by_login[login].call("ib.pupil.note", "read", [note_id], ["body"])
            if body and body[0]["body"] in bodies:
                shared_ok += 1
        lat = sorted(self.stats.latencies)
        pct = (
            (lambda q: lat[min(len(lat) - 1, int(q * len(lat)))])
            if lat
            else (lambda q: float("nan"))
        )
        logins = sorted(self.login_stats.latencies)
        return {
            "logins": len(logins),
            "login_errors": sum(self.login_stats.errors.values()),
            "login_p95": round(logins[int(0.95 * (len(logins) - 1))], 3)
            if logins
            else None,
            "label": self.label,
            "clients": self.n,
            "seconds": round(self.elapsed, 1),
            "requests": len(lat),
            "rps": round(len(lat) / self.elapsed, 1),
            "p50": round(pct(0.50), 3),
            "p95": round(pct(0.95), 3),
            "mean": round(statistics.fmean(lat), 3) if lat else None,
            "errors": sum(self.stats.errors.values()),
            "error_kinds": dict(self.stats.errors + self.login_stats.errors),
            "notes_acked": sum(acked.values()),
            "lost": lost,
            "duplicated": duplicated,
            "unacked_present": unacked,
            "shared_ok": f"{shared_ok}/{shared_total}",
        }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("DB", "ib_dev"))
    parser.add_argument("--clients", default="10,20,40")
    parser.add_argument("--duration", type=float, default=45)
    parser.add_argument("--modes", default="proxy,direct")
    parser.add_argument("--workers", type=int, help="default: the profile's")
    parser.add_argument(
        "--odoo-path", default=os.environ.get("ODOO_PATH", "/opt/odoo19")
    )
    parser.add_argument("--python", default=sys.executable, help="python for odoo-bin")
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--keep-logs", action="store_true")
    args = parser.parse_args(argv)

    addons_path = f"{args.odoo_path}/addons,{REPO / 'addons'}"
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    server = ProductionServer(
        args.db,
        [args.python, f"{args.odoo_path}/odoo-bin"],
        addons_path,
        workers=args.workers,
        proxy="proxy" in modes,
    )
    print(
        f"[bench-load] database {args.db}: {server.workers} HTTP workers, 1 cron, "
        f"evented worker; logs in {server.run_dir}",
        flush=True,
    )
    results = []
    server.start()
    try:
        urls = {"proxy": server.url, "direct": server.odoo_url}
        # warm-up, not reported: every worker loads the registry on its first call
        for mode in modes:
            Run(urls[mode], args.db, 2 * server.workers, 10, "warm-up").execute()
        for n in [int(c) for c in args.clients.split(",")]:
            for mode in modes:
                run = Run(urls[mode], args.db, n, args.duration, mode)
                result = run.execute()
                results.append(result)
                print(
                    "[bench-load] {label:6} {clients:3} clients: {rps:6.1f} req/s  "
                    "p50 {p50:.3f}s  p95 {p95:.3f}s  errors {errors}  notes "
                    "{notes_acked} (lost {lost}, duplicated {duplicated}, "
                    "unacked present {unacked_present})  shared notes ok "
                    "{shared_ok}  logins {logins} (p95 {login_p95}s, errors "
                    "{login_errors})".format(**result),
                    flush=True,
                )
                if result["error_kinds"]:
                    print(f"             errors: {result['error_kinds']}", flush=True)
    finally:
        codes = server.stop()
    log = server.log_text()
    tracebacks = log.count("Traceback")
    retries = len(SERIALIZATION_RECORD.findall(log))
    bad = [m[0] for m in BAD_RECORD.finditer(SERIALIZATION_RECORD.sub("", log))]
    print(
        f"[bench-load] server stopped {codes}; log: {tracebacks} tracebacks, "
        f"{len(bad)} ERROR/CRITICAL records, {retries} serialization retries",
        flush=True,
    )
    for line in bad[:5]:
        print("   ", line[:300])
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    if not args.keep_logs:
        server.cleanup()
    failed = any(r["lost"] or r["duplicated"] for r in results) or tracebacks or bad
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
