import { registry } from "@web/core/registry";

/** Type `text` into the focused field, one key at a time, as a clerk would. */
function typeKeys(text) {
    return async (helpers) => {
        for (const key of text) {
            // A capital letter is typed with Shift, as on a keyboard.
            const lower = key.toLowerCase();
            await helpers.press(key === lower ? key : `Shift+${lower}`);
        }
    };
}

const row = "div[name=payment_ids] .o_data_row.o_selected_row";

/** The steps typing one receipt from its first cell, by keyboard only. */
function receiptByKeyboard({ amount, payer, reference, invoice, last }) {
    const steps = [
        { trigger: `${row} td[name=batch_line_id] input:focus`, run: "press Tab" },
        { trigger: `${row} td[name=date] input:focus`, run: "press Tab" },
        { trigger: `${row} td[name=payment_method_line_id] input:focus`, run: "press Tab" },
        { trigger: `${row} td[name=amount] input:focus`, run: typeKeys(amount) },
        { trigger: `${row} td[name=amount] input:focus`, run: "press Tab" },
    ];
    if (payer) {
        steps.push(
            { trigger: `${row} td[name=partner_id] input:focus`, run: typeKeys(payer) },
            { trigger: `.o-autocomplete--dropdown-item:contains('${payer}')` },
            { trigger: `${row} td[name=partner_id] input:focus`, run: "press Enter" },
            { trigger: `${row} td[name=partner_id] input:value('${payer}')`, run: "press Tab" }
        );
    } else {
        steps.push({ trigger: `${row} td[name=partner_id] input:focus`, run: "press Tab" });
    }
    steps.push(
        { trigger: `${row} td[name=memo] input:focus`, run: typeKeys(reference) },
        { trigger: `${row} td[name=memo] input:focus`, run: "press Tab" },
        { trigger: `${row} td[name=batch_invoice_number] input:focus`, run: typeKeys(invoice || "") }
    );
    if (!last) {
        steps.push({
            content: "Enter keeps the receipt and starts the next one",
            trigger: `${row} td[name=batch_invoice_number] input:focus`,
            run: "press Enter",
        });
    }
    return steps;
}

registry.category("web_tour.tours").add("account_payment_batch_clerk_entry_tour", {
    steps: () => [
        {
            content: "Create a batch from the menu",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name=batch_type_id] input",
            run: "edit Day Receipts",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Day Receipts')",
            run: "click",
        },
        {
            content: "Type the cover sheet's totals",
            trigger: "div[name=line_ids] .o_data_row:contains('Day Cheques') td[name=recorded_payment_count]",
            run: "click",
        },
        {
            trigger: "div[name=line_ids] .o_data_row td[name=recorded_payment_count] input",
            run: "edit 3",
        },
        {
            trigger: "div[name=line_ids] .o_data_row td[name=recorded_payment_amount] input",
            run: "edit 180",
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
            trigger: ".o_notebook .nav-link:contains('Receipts')",
            run: "click",
        },
        {
            trigger: "div[name=payment_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...receiptByKeyboard({
            amount: "100",
            payer: "Day Customer",
            reference: "CHQ 1",
            invoice: "INV/2026/00001",
        }),
        ...receiptByKeyboard({ amount: "50", payer: "Day Partial", reference: "CHQ 2" }),
        ...receiptByKeyboard({ amount: "30", reference: "CASH 3", last: true }),
        {
            content: "The total follows the typing",
            trigger: "div[name=payment_ids] tfoot:contains('180.00')",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Three receipts, no empty one",
            trigger: ".o_form_saved div[name=payment_ids] .o_data_row:eq(2):contains('CASH 3')",
        },
        {
            trigger: "div[name=payment_ids]:not(:has(.o_data_row:eq(3)))",
        },
        {
            content: "Matched by its invoice number (green)",
            trigger: "div[name=payment_ids] .o_data_row:contains('CHQ 1') td[name=batch_match_status] .text-bg-success:contains('Matched')",
        },
        {
            content: "Pays part of an invoice (blue)",
            trigger: "div[name=payment_ids] .o_data_row:contains('CHQ 2') td[name=batch_match_status] .text-bg-info:contains('Partial')",
        },
        {
            content: "No payer: suspense (red)",
            trigger: "div[name=payment_ids] .o_data_row:contains('CASH 3') td[name=batch_match_status] .text-bg-danger:contains('Suspense')",
        },
        {
            trigger: "div[name=payment_ids] .o_data_row:contains('CHQ 1') td[name=batch_allocated_amount]:contains('100.00')",
        },
        {
            content: "The batch balances: entered as expected",
            trigger: "div[name=amount_entered]:contains('180.00')",
        },
        {
            trigger: "div[name=amount_difference]:contains('0.00')",
        },
    ],
});

