from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Lesson times per weekday (0 = Monday): the field names on the school and the
# defaults of a Dutch primary school (Wednesday afternoon free).
LESSON_DAYS = {
    0: ("ib_lesson_mon_from", "ib_lesson_mon_to", 8.5, 14.5),
    1: ("ib_lesson_tue_from", "ib_lesson_tue_to", 8.5, 14.5),
    2: ("ib_lesson_wed_from", "ib_lesson_wed_to", 8.5, 12.5),
    3: ("ib_lesson_thu_from", "ib_lesson_thu_to", 8.5, 14.5),
    4: ("ib_lesson_fri_from", "ib_lesson_fri_to", 8.5, 14.5),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    ib_lesson_mon_from = fields.Float(string="Lessons Monday from", default=8.5)
    ib_lesson_mon_to = fields.Float(string="Lessons Monday until", default=14.5)
    ib_lesson_tue_from = fields.Float(string="Lessons Tuesday from", default=8.5)
    ib_lesson_tue_to = fields.Float(string="Lessons Tuesday until", default=14.5)
    ib_lesson_wed_from = fields.Float(string="Lessons Wednesday from", default=8.5)
    ib_lesson_wed_to = fields.Float(string="Lessons Wednesday until", default=12.5)
    ib_lesson_thu_from = fields.Float(string="Lessons Thursday from", default=8.5)
    ib_lesson_thu_to = fields.Float(string="Lessons Thursday until", default=14.5)
    ib_lesson_fri_from = fields.Float(string="Lessons Friday from", default=8.5)
    ib_lesson_fri_to = fields.Float(string="Lessons Friday until", default=14.5)
    ib_meeting_slot_ids = fields.One2many(
        "ib.meeting.slot",
        "company_id",
        string="Meeting Slots",
        help="When the school marks meeting slots, group discussions are planned "
        "only in them; otherwise outside the lesson times.",
    )

    @api.constrains(*(name for day in LESSON_DAYS.values() for name in day[:2]))
    def _check_ib_lesson_times(self):
        for company in self:
            for start_name, end_name, _start, _end in LESSON_DAYS.values():
                start, end = company[start_name], company[end_name]
                if not (0 <= start <= end <= 24):
                    raise ValidationError(
                        self.env._(
                            "%(field)s must lie between 00:00 and 24:00 and not "
                            "after the end of the lessons.",
                            field=self._fields[start_name]._description_string(
                                self.env
                            ),
                        )
                    )

    def _ib_lesson_times(self):
        """``{weekday: (from, until)}`` of the school's lessons (hours as floats);
        a day without lessons (from = until) is left out."""
        self.ensure_one()
        times = {}
        for weekday, (start_name, end_name, _start, _end) in LESSON_DAYS.items():
            if self[start_name] < self[end_name]:
                times[weekday] = (self[start_name], self[end_name])
        return times

    def _ib_marked_meeting_slots(self):
        """``{weekday: [(from, until), ...]}`` of the slots the school marked."""
        self.ensure_one()
        slots = {}
        for slot in self.ib_meeting_slot_ids.sorted("hour_from"):
            slots.setdefault(int(slot.weekday), []).append(
                (slot.hour_from, slot.hour_to)
            )
        return slots

    def _ib_overview_counters(self):
        counters = super()._ib_overview_counters()
        today = fields.Date.context_today(self)
        label = self.env._("Agreements past their deadline")
        section = self.env._("Meetings")
        self._ib_overview_add_counter(
            counters,
            "meeting_agreements_overdue",
            label,
            "ib.meeting.agreement",
            [("state", "=", "open"), ("date_deadline", "<", today)],
            sequence=40,
            severity="danger",
            section=section,
            action="ib_meetings.ib_meeting_agreement_action",
        )
        return counters
