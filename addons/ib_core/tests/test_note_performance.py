from lxml import etree

from odoo.tests import tagged

from .common import IbCoreCommon

PUPILS = 80


@tagged("post_install", "-at_install")
class TestPupilListQueries(IbCoreCommon):
    """The pupil list costs the same number of queries whatever the pupils hold:
    no field of the list reaches into notes or guardians per pupil."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.group_7 = cls._group(
            "Groep 7", cls.year_a, cls.env.ref("ib_core.grade_7"), cls.teacher_5
        )
        cls.pupils = cls._pupils_of(cls.group_7, PUPILS, "Kind", "Lijst", "L")
        cls._add_guardians(1)

    @classmethod
    def _add_guardians(cls, per_pupil):
        partners = cls.env["res.partner"].create(
            [
                {"name": f"Ouder {n} van {pupil.first_name}"}
                for pupil in cls.pupils
                for n in range(per_pupil)
            ]
        )
        partners_iter = iter(partners)
        cls.env["ib.pupil.guardian"].create(
            [
                {"pupil_id": pupil.id, "partner_id": next(partners_iter).id}
                for pupil in cls.pupils
                for _n in range(per_pupil)
            ]
        )

    def _add_notes(self, per_pupil):
        # sudo: test data written at once, as by its authors.
        self.env["ib.pupil.note"].sudo().create(
            [
                {
                    "pupil_id": pupil.id,
                    "name": f"Notitie {n}",
                    "author_id": self.teacher_5.id,
                    "confidentiality": "confidential" if n % 2 else "normal",
                }
                for pupil in self.pupils
                for n in range(per_pupil)
            ]
        )

    def _list_specification(self):
        """The fields of the pupil list view, as the web client asks for them."""
        views = self.env["ib.pupil"].get_views([(False, "list")])
        arch = etree.fromstring(views["views"]["list"]["arch"])
        fields_info = views["models"]["ib.pupil"]["fields"]
        spec = {}
        for node in arch.iterfind("field"):
            name = node.get("name")
            ftype = fields_info[name]["type"]
            if ftype == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif ftype in ("one2many", "many2many"):
                spec[name] = {"fields": {"display_name": {}}}
            else:
                spec[name] = {}
        spec["note_count"] = {}
        return spec

    def _count_queries(self, user):
        Pupil = self.as_user(user, "ib.pupil")
        spec = self._list_specification()
        domain = [("group_id", "=", self.group_7.id)]
        for _warmup in range(2):  # fill the caches (rules, access rights, groups)
            Pupil.web_search_read(domain, spec, limit=PUPILS)
        self.env.invalidate_all()
        self.env.flush_all()
        before = self.env.cr.sql_log_count
        result = Pupil.web_search_read(domain, spec, limit=PUPILS)
        count = self.env.cr.sql_log_count - before
        self.assertEqual(result["length"], PUPILS)
        return count, result

    def assert_list_query_count(self, user, limit):
        Pupil = self.as_user(user, "ib.pupil")
        spec = self._list_specification()
        domain = [("group_id", "=", self.group_7.id)]
        self.env.invalidate_all()
        with self.assertQueryCount(limit):
            Pupil.web_search_read(domain, spec, limit=PUPILS)

    def test_constant_queries(self):
        expected = {self.coordinator_a: 6, self.teacher_5: 8}
        small = {}
        for user, limit in expected.items():
            count, result = self._count_queries(user)
            small[user] = count
            self.assertEqual({r["note_count"] for r in result["records"]}, {0})
            self.assert_list_query_count(user, limit)

        self._add_notes(5)
        self._add_guardians(2)
        for user, limit in expected.items():
            count, result = self._count_queries(user)
            self.assertEqual(count, small[user], user.login)
            counts = {r["note_count"] for r in result["records"]}
            # The teacher counts the normal notes only (3 of 5), the coordinator all.
            self.assertEqual(counts, {5} if user == self.coordinator_a else {3})
            self.assert_list_query_count(user, limit)
