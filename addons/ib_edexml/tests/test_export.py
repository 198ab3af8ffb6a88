import os
from pathlib import Path

from lxml import etree

from odoo.fields import Command
from odoo.tests import tagged

from .common import FULL, IbEdexmlCommon

XSD_FILE = "EDEXML.structuur.xsd"
# The official schema (test-time only): IB_EDEXML_XSD_DIR, else the team's shared
# folder beside the repository (../shared/docs/standards/edexml), else the shared
# folder of the team's machines (/work/shared/...), where a CI clone may live apart.
XSD_CANDIDATES = [
    Path(path)
    for path in (
        os.environ.get("IB_EDEXML_XSD_DIR"),
        Path(__file__).resolve().parents[3].parent / "shared/docs/standards/edexml",
        "/work/shared/docs/standards/edexml",
    )
    if path
]
XSD_DIR = next(
    (p for p in XSD_CANDIDATES if (p / XSD_FILE).is_file()), XSD_CANDIDATES[0]
)
# The 2.1 schema enumerates school years up to 2024-2025 only.
SCHEMA_YEAR = "2024-2025"


@tagged("post_install", "-at_install")
class TestEdexmlExport(IbEdexmlCommon):
    def schema(self):
        path = XSD_DIR / XSD_FILE
        if not path.is_file():
            self.fail(
                f"The official EDEXML XSD is needed for this test and was not found "
                f"in {', '.join(map(str, XSD_CANDIDATES))}; set IB_EDEXML_XSD_DIR "
                f"to the folder holding {XSD_FILE}."
            )
        return etree.XMLSchema(etree.parse(str(path)))

    def setUp(self):
        super().setUp()
        # a school year the official schema knows
        self.year_name = SCHEMA_YEAR
        self.school_a.ib_edexml_store_bsn = True
        self.school_b.ib_edexml_store_bsn = True
        self.run_import(self.file(FULL))
        self.year = self.env["ib.school.year"].search(
            [("company_id", "=", self.school_a.id), ("name", "=", SCHEMA_YEAR)]
        )

    def export(self, school=None, user=None):
        user = user or self.coordinator
        service = (
            self.env["ib.edexml.export.service"]
            .with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
        )
        return service._ib_export(school or self.school_a, self.year.with_user(user))

    def test_export_is_valid_edexml_2_1(self):
        filename, data = self.export()
        self.assertTrue(filename.endswith(".xml"))
        document = etree.fromstring(data)
        schema = self.schema()
        self.assertTrue(schema.validate(document), schema.error_log)
        self.assertEqual(document.findtext("school/xsdversie"), "2.1")
        self.assertEqual(len(document.findall("leerlingen/leerling")), 3)

    def test_reimport_into_second_school_loses_nothing(self):
        _filename, data = self.export()
        # the teachers work at both schools (the administrator's doing)
        teachers = (
            self.env["ib.edexml.teacher"]
            .search([("company_id", "=", self.school_a.id)])
            .user_id
        )
        teachers.write({"company_ids": [Command.link(self.school_b.id)]})
        data = data.replace(b"<brincode>97XA</brincode>", b"<brincode>97XB</brincode>")
        plan, log = self.run_import(data, user=self.coordinator_b, school=self.school_b)
        self.assertFalse(plan["problems"])
        self.assertEqual(log.pupil_new_count, 3)
        fields = [
            "edexml_key",
            "edexml_eckid",
            "first_name",
            "infix",
            "last_name",
            "edexml_given_names",
            "edexml_initials",
            "date_of_birth",
            "edexml_gender",
            "edexml_grade_code",
            "enrolment_date",
            "leaving_date",
        ]

        def snapshot(school):
            rows = []
            for pupil in self.pupils(school).sudo():
                group = pupil.membership_ids.filtered(
                    lambda m: m.school_year_id.name == SCHEMA_YEAR
                ).group_id
                self.assertTrue(group)
                rows.append(
                    (
                        tuple(pupil[f] for f in fields),
                        pupil.bsn,
                        group.name,
                        group.grades_label,
                        group.edexml_key,
                        tuple(sorted(group.teacher_ids.mapped("login"))),
                    )
                )
            return sorted(rows)

        self.assertEqual(snapshot(self.school_b), snapshot(self.school_a))
        combined = self.env["ib.group"].search(
            [("company_id", "=", self.school_b.id), ("edexml_combined", "=", True)]
        )
        self.assertEqual(combined.name, "Rekenplus")
        self.assertEqual(
            sorted(combined.edexml_member_ids.pupil_id.mapped("edexml_key")),
            ["ll-1", "ll-3"],
        )
        links_a = self.env["ib.edexml.teacher"].search(
            [("company_id", "=", self.school_a.id)]
        )
        links_b = self.env["ib.edexml.teacher"].search(
            [("company_id", "=", self.school_b.id)]
        )
        self.assertEqual(
            sorted(links_b.mapped(lambda t: (t.key, t.name, t.email, t.roles))),
            sorted(links_a.mapped(lambda t: (t.key, t.name, t.email, t.roles))),
        )
