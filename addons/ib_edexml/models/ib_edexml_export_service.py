from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ib_core.models.ib_pupil import bsn_is_valid

from ..tools.edexml_writer import write_edexml
from .ib_edexml_import_service import PUPIL_FIELDS


class IbEdexmlExportService(models.AbstractModel):
    """The school's groups, pupils and teachers of one school year as an
    EDEXML 2.1 file (for a test publisher, or the pupil's next school)."""

    _name = "ib.edexml.export.service"
    _description = "EDEXML Export Service"

    @api.model
    def _ib_export(self, company, year=None):
        """Return ``(file name, EDEXML bytes)`` for ``company`` and ``year``
        (default: the school's current school year)."""
        self.env["ib.edexml.import.service"]._ib_check_rights(company)
        year = year or self.env["ib.school.year"]._get_current(company)
        if not year:
            raise UserError(
                self.env._(
                    "%(school)s has no current school year to export.",
                    school=company.name,
                )
            )
        groups = self.env["ib.group"].search_fetch(
            [("school_year_id", "=", year.id)],
            ["name", "edexml_key", "edexml_combined", "grade_ids", "teacher_ids"],
            order="sequence, name, id",
        )
        group_keys = {g.id: g.edexml_key or f"odoo-{g.id}" for g in groups}
        grade_numbers = {
            g.id: str(g.number)
            for g in self.env["ib.grade"].search_fetch([], ["number"])
        }
        memberships = self.env["ib.group.membership"].search_fetch(
            [("school_year_id", "=", year.id)], ["pupil_id", "group_id"]
        )
        group_of_pupil = {m.pupil_id.id: m.group_id.id for m in memberships}
        store_bsn = company.ib_edexml_store_bsn
        pupil_fields = list(PUPIL_FIELDS) + (["bsn"] if store_bsn else [])
        today = fields.Date.context_today(self)
        pupils = self.env["ib.pupil"].search_fetch(
            [("company_id", "=", company.id)], pupil_fields, order="id"
        )
        pupils = pupils.filtered(
            lambda p: (
                p.id in group_of_pupil or not p.leaving_date or p.leaving_date > today
            )
        )
        if not pupils:
            raise UserError(
                self.env._(
                    "%(school)s has no pupils in school year %(year)s: an EDEXML "
                    "file needs at least one pupil.",
                    school=company.name,
                    year=year.name,
                )
            )
        combined_of_pupil = defaultdict(list)
        for group in groups.filtered("edexml_combined"):
            for pupil_id in group.edexml_member_ids.pupil_id.ids:
                combined_of_pupil[pupil_id].append(group_keys[group.id])
        group_data = []
        for group in groups:
            grades = sorted(grade_numbers[g] for g in group.grade_ids.ids)
            group_data.append(
                {
                    "key": group_keys[group.id],
                    "name": group.name,
                    "grade": grades[0] if len(grades) == 1 else "C",
                    "combined": group.edexml_combined,
                }
            )
        grade_of_group = {g["key"]: g["grade"] for g in group_data if g["grade"] != "C"}
        pupil_data = []
        for pupil in pupils:
            group_id = group_of_pupil.get(pupil.id)
            group_key = group_keys.get(group_id) if group_id else None
            bsn = pupil.bsn if store_bsn else False
            pupil_data.append(
                {
                    "key": pupil.edexml_key or f"odoo-{pupil.id}",
                    "eckid": pupil.edexml_eckid,
                    "last_name": pupil.last_name,
                    "infix": pupil.infix,
                    "given_names": pupil.edexml_given_names,
                    "initials": pupil.edexml_initials,
                    "first_name": pupil.first_name,
                    "birth_date": pupil.date_of_birth,
                    "gender": pupil.edexml_gender,
                    "grade": pupil.edexml_grade_code or grade_of_group.get(group_key),
                    "group_key": group_key,
                    "combined_keys": combined_of_pupil.get(pupil.id, []),
                    "bsn": bsn if bsn and bsn_is_valid(bsn) else None,
                    "enrolment_date": pupil.enrolment_date,
                    "leaving_date": pupil.leaving_date,
                }
            )
        teacher_data = self._ib_export_teachers(company, groups, group_keys)
        brin = (company.ib_brin_code or "").upper()
        school = {
            "school_year": year.name,
            "brin": brin[:4],
            "dependance": brin[4:] if brin[4:] not in ("", "00") else None,
            "created": fields.Datetime.now(),
            "author": self.env.user.name,
        }
        data = write_edexml(school, group_data, pupil_data, teacher_data)
        filename = f"edexml-{brin or company.id}-{year.name}.xml"
        return filename, data

    @api.model
    def _ib_export_teachers(self, company, groups, group_keys):
        links = self.env["ib.edexml.teacher"].search_fetch(
            [("company_id", "=", company.id)],
            [
                "user_id",
                "key",
                "eckid",
                "last_name",
                "infix",
                "given_names",
                "initials",
                "first_name",
                "email",
                "roles",
            ],
        )
        link_of_user = {link.user_id.id: link for link in links}
        groups_of_user = defaultdict(list)
        for group in groups:
            for user_id in group.teacher_ids.ids:
                groups_of_user[user_id].append(group_keys[group.id])
        users = self.env["res.users"].browse(
            sorted(set(link_of_user) | set(groups_of_user))
        )
        teachers = []
        for user in users:
            link = link_of_user.get(user.id)
            if link:
                person = {
                    "key": link.key,
                    "eckid": link.eckid,
                    "last_name": link.last_name,
                    "infix": link.infix,
                    "given_names": link.given_names,
                    "initials": link.initials,
                    "first_name": link.first_name,
                    "email": link.email or user.email,
                    "roles": (link.roles or "").split(),
                }
            else:
                person = {
                    "key": f"odoo-user-{user.id}",
                    "first_name": user.name,
                    "email": user.email,
                    "roles": [],
                }
            person["group_keys"] = groups_of_user.get(user.id, [])
            teachers.append(person)
        return teachers
