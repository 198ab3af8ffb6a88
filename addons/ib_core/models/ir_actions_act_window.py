from odoo import api, models


class IrActionsActWindow(models.Model):
    _inherit = "ir.actions.act_window"

    @api.model
    def _ib_action_for(self, xml_id, domain=None, context=None, **values):
        """The window action ``xml_id`` as the current user may run it (see
        ``_for_xml_id``), showing the records of ``domain`` and with ``context``
        instead of its own when they are given; ``values`` replace other keys
        of the action (``views``, ``view_mode``...)."""
        action = self._for_xml_id(xml_id)
        if domain is not None:
            action["domain"] = domain
        if context is not None:
            action["context"] = context
        action.update(values)
        return action

    @api.model
    def _ib_action_linked(self, xml_id, field_name, record, **context):
        """The window action ``xml_id`` with the records whose ``field_name``
        is ``record`` (a smart button of ``record``'s form); a record created
        there gets ``record`` in that field. ``context`` adds keys to the
        action's context (``search_default_...``)."""
        return self._ib_action_for(
            xml_id,
            [(field_name, "=", record.id)],
            {f"default_{field_name}": record.id, **context},
        )
