import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("account_payment_batch_deposit_tour", {
    steps: () => [
        {
            content: "The closed batch shows what goes to the bank",
            trigger: "div[name=bankable_cheque_count]:contains('2')",
        },
        {
            trigger: "div[name=deposit_state]:contains('Not Deposited')",
        },
        {
            content: "Prepare the deposit",
            trigger: "button[name=action_open_deposit_wizard]",
            run: "click",
        },
        {
            content: "The dialog lists the cheques and proposes the bankable total",
            trigger: ".modal div[name=payment_ids] .o_data_row:contains('CHQ 301')",
        },
        {
            trigger: ".modal div[name=bankable_amount]:contains('350.00')",
        },
        {
            trigger: ".modal div[name=name] input",
            run: "edit SLIP 77",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The deposit is recorded and waits for the bank",
            trigger: ".o_form_view:not(.modal) .o_statusbar_status [aria-checked=true]:contains('Deposited')",
        },
        {
            trigger: ".o_form_view div[name=name]:contains('SLIP 77')",
        },
    ],
});
