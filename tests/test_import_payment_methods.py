from odoo import Command
from odoo.tests import tagged

from .import_common import ImportCommon, receipt_row, xlsx


@tagged("post_install", "-at_install")
class TestImportPaymentMethods(ImportCommon):
    """The Payment Method column: names, codes and aliases (seed 004)."""

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
