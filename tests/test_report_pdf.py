"""The batch report and the deposit slip as PDF, read back with pdftotext."""

import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PaymentBatchCommon

BATCH_REPORT = "account_payment_batch.action_report_payment_batch"
DEPOSIT_SLIP = "account_payment_batch.action_report_deposit_slip"


def pdf_text(content):
    """The text of a PDF, laid out as on the page (poppler's pdftotext)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(content)
        result = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"],
            capture_output=True,
            check=True,
            timeout=60,
        )
    return result.stdout.decode()


@tagged("post_install", "-at_install")
class TestReportPdf(PaymentBatchCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if not shutil.which("pdftotext") or not shutil.which("wkhtmltopdf"):
            raise RuntimeError("pdftotext and wkhtmltopdf are needed (tools/setup.sh)")
        cls.depositor = cls._user("depositor", "deposit")
        cls.customer = cls.env["res.partner"].create({"name": "Report Customer"})
        cls.invoice_a = cls._invoice(cls.customer, 120.0)
        cls.invoice_b = cls._invoice(cls.customer, 80.0)

    def _render(self, report, records, user=None):
        Report = self.env["ir.actions.report"].with_user(user or self.clerk)
        # wkhtmltopdf fetches the report's styles from the test server.
        with self.allow_pdf_render():
            content, kind = Report.with_context(
                force_report_rendering=True
            )._render_qweb_pdf(report, records.ids)
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"))
        return pdf_text(content)

    def _batch(self):
        batch = self._open_batch(cheques=(3, 400.0))
        both = self._add_receipt(batch, 250.0, partner=self.customer, memo="CHQ 1001")
        both.allocation_ids.unlink()
        self._allocate(both, self.invoice_a, 120.0)
        self._allocate(both, self.invoice_b, 80.0)
        self._add_receipt(batch, 100.0, partner=self.partner_b, memo="CHQ 1002")
        self._add_receipt(
            batch,
            50.0,
            partner=self.env["res.partner"],
            memo="CHQ 1003",
            batch_payer_name="Unknown Aunt",
        )
        return batch, both

    @staticmethod
    def _squash(text):
        return re.sub(r"\s+", " ", text)

    def test_open_batch_report_shows_every_figure(self):
        batch, _both = self._batch()
        text = self._squash(self._render(BATCH_REPORT, batch))
        self.assertIn(f"Unprocessed Batch Report: {batch.name}", text)
        self.assertIn("Cash Receipts", text)
        for fragment in (
            "CHQ 1001",
            "CHQ 1002",
            "CHQ 1003",
            "Report Customer",
            "Unknown Aunt",
            f"{self.invoice_a.name}: $ 120.00",
            f"{self.invoice_b.name}: $ 80.00",
            "Suspense",
            "$ 400.00",  # recorded / corrected amount
            "$ 50.00",  # difference
            "Batch total: 3 receipts $ 400.00",
        ):
            self.assertIn(fragment, text.replace("\xa0", " "))
        self.assertNotIn("Processed Batch Report", text.replace("Unprocessed", ""))

    def test_closed_batch_report_says_processed_with_the_closer(self):
        self.closer.name = "Carla Closer"
        batch, _both = self._batch()
        self._close(batch)
        text = self._squash(self._render(BATCH_REPORT, batch)).replace("\xa0", " ")
        self.assertIn(f"Processed Batch Report: {batch.name}", text)
        self.assertNotIn("Unprocessed", text)
        self.assertIn("Closed By Carla Closer", text)
        self.assertIn("Batch total: 3 receipts $ 400.00", text)

    def test_several_batches_print_together(self):
        first, _both = self._batch()
        second = self._open_batch(cheques=(1, 10.0))
        self._add_receipt(second, 10.0, memo="CHQ 2001")
        text = self._squash(self._render(BATCH_REPORT, first | second))
        self.assertIn(first.name, text)
        self.assertIn("CHQ 2001", text)

    def test_another_company_batch_cannot_be_printed(self):
        other_batch = self._other_company_batch("Printing Other Company")
        with self.assertRaises(AccessError):
            self._render(BATCH_REPORT, other_batch)

    def test_deposit_slip_lists_cheques_cash_and_totals(self):
        cash_method = self.env["account.payment.method.line"].create(
            {
                "name": "Counter Cash",
                "payment_method_id": self.bank_journal.inbound_payment_method_line_ids[
                    :1
                ].payment_method_id.id,
                "journal_id": self.bank_journal.id,
                "batch_deposit_as": "cash",
            }
        )
        self.bank_journal.bank_acc_number = "DE89 3704 0044 0532 0130 00"
        batch = self._open_batch(cheques=(3, 375.0))
        self._add_receipt(batch, 200.0, partner=self.customer, memo="CHQ 501")
        self._add_receipt(batch, 100.0, partner=self.partner_b, memo="CHQ 502")
        self._add_receipt(
            batch, 75.0, partner=self.partner_b, payment_method_line_id=cash_method.id
        )
        self._close(batch)
        deposit = batch.with_user(self.depositor)._prepare_deposit(
            self.bank_journal, fields.Date.today(), 375.0
        )
        text = self._squash(self._render(DEPOSIT_SLIP, deposit, user=self.depositor))
        text = text.replace("\xa0", " ")
        for fragment in (
            f"Deposit Slip {deposit.name}",
            "DE89 3704 0044 0532 0130 00",
            "Report Customer CHQ 501 $ 200.00",
            "CHQ 502 $ 100.00",
            "Cheques (2) $ 300.00",
            "Cash $ 75.00",
            "Total Deposit $ 375.00",
            "Bank stamp",
        ):
            self.assertIn(fragment, text)

    def test_pdf_and_xlsx_give_the_same_totals(self):
        batch, _both = self._batch()
        self._close(batch)
        text = self._squash(self._render(BATCH_REPORT, batch)).replace("\xa0", " ")
        sheet = load_workbook(io.BytesIO(batch.with_user(self.clerk)._report_xlsx()))[
            batch.name.replace("/", "-")
        ]
        row = next(
            cells
            for cells in sheet.iter_rows(values_only=True)
            if cells[0] == "Batch total"
        )
        amount, allocated, on_account = row[8], row[10], row[11]
        self.assertEqual((amount, allocated, on_account), (400.0, 200.0, 200.0))
        self.assertIn(
            f"Batch total: 3 receipts $ {amount:,.2f} Allocated $ {allocated:,.2f} "
            f"$ {on_account:,.2f}",
            text,
        )
