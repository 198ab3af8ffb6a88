from lxml import etree

from odoo.tests import tagged

from .common import IbCoreCommon


@tagged("post_install", "-at_install")
class TestPupilFormLayout(IbCoreCommon):
    """The pupil form's tabs fit a 1,440 px screen with every addon installed:
    the consents sit with the parents, the groups with the enrolment."""

    def _form(self, user):
        arch = (
            self.env["ib.pupil"]
            .with_user(user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        return etree.fromstring(arch)

    def test_at_most_eight_tabs_for_the_coordinator(self):
        form = self._form(self.coordinator_a)
        pages = [page.get("name") for page in form.iter("page")]
        self.assertLessEqual(len(pages), 8, pages)
        self.assertEqual(pages[-3:], ["guardians", "enrolment", "privacy"], pages)

    def test_consents_with_the_parents_and_groups_with_the_enrolment(self):
        form = self._form(self.coordinator_a)
        guardians = form.xpath("//page[@name='guardians']")[0]
        enrolment = form.xpath("//page[@name='enrolment']")[0]
        self.assertTrue(guardians.xpath(".//field[@name='consent_ids']"))
        self.assertTrue(enrolment.xpath(".//field[@name='membership_ids']"))
        # a teacher does not get the coordinator's privacy tab
        teacher_pages = [p.get("name") for p in self._form(self.teacher_5).iter("page")]
        self.assertNotIn("privacy", teacher_pages)
        self.assertIn("enrolment", teacher_pages)
