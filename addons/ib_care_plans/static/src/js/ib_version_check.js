import { patch } from "@web/core/utils/patch";
import { Record } from "@web/model/relational_model/record";

/**
 * Version check of care plans (and any model with the fields ib_version and
 * ib_edit_token in its form): whenever a form saves changes of an existing
 * record, it also sends the version the record was loaded with, so that the
 * server refuses the save when someone else saved the record in between.
 */
patch(Record.prototype, {
    _getChanges() {
        const result = super._getChanges(...arguments);
        if (
            this.resId &&
            "ib_edit_token" in this.activeFields &&
            "ib_version" in this.data &&
            Object.keys(result).length
        ) {
            result.ib_edit_token = String(this.data.ib_version);
        }
        return result;
    },
});
