"""The plan PDF rendered for real (wkhtmltopdf) on a running server with the demo
data: Odoo's own tests get HTML instead of a PDF, so only this tier proves that the
printed plan comes out, and only for who may print it.

Demo facts (ib_care_plans demo data): juf.sanne teaches group 5 of De Regenboog,
whose group plan is "Groepsplan rekenen Groep 5"; meester.tom teaches group 6.
"""

import pytest
from conftest import demo_login

pytestmark = pytest.mark.odoo

REPORT = "ib_care_plans.report_ib_care_plan"
GROUP_PLAN = "Groepsplan rekenen Groep 5"


demo = demo_login("ib_care_plans")


@pytest.fixture(scope="module")
def group_plan_id(demo):
    coordinator = demo("ib.regenboog")
    plans = coordinator.call(
        "ib.care.plan", "search_read", [("name", "=", GROUP_PLAN)], fields=["id"]
    )
    assert len(plans) == 1, plans
    return plans[0]["id"]


def test_teacher_prints_the_group_plan_as_pdf(demo, group_plan_id):
    status, body = demo("juf.sanne").get(f"/report/pdf/{REPORT}/{group_plan_id}")
    assert status == 200
    assert body.startswith("%PDF-")
    assert len(body) > 5000


def test_teacher_of_another_group_gets_no_pdf(demo, group_plan_id):
    status, body = demo("meester.tom").get(f"/report/pdf/{REPORT}/{group_plan_id}")
    assert status != 200 or not body.startswith("%PDF-")
    assert "Groepsplan rekenen" not in body


def test_parent_gets_no_pdf(demo, group_plan_id):
    status, body = demo("ouder.jansen").get(f"/report/pdf/{REPORT}/{group_plan_id}")
    assert not body.startswith("%PDF-")
    assert "Groepsplan rekenen" not in body
