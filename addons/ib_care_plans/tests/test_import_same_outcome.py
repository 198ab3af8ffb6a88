from odoo.tests import tagged

from .common import IbCarePlansCommon

# the values of a result a user reads after an import (the ids, the pupil's
# own copies of their name and the create/write stamps differ by nature)
OWN = {"id", "pupil_id", "pupil_last_name", "pupil_first_name"}


@tagged("post_install", "-at_install")
class TestImportSameOutcome(IbCarePlansCommon):
    """What a user finds after an import is what the ORM's ``create`` of the
    same rows gives: the same stored values, levels, sequence and signals, the
    same digests; an unchanged file again writes nothing."""

    def _stored_names(self):
        Result = self.env["ib.assessment.result"]
        return [
            name
            for name, field in Result._fields.items()
            if field.store
            and field.column_type
            and name not in OWN
            and not name.startswith(("create_", "write_"))
        ]

    def _assert_same_results(self, created, imported):
        self.env.flush_all()
        self.env.invalidate_all()
        names = self._stored_names()
        for by_create, by_import in zip(created, imported, strict=True):
            create_values, import_values = (by_create | by_import).read(names)
            del create_values["id"], import_values["id"]
            self.assertEqual(import_values, create_values)

    def _digests(self):
        digest = self.env.ref("ib_care_plans.mail_activity_type_result_signal_digest")
        return self.env["mail.activity"].search(
            [
                ("activity_type_id", "=", digest.id),
                ("user_id", "=", self.coordinator_a.id),
            ]
        )

    def test_same_value_on_every_row(self):
        """A column with the same value on every row of a batch (written once
        into the lines of the ``COPY``) is stored as ``create`` stores it, also
        a text with a percent sign, quotes, a separator and a line break."""
        Result = self.env["ib.assessment.result"]
        remarks = 'Ging 50% beter; "rustig"\nvolgende keer 100%s'
        common = {
            "assessment_id": self.maths.id,
            "school_year_id": self.year_a.id,
            "moment": "middle",
            "score": 235.0,
            "remarks": remarks,
        }
        created = Result.create(
            [{**common, "pupil_id": p.id} for p in (self.pupil_5a, self.pupil_6a)]
        )
        imported = Result._ib_create_batch(
            [{**common, "pupil_id": p.id} for p in (self.pupil_5b, self.pupil_6b)]
        )
        self._assert_same_results(created, imported)
        self.assertEqual(imported.mapped("remarks"), [remarks, remarks])
        self.assertEqual(imported.mapped("score"), [235.0, 235.0])

    def test_import_gives_the_sequence_and_signals_of_create(self):
        """Two pupils of the same group with the same history: the one's new
        results created one by one, the other's imported from a file. The
        levels, changes since the previous result and signals are the same,
        each way gives the coordinator one digest, and importing the file again
        changes nothing and sends nothing."""
        Result = self.env["ib.assessment.result"]
        for pupil in (self.pupil_5a, self.pupil_5b):
            Result.create(
                [
                    {
                        "pupil_id": pupil.id,
                        "assessment_id": test.id,
                        "school_year_id": self.year_a_previous.id,
                        "moment": moment,
                        "level": level,
                    }
                    for test, moment, level in (
                        (self.maths, "end", 1),
                        (self.reading, "middle", 4),
                        (self.reading, "end", 5),
                    )
                ]
            )
        # maths: from I to IV (a drop); reading: after IV, V again (the lowest
        # twice in a row)
        digests = self._digests()
        created = Result.create(
            [
                {
                    "pupil_id": self.pupil_5a.id,
                    "assessment_id": self.maths.id,
                    "school_year_id": self.year_a.id,
                    "moment": "middle",
                    "score": 215.5,
                },
                {
                    "pupil_id": self.pupil_5a.id,
                    "assessment_id": self.reading.id,
                    "school_year_id": self.year_a.id,
                    "moment": "middle",
                    "level": 5,
                },
            ]
        )
        self.assertEqual(len(self._digests() - digests), 1)
        digests = self._digests()
        content = self._csv(
            [
                [self.pupil_5b.pupil_number, "RW", "M5", "215,5", ""],
                [self.pupil_5b.pupil_number, self.reading.code, "M5", "", "V"],
            ],
            header=["Leerlingnummer", "Toets", "Toetsmoment", "Score", "Niveau"],
        )
        wizard = self._import(content)
        self.assertEqual(self._counts(wizard), (2, 0, 0, 0))
        self.assertEqual(len(self._digests() - digests), 1)
        imported = Result.search(
            [
                ("pupil_id", "=", self.pupil_5b.id),
                ("school_year_id", "=", self.year_a.id),
            ]
        ).sorted("assessment_id")
        created = created.sorted("assessment_id")
        self.assertEqual(
            [(r.signal, r.previous_level, r.level_change) for r in imported],
            [(r.signal, r.previous_level, r.level_change) for r in created],
        )
        self.assertEqual(sorted(created.mapped("signal")), ["drop", "lowest"])
        self._assert_same_results(created, imported)
        # the same file again: nothing written, no digest
        self.env.flush_all()
        stamps = imported.read(["write_date"])
        digests = self._digests()
        wizard = self._import(content)
        self.assertEqual(self._counts(wizard), (0, 0, 2, 0))
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(imported.read(["write_date"]), stamps)
        self.assertEqual(self._digests(), digests)

    def test_open_results_lists_the_imported_results(self):
        """After an import, "Open Results" lists the results of that import
        (new and changed), and no longer a result deleted since."""
        rows = [
            self._row(self.pupil_5a, 235, "M5"),
            self._row(self.pupil_5b, 215, "M5"),
        ]
        self._import(self._csv(rows[:1]))
        rows[0][-1] = 236
        wizard = self._import(self._csv(rows))
        self.assertEqual(self._counts(wizard), (1, 1, 0, 0))
        results = self._results()
        self.assertEqual(len(results), 2)
        action = wizard.action_view_results()
        listed = self.env["ib.assessment.result"].search(action["domain"])
        self.assertEqual(listed, results)
        self.assertEqual(wizard.result_ids, results)
        first = results.filtered(lambda r: r.pupil_id == self.pupil_5a)
        first.unlink()
        wizard.invalidate_recordset()
        self.assertEqual(wizard.result_ids, results - first)
