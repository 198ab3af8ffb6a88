import { registry } from "@web/core/registry";

// A teacher opens a pupil of their group: the Log page lists the normal notes only;
// they hand a confidential concern to the care coordinator and stay on the pupil.
registry.category("web_tour.tours").add("ib_core_note_concern_tour", {
    steps: () => [
        {
            content: "Open the Log page of the pupil file",
            trigger: ".o_form_view .o_notebook .nav-link:contains('Log')",
            run: "click",
        },
        {
            content: "The teacher's own note is listed",
            trigger: ".o_field_widget[name='note_ids'] .o_data_row:contains('Observation 5a')",
        },
        {
            content: "The confidential note is not",
            trigger: ".o_field_widget[name='note_ids']:not(:contains('Home situation 5a'))",
        },
        {
            content: "Report a concern in confidence",
            trigger: ".o_form_view button[name='action_raise_concern']",
            run: "click",
        },
        {
            content: "Give it a subject",
            trigger: ".modal .o_field_widget[name='name'] input",
            run: "edit Bruises seen at gym",
        },
        {
            content: "Hand it to the care coordinator",
            trigger: ".modal button[name='action_submit']",
            run: "click",
        },
        {
            content: "The teacher is told it was handed over",
            trigger: ".o_notification:contains('Confidential concern recorded')",
        },
        {
            content: "Back on the pupil file, without an error dialog",
            trigger: "body:not(:has(.modal)) .o_form_view .o_notebook",
        },
    ],
});
