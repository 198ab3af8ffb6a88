from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import REPORT, SupportProfileCommon


@tagged("post_install", "-at_install")
class TestPublicPage(SupportProfileCommon, HttpCase):
    """The published version on the public page and as a PDF, for anyone."""

    def test_anonymous_reads_only_the_published_version(self):
        url = self.profile_a.public_url
        self.assertTrue(url.startswith("/schoolondersteuningsprofiel/"))
        self.assertTrue(url.endswith(f"-{self.school_a.id}"))
        response = self.assertPage(
            url,
            contains=(
                "CURRENT-BASIC-TEXT",
                "CURRENT-EXTRA-TITLE",
                "CURRENT-EXTRA-TEXT",
                "RT-REKENEN-A",
                self.year_a.name,
                f"{url}/pdf",
            ),
            # never the archived version, never the MR's advice text
            lacks=("OLD-BASIC-TEXT", "MR-ADVICE"),
        )
        self.assertNotIn("DRAFT-B-TEXT", response.text)
        # the bare school id works too
        self.assertPage(
            f"/schoolondersteuningsprofiel/{self.school_a.id}",
            contains=("CURRENT-BASIC-TEXT",),
        )

    def test_page_follows_the_published_version(self):
        """A draft of the next year stays off the page until it is published;
        then it replaces this year's version, which leaves the page."""
        next_year = self._create_year(
            self.school_a, self.year_a.date_end.replace(month=8, day=1)
        )
        draft = self._profile(self.school_a, next_year, "NEXT-DRAFT-TEXT", advice=True)
        url = self.profile_a.public_url
        self.assertPage(
            url, contains=("CURRENT-BASIC-TEXT",), lacks=("NEXT-DRAFT-TEXT",)
        )
        self.assertPage(f"{url}/pdf", lacks=("NEXT-DRAFT-TEXT",))
        draft.action_publish()
        self.assertPage(
            url, contains=("NEXT-DRAFT-TEXT",), lacks=("CURRENT-BASIC-TEXT",)
        )

    def test_anonymous_pdf_of_the_published_version(self):
        response = self.url_open(f"{self.profile_a.public_url}/pdf")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response.headers["Content-Disposition"])
        # tests render reports as HTML
        self.assertIn("CURRENT-EXTRA-TEXT", response.text)
        self.assertNotIn("OLD-BASIC-TEXT", response.text)
        self.assertNotIn("MR-ADVICE", response.text)

    @mute_logger("odoo.http")
    def test_school_without_published_version_is_404(self):
        """School B has only a draft: no page, no PDF, the draft text nowhere;
        nor for a school that does not exist or a malformed address."""
        url_b = f"/schoolondersteuningsprofiel/test-school-b-{self.school_b.id}"
        for url in (
            url_b,
            f"{url_b}/pdf",
            "/schoolondersteuningsprofiel/999999",
            "/schoolondersteuningsprofiel/no-id-here",
        ):
            self.assertPage(url, status=404, lacks=("DRAFT-B-TEXT",))

    @mute_logger("odoo.http", "odoo.addons.base.models.ir_http")
    def test_draft_and_archived_never_reach_the_public(self):
        """The backend report route is not for the anonymous visitor, whatever
        the version; the portal user gets nothing either."""
        for profile in (self.profile_b, self.profile_old, self.profile_a):
            for kind in ("pdf", "html"):
                url = REPORT.format(kind=kind, id=profile.id)
                response = self.url_open(url, allow_redirects=False)
                self.assertNotEqual(response.status_code, 200, url)
                self.assertNotIn("DRAFT-B-TEXT", response.text)
                self.assertNotIn("OLD-BASIC-TEXT", response.text)
        parent = self._portal_parent("t_parent_pdf", self.pupil_5a)
        self.login(parent)
        url = REPORT.format(kind="html", id=self.profile_a.id)
        response = self.url_open(url)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn("CURRENT-BASIC-TEXT", response.text)

    def test_portal_home_links_the_school_profile(self):
        parent = self._portal_parent("t_parent_home", self.pupil_5a)
        self.login(parent)
        self.assertPage("/my/home", contains=(self.profile_a.public_url,))
        # a parent of school B, which has no published version: no link
        parent_b = self._portal_user("t_parent_b", company=self.school_b)
        self.login(parent_b)
        self.assertPage("/my/home", lacks=("/schoolondersteuningsprofiel/",))
