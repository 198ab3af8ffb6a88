import json
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import Form, TransactionCase, new_test_user
from odoo.tools import mute_logger

# Context of the fixtures: no signup mail, no tracking or creation messages.
QUIET_CONTEXT = {
    "no_reset_password": True,
    "tracking_disable": True,
    "mail_create_nolog": True,
}


class IbCoreCommon(TransactionCase):
    """Two schools of one board, the current school year, groups 5 and 6 of school
    A, one group of school B, a user per role and two pupils per group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, **QUIET_CONTEXT))
        Company = cls.env["res.company"]
        cls.school_a = Company.create({"name": "Test School A", "ib_brin_code": "98ZA"})
        cls.school_b = Company.create({"name": "Test School B", "ib_brin_code": "98ZB"})
        today = date.today()
        start = date(today.year if today.month >= 8 else today.year - 1, 8, 1)
        cls.year_a = cls._create_year(cls.school_a, start)
        cls.year_a_previous = cls._create_year(
            cls.school_a, start - relativedelta(years=1)
        )
        cls.year_b = cls._create_year(cls.school_b, start)

        cls.teacher_5 = cls._user(
            "t_teacher5", "ib_core.group_ib_teacher", cls.school_a
        )
        cls.teacher_6 = cls._user(
            "t_teacher6", "ib_core.group_ib_teacher", cls.school_a
        )
        cls.teacher_b = cls._user(
            "t_teacherb", "ib_core.group_ib_teacher", cls.school_b
        )
        cls.coordinator_a = cls._user(
            "t_ib_a", "ib_core.group_ib_coordinator", cls.school_a
        )
        cls.coordinator_b = cls._user(
            "t_ib_b", "ib_core.group_ib_coordinator", cls.school_b
        )
        cls.director = cls._user(
            "t_director", "ib_core.group_ib_director", cls.school_a | cls.school_b
        )
        cls.manager = cls._user(
            "t_manager",
            "ib_core.group_ib_manager,base.group_system",
            cls.school_a | cls.school_b,
        )
        cls.employee = cls._user("t_employee", "base.group_user", cls.school_a)

        grade_5 = cls.env.ref("ib_core.grade_5")
        grade_6 = cls.env.ref("ib_core.grade_6")
        cls.group_5 = cls._group("Groep 5", cls.year_a, grade_5, cls.teacher_5)
        cls.group_6 = cls._group("Groep 6", cls.year_a, grade_6, cls.teacher_6)
        cls.group_b = cls._group(
            "Groep 5/6", cls.year_b, grade_5 | grade_6, cls.teacher_b
        )
        cls.pupil_5a = cls._pupil("Anna", "Vries", cls.group_5, infix="de")
        cls.pupil_5b = cls._pupil("Bram", "Bakker", cls.group_5)
        cls.pupil_6a = cls._pupil("Chris", "Jansen", cls.group_6)
        cls.pupil_6b = cls._pupil("Dewi", "Smit", cls.group_6)
        cls.pupil_b = cls._pupil("Eva", "Mulder", cls.group_b)

    @classmethod
    def _create_year(cls, school, start):
        return cls.env["ib.school.year"].create(
            {
                "date_start": start,
                "date_end": start + relativedelta(years=1, days=-17),
                "company_id": school.id,
            }
        )

    @classmethod
    def _user(cls, login, groups, companies):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=companies[:1].id,
            company_ids=[Command.set(companies.ids)],
        )

    @classmethod
    def _group(cls, name, school_year, grades, teachers=None):
        """A group of ``school_year``'s school for ``grades``, taught by
        ``teachers``."""
        return cls.env["ib.group"].create(
            {
                "name": name,
                "school_year_id": school_year.id,
                "company_id": school_year.company_id.id,
                "grade_ids": [Command.set(grades.ids)],
                "teacher_ids": [Command.set(teachers.ids if teachers else [])],
            }
        )

    @classmethod
    def _guardian(cls, pupil, name, relation=None, portal=False, email=None, **values):
        """A new contact ``name`` who is a guardian of ``pupil``: their
        ``relation`` (mother, father, ...), portal access when ``portal``, and
        ``values`` for the guardian. The e-mail is ``email`` or made from the
        name ("Parent Anna": parent.anna@example.com). Returns the guardian."""
        email = email or f"{name.lower().replace(' ', '.')}@example.com"
        partner = cls.env["res.partner"].create({"name": name, "email": email})
        vals = {"pupil_id": pupil.id, "partner_id": partner.id, **values}
        if relation:
            vals["relation"] = relation
        if portal:
            vals["portal_access"] = True
        return cls.env["ib.pupil.guardian"].create(vals)

    @classmethod
    def _portal_user(cls, login, partner=None, company=None, **values):
        """A portal user working for ``company`` (default: school A), for
        ``partner`` when given (otherwise a new contact)."""
        company = company or cls.school_a
        if partner:
            values["partner_id"] = partner.id
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            **values,
        )

    @classmethod
    def _portal_parent(cls, login, pupil, **guardian_values):
        """A portal user of school A who is a guardian of ``pupil`` with portal
        access (``guardian_values`` are added to the guardian)."""
        user = cls._portal_user(login, email=f"{login}@example.com")
        cls.env["ib.pupil.guardian"].create(
            dict(
                {
                    "pupil_id": pupil.id,
                    "partner_id": user.partner_id.id,
                    "portal_access": True,
                },
                **guardian_values,
            )
        )
        return user

    @classmethod
    def _pupils_of(cls, group, count, first, last, number_prefix):
        """``count`` pupils in ``group`` named ``first``0.. ``last``, numbered
        ``number_prefix``0000..: one create for all."""
        return cls.env["ib.pupil"].create(
            [
                {
                    "first_name": f"{first}{n:02d}",
                    "last_name": last,
                    "pupil_number": f"{number_prefix}{n:04d}",
                    "company_id": group.company_id.id,
                    "membership_ids": [Command.create({"group_id": group.id})],
                }
                for n in range(count)
            ]
        )

    @classmethod
    def _pupil(cls, first, last, group, infix=False):
        cls._pupil_seq = getattr(cls, "_pupil_seq", 0) + 1
        return cls.env["ib.pupil"].create(
            {
                "first_name": first,
                "infix": infix,
                "last_name": last,
                "pupil_number": f"T{cls._pupil_seq:04d}",
                "date_of_birth": date(2017, 3, cls._pupil_seq),
                "company_id": group.company_id.id,
                "membership_ids": [Command.create({"group_id": group.id})],
            }
        )

    @classmethod
    def _records_as(cls, user, records):
        """``records`` as ``user`` sees them, with only that user's schools
        active."""
        return records.with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids
        )

    def as_user(self, user, model):
        """The model as ``user`` sees it, with only that user's schools active."""
        return (
            self.env[model]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
        )

    def render_html(self, report, records, user, **context):
        """The HTML of ``report`` (an action's XML id or a report name) for
        ``records``, rendered as ``user`` with only that user's schools active."""
        Report = (
            self.env["ir.actions.report"]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids, **context)
        )
        html, _kind = Report._render_qweb_html(report, records.ids)
        return html.decode()

    def composer(self, action, user):
        """The mail composer ``action`` opens, as a form ``user`` fills in."""
        return Form(
            self.env["mail.compose.message"]
            .with_user(user)
            .with_context(**action["context"])
        )

    @staticmethod
    def password(user):
        """The password ``new_test_user`` gives: the login padded with x to 8
        characters."""
        return user.login + "x" * (8 - len(user.login))

    def login(self, user, password=None):
        """(HttpCase) Authenticate as ``user``, by default with the password of a
        test user."""
        self.authenticate(user.login, password or self.password(user))

    def call_kw(self, model, method, args, kwargs=None):
        """(HttpCase) ``model.method(*args, **kwargs)`` over JSON-RPC, the way the
        web client calls it; an error raises ``JsonRpcException``."""
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def call_kw_answer(self, model, method, args, kwargs=None):
        """(HttpCase) The raw JSON-RPC answer of ``model.method(*args, **kwargs)``
        as the web client calls it: ``{"result": ...}`` or ``{"error": ...}``."""
        params = {
            "model": model,
            "method": method,
            "args": args,
            "kwargs": kwargs or {},
        }
        return self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=json.dumps(
                {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
            ),
            headers={"Content-Type": "application/json"},
        ).json()

    def thread_messages(self, record):
        """(HttpCase) The chatter of ``record`` as the web client fetches it."""
        return self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": record._name, "thread_id": record.id},
        )

    def assertPage(self, url, contains=(), lacks=(), status=200, redirects=False):
        """(HttpCase) GET ``url`` as the authenticated user, following redirects
        only when asked: the status is ``status`` and the page holds each of
        ``contains`` and none of ``lacks``. Returns the response."""
        response = self.url_open(url, allow_redirects=redirects)
        self.assertEqual(response.status_code, status, url)
        self.assertAllIn(contains, response.text, url)
        self.assertNoneIn(lacks, response.text, url)
        return response

    def assertMoveRefused(self, record, vals):
        """Neither ``write`` nor ``web_save`` of ``vals`` on ``record`` (as its
        user) is allowed: both raise an AccessError."""
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            record.write(vals)
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            record.web_save(vals, dict.fromkeys(vals, {}))

    def assertAllIn(self, texts, container, msg=None):
        """``assertIn`` for each of ``texts``."""
        for text in texts:
            self.assertIn(text, container, msg)

    def assertNoneIn(self, texts, container, msg=None):
        """``assertNotIn`` for each of ``texts``."""
        for text in texts:
            self.assertNotIn(text, container, msg)
