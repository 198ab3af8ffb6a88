from collections.abc import Callable
from dataclasses import dataclass

from odoo import fields, models

# (key, label, header names LVS exports use for it: lower case, letters/digits only)
IMPORT_COLUMNS = [
    (
        "pupil_number",
        "Pupil number",
        (
            "leerlingnummer",
            "leerlingnr",
            "llnr",
            "llnummer",
            "leerlingid",
            "pupilnumber",
            "studentnumber",
        ),
    ),
    ("first_name", "First name", ("voornaam", "roepnaam", "firstname")),
    ("infix", "Infix", ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "infix")),
    ("last_name", "Last name", ("achternaam", "familienaam", "lastname", "surname")),
    (
        "full_name",
        "Full name",
        ("naam", "leerling", "leerlingnaam", "name", "volledigenaam", "pupil"),
    ),
    (
        "date_of_birth",
        "Date of birth",
        ("geboortedatum", "gebdatum", "dateofbirth", "birthdate"),
    ),
    ("school", "School (BRIN)", ("brin", "brinnummer", "brincode", "school")),
    ("assessment", "Test", ("toets", "toetsnaam", "toetscode", "test", "assessment")),
    ("moment", "Moment", ("toetsmoment", "moment", "afnamemoment", "periode")),
    ("grade", "Grade", ("jaargroep", "leerjaar", "grade")),
    ("date", "Test date", ("afnamedatum", "toetsdatum", "datum", "date", "testdate")),
    (
        "score",
        "Score",
        ("vaardigheidsscore", "vs", "score", "ruwescore", "abilityscore"),
    ),
    ("level", "Level", ("niveau", "level", "niveauwaarde")),
    ("percentile", "Percentile", ("percentiel", "percentile")),
    ("remarks", "Remarks", ("opmerking", "opmerkingen", "remarks", "notes")),
]


@dataclass(frozen=True)
class ExtraImportColumn:
    """A column that an addon adds to the import (see
    ``ib.assessment.import.service._ib_extra_import_columns``).

    ``label``: its name for the user; ``names``: the header names an LVS
    writes for it (lower case, letters/digits only); ``fields``: the stored
    fields of ``ib.assessment.result`` it fills; ``parse``: ``parse(env,
    value)`` of a non-blank cell returns ``{field: value}``, or raises the
    service's ``RowError`` with the reason (a translated text)."""

    label: str
    names: tuple
    fields: tuple
    parse: Callable


class IbAssessmentImportMapping(models.AbstractModel):
    """Which column of an LVS export holds what: kept per source (profile) and
    filled in on the import wizard."""

    _name = "ib.assessment.import.mapping"
    _description = "Test Result Import Columns"

    col_pupil_number = fields.Char(string="Pupil Number Column")
    col_first_name = fields.Char(string="First Name Column")
    col_infix = fields.Char(string="Infix Column")
    col_last_name = fields.Char(string="Last Name Column")
    col_full_name = fields.Char(
        string="Full Name Column",
        help="A column with the whole name, if the export does not split it.",
    )
    col_date_of_birth = fields.Char(string="Date of Birth Column")
    col_school = fields.Char(
        string="School Column", help="The BRIN code, for an export of several schools."
    )
    col_assessment = fields.Char(string="Test Column")
    col_moment = fields.Char(
        string="Moment Column", help="M, E, M5, E5, midden or eind."
    )
    col_grade = fields.Char(string="Grade Column")
    col_date = fields.Char(string="Test Date Column")
    col_score = fields.Char(string="Score Column")
    col_level = fields.Char(string="Level Column")
    col_percentile = fields.Char(string="Percentile Column")
    col_remarks = fields.Char(string="Remarks Column")

    def _ib_import_columns(self):
        """``(key, label, header names)`` of every importable column: the
        columns above and those added by other addons (an addon adding a
        column also adds its ``col_<key>`` field to this model)."""
        extra = self.env["ib.assessment.import.service"]._ib_extra_import_columns()
        return IMPORT_COLUMNS + [
            (key, column.label, column.names) for key, column in extra.items()
        ]

    def _ib_mapping(self):
        """{column key: header} of the columns filled in."""
        self.ensure_one()
        return {
            key: self[f"col_{key}"].strip()
            for key, _label, _names in self._ib_import_columns()
            if self[f"col_{key}"] and self[f"col_{key}"].strip()
        }

    def _ib_mapping_vals(self):
        self.ensure_one()
        return {
            f"col_{key}": self[f"col_{key}"] or False
            for key, _label, _names in self._ib_import_columns()
        }
