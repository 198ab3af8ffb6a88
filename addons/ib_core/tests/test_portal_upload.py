import base64
import io

from werkzeug.datastructures import FileStorage

from odoo.tests import BaseCase, tagged

from ..controllers.portal import UPLOAD_MIMETYPES as PARENT_MIMETYPES
from ..controllers.portal_mixin import IbPortalMixin, IbUploadError

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA"
    "60e6kgAAAABJRU5ErkJggg=="
)
DOCUMENTS_ONLY = {"application/pdf": ".pdf"}


@tagged("post_install", "-at_install")
class TestPortalUpload(BaseCase):
    """The one check every portal upload goes through (parents' documents,
    providers' reports): what is refused, and the name a file is stored under."""

    def _read(self, content, filename, mimetypes=None, **kw):
        document = FileStorage(io.BytesIO(content), filename=filename)
        return IbPortalMixin()._ib_read_upload(
            document, mimetypes or PARENT_MIMETYPES, **kw
        )

    def _refusal(self, *args, **kw):
        with self.assertRaises(IbUploadError) as caught:
            self._read(*args, **kw)
        return caught.exception.code

    def test_refusals(self):
        with self.assertRaises(IbUploadError) as caught:
            IbPortalMixin()._ib_read_upload(None, PARENT_MIMETYPES)
        self.assertEqual(caught.exception.code, "missing")
        self.assertEqual(self._refusal(PDF, ""), "missing")
        self.assertEqual(self._refusal(b"", "empty.pdf"), "empty")
        self.assertEqual(self._refusal(PDF, "big.pdf", max_bytes=len(PDF) - 1), "size")
        self.assertEqual(self._refusal(b"MZ\x90\x00binary", "report.pdf"), "type")
        # A photo is a parent's document, not a provider's report.
        self.assertEqual(self._refusal(PNG, "photo.png", DOCUMENTS_ONLY), "type")

    def test_accepted_file_and_its_name(self):
        upload = self._read(PDF, "report.pdf", max_bytes=len(PDF))
        self.assertEqual(upload, ("report.pdf", PDF, "application/pdf"))
        # The type comes from the content, never from the name.
        upload = self._read(PNG, "report.pdf")
        self.assertEqual(upload.mimetype, "image/png")
        self.assertEqual(upload.filename, "report.pdf.png")
        # No path from the parent's computer, and at most 200 characters + type.
        self.assertEqual(
            self._read(PDF, "C:\\Users\\x\\My Report.PDF").filename, "My Report.PDF"
        )
        self.assertEqual(self._read(PDF, "../../etc/passwd").filename, "passwd.pdf")
        self.assertEqual(self._read(PDF, "a" * 300).filename, "a" * 200 + ".pdf")
