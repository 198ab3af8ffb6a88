from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request
from odoo.tools import is_html_empty

from odoo.addons.ib_core.controllers.portal_mixin import IbPortalMixin
from odoo.addons.portal.controllers.portal import CustomerPortal


class IbMeetingsPortal(IbPortalMixin, CustomerPortal):
    """Parents' pages for care meetings: the meetings they are invited to, and the
    minutes about their own child once the coordinator shared them.

    Everything is first found as the parent, without sudo, so that the record
    rules of the portal group apply (calendar: only events they attend; agenda
    items and agreements: shared, not confidential, their own child with portal
    access). A record that does not exist and one of another family both give a
    404. Sudo is only used afterwards, on records found that way, to print names
    the portal group cannot read itself (the pupil, the other attendees).

    Parents read agenda items and agreements only through their portal
    whitelists (``_ib_portal_fields``): the pages read those fields as the
    parent, and the parents' report prints no other field. No chatter is shown:
    the messages on agreements are the school's.
    """

    # ------------------------------------------------------------------ finding

    def _ib_meeting_domain(self):
        return [
            ("ib_kind", "!=", False),
            ("partner_ids", "in", [self._ib_partner().id]),
        ]

    def _ib_minutes_domain(self):
        # The record rules already say this; repeated so a wider rule added
        # elsewhere (e.g. for staff) can never widen the parents' pages.
        return [
            ("shared_with_parents", "=", True),
            ("confidentiality", "=", "normal"),
            ("pupil_id", "in", self._ib_children_ids()),
        ]

    # A user whose access rights do not cover events or items gets the same 404
    # as for a record that is not theirs (not an access error page).

    def _ib_meeting(self, event_id):
        Event = request.env["calendar.event"]
        if not Event.has_access("read"):
            raise NotFound()
        return self._ib_find(Event, event_id, self._ib_meeting_domain())

    def _ib_minutes(self, item_id):
        Item = request.env["ib.meeting.item"]
        if not Item.has_access("read"):
            raise NotFound()
        return self._ib_find(Item, item_id, self._ib_minutes_domain())

    # ------------------------------------------------------------------ values

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "ib_meeting_count" in counters:
            count = 0
            Event = request.env["calendar.event"]
            Item = request.env["ib.meeting.item"]
            if Event.has_access("read"):
                count += Event.search_count(self._ib_meeting_domain())
            if Item.has_access("read"):
                count += Item.search_count(self._ib_minutes_domain())
            values["ib_meeting_count"] = count
        return values

    def _ib_meeting_values(self, events):
        kinds = dict(events._fields["ib_kind"]._description_selection(request.env))
        return [
            {
                "id": event.id,
                "name": event.name,
                "kind": kinds.get(event.ib_kind, ""),
                "start": event.start,
                "allday": event.allday,
                "location": event.location or "",
            }
            for event in events
        ]

    def _ib_minutes_values(self, items):
        # sudo: the items were found as the parent; only the name of their own
        # child is read from the pupil file.
        names = {item.id: item.sudo().pupil_id.name for item in items}
        kinds = dict(items._fields["meeting_kind"]._description_selection(request.env))
        return [
            {
                "id": item.id,
                "pupil": names[item.id],
                "kind": kinds.get(item.meeting_kind, ""),
                "date": item.meeting_date,
                "item": item,
            }
            for item in items
        ]

    # ------------------------------------------------------------------ routes

    @http.route(["/my/meetings"], type="http", auth="user", website=True)
    def portal_my_meetings(self, **kw):
        Event = request.env["calendar.event"]
        Item = request.env["ib.meeting.item"]
        events = (
            Event.search(self._ib_meeting_domain(), order="start desc")
            if Event.has_access("read")
            else Event
        )
        items = (
            Item.search(self._ib_minutes_domain(), order="meeting_date desc, id desc")
            if Item.has_access("read")
            else Item
        )
        return self._ib_render(
            "ib_meetings.portal_my_meetings",
            {
                "page_name": "ib_meetings",
                "meetings": self._ib_meeting_values(events),
                "minutes": self._ib_minutes_values(items),
            },
        )

    @http.route(["/my/meetings/<int:event_id>"], type="http", auth="user", website=True)
    def portal_my_meeting(self, event_id, **kw):
        event = self._ib_meeting(event_id)
        # Parents may not read an item's meeting (event_id is not on the items'
        # portal whitelist): the ids of the items on this meeting's agenda are
        # looked up with sudo, after the parent's own access to the meeting was
        # checked above; the search as the parent then keeps those they may read.
        agenda_ids = (
            request.env["ib.meeting.item"]
            .sudo()
            .search_fetch([("event_id", "=", event.id)], ["id"])
            .ids
        )
        items = request.env["ib.meeting.item"].search(
            [("id", "in", agenda_ids), *self._ib_minutes_domain()]
        )
        return self._ib_render(
            "ib_meetings.portal_my_meeting",
            {
                "page_name": "ib_meeting",
                "meeting": self._ib_meeting_values(event)[0],
                # The people invited with the parent, by name only.
                "attendees": ", ".join(
                    event._ib_invited_partners().sudo().mapped("name")
                ),
                "minutes": self._ib_minutes_values(items),
            },
        )

    @http.route(
        ["/my/meetings/minutes/<int:item_id>"], type="http", auth="user", website=True
    )
    def portal_my_meeting_minutes(
        self, item_id, report_type=None, download=False, **kw
    ):
        item = self._ib_minutes(item_id)
        if report_type in ("pdf", "html"):
            # The report prints only the shared part (question, conclusion,
            # agreements) of this item, which the parent may read.
            return self._show_report(
                model=item.sudo(),
                report_type=report_type,
                report_ref="ib_meetings.action_report_meeting_item_parents",
                download=download,
            )
        return self._ib_render(
            "ib_meetings.portal_my_meeting_minutes",
            {
                "page_name": "ib_meeting_minutes",
                "is_html_empty": is_html_empty,
                "minutes": self._ib_minutes_values(item)[0],
                "agreements": item.agreement_ids.filtered(
                    lambda a: a.state != "cancelled"
                ),
            },
        )
