import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * The counters of a school's card in the care overview (res.company,
 * field ib_overview_counters). Each counter opens the records behind it through
 * res.company.action_open_counter, which checks access again on the server.
 */
export class IbOverviewCounters extends Component {
    static template = "ib_core.IbOverviewCounters";
    static props = { ...standardFieldProps };

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
    }

    get sections() {
        const sections = [];
        for (const counter of this.props.record.data[this.props.name] || []) {
            let section = sections.at(-1);
            if (!section || section.name !== counter.section) {
                section = { name: counter.section, counters: [] };
                sections.push(section);
            }
            section.counters.push(counter);
        }
        return sections;
    }

    countClass(counter) {
        return counter.count ? `text-${counter.severity || "info"}` : "text-muted";
    }

    async open(counter) {
        const action = await this.orm.call("res.company", "action_open_counter", [
            [this.props.record.resId],
            counter.key,
        ]);
        await this.action.doAction(action);
    }
}

export const ibOverviewCounters = {
    component: IbOverviewCounters,
    displayName: _t("Care Overview Counters"),
    supportedTypes: ["json"],
};

registry.category("fields").add("ib_overview_counters", ibOverviewCounters);
