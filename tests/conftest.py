"""Suite-level pytest fixtures.

Tests marked ``odoo`` need a database in which the ib_* addons are installed with
demo data; scripts/run_tests.py creates one and passes it as IB_TEST_DB. Without it
those tests skip (and the runner counts them as skipped).

Environment (set by scripts/run_tests.py):
  IB_TEST_DB        database with the addons installed (unset: odoo tests skip)
  ODOO_PATH         Odoo 19 source (default /opt/odoo19)
  ODOO_BIN          Odoo executable overriding "$IB_ODOO_PYTHON $ODOO_PATH/odoo-bin"
  IB_ODOO_PYTHON    python running odoo-bin (default: this python)
  IB_ADDONS_PATH    full --addons-path (default $ODOO_PATH/addons,$IB_ADDONS_DIR)
  IB_ADDONS_DIR     directory of the ib_* addons (default <repo>/addons)
  IB_ADDONS         comma-separated addons installed in IB_TEST_DB (default: all)
  IB_ODOO_DATA_DIR  Odoo data dir (filestore) used when IB_TEST_DB was created
"""

import http.cookiejar
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SERVER_START_TIMEOUT = 120


def _addons_dir():
    return Path(os.environ.get("IB_ADDONS_DIR") or REPO_ROOT / "addons").resolve()


def _addon_names():
    d = _addons_dir()
    if not d.is_dir():
        return []
    return sorted(
        p.name
        for p in d.iterdir()
        if p.name.startswith("ib_") and (p / "__manifest__.py").is_file()
    )


def pytest_collection_modifyitems(config, items):
    if os.environ.get("IB_TEST_DB"):
        return
    skip = pytest.mark.skip(
        reason="needs a database with the ib_ addons installed: set IB_TEST_DB "
        "(scripts/run_tests.py does this when Odoo 19 is available)"
    )
    for item in items:
        if "odoo" in item.keywords:
            item.add_marker(skip)


# ---------------------------------------------------------------- static fixtures
@pytest.fixture(scope="session")
def repo_root():
    return REPO_ROOT


@pytest.fixture(scope="session")
def addons_dir():
    return _addons_dir()


@pytest.fixture(scope="session")
def addon_names():
    return _addon_names()


@pytest.fixture(scope="session")
def addon_paths(addons_dir, addon_names):
    return [addons_dir / name for name in addon_names]


# ------------------------------------------------------------------ odoo fixtures
@pytest.fixture(scope="session")
def odoo_db():
    db = os.environ.get("IB_TEST_DB")
    if not db:
        pytest.skip("IB_TEST_DB is not set")
    return db


@pytest.fixture(scope="session")
def installed_addons(addon_names):
    value = os.environ.get("IB_ADDONS")
    if value:
        return [a for a in value.split(",") if a]
    return addon_names


@pytest.fixture(scope="session")
def odoo_path():
    return Path(os.environ.get("ODOO_PATH") or "/opt/odoo19")


@pytest.fixture(scope="session")
def odoo_cmd(odoo_path):
    """argv prefix that starts Odoo."""
    odoo_bin = os.environ.get("ODOO_BIN")
    if odoo_bin:
        found = shutil.which(odoo_bin)
        if not found:
            pytest.fail(f"ODOO_BIN={odoo_bin} not found")
        return [found]
    script = odoo_path / "odoo-bin"
    if not script.is_file():
        pytest.fail(f"no odoo-bin in ODOO_PATH={odoo_path}")
    return [os.environ.get("IB_ODOO_PYTHON") or sys.executable, str(script)]


@pytest.fixture(scope="session")
def odoo_addons_path(odoo_path):
    value = os.environ.get("IB_ADDONS_PATH")
    if value:
        return value
    return f"{odoo_path / 'addons'},{_addons_dir()}"


