import base64
import io

from openpyxl import load_workbook

from odoo import Command
from odoo.tests import tagged

from ..batch_core.tests.bank_file_samples import camt054
from .import_common import HEADERS, ImportCommon, receipt_row, xlsx


@tagged("post_install", "-at_install")
class TestImportPaymentMethods(ImportCommon):
    """The Payment Method column: names, codes and aliases, empty or absent (seed 004)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manual = cls.bank_journal.inbound_payment_method_line_ids.filtered(
            lambda m: m.payment_method_id.code == "manual"
        )[:1]
        cls.cheque = cls.env["account.payment.method.line"].create(
            {
                "name": "Cheque",
                "journal_id": cls.bank_journal.id,
                "payment_method_id": cls.env.ref(
                    "account.account_payment_method_manual_in"
                ).id,
                "batch_import_codes": "CHK, CQ; Check",
            }
        )
        # Cheques are entered on the Cheques line only.
        cls.line_type_cheques.payment_method_line_ids = [Command.set(cls.cheque.ids)]

    def test_codes_and_aliases_find_the_method(self):
        wizard = self._import(
            xlsx(
                [
                    receipt_row(10.0, reference="R1", method="cq", line="Cheques"),
                    receipt_row(11.0, reference="R2", method=" CHK ", line="Cheques"),
                    receipt_row(12.0, reference="R3", method="check", line="Cheques"),
                    receipt_row(13.0, reference="R4", method="Cheque", line="Cheques"),
                ]
            )
        )
        self.assertEqual(wizard.imported_count, 4)
        self.assertEqual(
            set(self.batch.payment_ids.mapped("payment_method_line_id")), {self.cheque}
        )

    def test_method_not_allowed_on_the_line_rejects_the_row(self):
        before = self.env["account.payment"].search_count([])
        wizard = self._import(
            xlsx(
                [
                    receipt_row(10.0, reference="R1", method="Cheque", line="Cheques"),
                    receipt_row(
                        11.0, reference="R2", method=self.manual.name, line="Cheques"
                    ),
                    receipt_row(12.0, reference="R3", method="Wire", line="Cash"),
                ]
            )
        )
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 2))
        self.assertEqual(self.env["account.payment"].search_count([]), before + 1)
        self.assertIn(
            f'Payment Method "{self.manual.name}" is not allowed on batch line',
            wizard.result_html,
        )
        self.assertIn("use one of Cheque", wizard.result_html)
        self.assertIn(
            'Payment Method "Wire" is not a payment method', wizard.result_html
        )

    def _receipts_by_memo(self):
        return {receipt.memo: receipt for receipt in self.batch.payment_ids}

    def test_empty_method_takes_the_first_method_the_line_allows(self):
        first = self.batch._import_payment_methods()[:1]
        self.assertNotEqual(first, self.cheque)
        wizard = self._import(
            xlsx(
                [
                    receipt_row(10.0, reference="R1", method="", line="Cheques"),
                    receipt_row(11.0, reference="R2", method="  ", line="Cash"),
                    # No line either: the batch's first line, Cheques.
                    receipt_row(12.0, reference="R3", method=None),
                ]
            )
        )
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (3, 0))
        receipts = self._receipts_by_memo()
        self.assertEqual(receipts["R1"].payment_method_line_id, self.cheque)
        self.assertEqual(receipts["R2"].payment_method_line_id, first)
        self.assertEqual(receipts["R2"].batch_line_id.line_type_id, self.line_type_cash)
        self.assertEqual(receipts["R3"].payment_method_line_id, self.cheque)
        self.assertEqual(
            receipts["R3"].batch_line_id.line_type_id, self.line_type_cheques
        )

    def test_empty_method_on_an_open_line_takes_the_batch_types_first(self):
        # The batch type allows the cheque only: so may an unrestricted line.
        self.batch_type.payment_method_line_ids = [Command.set(self.cheque.ids)]
        wizard = self._import(
            xlsx([receipt_row(10.0, reference="R1", method="", line="Cash")])
        )
        self.assertEqual(wizard.imported_count, 1)
        self.assertEqual(self.batch.payment_ids.payment_method_line_id, self.cheque)

    def test_file_without_a_payment_method_column_imports_with_the_defaults(self):
        position = HEADERS.index("Payment Method")
        headers = HEADERS[:position] + HEADERS[position + 1 :]
        rows = [
            receipt_row(10.0, reference="R1", line="Cheques"),
            receipt_row(11.0, reference="R2", line="Cash"),
        ]
        for row in rows:
            del row[position]
        wizard = self._import(xlsx(rows, headers=headers))
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (2, 0))
        self.assertNotIn("Payment Method", wizard.result_html)
        receipts = self._receipts_by_memo()
        self.assertEqual(receipts["R1"].payment_method_line_id, self.cheque)
        self.assertEqual(
            receipts["R2"].payment_method_line_id,
            self.batch._import_payment_methods()[:1],
        )

    def test_bank_entries_take_and_write_back_the_first_lines_method(self):
        self.bank_journal.bank_account_id = self.env["res.partner.bank"].create(
            {
                "acc_number": "DE89 3704 0044 0532 0130 00",
                "partner_id": self.env.company.partner_id.id,
            }
        )
        entries = [
            {"amount": "100.00", "payer": "Jane Importer", "end_to_end": "E2E-1"},
            {"amount": "40.00", "debit": True, "payer": "Bank fees"},
        ]
        wizard = self._import(camt054(8, entries), filename="notification.xml")
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 1))
        self.assertEqual(self.batch.payment_ids.payment_method_line_id, self.cheque)
        sheet = load_workbook(io.BytesIO(base64.b64decode(wizard.rejected_file))).active
        self.assertEqual(
            (sheet["B1"].value, sheet["B2"].value), ("Payment Method", "Cheque")
        )
