import base64
from datetime import date, timedelta

from odoo.addons.ib_core.tests.common import IbCoreCommon

PDF = b"%PDF-1.4 signed agreement (test)"


class IbProtocolsCommon(IbCoreCommon):
    """The registers of school A (pupils of groups 5 and 6) and of school B, a
    parent of pupil 5a and a provider (portal users), and an attendance officer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Exporting is a right of its own in Odoo: the staff users have it, so
        # that what refuses them an export is the registers' own rules.
        cls.env.ref("base.group_allow_export").user_ids |= (
            cls.teacher_5
            | cls.teacher_6
            | cls.teacher_b
            | cls.coordinator_a
            | cls.coordinator_b
            | cls.director
            | cls.employee
        )
        cls.parent_a = cls._portal_parent("t_parent_a", cls.pupil_5a)
        cls.provider = cls._portal_user("t_provider")
        cls.officer = cls.env["res.partner"].create(
            {"name": "Leerplicht Testgemeente", "email": "lpa@example.com"}
        )
        cls.mother_5a = cls._guardian(cls.pupil_5a, "Moeder Anna", relation="mother")
        cls.today = date.today()
        day = cls.today - timedelta(days=20)
        Case = cls.env["ib.meldcode.case"].with_user(cls.coordinator_a)
        cls.case_a = Case.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "date_opened": day,
                "signals_date": day,
                "signals_notes": "Blauwe plekken meldcode-geheim",
            }
        )
        cls.case_b = (
            cls.env["ib.meldcode.case"]
            .with_user(cls.coordinator_b)
            .create(
                {
                    "pupil_id": cls.pupil_b.id,
                    "date_opened": day,
                    "signals_notes": "Signalen school B",
                }
            )
        )
        cls.case_file = cls.env["ir.attachment"].create(
            {
                "name": "meldcode_notes.pdf",
                "raw": PDF,
                "res_model": "ib.meldcode.case",
                "res_id": cls.case_a.id,
            }
        )
        Incident = cls.env["ib.bullying.incident"]
        cls.incident_5 = Incident.create(
            {"pupil_id": cls.pupil_5a.id, "name": "Uitgelachen 5a", "kind": "verbal"}
        )
        cls.incident_6 = Incident.create(
            {"pupil_id": cls.pupil_6a.id, "name": "Geduwd 6a", "kind": "physical"}
        )
        cls.incident_b = Incident.create(
            {"pupil_id": cls.pupil_b.id, "name": "Gepest B", "kind": "online"}
        )
        Agreement = cls.env["ib.medical.agreement"]
        cls.agreement_5 = Agreement.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "name": "Puffer 5a",
                "signed_by_id": cls.mother_5a.partner_id.id,
                "signed_date": cls.today,
                "signed_form": base64.b64encode(PDF),
                "signed_form_name": "akkoord.pdf",
            }
        )
        cls.agreement_6 = Agreement.create(
            {"pupil_id": cls.pupil_6a.id, "name": "Tablet 6a"}
        )
        cls.agreement_b = Agreement.create(
            {"pupil_id": cls.pupil_b.id, "name": "Insuline B", "kind": "medical_act"}
        )
        Absence = cls.env["ib.absence.report"]
        cls.absence_a = Absence.create(
            {
                "pupil_id": cls.pupil_5a.id,
                "date_from": cls.today - timedelta(days=27),
                "date_to": cls.today,
                "hours_unauthorised": 16,
            }
        )
        cls.absence_b = Absence.create(
            {
                "pupil_id": cls.pupil_b.id,
                "date_from": cls.today - timedelta(days=10),
                "date_to": cls.today,
                "hours_unauthorised": 3,
            }
        )

    def access_log(self, record):
        return self.env["ib.pupil.access.log"].search(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )
