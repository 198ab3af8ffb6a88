from odoo import api, models

from .ib_pupil_access_mixin import _INNER_READ


class Base(models.AbstractModel):
    _inherit = "base"

    @api.readonly
    def web_read(self, specification):
        """Mark the reads nested in this one as inner reads.

        ``web_read`` reads the records of relational fields named in the
        specification with ``web_read`` too (a pupil form's consents, a consent
        form's pupil). Those are part of the form being opened, not an opening of
        their own: only the outermost ``web_read`` of a request is logged in the
        access log (``ib.pupil.access.mixin``), whatever the model of the form.
        """
        if _INNER_READ.get():
            return super().web_read(specification)
        token = _INNER_READ.set(True)
        try:
            return super().web_read(specification)
        finally:
            _INNER_READ.reset(token)
