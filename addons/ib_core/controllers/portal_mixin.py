from collections import namedtuple

from werkzeug.exceptions import NotFound

from odoo.http import request
from odoo.tools.mimetypes import guess_mimetype

# Below the 10 MB Odoo accepts in a form post, so that a portal user gets the
# page's clear message rather than the server's "request too large".
UPLOAD_MAX_BYTES = 8 * 1024 * 1024
# The longest text a portal user may send in one field (a comment, a view).
TEXT_MAX_CHARS = 5000
# The longest title, file name or typed name kept from a portal form.
NAME_MAX_CHARS = 200

IbUpload = namedtuple("IbUpload", ["filename", "data", "mimetype"])


class IbUploadError(Exception):
    """A file refused by ``IbPortalMixin._ib_read_upload``.

    ``code`` says why, for the page that prints the translated message:
    ``missing`` (no file chosen), ``empty``, ``size`` (over the limit) or
    ``type`` (not one of the accepted kinds of file).
    """

    def __init__(self, code):
        super().__init__(code)
        self.code = code


class IbPortalMixin:
    """What every portal controller of the suite does the same way.

    The portal controllers of the suite (parents: ib_core, ib_care_plans,
    ib_referrals, ib_meetings; providers: ib_referrals) inherit this next to
    ``CustomerPortal``: how the logged-in portal user is identified, which
    children they follow, how one of their records is found (a missing record
    and one of someone else give the same 404), how a home page counter is
    filled, how a document is served and how an uploaded file is checked.

    Odoo merges all subclasses of ``CustomerPortal`` into one controller at run
    time, so a helper defined under the same name in two addons was shared in
    fact (the last one loaded won); here it is defined once.
    """

    # ------------------------------------------------------------------
    # Who is asking, and whose children
    # ------------------------------------------------------------------

    def _ib_partner(self):
        return request.env.user.partner_id

    def _ib_guardian_domain(self, parental_authority=False):
        """The guardian links through which the logged-in user follows a pupil
        in the portal: their own, with portal access, and with parental
        authority when ``parental_authority`` is set."""
        domain = [
            ("partner_id", "=", self._ib_partner().id),
            ("portal_access", "=", True),
        ]
        if parental_authority:
            domain.append(("parental_authority", "=", True))
        return domain

    def _ib_children_ids(self):
        """Ids of the pupils the logged-in user is a guardian of, with portal
        access (for pages whose own records' rules decide what is shown)."""
        # sudo: the user's own guardian links (partner = the logged-in user's
        # partner); only pupil ids come out, the record rules of the records
        # searched with them still decide what the user reads.
        guardians = (
            request.env["ib.pupil.guardian"]
            .sudo()
            .search_fetch(self._ib_guardian_domain(), ["pupil_id"])
        )
        return guardians.pupil_id.ids

    # ------------------------------------------------------------------
    # Finding, counting, rendering, serving
    # ------------------------------------------------------------------

    def _ib_find(self, records, record_id, domain):
        """The record ``record_id`` of the model of ``records`` that also
        matches ``domain``, or a 404.

        The search runs in the environment of ``records``: as the portal user,
        so that record rules apply, or sudo for a model the user has no rights
        on, where ``domain`` alone must limit the lookup to what the user may
        see. A record that does not exist and one outside ``domain`` give the
        same 404.
        """
        record = records.search([("id", "=", record_id), *domain], limit=1)
        if not record:
            raise NotFound()
        return record

    def _ib_set_counter(self, values, counters, key, model, count):
        """Put ``count()`` in ``values[key]`` when the portal home page asks for
        that counter. A user whose access rights do not let them read ``model``
        (the model ``count`` searches as the user) is no parent or provider of
        it: their counter is 0 rather than an error."""
        if key in counters:
            values[key] = count() if model.has_access("read") else 0

    def _ib_render(self, template, values):
        return request.render(
            template, {**self._prepare_portal_layout_values(), **values}
        )

    def _ib_download(self, attachment):
        """``attachment`` as a download, or a 404 when there is none. The
        caller has found it for the user (it may be sudo)."""
        if not attachment:
            raise NotFound()
        return (
            request.env["ir.binary"]
            ._get_stream_from(attachment)
            .get_response(as_attachment=True)
        )

    # ------------------------------------------------------------------
    # Uploads
    # ------------------------------------------------------------------

    def _ib_read_upload(self, document, mimetypes, max_bytes=UPLOAD_MAX_BYTES):
        """Check a file posted in a portal form and return it as an
        ``IbUpload`` (file name, content, mimetype).

        ``mimetypes`` maps each accepted mimetype to its file extension. The
        type is taken from the content, never from the name or the browser;
        the name loses any path and gets the extension of its type when it
        lacks it. Raises ``IbUploadError`` when there is no file, it is empty,
        larger than ``max_bytes`` or of another type; nothing is written then.
        """
        if not document or not getattr(document, "filename", None):
            raise IbUploadError("missing")
        data = document.read(max_bytes + 1)
        if not data:
            raise IbUploadError("empty")
        if len(data) > max_bytes:
            raise IbUploadError("size")
        mimetype = guess_mimetype(data)
        if mimetype not in mimetypes:
            raise IbUploadError("type")
        filename = document.filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
        filename = filename[:NAME_MAX_CHARS]
        if not filename.lower().endswith(mimetypes[mimetype]):
            filename += mimetypes[mimetype]
        return IbUpload(filename, data, mimetype)