@pytest.fixture(scope="session")
def odoo_common_args(odoo_addons_path):
    """Options every Odoo process of the tests shares (addons path, data dir)."""
    args = [f"--addons-path={odoo_addons_path}"]
    data_dir = os.environ.get("IB_ODOO_DATA_DIR")
    if data_dir:
        args.append(f"--data-dir={data_dir}")
    return args


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def odoo_server(odoo_db, odoo_cmd, odoo_common_args):
    """Start Odoo on IB_TEST_DB on a free local port; yield its base URL."""
    port = _free_port()
    log = tempfile.NamedTemporaryFile(
        prefix="ibsuite-live-server-", suffix=".log", delete=False
    )
    cmd = (
        odoo_cmd
        + odoo_common_args
        + [
            "-d",
            odoo_db,
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            "--workers=0",
            "--max-cron-threads=0",
            "--no-database-list",
            "--log-level=warn",
        ]
    )
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"

    def tail():
        log.flush()
        text = Path(log.name).read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-40:])

    deadline = time.monotonic() + SERVER_START_TIMEOUT
    try:
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"Odoo exited with status {proc.returncode} before answering.\n"
                    f"$ {' '.join(cmd)}\n{tail()}"
                )
            try:
                with urllib.request.urlopen(f"{base_url}/web/login", timeout=10) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Odoo did not answer /web/login within {SERVER_START_TIMEOUT}s.\n"
                    f"$ {' '.join(cmd)}\n{tail()}"
                )
            time.sleep(1)
        yield base_url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        os.unlink(log.name)


class JsonRpcError(Exception):
    """Error answer of a JSON-RPC route; ``name``: e.g. odoo.exceptions.AccessError."""

    def __init__(self, error):
        self.error = error
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        super().__init__(f"{self.name}: {self.message}")


class WebSession:
    """A browser-like session on the live server: the web client's own JSON-RPC routes
    (/web/session/authenticate, /web/dataset/call_kw), so every call runs as the user
    with their access rights and record rules. (The /jsonrpc endpoint is deprecated in
    Odoo 19.)"""

    def __init__(self, base_url, db):
        self.base_url = base_url
        self.db = db
        self.uid = None
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self._id = 0

    def post_json(self, path, params):
        self._id += 1
        payload = {"jsonrpc": "2.0", "method": "call", "params": params, "id": self._id}
        req = urllib.request.Request(
            self.base_url + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        with self._opener.open(req, timeout=120) as resp:
            body = json.loads(resp.read())
        if "error" in body:
            raise JsonRpcError(body["error"])
        return body["result"]

    def get(self, path):
        """GET path; returns (status, body text)."""
        try:
            with self._opener.open(self.base_url + path, timeout=120) as resp:
                return resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8", "replace")

    def authenticate(self, login, password):
        info = self.post_json(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": password},
        )
        self.uid = info.get("uid")
        if not self.uid:
            raise JsonRpcError({"data": {"name": "AuthenticationFailed"}})
        return info

    def call(self, model, method, *args, **kwargs):
        return self.post_json(
            f"/web/dataset/call_kw/{model}.{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


@pytest.fixture(scope="session")
def login_as(odoo_server, odoo_db):
    """login_as(login, password=login) -> an authenticated WebSession."""

    def _login(login, password=None):
        session = WebSession(odoo_server, odoo_db)
        session.authenticate(login, login if password is None else password)
        return session

    return _login


@pytest.fixture(scope="session")
def new_session(odoo_server, odoo_db):
    """new_session() -> an anonymous WebSession."""
    return lambda: WebSession(odoo_server, odoo_db)


# ------------------------------------------------- fixture factories for live tests
def demo_login(addon):
    """A module fixture ``login_as`` for tests on ``addon``'s demo data: the test
    is skipped when ``addon`` is not installed in IB_TEST_DB."""

    @pytest.fixture(scope="module")
    def demo(installed_addons, login_as):
        if addon not in installed_addons:
            pytest.skip(f"{addon} is not among the installed addons (IB_ADDONS)")
        return login_as

    return demo


def demo_user(login):
    """A module fixture: the session of demo user ``login`` (needs ``demo``)."""

    @pytest.fixture(scope="module")
    def session(demo):
        return demo(login)

    return session
