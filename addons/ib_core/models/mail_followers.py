from odoo import models


class MailFollowers(models.Model):
    """Followers of a care record are listed only to its readers.

    Enforces G3 of docs/security.md: every employee may read ``mail.followers``,
    which would tell a teacher which confidential notes exist and who follows
    them. The search and the access check come from ``ib.care.link.mixin``, the
    same as for activities. Followers of any other record: nothing changes."""

    _name = "mail.followers"
    _inherit = ["mail.followers", "ib.care.link.mixin"]
