"""Smoke test of the production profile: Odoo in multi-process mode, as in production.

The server runs with the odoo.conf of deploy/odoo.conf.template (rendered by
deploy/ibdeploy.py) on free local ports: two HTTP workers, one cron worker and the
evented (gevent) worker that serves /websocket. The test checks, as the users would:

- the evented port answers a websocket upgrade (101) and its health route;
- a coordinator who follows a pupil, subscribed on the websocket, receives the inbox
  notification of a message another user (the pupil's teacher) posts on that pupil
  -- the path of a live notification through the bus (PostgreSQL NOTIFY) from an HTTP
  worker to the evented worker;
- the server stops cleanly on SIGTERM, and its log (and stderr: the evented worker
  is a separate python whose start-up errors go there) holds no traceback and no
  WARNING/ERROR record.

Demo facts (ib_core): ib.regenboog coordinates OBS De Regenboog; juf.sanne teaches
its group 5; every password equals the login.
"""

import json
import os
import re
import sys
import time
import uuid
from pathlib import Path

import pytest
from conftest import WebSession

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "deploy"))
from ibdeploy import ProductionServer  # noqa: E402

websocket = pytest.importorskip("websocket")  # websocket-client, requirements-dev.txt

pytestmark = pytest.mark.odoo

NOTIFICATION_TIMEOUT = 60
RECORD_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (WARNING|ERROR|CRITICAL) ", re.M
)


def _websocket_version(odoo_path):
    """WebsocketConnectionHandler._VERSION of this Odoo (the web client's worker sends
    it as ?version=; an outdated one gets the socket closed)."""
    for candidate in (
        odoo_path / "addons/bus/websocket.py",
        odoo_path / "odoo/addons/bus/websocket.py",
    ):
        if candidate.is_file():
            found = re.search(
                r'_VERSION = "([^"]+)"', candidate.read_text(encoding="utf-8")
            )
            if found:
                return found[1]
    return None


@pytest.fixture(scope="module")
def production_server(odoo_db, odoo_cmd, odoo_addons_path):
    # every ib_* addon depends on ib_core: its demo users are in IB_TEST_DB
    server = ProductionServer(
        odoo_db,
        odoo_cmd,
        odoo_addons_path,
        data_dir=os.environ.get("IB_ODOO_DATA_DIR"),
        workers=2,
        cron_threads=1,
    )
    server.start()
    yield server
    server.stop()
    server.cleanup()


def _session_cookie(session):
    jar = next(h.cookiejar for h in session._opener.handlers if hasattr(h, "cookiejar"))
    sid = next((c.value for c in jar if c.name == "session_id"), None)
    assert sid, "no session_id cookie after login"
    return f"session_id={sid}"


def _connect(server, session, odoo_path):
    version = _websocket_version(odoo_path)
    url = server.websocket_url + (f"?version={version}" if version else "")
    return websocket.create_connection(
        url,
        cookie=_session_cookie(session),
        origin=f"http://127.0.0.1:{server.gevent_port}",
        timeout=NOTIFICATION_TIMEOUT,
    )


def _call_returning_none(session, model, method, *args, **kwargs):
    """session.call for a method that returns None: Odoo's JSON-RPC answer then has
    no "result" at all."""
    try:
        session.call(model, method, *args, **kwargs)
    except KeyError as err:
        if err.args != ("result",):
            raise


def _wait_for(ws, predicate, timeout):
    """The first bus notification satisfying predicate, or None after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ws.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            frame = ws.recv()
        except websocket.WebSocketTimeoutException:
            return None
        if not frame:
            continue
        for notification in json.loads(frame):
            if predicate(notification.get("message") or {}):
                return notification
    return None


def test_multiprocess_server_live_notification(production_server, odoo_db, odoo_path):
    server = production_server
    # --- every process type is up: the evented port answers
    health = WebSession(f"http://127.0.0.1:{server.gevent_port}", odoo_db)
    status, body = health.get("/websocket/health")
    assert status == 200 and json.loads(body)["status"] == "pass", (status, body)

    coordinator = WebSession(server.url, odoo_db)
    coordinator.authenticate("ib.regenboog", "ib.regenboog")
    teacher = WebSession(server.url, odoo_db)
    teacher.authenticate("juf.sanne", "juf.sanne")

    pupil_id = teacher.call("ib.pupil", "search", [], limit=1, order="id")[0]
    me = coordinator.call(
        "res.users", "read", [coordinator.uid], ["partner_id", "notification_type"]
    )[0]
    partner_id = me["partner_id"][0]
    followed_before = coordinator.call(
        "mail.followers",
        "search_count",
        [
            ("res_model", "=", "ib.pupil"),
            ("res_id", "=", pupil_id),
            ("partner_id", "=", partner_id),
        ],
    )
    ws = None
    try:
        # the coordinator's own preference "In Odoo": notifications go to her inbox
        # (and over the bus), not by e-mail; she follows the pupil.
        coordinator.call(
            "res.users", "write", [coordinator.uid], {"notification_type": "inbox"}
        )
        coordinator.call(
            "ib.pupil", "message_subscribe", [pupil_id], partner_ids=[partner_id]
        )

        # --- the websocket: upgrade on the evented port, then subscribe
        ws = _connect(server, coordinator, odoo_path)
        assert ws.getstatus() == 101
        ws.send(
            json.dumps({"event_name": "subscribe", "data": {"channels": [], "last": 0}})
        )

        marker = f"smoke-{uuid.uuid4().hex[:12]}"
        posted = teacher.call(
            "ib.pupil",
            "message_post",
            [pupil_id],
            body=f"Rooktest {marker}",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        assert isinstance(posted, list) and len(posted) == 1, posted
        message_id = posted[0]

        notification = _wait_for(
            ws,
            lambda m: (
                m.get("type") == "mail.message/inbox"
                and (m.get("payload") or {}).get("message_id") == message_id
            ),
            NOTIFICATION_TIMEOUT,
        )
        assert notification, (
            f"no mail.message/inbox notification of message {message_id} within "
            f"{NOTIFICATION_TIMEOUT}s on the websocket"
        )
        assert marker in json.dumps(notification), notification
    finally:
        if ws is not None:
            ws.close()
        coordinator.call(
            "res.users",
            "write",
            [coordinator.uid],
            {"notification_type": me["notification_type"]},
        )
        if not followed_before:
            _call_returning_none(
                coordinator,
                "ib.pupil",
                "message_unsubscribe",
                [pupil_id],
                partner_ids=[partner_id],
            )

    # --- a clean stop, a clean log
    codes = server.stop()
    assert codes.get("odoo") == 0, codes
    log = server.log_text()
    assert "Evented Service (longpolling) running" in log, log[-3000:]
    assert "Traceback" not in log, log[log.index("Traceback") - 500 :][:4000]
    records = RECORD_RE.findall(log)
    assert not records, "\n".join(
        line for line in log.splitlines() if RECORD_RE.match(line)
    )
