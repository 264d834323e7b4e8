import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("account_payment_batch_close_confirm_tour", {
    steps: () => [
        {
            content: "Close asks first, naming what it will post",
            trigger: ".o_form_view button[name=action_open_close_confirm]",
            run: "click",
        },
        {
            trigger: ".modal div[name=message]:contains('Post 3 receipts for'):contains('1,234.00')",
        },
        {
            trigger: ".modal div[name=details]:contains('closed and locked')",
        },
        {
            content: "Cancel leaves the batch open",
            trigger: ".modal .modal-footer button:contains('Cancel')",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
        {
            trigger: ".o_statusbar_status [aria-checked=true]:contains('Open')",
        },
        {
            content: "Close again and confirm",
            trigger: ".o_form_view button[name=action_open_close_confirm]",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status [aria-checked=true]:contains('Closed')",
        },
        {
            content: "Each receipt shows the date it was received",
            trigger: ".o_notebook .nav-link:contains('Receipts')",
            run: "click",
        },
        {
            trigger: "div[name=payment_ids] .o_data_row td[name=batch_received_date]:contains('Mar 2')",
        },
    ],
});
