from datetime import date

from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.http import request

from odoo.addons.ib_core.controllers.portal import IbParentPortal
from odoo.addons.ib_core.controllers.portal_mixin import NAME_MAX_CHARS, TEXT_MAX_CHARS

# A child registered at a primary school is between 2 (a first registration,
# made well before the fourth birthday) and 14 years old.
MIN_AGE, MAX_AGE = 2, 14
FORM_FIELDS = (
    "child_first_name",
    "child_infix",
    "child_last_name",
    "child_birth_date",
    "previous_school_name",
    "support_need",
    "information_consent",
    "company_id",
)


class IbIntakePortal(IbParentPortal):
    """Parents register a child with a support need and follow the decision.

    A registration is found as the parent (the portal rule: they are one of its
    parents) with the same domain on top; someone else's and a missing one give
    the same 404. The pages print only whitelisted fields (``_ib_portal_fields``).
    """

    def _ib_intake_domain(self):
        return [("parent_ids", "in", [self._ib_partner().id])]

    def _ib_intake(self, intake_id):
        return self._ib_find(
            request.env["ib.intake"], intake_id, self._ib_intake_domain()
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        Intake = request.env["ib.intake"]
        self._ib_set_counter(
            values,
            counters,
            "ib_intake_count",
            Intake,
            lambda: Intake.search_count(self._ib_intake_domain()),
        )
        return values

    def _ib_intake_rows(self, intakes):
        """What the parents see of their registrations: whitelisted fields, read
        as the parent; the offered school's name (a partner the parent cannot
        read) is printed from the registration found as the parent."""
        states = dict(intakes._fields["state"]._description_selection(request.env))
        Intake = request.env["ib.intake"]
        rows = []
        # sudo: the registrations were found as the parent; only the name of the
        # school offered to them is read.
        offers = {i.id: i.offer_school_id.name or "" for i in intakes.sudo()}
        for intake in intakes:
            rows.append(
                {
                    "id": intake.id,
                    "name": intake.name,
                    "school": intake.company_id.name,
                    "birth_date": Intake._ib_dutch_date(intake.child_birth_date),
                    "registration_date": Intake._ib_dutch_date(
                        intake.registration_date
                    ),
                    "deadline": Intake._ib_dutch_date(intake.deadline),
                    "is_paused": intake.is_paused,
                    "state": intake.state,
                    "state_label": states[intake.state],
                    "support_need": intake.support_need,
                    "previous_school": intake.previous_school_name or "",
                    "extended_on": Intake._ib_dutch_date(intake.extended_on),
                    "extension_reason": intake.extension_reason or "",
                    "decision_date": Intake._ib_dutch_date(intake.decision_date),
                    "decision_told": intake.decision_told or "",
                    "offer_school": offers[intake.id],
                }
            )
        return rows

    def _ib_intake_schools(self):
        """The schools a parent can register at: those of their portal account."""
        return request.env.user.company_ids

    @http.route("/my/intake", type="http", auth="user", website=True)
    def ib_portal_intakes(self, message=None, **kw):
        intakes = request.env["ib.intake"].search(self._ib_intake_domain())
        values = {
            "page_name": "ib_intakes",
            "ib_intakes": self._ib_intake_rows(intakes),
            "ib_message": message,
        }
        return self._ib_render("ib_intake.portal_my_intakes", values)

    @http.route("/my/intake/<int:intake_id>", type="http", auth="user", website=True)
    def ib_portal_intake(self, intake_id, **kw):
        intake = self._ib_intake(intake_id)
        values = {
            "page_name": "ib_intake",
            "ib_intake": self._ib_intake_rows(intake)[0],
        }
        return self._ib_render("ib_intake.portal_my_intake", values)

    @http.route(
        "/my/intake/<int:intake_id>/letter", type="http", auth="user", website=True
    )
    def ib_portal_intake_letter(self, intake_id, **kw):
        intake = self._ib_intake(intake_id)
        if intake.state != "refused":
            raise NotFound()
        # sudo: the registration was found as the parent; the letter prints
        # only what the school told them (and the school's letterhead).
        pdf, _kind = (
            request.env["ir.actions.report"]
            .sudo()
            ._render_qweb_pdf("ib_intake.ib_intake_refusal_report_action", intake.ids)
        )
        filename = f"besluit-aanmelding-{intake.id}.pdf"
        return request.make_response(
            pdf,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(pdf)),
                ("Content-Disposition", f'attachment; filename="{filename}"'),
            ],
        )

    # ------------------------------------------------------------------
    # Registering a child
    # ------------------------------------------------------------------

    @http.route(
        "/my/intake/new",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def ib_portal_intake_new(self, **post):
        schools = self._ib_intake_schools()
        if request.httprequest.method != "POST":
            return self._ib_render_new(schools, {}, {})
        form = {name: (post.get(name) or "").strip() for name in FORM_FIELDS}
        vals, errors = self._ib_check_intake_form(form, schools)
        if errors:
            return self._ib_render_new(schools, form, errors)
        partner = self._ib_partner()
        # sudo: the parent registers their own child (partner = the logged-in
        # user, a school of their own account, every value checked above);
        # parents write nothing through the ORM themselves.
        intake = (
            request.env["ib.intake"]
            .sudo()
            .create(
                {
                    **vals,
                    "partner_id": partner.id,
                    "registration_date": fields.Date.context_today(request.env.user),
                }
            )
        )
        return request.redirect(f"/my/intake/{intake.id}?message=registered")

    def _ib_render_new(self, schools, form, errors):
        values = {
            "page_name": "ib_intake_new",
            "ib_schools": [(s.id, s.name) for s in schools],
            "ib_form": form,
            "ib_errors": errors,
        }
        return self._ib_render("ib_intake.portal_intake_new", values)

    def _ib_check_intake_form(self, form, schools):
        """The values of the registration form, or the translated errors per
        field: nothing is written when there is one."""
        env = request.env
        errors = {}
        for name in ("child_first_name", "child_last_name"):
            if not form[name]:
                errors[name] = env._("Please fill in the child's name.")
            elif len(form[name]) > NAME_MAX_CHARS:
                errors[name] = env._("This name is too long.")
        if len(form["child_infix"]) > NAME_MAX_CHARS:
            errors["child_infix"] = env._("This name is too long.")
        if len(form["previous_school_name"]) > NAME_MAX_CHARS:
            errors["previous_school_name"] = env._("This name is too long.")
        birth_date = None
        try:
            birth_date = date.fromisoformat(form["child_birth_date"])
        except ValueError:
            errors["child_birth_date"] = env._(
                "Please fill in the date of birth (day-month-year)."
            )
        if birth_date:
            today = fields.Date.context_today(request.env.user)
            age = (
                today.year
                - birth_date.year
                - ((today.month, today.day) < (birth_date.month, birth_date.day))
            )
            if not MIN_AGE <= age <= MAX_AGE:
                errors["child_birth_date"] = env._(
                    "A child registered at a primary school is between %(min)s and "
                    "%(max)s years old: check the date of birth.",
                    min=MIN_AGE,
                    max=MAX_AGE,
                )
        if not form["support_need"]:
            errors["support_need"] = env._(
                "Please describe what your child needs: the school uses this to "
                "look at the support it can give."
            )
        elif len(form["support_need"]) > TEXT_MAX_CHARS:
            errors["support_need"] = env._(
                "Your text is too long: use at most 5000 characters."
            )
        company_id = int(form["company_id"]) if form["company_id"].isdigit() else 0
        if len(schools) == 1 and not form["company_id"]:
            company_id = schools.id
        if company_id not in schools.ids:
            errors["company_id"] = env._("Please choose the school.")
        if errors:
            return {}, errors
        return {
            "child_first_name": form["child_first_name"],
            "child_infix": form["child_infix"] or False,
            "child_last_name": form["child_last_name"],
            "child_birth_date": birth_date,
            "previous_school_name": form["previous_school_name"] or False,
            "support_need": form["support_need"],
            "information_consent": bool(form["information_consent"]),
            "consent_date": form["information_consent"]
            and fields.Date.context_today(request.env.user),
            "company_id": company_id,
        }, {}