/** A small receipts workbook: two good rows and one with an amount in words. */
const RECEIPTS_XLSX = "UEsDBBQAAAAIAFIKeF1GWsEMggAAALEAAAAQAAAAZG9jUHJvcHMvYXBwLnhtbE2OTQvCMBBE/0rp3W5V8CAxINSj4Ml7SDc2kGRDdoX8fFPBj9s83jCMuhXKWMQjdzWGxKd+EclHALYLRsND06kZRyUaaVgeQM55ixPZZ8QksBvHA2AVTDPOm/wd7LU65xy8NeIp6au3hZicdJdqMSj4l2vzjoXXvB+2b/lhBb+T+gVQSwMEFAAAAAgAUgp4XbG4VB7vAAAAKwIAABEAAABkb2NQcm9wcy9jb3JlLnhtbM2Sz07DMAyHXwXl3rpp0UBRlwvTTiAhMQnELUq8LaL5o8So3dvTlq0TggfgGPuXz58ltzoKHRI+pxAxkcV8M7jOZ6Hjmh2JogDI+ohO5XJM+LG5D8kpGp/pAFHpD3VAqKtqBQ5JGUUKJmARFyKTrdFCJ1QU0hlv9IKPn6mbYUYDdujQUwZecmBymhhPQ9fCFTDBCJPL3wU0C3Gu/omdO8DOySHbJdX3fdk3c27cgcPb0+PLvG5hfSblNY6/shV0irhml8mvzcNmt2WyrupVwXlR3+4qLvi9aO7eJ9cffldhF4zd239sfBGULfy6C/kFUEsDBBQAAAAIAFIKeF2ZXJwjEAYAAJwnAAATAAAAeGwvdGhlbWUvdGhlbWUxLnhtbO1aW3PaOBR+76/QeGf2bQvGNoG2tBNzaXbbtJmE7U4fhRFYjWx5ZJGEf79HNhDLlg3tkk26mzwELOn7zkVH5+g4efPuLmLohoiU8nhg2S/b1ru3L97gVzIkEUEwGaev8MAKpUxetVppAMM4fckTEsPcgosIS3gUy9Zc4FsaLyPW6rTb3VaEaWyhGEdkYH1eLGhA0FRRWm9fILTlHzP4FctUjWWjARNXQSa5iLTy+WzF/NrePmXP6TodMoFuMBtYIH/Ob6fkTlqI4VTCxMBqZz9Wa8fR0kiAgsl9lAW6Sfaj0xUIMg07Op1YznZ89sTtn4zK2nQ0bRrg4/F4OLbL0otwHATgUbuewp30bL+kQQm0o2nQZNj22q6RpqqNU0/T933f65tonAqNW0/Ta3fd046Jxq3QeA2+8U+Hw66JxqvQdOtpJif9rmuk6RZoQkbj63oSFbXlQNMgAFhwdtbM0gOWXin6dZQa2R273UFc8FjuOYkR/sbFBNZp0hmWNEZynZAFDgA3xNFMUHyvQbaK4MKS0lyQ1s8ptVAaCJrIgfVHgiHF3K/99Ze7yaQzep19Os5rlH9pqwGn7bubz5P8c+jkn6eT101CznC8LAnx+yNbYYcnbjsTcjocZ0J8z/b2kaUlMs/v+QrrTjxnH1aWsF3Pz+SejHIju932WH32T0duI9epwLMi15RGJEWfyC265BE4tUkNMhM/CJ2GmGpQHAKkCTGWoYb4tMasEeATfbe+CMjfjYj3q2+aPVehWEnahPgQRhrinHPmc9Fs+welRtH2Vbzco5dYFQGXGN80qjUsxdZ4lcDxrZw8HRMSzZQLBkGGlyQmEqk5fk1IE/4rpdr+nNNA8JQvJPpKkY9psyOndCbN6DMawUavG3WHaNI8ev4F+Zw1ChyRGx0CZxuzRiGEabvwHq8kjpqtwhErQj5iGTYacrUWgbZxqYRgWhLG0XhO0rQR/FmsNZM+YMjszZF1ztaRDhGSXjdCPmLOi5ARvx6GOEqa7aJxWAT9nl7DScHogstm/bh+htUzbCyO90fUF0rkDyanP+kyNAejmlkJvYRWap+qhzQ+qB4yCgXxuR4+5Xp4CjeWxrxQroJ7Af/R2jfCq/iCwDl/Ln3Ppe+59D2h0rc3I31nwdOLW95GblvE+64x2tc0LihjV3LNyMdUr5Mp2DmfwOz9aD6e8e362SSEr5pZLSMWkEuBs0EkuPyLyvAqxAnoZFslCctU02U3ihKeQhtu6VP1SpXX5a+5KLg8W+Tpr6F0PizP+Txf57TNCzNDt3JL6raUvrUmOEr0scxwTh7LDDtnPJIdtnegHTX79l125COlMFOXQ7gaQr4Dbbqd3Do4npiRuQrTUpBvw/npxXga4jnZBLl9mFdt59jR0fvnwVGwo+88lh3HiPKiIe6hhpjPw0OHeXtfmGeVxlA0FG1srCQsRrdguNfxLBTgZGAtoAeDr1EC8lJVYDFbxgMrkKJ8TIxF6HDnl1xf49GS49umZbVuryl3GW0iUjnCaZgTZ6vK3mWxwVUdz1Vb8rC+aj20FU7P/lmtyJ8MEU4WCxJIY5QXpkqi8xlTvucrScRVOL9FM7YSlxi84+bHcU5TuBJ2tg8CMrm7Oal6ZTFnpvLfLQwJLFuIWRLiTV3t1eebnK56Inb6l3fBYPL9cMlHD+U751/0XUOufvbd4/pukztITJx5xREBdEUCI5UcBhYXMuRQ7pKQBhMBzZTJRPACgmSmHICY+gu98gy5KRXOrT45f0Usg4ZOXtIlEhSKsAwFIRdy4+/vk2p3jNf6LIFthFQyZNUXykOJwT0zckPYVCXzrtomC4Xb4lTNuxq+JmBLw3punS0n/9te1D20Fz1G86OZ4B6zh3OberjCRaz/WNYe+TLfOXDbOt4DXuYTLEOkfsF9ioqAEativrqvT/klnDu0e/GBIJv81tuk9t3gDHzUq1qlZCsRP0sHfB+SBmOMW/Q0X48UYq2msa3G2jEMeYBY8wyhZjjfh0WaGjPVi6w5jQpvQdVA5T/b1A1o9g00HJEFXjGZtjaj5E4KPNz+7w2wwsSO4e2LvwFQSwMEFAAAAAgAUgp4XRp/dvIZAgAAeQYAABgAAAB4bC93b3Jrc2hlZXRzL3NoZWV0MS54bWyVldtymzAQhl9FwwNENrbjNoOZiU/TzNQZj9M2uZVhMZroQMVi6revhG1KYqiTK7Sr/ffwAVJQavOapwBI/kih8omXImZ3lOZRCpLlNzoDZXcSbSRDa5odzTMDLK5EUlC/17ulknHlhUHlW5sw0AUKrmBtSF5IycxhCkKXE6/vnR0bvkvROWgYZGwHT4A/s7WxFq2zxFyCyrlWxEAy8e77d8uhi68CfnEo88aauEm2Wr864yGeeD3XEAiI0GVg9rGHGQjhEtk2fp9yenVJJ2yuz9mX1ex2li3LYabFM48xnXhfPBJDwgqBG11+g9M8o7rBOUMWBkaXxLg5wyByC1fbxnHl+DyhsX5uC2G4gQh4hsTKIKBoG3F+Gp100y7dmh0sJSQrwFTHLcrZtYobSMCAitrKzq+J76UuFLYoF/9pGAyhZMqFID80WTODB/LIZFv9ZVeWB7XXPALyWMgtmLdKaqHX5P2avG/fevUJ2oTua92Hw9ve13FA903OfkfBFVMFE218uxQv30m/Danf6GA8elt+0ZVszg5kVuSo5ftpj5wudRckBjWJwYdIDD5NokthSfhtJAaNDvz3JLqSXSNxqbsgMaxJDD9EYvhpEl0KS2LQRqIrHksQ+7YfY9GluIbnUvcPD20cXO5QXjGz4yonAhKr6d2MRx4xx4PuaKDOKnpbjbZgtUzt3QDGBdj9RGs8G+6crW+b8C9QSwMEFAAAAAgAUgp4XcozlRd0AgAAjwoAAA0AAAB4bC9zdHlsZXMueG1s3VZdb5swFP0riPeOJGwoTMDDkCJN2qZK7cNendgklvzBjKmS/fr52pSE1rdSpz2NqOL6Hs65n4hWg70I9nBizCZnKdRQpydr+89ZNhxOTJLhg+6ZckinjSTWHc0xG3rDCB2AJEW2Wa2KTBKu0qZSo9xJOyQHPSpbp+vZlYTbV+qcxcc0CXKtpqxOL+66k/KO0jRrqmzSaKpOq6UUOJwgkSx5IqJOWyL43nBgdURycQnuDTgOWmiTWFcDA7LzDL8DvA4nKG/SkVxp42OHCP4GCXAh5gQ2aXA0VU+sZUbt3MFzvPMVlEz246V3GRwNuaw3n9Irwd9ckL02lJlFncHVVIJ11hEMP57gbnWfAWitls6gnBy1Ij6HZ8ZkONkDE+IBZvuzW2ifu5tRrGAQajZdQpMZZMIB9G/VgvaN7OavZJOeP2n7ZXTVKH/+NWrL7g3r+Nmfz90cf6E+7c+/1M+mim7atmja7E1g+er0B2yvuEok+5ELy9V0OnFKmXrVOydvyd69bQt99zxlHRmFfZzBOr3a3xnloyznp+6hrOmpq/0NdmRdzJvvYnFF2ZnRdjqa496biTNc1OkCwktk5684gnECFkcAw+JgGWCcwMLi/E/1bNF6Aoblto0iW5SzRTmBFUNa/8PixDmlu+KVlmWeFwXW0baNZtBifSsK+IurYbkBA4sDkd7Xa3za+Ia8vQfYTN/aEKxSfBOxSvFeAxLvGzDKMj5tLA4wsClguwPx43Fgp+KcPIepYrlhbzCOlCWGwC7Gd7QokO4U8IvPB3tL8rws4whg8QzyHEPgbcQRLAPIAUPy3H8HX3yPsufvVHb9F7T5A1BLAwQUAAAACABSCnhdl4q7HMAAAAATAgAACwAAAF9yZWxzLy5yZWxznZK5bsMwDEB/xdCeMAfQIYgzZfEWBPkBVqIP2BIFikWdv6/apXGQCxl5PTwS3B5pQO04pLaLqRj9EFJpWtW4AUi2JY9pzpFCrtQsHjWH0kBE22NDsFosPkAuGWa3vWQWp3OkV4hc152lPdsvT0FvgK86THFCaUhLMw7wzdJ/MvfzDDVF5UojlVsaeNPl/nbgSdGhIlgWmkXJ06IdpX8dx/aQ0+mvYyK0elvo+XFoVAqO3GMljHFitP41gskP7H4AUEsDBBQAAAAIAFIKeF2byXAdNQEAACUCAAAPAAAAeGwvd29ya2Jvb2sueG1sjVHRbsIwDPyVKh+wFrQhDVFehrYhTRuCiffQutQiiSvHhY2vn9uqGtJe9pTc2brcXRYX4tOB6JR8eRdibmqRZp6msajB23hHDQSdVMTeikI+prFhsGWsAcS7dJpls9RbDGa5GLU2nN4CEigEKSjZEXuES/yddzA5Y8QDOpTv3PR3BybxGNDjFcrcZCaJNV1eifFKQazbFUzO5WYyDPbAgsUfeteZ/LSH2DNiD1urRnIzy1SwQo7Sb/T6Vj2eQZcH1Ao9oxPglRV4YWobDMdORlOkNzH6HsZzKHHO/6mRqgoLWFHReggy9MjgOoMh1thEkwTrITdbKAAbiV0kfWNdDvFEfd2UxXPUAa/LweFoq4QKA5TvqhSV14qKDSfd0etM7x8mj1pF69yTch/hjWw5phx/aPkDUEsDBBQAAAAIAFIKeF0kHpuirQAAAPgBAAAaAAAAeGwvX3JlbHMvd29ya2Jvb2sueG1sLnJlbHO1kT0OgzAMha8S5QA1UKlDBUxdWCsuEAXzIxISxa4Kty+FAZA6dGGyni1/78lOn2gUd26gtvMkRmsGymTL7O8ApFu0ii7O4zBPahes4lmGBrzSvWoQkii6QdgzZJ7umaKcPP5DdHXdaXw4/bI48A8wvF3oqUVkKUoVGuRMwmi2NsFS4stMlqKoMhmKKpZwWiDiySBtaVZ9sE9OtOd5Fzf3Ra7N4wmu3wxweHT+AVBLAwQUAAAACABSCnhdZZB5khkBAADPAwAAEwAAAFtDb250ZW50X1R5cGVzXS54bWytk01OwzAQha8SZVslLixYoKYbYAtdcAFjTxqr/pNnWtLbM07aSqASFYVNrHjevM+el6zejxGw6J312JQdUXwUAlUHTmIdIniutCE5SfyatiJKtZNbEPfL5YNQwRN4qih7lOvVM7Ryb6l46XkbTfBNmcBiWTyNwsxqShmjNUoS18XB6x+U6kSouXPQYGciLlhQiquEXPkdcOp7O0BKRkOxkYlepWOV6K1AOlrAetriyhlD2xoFOqi945YaYwKpsQMgZ+vRdDFNJp4wjM+72fzBZgrIyk0KETmxBH/HnSPJ3VVkI0hkpq94IbL17PtBTluDvpHN4/0MaTfkgWJY5s/4e8YX/xvO8RHC7r8/sbzWThp/5ovhP15/AVBLAQIUAxQAAAAIAFIKeF1GWsEMggAAALEAAAAQAAAAAAAAAAAAAACAAQAAAABkb2NQcm9wcy9hcHAueG1sUEsBAhQDFAAAAAgAUgp4XbG4VB7vAAAAKwIAABEAAAAAAAAAAAAAAIABsAAAAGRvY1Byb3BzL2NvcmUueG1sUEsBAhQDFAAAAAgAUgp4XZlcnCMQBgAAnCcAABMAAAAAAAAAAAAAAIABzgEAAHhsL3RoZW1lL3RoZW1lMS54bWxQSwECFAMUAAAACABSCnhdGn928hkCAAB5BgAAGAAAAAAAAAAAAAAAgIEPCAAAeGwvd29ya3NoZWV0cy9zaGVldDEueG1sUEsBAhQDFAAAAAgAUgp4XcozlRd0AgAAjwoAAA0AAAAAAAAAAAAAAIABXgoAAHhsL3N0eWxlcy54bWxQSwECFAMUAAAACABSCnhdl4q7HMAAAAATAgAACwAAAAAAAAAAAAAAgAH9DAAAX3JlbHMvLnJlbHNQSwECFAMUAAAACABSCnhdm8lwHTUBAAAlAgAADwAAAAAAAAAAAAAAgAHmDQAAeGwvd29ya2Jvb2sueG1sUEsBAhQDFAAAAAgAUgp4XSQem6KtAAAA+AEAABoAAAAAAAAAAAAAAIABSA8AAHhsL19yZWxzL3dvcmtib29rLnhtbC5yZWxzUEsBAhQDFAAAAAgAUgp4XWWQeZIZAQAAzwMAABMAAAAAAAAAAAAAAIABLRAAAFtDb250ZW50X1R5cGVzXS54bWxQSwUGAAAAAAkACQA+AgAAdxEAAAAA";

