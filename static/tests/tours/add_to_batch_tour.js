import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("account_payment_batch_add_to_batch_tour", {
    steps: () => [
        {
            content: "Add to Batch on the customer's form",
            trigger: ".o_form_view button[name=action_add_to_batch]",
            run: "click",
        },
        {
            content: "The open batch assigned to the clerk is proposed",
            trigger: ".modal div[name=batch_id] input:value('BATCH/')",
        },
        {
            trigger: ".modal button[name=action_continue]",
            run: "click",
        },
        {
            content: "A new receipt of the customer, in that batch",
            trigger: ".modal div[name=partner_id] input:value('Tour Family')",
        },
        {
            trigger: ".modal div[name=amount] input",
            run: "edit 75",
        },
        {
            trigger: ".modal div[name=memo] input",
            run: "edit CHQ-ADD-1",
        },
        {
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog closes once the receipt is saved",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
