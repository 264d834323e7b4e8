"""Spreadsheet import of receipts, through the wizard, as an importing clerk."""

import base64
import io
from datetime import date
from decimal import Decimal

import xlwt
from openpyxl import Workbook, load_workbook

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from ..batch_core.spreadsheet import COLUMNS, parse_file
from .import_common import (
    DAY,
    HEADERS,
    ImportCommon,
    csv_bytes,
    receipt_row,
    save,
    xlsx,
)


@tagged("post_install", "-at_install")
class TestImport(ImportCommon):
    # ------------------------------------------------------------------
    # rows imported

    def test_rows_become_receipts_of_the_batch(self):
        content = xlsx(
            [
                receipt_row(
                    125.5,
                    payer="jane importer",
                    reference="CHQ-7",
                    description="March premium",
                    line="Cash",
                    policy="POL-9",
                ),
                receipt_row(80.0, payer="ACME-01", reference="CHQ-8", line="1"),
            ]
        )
        wizard = self._import(content)
        self.assertEqual(
            (wizard.total_rows, wizard.imported_count, wizard.rejected_count),
            (2, 2, 0),
        )
        self.assertFalse(wizard.rejected_file)
        first, second = self.batch.payment_ids.sorted("amount", reverse=True)
        self.assertEqual(first.partner_id, self.payer_jane, "name in any case")
        self.assertEqual(second.partner_id, self.payer_acme, "partner reference")
        self.assertEqual(first.amount, 125.5)
        self.assertEqual(first.memo, "CHQ-7")
        self.assertEqual(first.date, DAY)
        self.assertEqual(first.batch_description, "March premium")
        self.assertEqual(first.batch_match_reference, "POL-9")
        self.assertEqual(first.batch_payer_name, "jane importer")
        self.assertEqual(first.batch_line_id.line_type_id, self.line_type_cash)
        self.assertEqual(second.batch_line_id.line_type_id, self.line_type_cheques)
        self.assertEqual(first.payment_method_line_id.name, "Manual Payment")
        self.assertEqual(first.payment_type, "inbound")
        self.assertEqual(first.state, "draft")
        self.assertEqual(self.batch.payment_count, 2)
        self.assertIn("2 rows imported", self.batch.message_ids[0].body)

    def test_receipts_are_auto_matched_with_their_invoices(self):
        invoices = [
            self._invoice(self.payer_jane, 100.0),
            self._invoice(self.payer_acme, 250.0),
        ]
        content = xlsx(
            [
                receipt_row(100.0, "Jane Importer", "CHQ-1", invoices[0].name),
                receipt_row(250.0, "Acme Mutual", "CHQ-2", invoices[1].name),
            ]
        )
        wizard = self._import(content)
        self.assertEqual((wizard.imported_count, wizard.unmatched_count), (2, 0))
        for invoice in invoices:
            receipt = self.batch.payment_ids.filtered(
                lambda p, invoice=invoice: p.batch_invoice_number == invoice.name
            )
            self.assertEqual(receipt.allocation_ids.move_id, invoice)
            self.assertEqual(receipt.allocation_ids.amount, invoice.amount_total)

    def test_unknown_payer_goes_to_suspense_and_is_counted(self):
        content = xlsx(
            [
                receipt_row(60.0, payer="Nobody We Know", reference="CHQ-5"),
                receipt_row(70.0, reference="CHQ-6"),
                receipt_row(80.0, payer="Jane Importer", reference="CHQ-7"),
            ]
        )
        wizard = self._import(content)
        self.assertEqual((wizard.imported_count, wizard.suspense_count), (3, 2))
        suspense = self.batch.payment_ids.filtered("batch_is_suspense")
        self.assertEqual(sorted(suspense.mapped("amount")), [60.0, 70.0])
        self.assertFalse(suspense.partner_id)
        self.assertEqual(
            suspense.filtered(lambda p: p.amount == 60.0).batch_payer_name,
            "Nobody We Know",
        )
        self.assertEqual(self.batch.suspense_count, 2)

    def test_invoice_number_not_found_is_imported_unmatched(self):
        content = xlsx([receipt_row(90.0, "Jane Importer", "CHQ-9", "INV/1999/404")])
        wizard = self._import(content)
        self.assertEqual((wizard.imported_count, wizard.unmatched_count), (1, 1))
        receipt = self.batch.payment_ids
        self.assertFalse(receipt.allocation_ids)
        self.assertIn("INV/1999/404 not found", receipt.batch_match_note)

    def test_miscellaneous_and_insurer_rows_use_their_accounts(self):
        content = xlsx(
            [
                receipt_row(10.0, reference="M1", kind="Miscellaneous", misc="791000"),
                receipt_row(
                    11.0, reference="M2", kind="miscellaneous", misc="sundry income"
                ),
                receipt_row(
                    12.0,
                    payer="Acme Mutual",
                    reference="I1",
                    kind="Insurer Refund",
                    insurer="Insurer Recoveries",
                ),
            ]
        )
        wizard = self._import(content)
        self.assertEqual(
            (wizard.imported_count, wizard.rejected_count, wizard.suspense_count),
            (3, 0, 0),
        )
        receipts = self.batch.payment_ids.sorted("amount")
        self.assertEqual(
            receipts.mapped("batch_receipt_kind"),
            ["miscellaneous", "miscellaneous", "insurer_refund"],
        )
        self.assertEqual(receipts[:2].batch_account_id, self.misc_account)
        self.assertEqual(receipts[2].batch_account_id, self.insurer_account)
        self.assertEqual(receipts[2].partner_id, self.payer_acme)

    def test_unknown_miscellaneous_account_rejects_only_that_row(self):
        content = xlsx(
            [
                receipt_row(
                    10.0, reference="M1", kind="Miscellaneous", misc="NOPE-404"
                ),
                receipt_row(20.0, payer="Jane Importer", reference="CHQ-1"),
                receipt_row(30.0, reference="M3", kind="Miscellaneous"),
            ]
        )
        wizard = self._import(content)
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 2))
        self.assertEqual(self.batch.payment_ids.amount, 20.0)
        self.assertIn(
            'Miscellaneous Account "NOPE-404": no account has this code or name',
            wizard.result_html,
        )
        self.assertIn("Miscellaneous Account is required", wizard.result_html)

    def test_negative_cash_receipt_is_rejected(self):
        content = xlsx(
            [
                receipt_row(-15.0, payer="Jane Importer", reference="CHQ-1"),
                receipt_row(15.0, payer="Jane Importer", reference="CHQ-2"),
            ]
        )
        wizard = self._import(content)
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 1))
        self.assertIn("a receipt must be a positive amount", wizard.result_html)
        self.assertEqual(self.batch.payment_ids.memo, "CHQ-2")

    def test_bad_date_and_amount_are_rejected_with_the_cell(self):
        content = xlsx(
            [
                receipt_row(15.0, reference="R1", day="31/02/2026"),
                receipt_row("twelve", reference="R2"),
                receipt_row(12.0, reference="R3", payer="Jane Importer"),
            ]
        )
        wizard = self._import(content)
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 2))
        self.assertIn('A2: "31/02/2026" is not a date', wizard.result_html)
        self.assertIn('D3: "twelve" is not an amount', wizard.result_html)

    def test_unknown_payment_method_kind_and_line_are_rejected(self):
        content = xlsx(
            [
                receipt_row(1.0, reference="R1", method="Carrier pigeon"),
                receipt_row(2.0, reference="R2", kind="Gift"),
                receipt_row(3.0, reference="R3", line="Coins"),
                receipt_row(4.0, reference="R4", method="manual", line="cheques"),
            ]
        )
        wizard = self._import(content)
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 3))
        html = wizard.result_html
        self.assertIn('Payment Method "Carrier pigeon"', html)
        self.assertIn('Receipt Kind "Gift" is unknown', html)
        self.assertIn('Batch Line "Coins" is not a line', html)

    def test_refund_batch_takes_negative_amounts_only(self):
        refund_type = self.env["account.payment.batch.type"].create(
            {
                "name": "Refunds",
                "kind": "refund",
                "journal_id": self.bank_journal.id,
                "line_type_ids": [Command.create({"name": "Refund cheques"})],
            }
        )
        batch = self._create_batch(batch_type_id=refund_type.id)
        content = xlsx(
            [
                receipt_row(-40.0, payer="Jane Importer", reference="RF-1"),
                receipt_row(40.0, payer="Jane Importer", reference="RF-2"),
                receipt_row(0.0, payer="Jane Importer", reference="RF-3"),
            ]
        )
        wizard = self._import(content, batch=batch)
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 2))
        self.assertIn("refunds are entered as negative amounts", wizard.result_html)
        refund = batch.payment_ids
        self.assertEqual(
            (refund.amount, refund.payment_type, refund.memo),
            (40.0, "outbound", "RF-1"),
        )

    def test_csv_with_semicolons_and_month_first_dates(self):
        content = csv_bytes(
            [
                ["Receipt Date", "Payment Method", "Receipt Amount", "Payer"],
                ["03/04/2026", "Manual", "1,250.50", "Jane Importer"],
            ],
            delimiter=";",
        )
        wizard = self._import(content, filename="receipts.csv", date_order="MDY")
        self.assertEqual(wizard.imported_count, 1)
        receipt = self.batch.payment_ids
        self.assertEqual((receipt.date, receipt.amount), (date(2026, 3, 4), 1250.5))

    def test_xls_workbook(self):
        book = xlwt.Workbook()
        sheet = book.add_sheet("Receipts")
        date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
        for col, header in enumerate(HEADERS[:6]):
            sheet.write(0, col, header)
        sheet.write(1, 0, DAY, date_style)
        for col, value in enumerate(["Manual", "CHQ-X", 42.25, "", "ACME-01"], 1):
            sheet.write(1, col, value)
        buffer = io.BytesIO()
        book.save(buffer)
        wizard = self._import(buffer.getvalue(), filename="receipts.xls")
        self.assertEqual(wizard.imported_count, 1)
        receipt = self.batch.payment_ids
        self.assertEqual(
            (receipt.date, receipt.amount, receipt.partner_id),
            (DAY, 42.25, self.payer_acme),
        )

    def test_pledge_rows_are_refused_in_a_draft_batch(self):
        content = xlsx(
            [
                receipt_row(500.0, payer="Jane Importer", kind="Pledge"),
                receipt_row(20.0, payer="Jane Importer", reference="CHQ-1"),
            ]
        )
        wizard = self._import(content)
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 1))
        self.assertIn("pledges are imported into open batches only", wizard.result_html)
        self.assertFalse(self.batch.pledge_ids)

    def test_pledge_rows_become_pledges_in_an_open_batch(self):
        batch = self._open_batch()
        content = xlsx(
            [
                receipt_row(500.0, payer="Jane Importer", kind="Pledge", line="Cash"),
                receipt_row(300.0, payer="Someone Unknown", kind="Pledge"),
            ]
        )
        wizard = self._import(content, batch=batch)
        self.assertEqual(
            (wizard.imported_count, wizard.pledge_count, wizard.rejected_count),
            (1, 1, 1),
        )
        self.assertIn("a pledge needs a known customer", wizard.result_html)
        pledge = batch.pledge_ids
        self.assertEqual(
            (pledge.partner_id, pledge.amount_total), (self.payer_jane, 500.0)
        )
        self.assertEqual(pledge.batch_line_id.line_type_id, self.line_type_cash)
        self.assertFalse(batch.payment_ids)

    # ------------------------------------------------------------------
    # rejected rows file

    def test_rejected_rows_file_round_trip(self):
        content = xlsx(
            [
                receipt_row(
                    10.0, reference="M1", kind="Miscellaneous", misc="NOPE-404"
                ),
                receipt_row("abc", payer="Jane Importer", reference="CHQ-2"),
                receipt_row(30.0, payer="Jane Importer", reference="CHQ-3"),
            ]
        )
        wizard = self._import(content, filename="march.xlsx")
        self.assertEqual(wizard.rejected_filename, "march_rejected_rows.xlsx")
        rejected = base64.b64decode(wizard.rejected_file)
        parsed = parse_file(rejected, wizard.rejected_filename)
        self.assertEqual(parsed.unknown_columns, ["Error"])
        self.assertEqual(parsed.headers, [*HEADERS, "Error"])
        self.assertEqual(parsed.total_rows, 2)
        # The original values come back: the misc row parses, the bad amount
        # is still bad, and each row says why it was rejected.
        self.assertEqual(parsed.rows[0].values["misc_account"], "NOPE-404")
        self.assertEqual(parsed.rows[0].values["amount"], Decimal("10"))
        self.assertIn("no account has this code or name", parsed.rows[0].raw["Error"])
        self.assertEqual(parsed.errors[0].raw["Receipt Amount"], "abc")
        self.assertIn('D3: "abc" is not an amount', parsed.errors[0].raw["Error"])
        self.assertEqual(parsed.errors[0].raw["Receipt Reference"], "CHQ-2")

    def test_fixed_rejected_rows_import_on_the_second_try(self):
        content = xlsx(
            [receipt_row(10.0, reference="M1", kind="Miscellaneous", misc="NOPE-404")]
        )
        wizard = self._import(content)
        workbook = load_workbook(io.BytesIO(base64.b64decode(wizard.rejected_file)))
        workbook.active["G2"] = "791000"
        wizard = self._import(save(workbook))
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 0))
        self.assertEqual(self.batch.payment_ids.batch_account_id, self.misc_account)

    # ------------------------------------------------------------------
    # duplicates

    def test_same_file_twice_imports_nothing_new(self):
        content = xlsx(
            [*self._good_rows(), receipt_row(40.0, payer="Stranger", reference="X1")]
        )
        self._import(content)
        self.assertEqual(self.batch.payment_count, 3)
        wizard = self._import(content)
        self.assertEqual((wizard.imported_count, wizard.duplicate_count), (0, 3))
        self.assertIn(f"a receipt of batch {self.batch.name}", wizard.result_html)
        self.env.invalidate_all()
        self.assertEqual(self.batch.payment_count, 3)

    def test_duplicate_row_within_the_file_is_skipped(self):
        row = receipt_row(55.0, payer="Jane Importer", reference="CHQ-1")
        wizard = self._import(xlsx([row, list(row)]))
        self.assertEqual((wizard.imported_count, wizard.duplicate_count), (1, 1))
        self.assertIn("row 2 of this file", wizard.result_html)

    def test_duplicate_of_a_receipt_in_another_batch_is_skipped(self):
        other = self._open_batch()
        self._add_receipt(other, 75.0, partner=self.payer_jane, memo="chq-1")
        content = xlsx([receipt_row(75.0, payer="Jane Importer", reference="CHQ 1")])
        wizard = self._import(content)
        self.assertEqual((wizard.imported_count, wizard.duplicate_count), (0, 1))
        self.assertIn(f"a receipt of batch {other.name}", wizard.result_html)

    def test_receipts_of_a_cancelled_batch_are_no_duplicates(self):
        other = self._create_batch()
        self._import(xlsx(self._good_rows()), batch=other)
        other.with_user(self.canceller).action_cancel()
        wizard = self._import(xlsx(self._good_rows()))
        self.assertEqual((wizard.imported_count, wizard.duplicate_count), (2, 0))

    def test_duplicates_anyway_imports_them(self):
        row = receipt_row(55.0, payer="Jane Importer", reference="CHQ-1")
        self._import(xlsx([row]))
        wizard = self._import(xlsx([row, list(row)]), duplicates_anyway=True)
        self.assertEqual((wizard.imported_count, wizard.duplicate_count), (2, 0))
        self.assertEqual(self.batch.payment_count, 3)

    # ------------------------------------------------------------------
    # rights and states

    def test_user_without_import_right_is_refused(self):
        content = xlsx(self._good_rows())
        before = self._snapshot()
        with self._assert_refused(AccessError, "import receipts into"):
            self.batch.with_user(self.clerk)._import_receipts(content, "r.xlsx")
        with self._assert_refused(AccessError, ""):
            self._import(content, user=self.clerk)
        with self._assert_refused(AccessError, "Import Receipts"):
            self.batch.with_user(self.clerk).action_open_import_wizard()
        self.assertEqual(self._snapshot(), before)

    def test_import_refused_in_a_closed_batch(self):
        batch = self._open_batch(cheques=(0, 0.0))
        self._close(batch)
        content = xlsx(self._good_rows())
        self._assert_fatal(content, "no receipt can be added", batch=batch)

    # ------------------------------------------------------------------
    # files refused as a whole: clear error, batch unchanged

    def test_not_a_spreadsheet_is_refused(self):
        self._assert_fatal(b"%PDF-1.4 fake", "is a PDF document, not a spreadsheet")
        self._assert_fatal(
            bytes(range(256)) * 10, "is not a spreadsheet", filename="x.xlsx"
        )

    def test_empty_file_is_refused(self):
        self._assert_fatal(b"", r"The file \"receipts.xlsx\" is empty \(0 bytes\)")
        wizard = self._wizard()
        with self._assert_refused(UserError, "Choose the spreadsheet file"):
            wizard.action_import()

    def test_header_without_required_columns_is_refused(self):
        content = xlsx([["a", "b", "c"]], headers=["Name", "Value", "Comment"])
        self._assert_fatal(content, "None of the required columns")

    def test_password_protected_workbook_is_refused(self):
        name = "EncryptionInfo".encode("utf-16-le")
        entry = name.ljust(64, b"\x00") + b"\x1e\x00" + bytes(62)
        header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00")
        self._assert_fatal(header + entry + bytes(384), "password-protected")

    def test_file_over_the_size_limit_is_refused(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "account_payment_batch.import_max_mb", "0.01"
        )
        rows = [receipt_row(1.0, reference=f"R{n}") for n in range(400)]
        content = csv_bytes([HEADERS, *rows])
        self.assertGreater(len(content), 10486)
        self._assert_fatal(content, "the limit is 10.2 KB", filename="big.csv")

    def test_csv_in_an_unknown_encoding_is_refused(self):
        content = (
            b"Receipt Date,Payment Method,Receipt Amount\n2026-03-15,Cash\x81\x8d,5\n"
        )
        self._assert_fatal(
            content, "text encoding of .* could not be determined", filename="r.csv"
        )

    def test_empty_first_sheet_is_refused(self):
        workbook = Workbook()
        workbook.active.title = "Cover"
        other = workbook.create_sheet("Receipts")
        other.append(HEADERS)
        other.append(receipt_row(5.0))
        self._assert_fatal(save(workbook), 'The first sheet "Cover" is empty')

    def test_formulas_without_value_are_refused(self):
        rows = [*self._good_rows(), receipt_row("=D2*2", reference="CHQ-3")]
        self._assert_fatal(
            xlsx(rows), "Nothing was imported.\nD4: formula without a computed value"
        )

    def test_merged_cells_are_refused(self):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(HEADERS)
        sheet.append(receipt_row(5.0, reference="R1"))
        sheet.append(receipt_row(6.0, reference="R2", method=None))
        sheet.merge_cells("B2:B3")
        self._assert_fatal(save(workbook), "B3: Payment Method is empty because")

    # ------------------------------------------------------------------
    # template, import on save, bulk

    def test_download_template(self):
        wizard = self._wizard()
        action = wizard.action_download_template()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(
            f"id={wizard.id}&field=template_file&download=true", action["url"]
        )
        workbook = load_workbook(io.BytesIO(base64.b64decode(wizard.template_file)))
        headers = [cell.value for cell in workbook["Receipts"][1]]
        self.assertEqual(headers[0], "Receipt Date *")
        self.assertEqual(len(headers), len(COLUMNS))
        self.assertIn("Manual Payment", [cell.value for cell in workbook["Lists"]["A"]])

    def test_file_set_on_a_new_batch_is_imported_on_save(self):
        batch = (
            self.env["account.payment.batch"]
            .with_user(self.importer)
            .create(
                {
                    "batch_type_id": self.batch_type.id,
                    "import_file": base64.b64encode(xlsx(self._good_rows())),
                    "import_filename": "new.xlsx",
                }
            )
        )
        self.assertEqual(batch.payment_count, 2)
        self.assertEqual(
            batch.payment_ids.partner_id, self.payer_jane | self.payer_acme
        )
        self.assertFalse(batch.import_file, "the file is not kept")
        self.assertFalse(
            self.env["ir.attachment"].search_count(
                [("res_model", "=", batch._name), ("res_id", "=", batch.id)]
            )
        )

    def test_bad_file_on_a_new_batch_creates_nothing(self):
        batches = self.env["account.payment.batch"].search_count([])
        with self._assert_refused(UserError, "None of the required columns"):
            self.env["account.payment.batch"].with_user(self.importer).create(
                {
                    "batch_type_id": self.batch_type.id,
                    "import_file": base64.b64encode(xlsx([["x"]], headers=["Name"])),
                    "import_filename": "bad.xlsx",
                }
            )
        with self._assert_refused(AccessError, "import receipts into"):
            self.env["account.payment.batch"].with_user(self.clerk).create(
                {
                    "batch_type_id": self.batch_type.id,
                    "import_file": base64.b64encode(xlsx(self._good_rows())),
                }
            )
        self.assertEqual(self.env["account.payment.batch"].search_count([]), batches)

    def test_lookups_do_not_query_per_row(self):
        """Partners, accounts and existing receipts: the same queries for 5 or 50 rows."""

        def lookup_queries(count):
            rows = [
                receipt_row(
                    float(n + 1),
                    payer=f"Payer {n}",
                    reference=f"R{n}",
                    kind="Miscellaneous",
                    misc="791000",
                )
                for n in range(count)
            ]
            parsed = parse_file(xlsx(rows), "r.xlsx")
            batch = self.batch.with_user(self.importer)
            self.env.flush_all()
            start = self.env.cr.sql_log_count
            context = batch._import_lookups(parsed.rows)
            batch._import_existing_keys(parsed.rows, context)
            for row in parsed.rows:
                batch._import_prepare_row(row, context)
            self.env.flush_all()
            return self.env.cr.sql_log_count - start

        self.env["res.partner"].create([{"name": f"Payer {n}"} for n in range(50)])
        lookup_queries(1)  # warm the caches of the batch, journal and lines
        self.env.invalidate_all()
        small = lookup_queries(5)
        self.env.invalidate_all()
        # A query per row would add at least 45 queries.
        self.assertLessEqual(lookup_queries(50), small)
