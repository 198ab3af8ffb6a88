import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("ib_support_request_teacher_tour", {
    url: "/odoo/action-ib_core.ib_pupil_action",
    steps: () => [
        {
            content: "Open the pupil file of a pupil of the teacher's group",
            trigger: ".o_kanban_record:contains('Anna de Vries')",
            run: "click",
        },
        {
            content: "Ask the care coordinator for help",
            trigger: ".o_form_view .o_statusbar_buttons button:contains('Ask for Help')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name='pupil_id'] input:value('Anna de Vries')",
        },
        {
            content: "Choose the domain",
            trigger: ".o_field_widget[name='care_domain'] .o_select_menu_toggler",
            run: "click",
        },
        {
            trigger: ".o_select_menu_menu .o_select_menu_item:contains('Reading')",
            run: "click",
        },
        {
            content: "Describe the question",
            trigger: ".o_field_html[name='question'] .odoo-editor-editable div.o-paragraph",
            run: "editor Anna reads slowly and guesses long words.",
        },
        {
            content: "The coordinator is assigned automatically",
            trigger: ".o_field_widget[name='coordinator_id']:contains('t_tour_coordinator')",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The request got its number",
            trigger: ".o_field_widget[name='name']:contains('HV/')",
        },
        {
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('New')",
        },
    ],
});

registry.category("web_tour.tours").add("ib_overview_tour", {
    url: "/odoo/action-ib_core.ib_overview_action",
    steps: () => [
        {
            content: "The school's card counts one new support request",
            trigger:
                ".o_kanban_record:contains('Test School A') [data-counter='support_request_new'] .o_ib_overview_count:contains('1')",
        },
        {
            content: "The overdue counter is zero",
            trigger:
                ".o_kanban_record:contains('Test School A') [data-counter='support_request_overdue'] .o_ib_overview_count:contains('0')",
        },
        {
            content: "The school's card uses the width of the screen, with a tile per counter",
            trigger: ".o_kanban_record:contains('Test School A') .o_ib_overview_grid",
            run() {
                const card = this.anchor.closest(".o_kanban_record");
                const renderer = card.closest(".o_kanban_renderer");
                const share = card.getBoundingClientRect().width / renderer.getBoundingClientRect().width;
                if (share < 0.9) {
                    throw new Error(`the school's card is ${Math.round(share * 100)}% of the width`);
                }
                const tiles = [...this.anchor.querySelectorAll(".o_ib_overview_tile")];
                const firstRow = tiles.filter((t) => t.offsetTop === tiles[0].offsetTop);
                if (tiles.length > 1 && firstRow.length < 2) {
                    throw new Error("the counters are stacked one per row");
                }
            },
        },
        {
            content: "Open the new support requests",
            trigger: ".o_kanban_record:contains('Test School A') [data-counter='support_request_new']",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains('New support requests (Test School A)')",
        },
        {
            content: "The request is listed",
            trigger: ".o_kanban_record:contains('Anna de Vries')",
        },
    ],
});