registry.category("web_tour.tours").add("account_payment_batch_clerk_import_tour", {
    steps: () => [
        {
            content: "Import a spreadsheet into the open batch",
            trigger: "button[name=action_open_import_wizard]",
            run: "click",
        },
        {
            content: "Upload the file as the file picker does",
            trigger: ".modal div[name=file]",
            run() {
                const input = this.anchor.querySelector("input[type=file]");
                const bytes = Uint8Array.from(atob(RECEIPTS_XLSX), (c) => c.charCodeAt(0));
                const file = new File([bytes], "day_receipts.xlsx", {
                    type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                });
                const transfer = new DataTransfer();
                transfer.items.add(file);
                input.files = transfer.files;
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: ".modal div[name=file] input.o_input:value('day_receipts.xlsx')",
        },
        {
            trigger: ".modal button[name=action_import]",
            run: "click",
        },
        {
            content: "The result screen counts what came in and what did not",
            trigger: ".modal div[name=total_rows]:contains('3')",
        },
        {
            trigger: ".modal div[name=imported_count]:contains('2')",
        },
        {
            trigger: ".modal div[name=rejected_count]:contains('1')",
        },
        {
            content: "and says why the row was rejected",
            trigger: ".modal div[name=result_html]:contains('twelve')",
        },
        {
            trigger: ".modal div[name=rejected_file] a, .modal div[name=rejected_file] button",
        },
        {
            trigger: ".modal button[name=action_view_receipts]",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Day Customer'):contains('75.00')",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Day Customer'):contains('25.00')",
        },
    ],
});

