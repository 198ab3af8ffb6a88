import re

from odoo.tests import tagged

from odoo.addons.ib_sociogram.models import sociogram_engine, sociogram_svg

from .common import KNOWN_CHOICES, KNOWN_NEGATIVE, IbSociogramCommon

LEGEND = {"popular": "Populair <b>", "mutual": "Wederzijds"}


@tagged("post_install", "-at_install")
class TestSociogramSvg(IbSociogramCommon):
    """The picture: one circle per pupil, one edge per one-way choice and per
    mutual pair, every text escaped."""

    def count(self, svg, pattern):
        return len(re.findall(pattern, str(svg)))

    def test_nodes_and_edges_of_the_known_group(self):
        svg = self._records_as(self.teacher_5, self.sociogram_5).svg
        self.assertTrue(str(svg).startswith("<svg"))
        self.assertEqual(self.count(svg, r'<circle class="ib-node'), 6)
        # 10 ties of which 3 mutual pairs (6 ties): 4 arrows and 3 double lines
        self.assertEqual(self.count(svg, r'class="ib-edge ib-positive"'), 4)
        self.assertEqual(self.count(svg, r'class="ib-edge ib-mutual"'), 3)
        self.assertEqual(self.count(svg, r'class="ib-edge'), 7)
        self.assertEqual(self.count(svg, r'class="ib-node ib-popular"'), 1)
        self.assertEqual(self.count(svg, r"ib-isolated"), 2)
        # names as first name and initial, never the full last name
        self.assertIn(">Cas V.<", str(svg))
        self.assertNotIn("Visser", str(svg))
        # the negative choices: red dashed arrows, Ezra rejected
        self._choices(self.sociogram_5, self.question_neg, KNOWN_NEGATIVE)
        self.sociogram_5.invalidate_recordset(["svg"])
        svg = self.sociogram_5.svg
        self.assertEqual(self.count(svg, r'class="ib-edge ib-negative"'), 4)
        self.assertEqual(self.count(svg, r'class="ib-edge'), 11)
        self.assertEqual(self.count(svg, r"ib-rejected"), 1)

    def test_names_are_escaped(self):
        self.pupils["ezra"].write(
            {"first_name": "<script>alert(1)</script>", "last_name": '"Bos&Co'}
        )
        self.sociogram_5.invalidate_recordset(["svg"])
        svg = str(self.sociogram_5.svg)
        self.assertNotIn("<script>", svg)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; &#34;.", svg)
        # and in the printed report
        html = self.render_html(
            "ib_sociogram.report_ib_sociogram", self.sociogram_5, self.coordinator_a
        )
        self.assertNotIn("<script>alert", html)
        self.assertIn("&lt;script&gt;alert(1)", html)
        self.assertEqual(html.count('class="ib-node'), 6)

    def test_render_alone_escapes_labels_and_legend(self):
        keys = ("anna", "bram", "cas", "dana", "ezra", "floor")
        result = sociogram_engine.compute(keys, KNOWN_CHOICES)
        labels = dict.fromkeys(keys, "x")
        labels["anna"] = "<img src=x onerror=alert(1)>"
        svg = str(sociogram_svg.render_svg(keys, result, labels, LEGEND, 'p"><x'))
        self.assertNotIn("<img", svg)
        self.assertNotIn("<b>", svg)
        self.assertIn("Populair &lt;b&gt;", svg)
        self.assertNotIn('p"><x', svg)
        self.assertEqual(self.count(svg, r'<circle class="ib-node'), 6)
        self.assertEqual(self.count(svg, r'class="ib-edge'), 7)
