import socket

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import FULL, IbEdexmlCommon


@tagged("post_install", "-at_install")
class TestEdexmlParser(IbEdexmlCommon):
    """Untrusted files: every unreadable file gets a clear error and nothing is
    written; problems inside a readable file are reported with their line."""

    def assert_refused(self, data, *fragments):
        before = len(self.pupils())
        with self.assertRaises(UserError) as caught:
            self.run_import(data)
        message = str(caught.exception)
        for fragment in fragments:
            self.assertIn(fragment, message)
        self.assertEqual(len(self.pupils()), before)
        self.assertFalse(
            self.env["ib.edexml.import.log"].search(
                [("company_id", "=", self.school_a.id)]
            )
        )
        return message

    def test_not_xml(self):
        self.assert_refused(b"naam;groep\nPiet;5a\n", "not a readable EDEXML file")

    def test_empty(self):
        self.assert_refused(b"", "empty")

    def test_truncated(self):
        data = self.file(FULL)
        self.assert_refused(data[: len(data) // 2], "invalid or incomplete", "line")

    def test_other_xml(self):
        self.assert_refused(
            b'<?xml version="1.0"?><invoice><total>3</total></invoice>',
            "not an EDEXML file",
            "<invoice>",
        )

    def test_xxe_is_not_resolved(self):
        """An external entity pointing to a local file is never read: the file
        is refused before anything is resolved, and the file's content appears
        nowhere (message, pupils, log)."""
        secret = socket.gethostname()
        data = self.file(FULL).replace(
            b"<EDEX>",
            b'<!DOCTYPE EDEX [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>\n<EDEX>',
            1,
        )
        data = data.replace(b"<roepnaam>Piet</roepnaam>", b"<roepnaam>&xxe;</roepnaam>")
        message = self.assert_refused(data, "DTD")
        self.assertNotIn(secret, message)
        self.assertFalse(self.env["ib.pupil"].search([("first_name", "=", secret)]))

    def test_entity_without_dtd(self):
        data = self.file(FULL).replace(
            b"<roepnaam>Piet</roepnaam>", b"<roepnaam>&xxe;</roepnaam>"
        )
        self.assert_refused(data, "invalid or incomplete")

    def test_unsupported_version(self):
        data = self.file(FULL).replace(
            b"<xsdversie>2.1</xsdversie>", b"<xsdversie>1.0.3</xsdversie>"
        )
        self.assert_refused(data, "1.0.3", "2.0 and 2.1")

    def test_size_limit(self):
        self.env["ir.config_parameter"].sudo().set_param("ib_edexml.max_file_mb", "1")
        data = self.file(FULL).replace(
            b"<commentaar>", b"<commentaar>" + b"x" * (1024 * 1024 + 1)
        )
        self.assert_refused(data, "too large")

    def test_version_2_0(self):
        """A 2.0 file (no eckid, version 2.0) imports like a 2.1 file."""
        data = self.file(FULL).replace(
            b"<xsdversie>2.1</xsdversie>", b"<xsdversie>2.0</xsdversie>"
        )
        data = data.replace(b' eckid="https://id.example/eck/1"', b"")
        plan, log = self.run_import(data)
        self.assertEqual(log.version, "2.0")
        self.assertEqual(log.pupil_new_count, 3)
        self.assertEqual(self.pupil("ll-1").name, "Piet van Kuipers")

    def test_problems_have_lines_and_rest_imports(self):
        """Dangling references, a name too long, an unknown grade code and a
        date that is not a date: each reported with element, key and line; the
        pupils are still imported."""
        data = self.file(FULL)
        data = data.replace(
            b'<groep key="g-34"/>\n      <instroomdatum>2022',
            b'<groep key="g-onbekend"/>\n      <instroomdatum>2022',
        )
        data = data.replace(
            b"<geboortedatum>2017-02-20</geboortedatum>",
            b"<geboortedatum>20-02-2017</geboortedatum>",
        )
        data = data.replace(
            b"<jaargroep>5</jaargroep>\n      <groep",
            b"<jaargroep>Q</jaargroep>\n      <groep",
        )
        data = data.replace(
            b"<achternaam>Veenstra</achternaam>",
            b"<achternaam>" + b"V" * 201 + b"</achternaam>",
        )
        text = data.decode()
        plan, log = self.run_import(data)
        problems = {(p["key"], p["line"]): p["message"] for p in plan["problems"]}

        def line_of(fragment):
            return text[: text.index(fragment)].count("\n") + 1

        self.assertIn(("ll-2", line_of('<groep key="g-onbekend"/>')), problems)
        self.assertIn(
            "g-onbekend", problems["ll-2", line_of('<groep key="g-onbekend"/>')]
        )
        self.assertIn(("ll-3", line_of("20-02-2017")), problems)
        self.assertIn(("ll-1", line_of("<jaargroep>Q")), problems)
        self.assertIn(("lk-2", line_of("<achternaam>VVV")), problems)
        # The pupils are imported; only the faulty values are left out.
        self.assertEqual(log.pupil_new_count, 3)
        self.assertFalse(self.pupil("ll-2").group_id)
        self.assertFalse(self.pupil("ll-3").date_of_birth)
        self.assertEqual(self.pupil("ll-3").group_id.name, "Groep 3/4")
        self.assertEqual(log.error_count, len(plan["problems"]))
        self.assertIn("g-onbekend", log.report)
        # the teacher whose name is too long is skipped, the other imported
        links = self.env["ib.edexml.teacher"].search(
            [("company_id", "=", self.school_a.id)]
        )
        self.assertEqual(links.mapped("key"), ["lk-1"])

    def test_unknown_vendor_block_ignored(self):
        plan = self.plan(self.file(FULL))
        self.assertFalse(
            [
                p
                for p in plan["problems"]
                if "blok" in p["message"] or p["key"] == "ll-1"
            ]
        )