registry.category("web_tour.tours").add("account_payment_batch_supervisor_close_tour", {
    steps: () => [
        {
            content: "Check the batch before closing it",
            trigger: "button[name=action_check_close]",
            run: "click",
        },
        {
            content: "Check names the difference",
            trigger: ".o_notification:contains('payment amount corrected'):contains('400.00'):contains('350.00')",
        },
        {
            content: "The cover sheet was wrong: correct the line's total",
            trigger: ".o_notebook .nav-link:contains('Lines')",
            run: "click",
        },
        {
            trigger: "div[name=line_ids] .o_data_row td[name=corrected_payment_amount]",
            run: "click",
        },
        {
            trigger: "div[name=line_ids] .o_data_row td[name=corrected_payment_amount] input",
            run: "edit 350",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved div[name=amount_difference]:contains('0.00')",
        },
        {
            content: "Prepare the deposit",
            trigger: "button[name=action_open_deposit_wizard]",
            run: "click",
        },
        {
            trigger: ".modal div[name=bankable_amount]:contains('350.00')",
        },
        {
            trigger: ".modal div[name=name] input",
            run: "edit SLIP 88",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The slip is recorded; back to the batch",
            trigger: "body:not(:has(.modal)) .o_form_view div[name=name]:contains('SLIP 88')",
        },
        {
            trigger: ".o_breadcrumb a:contains('BATCH/')",
            run: "click",
        },
        {
            trigger: ".o_form_view div[name=deposit_state]:contains('Deposited')",
        },
        {
            content: "Close: the question names what will be posted",
            trigger: ".o_form_view button[name=action_open_close_confirm]",
            run: "click",
        },
        {
            trigger: ".modal div[name=message]:contains('Post 2 receipts for'):contains('350.00')",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status [aria-checked=true]:contains('Closed')",
        },
        {
            content: "Back to the batches",
            trigger: ".o_breadcrumb a:contains('Payment Batches')",
            run: "click",
        },
        {
            content: "The batch sits in the Closed column",
            trigger: ".o_kanban_group:contains('Closed') .o_kanban_record:contains('Supervisor lockbox')",
        },
        {
            content: "Open the customer's invoice the batch paid",
            trigger: ".o_main_navbar button:contains('Customers')",
            run: "click",
        },
        {
            trigger: ".dropdown-menu a:contains('Invoices')",
            run: "click",
        },
        {
            trigger: ".o_list_view .o_data_row:contains('Close Customer') td[name=name]",
            run: "click",
        },
        {
            content: "It is paid",
            trigger: ".o_form_view .ribbon:contains('In Payment'), .o_form_view .ribbon:contains('Paid')",
        },
    ],
});

registry.category("web_tour.tours").add("account_payment_batch_no_close_right_tour", {
    steps: () => [
        {
            content: "A clerk without the Close right checks the batch",
            trigger: ".o_form_view button[name=action_check_close]",
        },
        {
            content: "but is offered no Close button",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_open_close_confirm])):not(:has(button[name=action_close]))",
        },
    ],
});
