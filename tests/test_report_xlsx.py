"""The batch report as XLSX, read back with openpyxl; its download route."""

import io

from openpyxl import load_workbook

from odoo.tests import HttpCase, tagged
from odoo.tools.misc import format_date

from .common import PaymentBatchCommon

TOTAL_SETS = ("recorded", "corrected", "entered", "difference")
TOTAL_KEYS = ("payment_count", "payment_amount", "pledge_amount")
# Columns of the receipts table (1-based).
PAYER, REFERENCE, DATE, RECEIVED_ON, STATUS, AMOUNT = 2, 3, 5, 6, 8, 9
ALLOCATED_TO, ALLOCATED, ON_ACCOUNT, SUSPENSE = 10, 11, 12, 13


def sheet_name(batch):
    return batch.name.replace("/", "-")


def find_row(sheet, value, column=1):
    """The number of the first row whose cell in ``column`` is ``value``."""
    for (cell,) in sheet.iter_rows(min_col=column, max_col=column):
        if cell.value == value:
            return cell.row
    raise AssertionError(f"no row with {value!r} in column {column}")


def header_block(sheet):
    """The header block's {label: value}: label/value pairs on rows 3 onwards."""
    values = {}
    for row in sheet.iter_rows(min_row=3, max_col=4, values_only=True):
        if row[0] is None:
            break
        values[row[0]] = row[1]
        if row[2] is not None:
            values[row[2]] = row[3]
    return values


