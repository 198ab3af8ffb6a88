#!/usr/bin/env python3
"""The IB suite's production profile: render it, and run it on this machine.

    ibdeploy.py odoo-conf  [-o FILE] ...  odoo.conf from deploy/odoo.conf.template
    ibdeploy.py nginx-conf [-o FILE] ...  deploy/nginx/ib-suite.conf with other ports
    ibdeploy.py serve ...                 Odoo multi-process + nginx, in the foreground

Used by `make serve`, docker-compose.yml (odoo-conf inside the Odoo image), the smoke
test tests/test_live_multiprocess.py and the load benchmark scripts/bench_load.py
(through ``ProductionServer``).  Standard library only: it also runs with the Odoo
image's python.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent
REPO = DEPLOY.parent
TEMPLATE = DEPLOY / "odoo.conf.template"
SITE = DEPLOY / "nginx" / "ib-suite.conf"
MIB = 1024 * 1024
_UNSET = "@unset@"


# --------------------------------------------------------------------- odoo.conf
def default_workers(cores=None):
    """Odoo's rule for HTTP workers: (CPU cores x 2) + 1."""
    return 2 * (cores or os.cpu_count() or 1) + 1


def memory_limits(workers, cron_threads, total=None):
    """(soft, hard) limit_memory_* in bytes: Odoo's defaults (2 GiB / 2.5 GiB), lowered
    so that every process (HTTP workers, cron workers, the evented worker) at its hard
    limit fits in 80% of the machine's memory."""
    if total is None:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    processes = workers + cron_threads + 1
    hard = min(2560 * MIB, int(total * 0.8 / processes))
    hard = max(hard, 512 * MIB)
    soft = min(2048 * MIB, int(hard * 0.8))
    return soft, hard


def odoo_conf(
    db_name,
    addons_path,
    data_dir,
    http_port=8069,
    gevent_port=8072,
    http_interface="127.0.0.1",
    workers=None,
    cron_threads=1,
    db_host=None,
    db_port=None,
    db_user=None,
    db_password=None,
    db_replica_host=None,
    db_replica_port=None,
    logfile=None,
):
    workers = workers or default_workers()
    soft, hard = memory_limits(workers, cron_threads)
    values = {
        "ADDONS_PATH": addons_path,
        "DATA_DIR": data_dir,
        "DB_NAME": db_name,
        "DB_HOST": db_host or _UNSET,
        "DB_PORT": db_port or _UNSET,
        "DB_USER": db_user or _UNSET,
        "DB_PASSWORD": db_password or _UNSET,
        "DB_REPLICA_HOST": db_replica_host or _UNSET,
        "DB_REPLICA_PORT": db_replica_port or _UNSET,
        "HTTP_INTERFACE": http_interface,
        "HTTP_PORT": http_port,
        "GEVENT_PORT": gevent_port,
        "WORKERS": workers,
        "CRON_THREADS": cron_threads,
        "LIMIT_MEMORY_SOFT": soft,
        "LIMIT_MEMORY_HARD": hard,
        "LOGFILE": logfile or _UNSET,
    }
    template = string.Template(TEMPLATE.read_text(encoding="utf-8"))
    text = template.substitute({k: str(v) for k, v in values.items()})
    # an option left unset is commented out: Odoo's default (libpq's PGHOST etc. or
    # the local socket; the log on stderr) applies
    return re.sub(
        rf"^(\w+) = {_UNSET}$", r"; \1 = (unset: Odoo's default)", text, flags=re.M
    )


# ----------------------------------------------------------------------- nginx
def nginx_site(listen=80, http_port=8069, gevent_port=8072, log_dir=None):
    """The site file with its three ports replaced (and its logs moved to log_dir)."""
    text = SITE.read_text(encoding="utf-8")
    for marker, value in (
        ("http_port", http_port),
        ("gevent_port", gevent_port),
        ("listen", listen),
    ):
        pattern = re.compile(rf"([\s:])(\d+)(;\s*# port: {marker})$", re.M)
        text, count = pattern.subn(lambda m, v=value: f"{m[1]}{v}{m[3]}", text)
        if count != 1:
            raise ValueError(f"{SITE}: no single line marked '# port: {marker}'")
    if log_dir:
        text = text.replace("/var/log/nginx/", f"{log_dir}/")
    return text


def nginx_main_conf(run_dir, site_text, worker_processes="1"):
    """A whole nginx.conf running the site from run_dir, in the foreground (no root
    files touched: pid, logs and temp files in run_dir)."""
    run_dir = Path(run_dir)
    user = "user www-data;\n" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"    {kind}_temp_path {run_dir}/tmp-{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    mime = "/etc/nginx/mime.types"
    include_mime = f"    include {mime};\n" if Path(mime).is_file() else ""
    return (
        f"{user}worker_processes {worker_processes};\n"
        "daemon off;\n"
        f"pid {run_dir}/nginx.pid;\n"
        f"error_log {run_dir}/error.log warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        f"{include_mime}"
        "    default_type application/octet-stream;\n"
        "    sendfile on;\n"
        f"{temp}\n"
        f"{site_text}\n"
        "}\n"
    )


