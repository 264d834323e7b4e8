import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("account_payment_batch_card_charge_tour", {
    steps: () => [
        {
            content: "Start from the card charge history",
            trigger: ".o_control_panel button:contains('Charge Cards'), .o_list_view button:contains('Charge Cards')",
            run: "click",
        },
        {
            content: "Step 1: batch type and payment method are filled in",
            trigger: ".modal div[name=batch_type_id] input:value('Card Charges')",
        },
        {
            trigger: ".modal div[name=payment_method_line_id] input:value('Demo Cards')",
        },
        {
            content: "The provider is in test mode, and the clerk is told",
            trigger: ".modal .alert-warning:contains('test mode')",
        },
        {
            content: "One payment number for every payment",
            trigger: ".modal div[name=payment_number] input",
            run: "edit TOUR-1",
        },
        {
            trigger: ".modal button[name=action_next]",
            run: "click",
        },
        {
            content: "Step 2: open invoices of customers with a saved card",
            trigger: ".modal div[name=eligible_line_ids] .o_data_row:contains('Ann Paid'):contains('4242')",
        },
        {
            content: "Customers without an eligible card are listed apart, with the reason",
            trigger: ".modal div[name=ineligible_line_ids] .o_data_row:contains('Cid No Card'):contains('No saved payment method')",
        },
        {
            content: "Only Ann's first invoice: filter on 100.00",
            trigger: ".modal div[name=amount_min] input",
            run: "edit 100",
        },
        {
            trigger: ".modal div[name=amount_max] input",
            run: "edit 100",
        },
        {
            trigger: ".modal button[name=action_refresh]",
            run: "click",
        },
        {
            trigger: ".modal div[name=eligible_line_ids]:not(:contains('Bob Declined')) .o_data_row:contains('Ann Paid')",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Step 3: customers, invoices and total",
            trigger: ".modal div[name=amount_total]:contains('100.00')",
        },
        {
            trigger: ".modal div[name=customer_count]:contains('1')",
        },
        {
            trigger: ".modal button[name=action_submit]",
            run: "click",
        },
        {
            content: "The batch shows each payment's result",
            trigger: ".o_form_view:not(.modal) div[name=charge_posted_count]:contains('1')",
        },
        {
            trigger: ".o_form_view .o_statusbar_status [aria-checked=true]:contains('Closed')",
        },
    ],
});
