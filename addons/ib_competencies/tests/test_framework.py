from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import IbCompetenciesCommon


@tagged("post_install", "-at_install")
class TestFrameworkData(IbCompetenciesCommon):
    """The shipped framework follows the job profile's structure, in English with
    Dutch translations, and a school adapts its own copy."""

    def test_structure_of_the_shipped_framework(self):
        domains = self.framework.domain_ids.sorted("sequence")
        self.assertEqual(domains.mapped("code"), ["A", "B", "C", "D"])
        self.assertEqual(
            domains.mapped("task_area"),
            [
                "Coordinating care",
                "Supporting teachers",
                "Improving teaching",
                "Policy with the director",
            ],
        )
        self.assertEqual([len(d.competence_ids) for d in domains], [2, 12, 13, 11])
        self.assertEqual([len(d.task_ids) for d in domains], [12, 8, 6, 5])
        self.assertEqual(sorted(self.levels), [1, 2, 3, 4])
        self.assertFalse(
            self.competences.filtered(lambda c: not c.indicator_ids),
            "every competence has at least one indicator",
        )
        self.assertEqual(
            len(set(self.competences.mapped("code"))), len(self.competences)
        )
        self.assertEqual(self.competences[:1].code, "A1")
        self.assertFalse(self.framework.company_id, "shared by every school")

    def test_dutch_translation(self):
        self.env["res.lang"]._activate_lang("nl_NL")
        self.env["ir.module.module"]._load_module_terms(["ib_competencies"], ["nl_NL"])
        domain = self.env.ref("ib_competencies.domain_a").with_context(lang="nl_NL")
        self.assertEqual(domain.name, "Het zorgsysteem beheren")
        self.assertEqual(domain.task_area, "Coördineren van de zorg")
        level = self.levels[3].with_context(lang="nl_NL")
        self.assertEqual(level.name, "Bekwaam")
        look_for = self.env.ref("ib_competencies.look_for_safe").with_context(
            lang="nl_NL"
        )
        self.assertEqual(look_for.name, "De sfeer is veilig en respectvol")
        # Record names follow the reader's language, not the creator's.
        assessment = self._assessment(self.coordinator_a, self.year_a)
        self.assertTrue(assessment.display_name.startswith("Self-assessment"))
        self.assertTrue(
            assessment.with_context(lang="nl_NL").display_name.startswith(
                "Zelfevaluatie"
            )
        )

    def test_school_adapts_its_own_copy(self):
        Framework = self.as_user(self.coordinator_a, "ib.competency.framework")
        shared = Framework.browse(self.framework.id)
        with self.assertRaises(AccessError):
            shared.write({"name": "Changed by a school"})
        action = shared.action_copy_for_school()
        copy = Framework.browse(action["res_id"])
        self.assertEqual(copy.company_id, self.school_a)
        self.assertEqual(len(copy.competence_ids), 38)
        self.assertEqual(len(copy.task_ids), 31)
        self.assertEqual(len(copy.level_ids), 4)
        self.assertEqual(copy.competence_ids.company_id, self.school_a)
        copy.domain_ids[0].competence_ids[0].name = "Works in a planned way"
        self.assertNotEqual(self.competences[0].name, "Works in a planned way")
        # The copy is the school's own: the other school does not see it.
        self.assertNotIn(
            copy, self.as_user(self.coordinator_b, "ib.competency.framework").search([])
        )
        self.assertEqual(
            self.env["ib.competency.framework"]
            .with_company(self.school_a)
            ._get_default(),
            copy,
        )

    def test_teacher_reads_no_framework_manager_changes_shared(self):
        with self.assertRaises(AccessError):
            self.as_user(self.teacher_5, "ib.competency.framework").search([])
        self.as_user(self.manager, "ib.competency.framework").browse(
            self.framework.id
        ).write({"description": "Adapted by the school board"})
        self.assertEqual(self.framework.description, "Adapted by the school board")