# ---------------------------------------------------------------------- running
def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, timeout, proc=None, what="server"):
    deadline = time.monotonic() + timeout
    while True:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer {url} within {timeout}s")
        time.sleep(0.5)


class ProductionServer:
    """Odoo in multi-process mode with the production odoo.conf (and nginx in front
    when ``proxy``), on free local ports; a context manager. ``log`` is Odoo's log.

    odoo_cmd: argv prefix starting Odoo (e.g. [python, odoo-bin]); extra_args are
    appended to the command line (they override the config file)."""

    def __init__(
        self,
        db_name,
        odoo_cmd,
        addons_path,
        data_dir=None,
        workers=None,
        cron_threads=1,
        proxy=False,
        extra_args=(),
        run_dir=None,
        start_timeout=180,
    ):
        self.db_name = db_name
        self.odoo_cmd = list(odoo_cmd)
        self.addons_path = addons_path
        self.workers = workers or default_workers()
        self.cron_threads = cron_threads
        self.proxy = proxy
        self.extra_args = list(extra_args)
        self.start_timeout = start_timeout
        self._own_run_dir = run_dir is None
        self.run_dir = Path(run_dir or tempfile.mkdtemp(prefix="ibsuite-prod-"))
        self.data_dir = data_dir or str(Path.home() / ".local/share/Odoo")
        self.http_port = free_port()
        self.gevent_port = free_port()
        self.proxy_port = free_port() if proxy else None
        self.log = self.run_dir / "odoo.log"
        self.odoo = None
        self.nginx = None
        self.exit_codes = {}

    @property
    def url(self):
        """Where clients go: nginx when there is one, else Odoo's HTTP port."""
        port = self.proxy_port if self.proxy else self.http_port
        return f"http://127.0.0.1:{port}"

    @property
    def odoo_url(self):
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def websocket_url(self):
        """/websocket: through nginx, or Odoo's evented port directly."""
        port = self.proxy_port if self.proxy else self.gevent_port
        return f"ws://127.0.0.1:{port}/websocket"

    def write_configs(self):
        conf = self.run_dir / "odoo.conf"
        conf.write_text(
            odoo_conf(
                self.db_name,
                self.addons_path,
                self.data_dir,
                http_port=self.http_port,
                gevent_port=self.gevent_port,
                workers=self.workers,
                cron_threads=self.cron_threads,
                db_host=os.environ.get("PGHOST"),
                db_port=os.environ.get("PGPORT"),
                db_user=os.environ.get("PGUSER"),
                db_password=os.environ.get("PGPASSWORD"),
                logfile=str(self.log),
            ),
            encoding="utf-8",
        )
        if self.proxy:
            # nginx's workers (www-data when started as root) write its temp files here
            self.run_dir.chmod(0o755)
            site = nginx_site(
                self.proxy_port, self.http_port, self.gevent_port, log_dir=self.run_dir
            )
            (self.run_dir / "nginx.conf").write_text(
                nginx_main_conf(self.run_dir, site), encoding="utf-8"
            )
        return conf

    def start(self):
        conf = self.write_configs()
        self.odoo = subprocess.Popen(
            [*self.odoo_cmd, "-c", str(conf), *self.extra_args],
            stdout=subprocess.DEVNULL,
            stderr=open(self.run_dir / "odoo.stderr", "wb"),  # noqa: SIM115
        )
        try:
            wait_http(
                f"{self.odoo_url}/web/login", self.start_timeout, self.odoo, "Odoo"
            )
            # the evented worker starts a few seconds after the HTTP workers
            wait_http(
                f"http://127.0.0.1:{self.gevent_port}/websocket/health",
                60,
                self.odoo,
                "Odoo's evented worker",
            )
            if self.proxy:
                nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
                self.nginx = subprocess.Popen(
                    [
                        nginx_bin,
                        "-p",
                        str(self.run_dir),
                        "-c",
                        str(self.run_dir / "nginx.conf"),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=open(self.run_dir / "nginx.stderr", "wb"),  # noqa: SIM115
                )
                wait_http(f"{self.url}/web/login", 30, self.nginx, "nginx")
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self, timeout=60):
        """SIGTERM (Odoo: graceful shutdown of every worker; nginx: fast shutdown),
        then wait; SIGKILL only if they outlive timeout. Returns the exit codes."""
        for name in ("nginx", "odoo"):
            proc = getattr(self, name)
            if proc is None or proc.poll() is not None:
                if proc is not None:
                    self.exit_codes[name] = proc.returncode
                continue
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                self.exit_codes[name] = "killed"
                continue
            self.exit_codes[name] = proc.returncode
        return self.exit_codes

    def log_text(self):
        parts = []
        names = ("odoo.log", "odoo.stderr", "nginx.stderr", "error.log")
        for name in (*names, "ib-suite.error.log"):
            path = self.run_dir / name
            if path.is_file():
                parts.append(path.read_text(encoding="utf-8", errors="replace"))
        return "\n".join(parts)

    def cleanup(self):
        if self._own_run_dir:
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# -------------------------------------------------------------------------- CLI
def _common(parser):
    odoo_path = os.environ.get("ODOO_PATH", "/opt/odoo19")
    parser.add_argument("-d", "--db", default="ib_dev", help="database")
    parser.add_argument(
        "--addons-path", default=f"{odoo_path}/addons,{REPO / 'addons'}"
    )
    parser.add_argument("--data-dir", default=str(Path.home() / ".local/share/Odoo"))
    parser.add_argument("--http-interface", default="127.0.0.1")
    parser.add_argument("--http-port", type=int, default=8069)
    parser.add_argument("--gevent-port", type=int, default=8072)
    parser.add_argument("--workers", type=int, help="default: (cores x 2) + 1")
    parser.add_argument("--cron-threads", type=int, default=1)
    parser.add_argument("--logfile", help="default: stderr")


