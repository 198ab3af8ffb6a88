"""Access rules seen from outside, over HTTP, on a running server with the demo data.

Each call goes through the web client's JSON-RPC routes as the demo user, so record
rules, multi-company rules and field groups apply exactly as in the browser.

Demo facts (ib_core demo data): schools (companies) "OBS De Regenboog" and
"CBS Het Kompas"; coordinators ib.regenboog and ib.kompas; juf.sanne teaches group 5
of De Regenboog; directeur directs both schools; every password equals the login.
"""

import pytest
from conftest import JsonRpcError, demo_login, demo_user

pytestmark = pytest.mark.odoo

REGENBOOG = "OBS De Regenboog"
KOMPAS = "CBS Het Kompas"
ACCESS_ERROR = "odoo.exceptions.AccessError"


demo = demo_login("ib_core")


def _name(many2one):
    return many2one[1] if many2one else None


def _ids(records):
    return {r["id"] for r in records}


teacher = demo_user("juf.sanne")
coordinator = demo_user("ib.regenboog")
coordinator_kompas = demo_user("ib.kompas")


@pytest.fixture(scope="module")
def teacher_group(coordinator, teacher):
    """The ib.group juf.sanne teaches (looked up by her school's coordinator)."""
    groups = coordinator.call(
        "ib.group",
        "search_read",
        [("teacher_ids", "in", [teacher.uid])],
        fields=["name", "company_id"],
    )
    assert len(groups) == 1, f"juf.sanne should teach exactly one group, got {groups}"
    group = groups[0]
    assert _name(group["company_id"]) == REGENBOOG, group
    assert "5" in group["name"], f"juf.sanne's group is {group['name']!r}, not group 5"
    return group


def _all_company_ids(session):
    user = session.call("res.users", "read", [session.uid], ["company_ids"])[0]
    return user["company_ids"]


@pytest.fixture(scope="module")
def regenboog_pupils(coordinator):
    return coordinator.call(
        "ib.pupil", "search_read", [], fields=["name", "group_id", "company_id"]
    )


def test_login_page(new_session):
    status, body = new_session().get("/web/login")
    assert status == 200
    assert "login" in body


def test_wrong_password_is_refused(new_session):
    with pytest.raises(JsonRpcError) as err:
        new_session().authenticate("juf.sanne", "not-the-password")
    assert "AccessDenied" in err.value.name or "Authentication" in err.value.name, (
        err.value.error
    )


def test_admin_session_calls_the_orm(login_as):
    admin = login_as("admin")
    user = admin.call("res.users", "read", [admin.uid], ["login"])
    assert user[0]["login"] == "admin"


def test_teacher_sees_only_her_group(teacher, teacher_group):
    pupils = teacher.call("ib.pupil", "search_read", [], fields=["name", "group_id"])
    assert pupils, "juf.sanne sees no pupils at all"
    others = [
        p
        for p in pupils
        if not p["group_id"] or p["group_id"][0] != teacher_group["id"]
    ]
    assert not others, (
        f"juf.sanne sees pupils outside {teacher_group['name']}: {others}"
    )


def test_teacher_cannot_read_pupil_of_other_group(
    teacher, teacher_group, regenboog_pupils
):
    other = [
        p
        for p in regenboog_pupils
        if p["group_id"] and p["group_id"][0] != teacher_group["id"]
    ]
    assert other, "demo data should have De Regenboog pupils outside group 5"
    with pytest.raises(JsonRpcError) as err:
        teacher.call("ib.pupil", "read", [other[0]["id"]], ["name"])
    assert err.value.name == ACCESS_ERROR, err.value.error


def test_teacher_cannot_read_bsn(teacher):
    own = teacher.call("ib.pupil", "search", [], limit=1)
    assert own
    with pytest.raises(JsonRpcError) as err:
        teacher.call("ib.pupil", "read", own, ["bsn"])
    assert err.value.name == ACCESS_ERROR, err.value.error


def test_coordinator_sees_her_whole_school(teacher, regenboog_pupils):
    teacher_count = teacher.call("ib.pupil", "search_count", [])
    assert len(regenboog_pupils) > teacher_count
    companies = {_name(p["company_id"]) for p in regenboog_pupils}
    assert companies == {REGENBOOG}, companies