class ReportXlsxCommon(PaymentBatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.batch_type.auto_match = False
        cls.customer = cls.env["res.partner"].create({"name": "Report Customer"})
        cls.invoice_a = cls._invoice(cls.customer, 120.0)
        cls.invoice_b = cls._invoice(cls.customer, 80.0)

    def _batch(self):
        """An open batch: cheques (3 counted, 400.00), cash (1 counted, 75.00).

        Cheques: one receipt paying two invoices with 50.00 left on account,
        one wholly on account, one without payer (suspense); cash: one receipt
        of 60.00, so the cash line is 15.00 short.
        """
        batch = self._open_batch(cheques=(3, 400.0), cash=(1, 75.0))
        cheques, cash = batch.line_ids
        both = self._add_receipt(
            batch, 250.0, line=cheques, partner=self.customer, memo="CHQ 1001"
        )
        self._allocate(both, self.invoice_a, 120.0)
        self._allocate(both, self.invoice_b, 80.0)
        self._add_receipt(
            batch, 100.0, line=cheques, partner=self.partner_b, memo="CHQ 1002"
        )
        self._add_receipt(
            batch,
            50.0,
            line=cheques,
            partner=self.env["res.partner"],
            memo="CHQ 1003",
            batch_payer_name="Unknown Aunt",
        )
        self._add_receipt(batch, 60.0, line=cash, partner=self.partner_b, memo="CASH 1")
        return batch


@tagged("post_install", "-at_install")
class TestReportXlsx(ReportXlsxCommon):
    def _workbook(self, batches, user=None):
        content = batches.with_user(user or self.clerk)._report_xlsx()
        return load_workbook(io.BytesIO(content))

    def _sheet(self, batch, user=None):
        return self._workbook(batch, user)[sheet_name(batch)]

    def _assert_control_totals(self, sheet, batch):
        row = find_row(sheet, "Control totals") + 3
        for line in batch.line_ids.sorted("sequence"):
            expected = [line.display_name] + [
                line[f"{total_set}_{key}"]
                for total_set in TOTAL_SETS
                for key in TOTAL_KEYS
            ]
            self.assertEqual(
                [cell.value for cell in sheet[row]][: len(expected)], expected
            )
            row += 1
        total = [cell.value for cell in sheet[row]]
        self.assertEqual(total[0], "Total")
        self.assertEqual(
            (total[1], total[5], total[7], total[8], total[11]),
            (
                sum(batch.line_ids.mapped("recorded_payment_count")),
                batch.amount_corrected,
                batch.payment_count,
                batch.amount_entered,
                batch.amount_difference,
            ),
        )

    def _assert_receipts(self, sheet, batch):
        states = dict(
            batch.payment_ids._fields["state"]._description_selection(self.env)
        )
        for receipt in batch.payment_ids:
            row = find_row(sheet, receipt.memo, column=REFERENCE)
            self.assertEqual(
                sheet.cell(row, 1).value, receipt.batch_line_id.display_name
            )
            self.assertEqual(sheet.cell(row, STATUS).value, states[receipt.state])
            self.assertEqual(sheet.cell(row, AMOUNT).value, receipt.amount)
            self.assertEqual(
                sheet.cell(row, ALLOCATED).value, receipt.batch_allocated_amount
            )
            self.assertEqual(
                sheet.cell(row, ON_ACCOUNT).value, receipt.batch_on_account_amount
            )
            self.assertEqual(
                sheet.cell(row, SUSPENSE).value,
                "Yes" if receipt.batch_is_suspense else None,
            )
            date_cell = sheet.cell(row, DATE)
            self.assertTrue(date_cell.is_date)
            self.assertEqual(date_cell.value.date(), receipt.date)
            for column in (AMOUNT, ALLOCATED, ON_ACCOUNT):
                self.assertEqual(sheet.cell(row, column).data_type, "n")
                self.assertEqual(sheet.cell(row, column).number_format, "#,##0.00")
        both = find_row(sheet, "CHQ 1001", column=REFERENCE)
        self.assertEqual(sheet.cell(both, PAYER).value, "Report Customer")
        self.assertEqual(
            sheet.cell(both, ALLOCATED_TO).value,
            f"{self.invoice_a.name}: 120.00; {self.invoice_b.name}: 80.00",
        )
        self.assertEqual(
            (sheet.cell(both, ALLOCATED).value, sheet.cell(both, ON_ACCOUNT).value),
            (200.0, 50.0),
        )
        on_account = find_row(sheet, "CHQ 1002", column=REFERENCE)
        self.assertEqual(
            [sheet.cell(on_account, c).value for c in (ALLOCATED_TO, ON_ACCOUNT)],
            [None, 100.0],
        )
        unknown = find_row(sheet, "CHQ 1003", column=REFERENCE)
        self.assertEqual(
            [sheet.cell(unknown, c).value for c in (PAYER, ON_ACCOUNT, SUSPENSE)],
            ["Unknown Aunt", 50.0, "Yes"],
        )

    def _assert_subtotals(self, sheet, batch):
        for line in batch.line_ids:
            row = find_row(sheet, f"Total {line.display_name}")
            receipts = line.batch_id.payment_ids.filtered(
                lambda p, line=line: p.batch_line_id == line
            )
            self.assertEqual(
                [sheet.cell(row, c).value for c in (2, AMOUNT, ON_ACCOUNT)],
                [
                    f"{line.entered_payment_count} receipts",
                    line.entered_payment_amount,
                    sum(receipts.mapped("batch_on_account_amount")),
                ],
            )
        row = find_row(sheet, "Batch total")
        self.assertEqual(row, sheet.max_row)
        self.assertEqual(
            [sheet.cell(row, c).value for c in (2, AMOUNT, ALLOCATED, ON_ACCOUNT)],
            [
                f"{batch.payment_count} receipts",
                batch.amount_entered,
                sum(batch.payment_ids.mapped("batch_allocated_amount")),
                sum(batch.payment_ids.mapped("batch_on_account_amount")),
            ],
        )
        self.assertEqual(sheet.cell(row, AMOUNT).value, 460.0)
        self.assertEqual(sheet.cell(row, ALLOCATED).value, 200.0)
        self.assertEqual(sheet.cell(row, ON_ACCOUNT).value, 260.0)

    def test_open_batch_is_an_unprocessed_report_of_every_figure(self):
        batch = self._batch()
        sheet = self._sheet(batch)
        self.assertEqual(sheet["A1"].value, f"Unprocessed Batch Report: {batch.name}")
        header = header_block(sheet)
        self.assertEqual(header["Number"], batch.name)
        self.assertEqual(header["Status"], "Open")
        self.assertEqual(header["Batch Type"], batch.batch_type_id.display_name)
        self.assertEqual(header["Journal"], batch.journal_id.display_name)
        self.assertEqual(
            header["Date Received"],
            format_date(batch.with_user(self.clerk).env, batch.date_received),
        )
        self.assertEqual(header["Opened By"], self.supervisor.name)
        self.assertIsNone(header["Closed By"])
        self.assertEqual(header["Currency"], batch.currency_id.name)
        self._assert_control_totals(sheet, batch)
        cash = find_row(sheet, batch.line_ids[1].display_name)
        self.assertEqual(sheet.cell(cash, 12).value, 15.0, "cash line 15.00 short")
        self._assert_receipts(sheet, batch)
        self._assert_subtotals(sheet, batch)
        self.assertEqual(
            sheet.freeze_panes, f"A{find_row(sheet, 'Receipts') + 2}", "under header"
        )

    def test_closed_batch_is_a_processed_report_with_the_closer(self):
        batch = self._batch()
        self._close(batch)
        self.assertEqual(batch.state, "closed")
        sheet = self._sheet(batch)
        self.assertEqual(sheet["A1"].value, f"Processed Batch Report: {batch.name}")
        header = header_block(sheet)
        self.assertEqual(header["Status"], "Closed")
        self.assertEqual(header["Closed By"], self.closer.name)
        self.assertTrue(header["Closed"])
        self._assert_control_totals(sheet, batch)
        self.assertEqual(sheet.cell(find_row(sheet, "Total"), 12).value, 0.0)
        self._assert_receipts(sheet, batch)
        self._assert_subtotals(sheet, batch)
        self.assertNotIn("Draft", [c.value for c in sheet["H:H"]], "all posted")
        for receipt in batch.payment_ids:
            row = find_row(sheet, receipt.memo, column=REFERENCE)
            received = sheet.cell(row, RECEIVED_ON)
            self.assertTrue(received.is_date)
            self.assertEqual(received.value.date(), batch.date_received)

    def test_several_batches_give_one_sheet_each(self):
        first = self._batch()
        second = self._open_batch(cheques=(1, 10.0))
        self._add_receipt(second, 10.0, memo="CHQ 2001")
        workbook = self._workbook(first | second)
        self.assertEqual(workbook.sheetnames, [sheet_name(first), sheet_name(second)])
        second_sheet = workbook[sheet_name(second)]
        self.assertEqual(
            second_sheet.cell(
                find_row(second_sheet, "CHQ 2001", REFERENCE), AMOUNT
            ).value,
            10.0,
        )

    def test_download_action_points_to_the_route(self):
        first = self._batch()
        second = self._open_batch(cheques=(1, 10.0))
        batches = (first | second).with_user(self.clerk)
        action = batches.action_download_report_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(
            action["url"],
            f"/account_payment_batch/report/xlsx/{first.id},{second.id}",
        )
        self.assertEqual(
            first.with_user(self.clerk)._report_xlsx_filename(),
            f"{sheet_name(first)}.xlsx",
        )
        self.assertEqual(batches._report_xlsx_filename(), "payment-batches.xlsx")

    def test_server_action_is_bound_to_batches_and_runs_for_a_clerk(self):
        server_action = self.env.ref(
            "account_payment_batch.action_download_batch_report_xlsx"
        )
        self.assertEqual(server_action.binding_model_id.model, "account.payment.batch")
        self.assertEqual(server_action.binding_view_types, "list,form")
        batch = self._batch()
        action = (
            server_action.with_user(self.clerk)
            .with_context(
                active_model="account.payment.batch",
                active_id=batch.id,
                active_ids=batch.ids,
            )
            .run()
        )
        self.assertEqual(
            action["url"], f"/account_payment_batch/report/xlsx/{batch.id}"
        )


@tagged("post_install", "-at_install")
class TestReportXlsxDownload(ReportXlsxCommon, HttpCase):
    def _get(self, ids):
        self.authenticate(self.clerk.login, self.clerk.login)
        return self.url_open(f"/account_payment_batch/report/xlsx/{ids}")

    def test_batch_user_downloads_a_workbook(self):
        batch = self._batch()
        response = self._get(batch.id)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.headers["Content-Type"],
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        self.assertIn(
            f"attachment; filename*=UTF-8''{sheet_name(batch)}.xlsx",
            response.headers["Content-Disposition"],
        )
        workbook = load_workbook(io.BytesIO(response.content))
        sheet = workbook[sheet_name(batch)]
        self.assertEqual(sheet["A1"].value, f"Unprocessed Batch Report: {batch.name}")
        total = find_row(sheet, "Batch total")
        self.assertEqual(sheet.cell(total, AMOUNT).value, batch.amount_entered)

    def test_several_batches_download_as_one_workbook(self):
        first = self._batch()
        second = self._open_batch(cheques=(1, 10.0))
        response = self._get(f"{first.id},{second.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("payment-batches.xlsx", response.headers["Content-Disposition"])
        workbook = load_workbook(io.BytesIO(response.content))
        self.assertEqual(workbook.sheetnames, [sheet_name(first), sheet_name(second)])

    def test_another_company_batch_is_refused_without_data(self):
        own = self._batch()
        other = self._other_company_batch(
            "Download Other Company", reference="SECRET OTHER COMPANY"
        )
        for ids in (other.id, f"{own.id},{other.id}"):
            response = self._get(ids)
            self.assertEqual(response.status_code, 403, ids)
            self.assertFalse(response.content.startswith(b"PK"), "not a workbook")
            self.assertNotIn(b"SECRET OTHER COMPANY", response.content)
            self.assertNotIn(other.name.encode(), response.content)
            self.assertNotIn("Content-Disposition", response.headers)

    def test_unknown_or_malformed_ids_are_not_found(self):
        batch = self._batch()
        missing = batch.id + 100000
        for ids in (missing, f"{batch.id},{missing}", "abc", f"{batch.id},x"):
            self.assertEqual(self._get(ids).status_code, 404, ids)
