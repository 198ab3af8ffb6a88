from odoo import api, models


class IbPupilAccessLog(models.Model):
    _inherit = "ib.pupil.access.log"

    @api.model
    def _ib_log_vals(self, res_model, res_id, pupil, way, event_time, user_id=None):
        """A registration before admission has no pupil file yet: its reads are
        logged under the registration itself (``res_model``/``res_id``) and its
        school, without a pupil (see ``ib.intake._ib_access_log_targets``)."""
        if pupil._name == "ib.intake":
            return {
                "event_time": event_time,
                "user_id": user_id or self.env.uid,
                "pupil_id": False,
                "pupil_ref": 0,
                "company_id": pupil.company_id.id,
                "res_model": res_model,
                "res_id": res_id,
                "way": way,
            }
        return super()._ib_log_vals(
            res_model, res_id, pupil, way, event_time, user_id=user_id
        )
