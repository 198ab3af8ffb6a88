import { rpc } from "@web/core/network/rpc";
import { registry } from "@web/core/registry";
import { inputFiles } from "@web/../tests/utils";

// Ordinary work of an office employee or a teacher, as without the suite (issue 25).
// Run by ib_meetings/tests/test_guest_tours.py as each of them.

const EVENT = "Guest tour event";

function todayAtTen() {
    const now = new Date();
    const month = String(now.getMonth() + 1).padStart(2, "0");
    const day = String(now.getDate()).padStart(2, "0");
    return `${month}/${day}/${now.getFullYear()} 10:00:00`;
}

async function eventStart() {
    const records = await rpc("/web/dataset/call_kw/calendar.event/search_read", {
        model: "calendar.event",
        method: "search_read",
        args: [[["name", "=", EVENT]], ["start"]],
        kwargs: {},
    });
    return records.length === 1 ? records[0].start : null;
}

let startBeforeMove = null;

registry.category("web_tour.tours").add("ib_guest_calendar_create_move_tour", {
    steps: () => [
        {
            content: "Create a new event",
            trigger: ".o-calendar-button-new",
            run: "click",
        },
        {
            content: "Give it a name",
            trigger: "#name_0",
            run: `edit ${EVENT}`,
        },
        {
            content: "Open the date picker",
            trigger: "div[name='start'] button",
            run: "click",
        },
        {
            content: "Today at ten",
            trigger: "#start_0",
            run: `edit ${todayAtTen()}`,
        },
        {
            content: "One hour",
            trigger: "#duration_0",
            run: "edit 01:00",
        },
        {
            content: "Save: no access error, the form is saved",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
            async run() {
                startBeforeMove = await eventStart();
                if (!startBeforeMove) {
                    throw new Error("the event was not saved");
                }
            },
        },
        {
            content: "Back to the calendar",
            trigger: ".o_back_button",
            run: "click",
        },
        {
            content: "Week view",
            trigger: ".fc-timeGridWeek-view",
        },
        {
            content: "Drag the event to the afternoon",
            trigger: `.fc-timegrid-event:contains("${EVENT}")`,
            run: 'drag_and_drop .fc-timegrid-slot-lane[data-time="14:00:00"]',
        },
        {
            content: "The move is saved",
            trigger: `.fc-timegrid-event:contains("${EVENT}")`,
            async run() {
                for (let i = 0; i < 50; i++) {
                    const start = await eventStart();
                    if (start && start !== startBeforeMove) {
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 200));
                }
                throw new Error(`the event was not moved (start ${startBeforeMove})`);
            },
        },
        {
            content: "No error dialog",
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

registry.category("web_tour.tours").add("ib_guest_calendar_delete_tour", {
    steps: () => [
        {
            content: "Open the event",
            trigger: `.fc-timegrid-event:contains("${EVENT}")`,
            run: "click",
        },
        {
            trigger: ".o_cw_popover",
        },
        {
            content: "Delete the event",
            trigger: ".o_cw_popover_delete",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal button:contains(Delete)",
            run: "click",
        },
        {
            content: "The event is gone, without an error",
            trigger: `.fc-timeGridWeek-view:not(:has(.fc-timegrid-event:contains("${EVENT}")))`,
        },
        {
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});

registry.category("web_tour.tours").add("ib_guest_chatter_tour", {
    steps: () => [
        {
            content: "The contact's chatter",
            trigger: ".o-mail-Chatter",
        },
        {
            content: "Log a note",
            trigger: "button:contains(Log note)",
            run: "click",
        },
        {
            content: "Write it",
            trigger: ".o-mail-Composer-input",
            run: "edit Guest tour note",
        },
        {
            content: "Attach a file",
            trigger: ".o-mail-Composer button[title='Attach Files']",
            async run() {
                const file = new File(["guest tour"], "guest-tour.txt", { type: "text/plain" });
                await inputFiles(".o-mail-Composer .o_input_file", [file]);
            },
        },
        {
            trigger: '.o-mail-AttachmentContainer:not(.o-isUploading):contains("guest-tour.txt")',
        },
        {
            content: "Post it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The note is in the chatter, with its attachment",
            trigger: '.o-mail-Message:contains("Guest tour note"):contains("guest-tour.txt")',
        },
        {
            content: "Schedule an activity",
            trigger: "button:contains(Activity)",
            run: "click",
        },
        {
            trigger: ".o_selection_badge span:contains('To-Do')",
            run: "click",
        },
        {
            trigger: ".o_selection_badge.active span:contains('To-Do')",
        },
        {
            trigger: ".modal div[name='summary'] input",
            run: "edit Guest tour call",
        },
        {
            trigger: ".modal button:contains(Save)",
            run: "click",
        },
        {
            content: "The activity is scheduled",
            trigger: ".o-mail-Activity:contains('Guest tour call')",
        },
        {
            content: "Mark it done",
            trigger: ".o-mail-Activity:contains('Guest tour call') .o-mail-Activity-markDone",
            run: "click",
        },
        {
            trigger: ".o-mail-ActivityMarkAsDone button[aria-label='Done']",
            run: "click",
        },
        {
            content: "Done: logged in the chatter, no longer planned",
            trigger: ".o-mail-Message:contains('Guest tour call')",
        },
        {
            trigger: ".o-mail-Chatter:not(:has(.o-mail-Activity:contains('Guest tour call')))",
        },
        {
            trigger: "body:not(:has(.o_error_dialog))",
        },
    ],
});