def _conf_from(args):
    return odoo_conf(
        args.db,
        args.addons_path,
        args.data_dir,
        http_port=args.http_port,
        gevent_port=args.gevent_port,
        http_interface=args.http_interface,
        workers=args.workers,
        cron_threads=args.cron_threads,
        db_host=os.environ.get("PGHOST"),
        db_port=os.environ.get("PGPORT"),
        db_user=os.environ.get("PGUSER"),
        db_password=os.environ.get("PGPASSWORD"),
        # Odoo's own variables of the read replica (see README, "A read replica")
        db_replica_host=os.environ.get("PGHOST_REPLICA"),
        db_replica_port=os.environ.get("PGPORT_REPLICA"),
        logfile=args.logfile,
    )


def _write(text, output):
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def serve(args):
    """Odoo with the production odoo.conf and nginx in front (if installed), both in
    the foreground; Ctrl-C stops both."""
    run_dir = Path(args.run_dir).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o755)  # nginx's workers (www-data under root) write temp files here
    conf = run_dir / "odoo.conf"
    conf.write_text(_conf_from(args), encoding="utf-8")
    odoo_cmd = [sys.executable, str(Path(args.odoo_path) / "odoo-bin"), "-c", str(conf)]
    procs = []

    def on_sigterm(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)  # stop both, as Ctrl-C does
    print(
        f"[serve] {conf}: {args.workers or default_workers()} HTTP workers, "
        f"{args.cron_threads} cron, websocket on {args.gevent_port}",
        flush=True,
    )
    procs.append(subprocess.Popen(odoo_cmd))
    nginx_bin = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    url = f"http://127.0.0.1:{args.http_port}"
    try:
        wait_http(f"{url}/web/login", 300, procs[0], "Odoo")
        if nginx_bin and args.proxy_port:
            site = nginx_site(
                args.proxy_port, args.http_port, args.gevent_port, run_dir
            )
            (run_dir / "nginx.conf").write_text(
                nginx_main_conf(run_dir, site, "auto"), encoding="utf-8"
            )
            procs.append(
                subprocess.Popen(
                    [nginx_bin, "-p", str(run_dir), "-c", str(run_dir / "nginx.conf")]
                )
            )
            url = f"http://127.0.0.1:{args.proxy_port}"
            wait_http(f"{url}/web/login", 30, procs[-1], "nginx")
        elif args.proxy_port:
            print("[serve] no nginx here (apt-get install nginx): Odoo only.")
        print(
            f"[serve] IB suite: {url}/odoo  (database {args.db}; Ctrl-C stops)",
            flush=True,
        )
        while all(p.poll() is None for p in procs):
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_conf = sub.add_parser("odoo-conf", help="write odoo.conf")
    _common(p_conf)
    p_conf.add_argument("-o", "--output")
    p_nginx = sub.add_parser("nginx-conf", help="write the nginx site with these ports")
    p_nginx.add_argument("--listen", type=int, default=80)
    p_nginx.add_argument("--http-port", type=int, default=8069)
    p_nginx.add_argument("--gevent-port", type=int, default=8072)
    p_nginx.add_argument("-o", "--output")
    p_serve = sub.add_parser("serve", help="run Odoo (+ nginx) with the profile")
    _common(p_serve)
    p_serve.add_argument(
        "--proxy-port", type=int, default=8080, help="nginx port (0: no nginx)"
    )
    p_serve.add_argument("--run-dir", default=str(DEPLOY / "run"))
    p_serve.add_argument(
        "--odoo-path", default=os.environ.get("ODOO_PATH", "/opt/odoo19")
    )
    args = parser.parse_args(argv)
    if args.command == "odoo-conf":
        _write(_conf_from(args), args.output)
    elif args.command == "nginx-conf":
        _write(nginx_site(args.listen, args.http_port, args.gevent_port), args.output)
    else:
        return serve(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