def test_coordinator_sees_every_pupil_of_her_school(demo, regenboog_pupils):
    """Same set as the director (both schools active) filtered on De Regenboog."""
    director = demo("directeur")
    company_ids = _all_company_ids(director)
    assert len(company_ids) >= 2, "directeur should be in both schools"
    pupils = director.call(
        "ib.pupil",
        "search_read",
        [],
        fields=["company_id"],
        context={"allowed_company_ids": company_ids},
    )
    regenboog = {p["id"] for p in pupils if _name(p["company_id"]) == REGENBOOG}
    kompas = {p["id"] for p in pupils if _name(p["company_id"]) == KOMPAS}
    assert kompas, "demo data should have pupils of CBS Het Kompas"
    assert _ids(regenboog_pupils) == regenboog


def test_kompas_coordinator_sees_no_regenboog_pupil(
    coordinator_kompas, regenboog_pupils
):
    pupils = coordinator_kompas.call(
        "ib.pupil", "search_read", [], fields=["company_id"]
    )
    assert pupils, "ib.kompas sees no pupils at all"
    assert {_name(p["company_id"]) for p in pupils} == {KOMPAS}
    assert not _ids(pupils) & _ids(regenboog_pupils)


def test_kompas_coordinator_cannot_read_regenboog_pupil(
    coordinator_kompas, regenboog_pupils
):
    with pytest.raises(JsonRpcError) as err:
        coordinator_kompas.call(
            "ib.pupil", "read", [regenboog_pupils[0]["id"]], ["name"]
        )
    assert err.value.name == ACCESS_ERROR, err.value.error


# ---------------------------------------------------------------------------- parents
parent_jansen = demo_user("ouder.jansen")
parent_bakker = demo_user("ouder.bakker")


def test_parents_see_only_their_own_child(parent_jansen, parent_bakker):
    jansen = parent_jansen.call("ib.pupil", "search_read", [], fields=["name"])
    bakker = parent_bakker.call("ib.pupil", "search_read", [], fields=["name"])
    assert [p["name"] for p in jansen] == ["Fenna Boukhari"], jansen
    assert [p["name"] for p in bakker] == ["Luuk Dekker"], bakker
    with pytest.raises(JsonRpcError) as err:
        parent_jansen.call("ib.pupil", "read", [bakker[0]["id"]], ["name"])
    assert err.value.name == ACCESS_ERROR, err.value.error


def test_parent_cannot_read_support_data(parent_jansen):
    own = parent_jansen.call("ib.pupil", "search", [])
    for field in ("support_level_id", "educational_needs", "bsn"):
        with pytest.raises(JsonRpcError) as err:
            parent_jansen.call("ib.pupil", "read", own, [field])
        assert err.value.name == ACCESS_ERROR, (field, err.value.error)


def test_parent_reads_only_shared_notes_and_own_consents(parent_jansen):
    notes = parent_jansen.call(
        "ib.pupil.note",
        "search_read",
        [],
        fields=["confidentiality", "shared_with_parents"],
    )
    assert notes, "the demo shares a note about Fenna with her parents"
    assert all(
        n["shared_with_parents"] and n["confidentiality"] == "normal" for n in notes
    ), notes
    consents = parent_jansen.call("ib.consent", "search_read", [], fields=["pupil_id"])
    assert consents and {_name(c["pupil_id"]) for c in consents} == {"Fenna Boukhari"}
    with pytest.raises(JsonRpcError) as err:
        parent_jansen.call(
            "ib.consent", "write", [consents[0]["id"]], {"state": "given"}
        )
    assert err.value.name == ACCESS_ERROR, err.value.error


def test_parent_portal_pages(parent_jansen, parent_bakker):
    status, body = parent_jansen.get("/my/children")
    assert status == 200
    assert "Fenna Boukhari" in body and "Luuk Dekker" not in body
    bakker_child = parent_bakker.call("ib.pupil", "search", [])[0]
    status, body = parent_jansen.get(f"/my/children/{bakker_child}")
    assert status == 404
    assert "Luuk" not in body
