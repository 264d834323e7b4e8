import { patch } from "@web/core/utils/patch";
import { AccountPaymentField } from "@account/components/account_payment_field/account_payment_field";

// A payment added through a payment batch links to its batch from the
// invoice's payment popover ("Added via batch BATCH/2026/00001").
patch(AccountPaymentField.prototype, {
    getInfo() {
        const info = super.getInfo(...arguments);
        for (const line of info.lines) {
            if (line.batch_id) {
                line.openBatch = () => this.openBatch(line.batch_id);
            }
        }
        return info;
    },

    openBatch(batchId) {
        this.popover.close();
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "account.payment.batch",
            res_id: batchId,
            views: [[false, "form"]],
            target: "current",
        });
    },
});
