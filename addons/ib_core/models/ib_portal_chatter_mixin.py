from odoo import models


class IbPortalChatterMixin(models.AbstractModel):
    """Care records that parents can read in the portal, without their chatter.

    Odoo lets a portal user read the non-internal messages of every record they
    can read. Parents read pupils, shared notes and their own consents only through
    the pages of the portal, which print what the school shared; the chatter of
    these records is the school's. A user who is not internal reads a message of
    such a record only as its author or recipient, never through the record, and
    never posts in its chatter.
    """

    _name = "ib.portal.chatter.mixin"
    _description = "Care Record Readable in the Portal"

    def _mail_get_operation_for_mail_message_operation(self, message_operation):
        operations = super()._mail_get_operation_for_mail_message_operation(
            message_operation
        )
        if message_operation in ("read", "create") and not self.env.user._is_internal():
            # Portal users have no write access on care records: they cannot
            # reach a message through the record it was posted on, nor post in
            # the school's chatter of a record they may read (/mail/message/post).
            # What parents send the school goes through the portal pages.
            return dict.fromkeys(operations, "write")
        return operations
