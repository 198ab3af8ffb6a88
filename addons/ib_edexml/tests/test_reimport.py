from odoo.tests import tagged

from .common import FULL, IbEdexmlCommon


@tagged("post_install", "-at_install")
class TestEdexmlReimport(IbEdexmlCommon):
    def test_unchanged_reimport_writes_nothing(self):
        data = self.file(FULL)
        self.run_import(data)
        self.env.flush_all()
        pupils = self.pupils()
        groups = self.env["ib.group"].search([("company_id", "=", self.school_a.id)])
        links = self.env["ib.edexml.teacher"].search(
            [("company_id", "=", self.school_a.id)]
        )
        memberships = pupils.membership_ids
        stamps = {
            (r._name, r.id): r.write_date
            for r in [*pupils, *groups, *links, *memberships]
        }
        messages = self.env["mail.message"].search_count(
            [("model", "=", "ib.pupil"), ("res_id", "in", pupils.ids)]
        )
        users = self.env["res.users"].search_count([])
        self.env.invalidate_all()
        service, school = self.service()
        # A fixed number of queries, whatever the number of pupils (the
        # benchmark shows it for 12,000).
        with self.assertQueryCount(60):
            plan = service._ib_plan(school, data)
            log = service._ib_apply(plan, filename="again.xml")
        self.env.flush_all()
        self.assertEqual(
            (log.pupil_new_count, log.pupil_changed_count, log.pupil_leaving_count),
            (0, 0, 0),
        )
        self.assertEqual(log.pupil_unchanged_count, 3)
        self.assertEqual(log.group_new_count + log.group_changed_count, 0)
        self.assertEqual(log.teacher_new_count + log.teacher_changed_count, 0)
        self.env.invalidate_all()
        self.assertEqual(
            {
                (r._name, r.id): r.write_date
                for r in [*pupils, *groups, *links, *memberships]
            },
            stamps,
        )
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "ib.pupil"), ("res_id", "in", pupils.ids)]
            ),
            messages,
        )
        self.assertEqual(self.env["res.users"].search_count([]), users)
        self.assertEqual(self.pupils(), pupils)
