from odoo import http
from odoo.http import request

from odoo.addons.ib_core.controllers.portal import IbParentPortal


class IbObservationPortal(IbParentPortal):
    """The parents' version of an observation list, in the portal.

    Parents have no access rights on observation lists. The children are found
    as the parent (ib_core's guardian rule with portal access); the list is then
    looked up with sudo, restricted to the parents' lists of those children in
    an open round, and only the items, the answer options and the parents' own
    answers are printed: never the teacher's list, scores or cut-offs.
    """

    def _ib_observation_domain(self):
        return [
            ("respondent", "=", "parent"),
            ("round_id.state", "=", "open"),
            ("pupil_id", "in", self._ib_children().ids),
        ]

    def _ib_observation_lists(self):
        # sudo: parents have no access to observation lists; the domain limits
        # the lookup to the parents' lists of the children found as this parent.
        return (
            request.env["ib.observation.list"]
            .sudo()
            .search(self._ib_observation_domain(), order="id desc")
        )

    def _ib_observation_list(self, list_id):
        # sudo: see _ib_observation_lists
        return self._ib_find(
            request.env["ib.observation.list"].sudo(),
            list_id,
            self._ib_observation_domain(),
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        # The lists are found through the children, searched as the user.
        self._ib_set_counter(
            values,
            counters,
            "ib_observation_count",
            request.env["ib.pupil"],
            lambda: len(
                self._ib_observation_lists().filtered(lambda lst: lst.state == "draft")
            ),
        )
        return values

    def _ib_observation_summary(self, lst):
        """What the parent sees of a list: the child, the round, the deadline and
        whether it is done."""
        return {
            "id": lst.id,
            "url": f"/my/observations/{lst.id}",
            "child": lst.pupil_id.name,
            "round": lst.round_id.name,
            "deadline": lst.round_id.date_deadline,
            "done": lst.state == "done",
        }

    def _ib_observation_values(self, lst):
        answers = lst.answer_ids.sorted(lambda a: (a.item_sequence, a.id))
        return {
            **self._ib_observation_summary(lst),
            "options": [
                {"id": option.id, "name": option.name}
                for option in lst.instrument_id.option_ids
            ],
            "answers": [
                {
                    "id": answer.id,
                    "item": answer.item_id.name,
                    "option_id": answer.option_id.id,
                }
                for answer in answers
            ],
        }

    @http.route("/my/observations", type="http", auth="user", website=True)
    def ib_portal_observations(self, **kw):
        lists = self._ib_observation_lists()
        values = {
            "page_name": "ib_observations",
            "ib_observations": [self._ib_observation_summary(lst) for lst in lists],
        }
        return self._ib_render("ib_observation.portal_my_observations", values)

    @http.route(
        "/my/observations/<int:list_id>",
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def ib_portal_observation(self, list_id, message=None, **kw):
        lst = self._ib_observation_list(list_id)
        return self._ib_render_observation(lst, message=message)

    def _ib_render_observation(self, lst, message=None, error=None, chosen=None):
        values = self._ib_observation_values(lst)
        if chosen:
            for answer in values["answers"]:
                answer["option_id"] = chosen.get(answer["id"], answer["option_id"])
        return self._ib_render(
            "ib_observation.portal_my_observation",
            {
                "page_name": "ib_observation",
                "ib_observation": values,
                "ib_message": message,
                "ib_error": error,
            },
        )

    @http.route(
        "/my/observations/<int:list_id>",
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def ib_portal_observation_save(self, list_id, submit=None, **post):
        """Save the parent's answers (``answer_<id>`` = option id); with
        ``submit`` the list is done once every item is answered. An answer of
        another list or an option of another instrument is refused and nothing
        is written."""
        lst = self._ib_observation_list(list_id)
        if lst.state != "draft":
            return self._ib_render_observation(lst, error="done")
        answers = {answer.id: answer for answer in lst.answer_ids}
        options = set(lst.instrument_id.option_ids.ids)
        chosen = {}
        for key, raw in post.items():
            if not key.startswith("answer_"):
                continue
            try:
                answer_id, option_id = int(key[7:]), int(raw)
            except ValueError:
                return self._ib_render_observation(lst, error="invalid")
            if answer_id not in answers or option_id not in options:
                return self._ib_render_observation(lst, error="invalid")
            chosen[answer_id] = option_id
        if submit and set(chosen) | {
            a.id for a in lst.answer_ids if a.option_id
        } != set(answers):
            return self._ib_render_observation(lst, error="incomplete", chosen=chosen)
        by_option = {}
        for answer_id, option_id in chosen.items():
            if answers[answer_id].option_id.id != option_id:
                by_option.setdefault(option_id, []).append(answer_id)
        # sudo (list found above for this parent): parents cannot write answers;
        # only options of the list's own instrument are written, on its answers.
        Answer = request.env["ib.observation.answer"].sudo()
        for option_id, answer_ids in by_option.items():
            Answer.browse(answer_ids).write({"option_id": option_id})
        if submit:
            lst.action_done()
            return request.redirect(f"/my/observations/{lst.id}?message=done")
        return request.redirect(f"/my/observations/{lst.id}?message=saved")
