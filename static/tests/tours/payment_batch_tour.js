import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("account_payment_batch_lifecycle_tour", {
    steps: () => [
        {
            content: "The kanban shows one column per state, the draft batch in Draft",
            trigger: ".o_kanban_group:contains('Draft') .o_kanban_record:contains('Tour lockbox')",
        },
        {
            trigger: ".o_kanban_group:contains('Open')",
        },
        {
            trigger: ".o_kanban_group:contains('Closed')",
        },
        {
            trigger: ".o_kanban_group:contains('Cancelled')",
        },
        {
            content: "Create a batch",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name=batch_type_id] input",
            run: "edit Tour Receipts",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Receipts')",
            run: "click",
        },
        {
            content: "The type's line types become the batch lines",
            trigger: "div[name=line_ids] .o_data_row:contains('Tour Cheques') td[name=recorded_payment_count]",
            run: "click",
        },
        {
            trigger: "div[name=line_ids] .o_data_row td[name=recorded_payment_count] input",
            run: "edit 2",
        },
        {
            trigger: "div[name=line_ids] .o_data_row td[name=recorded_payment_amount] input",
            run: "edit 150",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Open the batch",
            trigger: ".o_form_saved button[name=action_open]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status [aria-checked=true]:contains('Open')",
        },
        {
            content: "Corrected totals start from the recorded ones",
            trigger: "div[name=line_ids] .o_data_row td[name=corrected_payment_count]:contains('2')",
        },
        {
            content: "Closing an unbalanced batch is refused with the differences",
            trigger: "button[name=action_open_close_confirm]",
            run: "click",
        },
        {
            trigger: ".modal:contains('cannot be closed'):contains('payment count corrected 2, entered 0')",
        },
        {
            trigger: ".modal .btn-primary",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status [aria-checked=true]:contains('Open')",
        },
    ],
});

registry.category("web_tour.tours").add("account_payment_batch_receipt_tour", {
    steps: () => [
        {
            content: "Open the receipts tab of the open batch",
            trigger: ".o_notebook .nav-link:contains('Receipts')",
            run: "click",
        },
        {
            trigger: "div[name=payment_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: "div[name=payment_ids] .o_data_row td[name=partner_id] input",
            run: "edit Tour Customer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Tour Customer')",
            run: "click",
        },
        {
            trigger: "div[name=payment_ids] .o_data_row td[name=memo] input",
            run: "edit CHQ 4711",
        },
        {
            trigger: "div[name=payment_ids] .o_data_row td[name=amount] input",
            run: "edit 120",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Auto-match allocated the receipt to the customer's invoice",
            trigger: ".o_form_saved div[name=payment_ids] .o_data_row td[name=batch_allocated_amount]:contains('120.00')",
        },
        {
            trigger: ".o_notebook .nav-link:contains('Lines')",
            run: "click",
        },
        {
            content: "The line's entered totals follow the receipt",
            trigger: "div[name=line_ids] .o_data_row td[name=entered_payment_count]:contains('1')",
        },
        {
            content: "Check lists the remaining difference",
            trigger: "button[name=action_check_close]",
            run: "click",
        },
        {
            trigger: ".o_notification:contains('payment amount corrected')",
        },
    ],
});

registry.category("web_tour.tours").add("account_payment_batch_import_tour", {
    steps: () => [
        {
            content: "Open the import dialog of the batch",
            trigger: "button[name=action_open_import_wizard]",
            run: "click",
        },
        {
            trigger: ".modal div[name=file]",
        },
        {
            trigger: ".modal div[name=date_order]",
        },
        {
            content: "Importing without a file says so",
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            trigger: ".modal:contains('Choose the spreadsheet file to import') .btn-primary",
            run: "click",
        },
        {
            trigger: ".modal button[name=action_download_template]",
        },
    ],
});
