"""Insurance assignment receipts imported: the Receipt Kind cell, and bank files of an insurer."""

import base64
import io

from openpyxl import load_workbook

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from ..batch_core.tests.bank_file_samples import bai2, camt054
from .import_common import HEADERS, ImportCommon, csv_bytes, receipt_row, xlsx

IBAN = "DE89370400440532013000"
#: The import file's columns with the two policy ids of the full template.
POLICY_HEADERS = (*HEADERS, "Policy Term ID", "Policy Transaction ID")
REFUSED_REASON = (
    "an insurance assignment receipt is matched to the insurer's pending "
    "assignments by policy number, not to invoices"
)


def assignment_row(amount, reference, payer="Acme Mutual", policy="", **cells):
    """An Insurance Assignment row of POLICY_HEADERS."""
    return [
        *receipt_row(
            amount,
            payer=payer,
            reference=reference,
            policy=policy,
            kind=cells.get("kind", "Insurance Assignment"),
            invoice=cells.get("invoice", ""),
            misc=cells.get("misc", ""),
            insurer=cells.get("insurer", ""),
        ),
        cells.get("term", ""),
        cells.get("transaction", ""),
    ]


@tagged("post_install", "-at_install")
class TestImportInsuranceKind(ImportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank_journal.bank_account_id = cls.env["res.partner.bank"].create(
            {
                "acc_number": "DE89 3704 0044 0532 0130 00",
                "partner_id": cls.env.company.partner_id.id,
            }
        )
        cls.invoice_jane = cls._invoice(cls.payer_jane, 100.0)

    @staticmethod
    def _messages(result):
        messages = {}
        for error in result["errors"]:
            messages.setdefault(error.row_number, []).append(error.message)
        return messages

    def _engine(self, content, filename="receipts.xlsx", batch=None, **options):
        batch = batch or self.batch
        return batch.with_user(self.importer)._import_receipts(
            content, filename, **options
        )

    # ------------------------------------------------------------------
    # Spreadsheets: the Receipt Kind cell

    def test_insurance_assignment_row_keeps_its_policy_number(self):
        content = xlsx(
            [assignment_row(300.0, "CHQ-INS-1", policy="POL-778")],
            headers=POLICY_HEADERS,
        )
        wizard = self._import(content)
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (1, 0))
        receipt = self.batch.payment_ids
        self.assertEqual(
            (
                receipt.batch_receipt_kind,
                receipt.batch_match_reference,
                receipt.partner_id,
                receipt.batch_payer_name,
                receipt.amount,
            ),
            ("insurance_assignment", "POL-778", self.payer_acme, "Acme Mutual", 300.0),
        )
        self.assertFalse(receipt.batch_invoice_number)
        self.assertFalse(receipt.batch_account_id)

    def test_folded_spellings_of_the_kind_are_understood(self):
        spellings = ["insurance assignment", "INSURANCE-ASSIGNMENT", "Assignment"]
        rows = [HEADERS] + [
            receipt_row(
                10.0 + index,
                payer="Acme Mutual",
                reference=f"CHQ-{index}",
                policy=f"POL-{index}",
                kind=spelling,
            )
            for index, spelling in enumerate(spellings)
        ]
        wizard = self._import(csv_bytes(rows), filename="receipts.csv")
        self.assertEqual((wizard.imported_count, wizard.rejected_count), (3, 0))
        self.assertEqual(
            set(self.batch.payment_ids.mapped("batch_receipt_kind")),
            {"insurance_assignment"},
        )

    def test_invoice_and_policy_ids_are_refused_naming_the_column(self):
        invoice = self.invoice_jane.name
        content = xlsx(
            [
                assignment_row(10.0, "A", policy="POL-1", invoice=invoice),
                assignment_row(11.0, "B", policy="POL-2", term="TERM-2"),
                assignment_row(12.0, "C", policy="POL-3", transaction="TX-3"),
                assignment_row(13.0, "D", policy="POL-4"),
            ],
            headers=POLICY_HEADERS,
        )
        result = self._engine(content)
        self.assertEqual(
            (result["imported_count"], result["rejected_count"]), (1, 3), result
        )
        self.assertEqual(self.batch.payment_ids.memo, "D")
        messages = self._messages(result)
        self.assertEqual(
            messages[2],
            [
                f'Invoice Number "{invoice}": {REFUSED_REASON}; leave the cell empty '
                "or import the row as a standard receipt"
            ],
        )
        self.assertTrue(messages[3][0].startswith('Policy Term ID "TERM-2": '))
        self.assertIn(REFUSED_REASON, messages[3][0])
        self.assertTrue(messages[4][0].startswith('Policy Transaction ID "TX-3": '))
        # Rejected, never dropped: the rejected rows file keeps the cells.
        rejected = load_workbook(io.BytesIO(result["rejected_file"])).active
        self.assertEqual(rejected["I2"].value, invoice)
        self.assertIn("Invoice Number", rejected.cell(row=2, column=15).value)

    def test_unknown_kind_lists_insurance_assignment(self):
        content = xlsx([receipt_row(10.0, payer="Acme Mutual", kind="Assurance")])
        result = self._engine(content)
        self.assertEqual(
            self._messages(result)[2],
            [
                'Receipt Kind "Assurance" is unknown: use Standard, Miscellaneous, '
                "Insurer Refund, Insurance Assignment, Pledge"
            ],
        )

    def test_account_columns_contradict_the_kind(self):
        content = xlsx(
            [
                assignment_row(10.0, "A", policy="POL-1", misc="791000"),
                assignment_row(11.0, "B", policy="POL-2", insurer="792000"),
            ],
            headers=POLICY_HEADERS,
        )
        result = self._engine(content)
        self.assertFalse(self.batch.payment_ids)
        messages = self._messages(result)
        self.assertIn(
            'Receipt Kind "Insurance Assignment" contradicts Miscellaneous Account '
            '"791000"',
            messages[2][0],
        )
        self.assertIn(
            'Receipt Kind "Insurance Assignment" contradicts Insurer Account "792000"',
            messages[3][0],
        )

    def test_unknown_insurer_goes_to_suspense_and_counts_like_standard(self):
        content = xlsx(
            [
                assignment_row(10.0, "A", payer="Unheard Of Mutual", policy="POL-1"),
                assignment_row(11.0, "B", policy="POL-2"),
            ],
            headers=POLICY_HEADERS,
        )
        wizard = self._import(content)
        receipts = {receipt.memo: receipt for receipt in self.batch.payment_ids}
        unknown = receipts["A"]
        self.assertEqual(
            (
                unknown.batch_receipt_kind,
                unknown.partner_id.id,
                unknown.batch_payer_name,
            ),
            ("insurance_assignment", False, "Unheard Of Mutual"),
        )
        self.assertTrue(unknown.batch_is_suspense)
        # Acme has no pending assignment: nothing to match, left unmatched.
        self.assertFalse(receipts["B"].allocation_ids)
        self.assertEqual((wizard.suspense_count, wizard.unmatched_count), (1, 1))

    def test_refund_batch_refuses_insurance_assignment_rows(self):
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
            [assignment_row(-10.0, "A", policy="POL-1")], headers=POLICY_HEADERS
        )
        result = self._engine(content, batch=batch)
        self.assertFalse(batch.payment_ids)
        self.assertIn(
            "insurance assignment receipts belong in cash receipt batches",
            self._messages(result)[2],
        )

    def _pending_assignment(self, partner, amount, policy):
        """A pending assignment of ``partner``'s new invoice to Acme Mutual."""
        assignment = (
            self.env["account.payment.batch.assignment"]
            .sudo()
            .create(
                {
                    "partner_id": partner.id,
                    "insurer_id": self.payer_acme.id,
                    "policy_number": policy,
                    "amount": amount,
                    "date": "2026-02-01",
                    "invoice_ids": [Command.set(self._invoice(partner, amount).ids)],
                }
            )
        )
        assignment.action_confirm()
        return assignment

    def test_imported_row_is_matched_to_the_pending_assignment_of_its_policy(self):
        older = self._pending_assignment(self.partner_a, 300.0, "POL-A")
        assigned = self._pending_assignment(self.partner_b, 300.0, "POL-B")
        content = xlsx(
            [
                assignment_row(300.0, "CHQ-B", policy="pol-b"),
                assignment_row(300.0, "CHQ-C", policy="POL-C"),
            ],
            headers=POLICY_HEADERS,
        )
        wizard = self._import(content)
        receipts = {receipt.memo: receipt for receipt in self.batch.payment_ids}
        matched = receipts["CHQ-B"].allocation_ids
        self.assertEqual(
            (matched.move_line_id, matched.amount), (assigned.insurer_line_id, 300.0)
        )
        self.assertFalse(receipts["CHQ-C"].allocation_ids, "no assignment of POL-C")
        self.assertFalse(older.insurer_line_id.reconciled)
        self.assertEqual((wizard.suspense_count, wizard.unmatched_count), (0, 1))

    # ------------------------------------------------------------------
    # Bank files: the wizard's Receipt Kind

    def _remittance(self):
        return camt054(
            8,
            [
                {
                    "booking_date": "2026-03-16",
                    "details": [
                        {
                            "amount": "300.00",
                            "payer": "Acme Mutual",
                            "end_to_end": "E2E-INS-1",
                            "invoices": ["POL-778", "POL-779"],
                        },
                        {
                            "amount": "120.00",
                            "payer": "Acme Mutual",
                            "end_to_end": "E2E-INS-2",
                            "invoices": ["POL-901"],
                            "texts": [f"Re {self.invoice_jane.name}"],
                        },
                        {
                            "amount": "80.00",
                            "payer": "MUTUAL OF SOMEWHERE",
                            "end_to_end": "E2E-INS-3",
                            "texts": [f"Policy of {self.invoice_jane.name}"],
                        },
                    ],
                },
                {
                    "booking_date": "2026-03-17",
                    "debit": True,
                    "details": [
                        {
                            "amount": "40.00",
                            "payer": "Acme Mutual",
                            "invoices": ["POL-9"],
                        }
                    ],
                },
            ],
        )

    def test_camt054_of_an_insurer_imports_assignment_receipts_with_policies(self):
        wizard = self._import(
            self._remittance(),
            filename="remittance.xml",
            bank_receipt_kind="insurance_assignment",
        )
        self.assertEqual(
            (wizard.total_rows, wizard.imported_count, wizard.rejected_count),
            (4, 3, 1),
        )
        receipts = {receipt.memo: receipt for receipt in self.batch.payment_ids}
        self.assertEqual(
            {memo: r.batch_receipt_kind for memo, r in receipts.items()},
            dict.fromkeys(
                ["E2E-INS-1", "E2E-INS-2", "E2E-INS-3"], "insurance_assignment"
            ),
        )
        self.assertEqual(
            {memo: r.batch_match_reference for memo, r in receipts.items()},
            {
                "E2E-INS-1": "POL-778, POL-779",
                "E2E-INS-2": "POL-901",
                "E2E-INS-3": False,
            },
        )
        self.assertFalse(any(receipts[memo].batch_invoice_number for memo in receipts))
        self.assertEqual(receipts["E2E-INS-1"].partner_id, self.payer_acme)
        # The invoice its text names is not looked for, nor its customer made payer.
        self.assertFalse(receipts["E2E-INS-2"].allocation_ids)
        unknown = receipts["E2E-INS-3"]
        self.assertFalse(unknown.partner_id)
        self.assertTrue(unknown.batch_is_suspense)
        self.assertEqual(
            unknown.batch_description, f"Policy of {self.invoice_jane.name}"
        )
        self.assertEqual(wizard.suspense_count, 1)

    def test_camt054_receipt_is_matched_to_the_assignment_of_its_policy(self):
        self._pending_assignment(self.partner_a, 200.0, "POL-A")
        assigned = self._pending_assignment(self.partner_b, 200.0, "POL-B")
        content = camt054(
            8,
            [
                {
                    "booking_date": "2026-03-16",
                    "amount": "200.00",
                    "payer": "Acme Mutual",
                    "end_to_end": "E2E-B",
                    "invoices": ["POL-B"],
                }
            ],
        )
        wizard = self._import(
            content, filename="remittance.xml", bank_receipt_kind="insurance_assignment"
        )
        self.assertEqual((wizard.imported_count, wizard.unmatched_count), (1, 0))
        receipt = self.batch.payment_ids
        self.assertEqual(receipt.batch_match_reference, "POL-B")
        self.assertEqual(receipt.allocation_ids.move_line_id, assigned.insurer_line_id)

    def test_rejected_bank_entry_is_written_back_as_an_assignment_row(self):
        wizard = self._import(
            self._remittance(),
            filename="remittance.xml",
            bank_receipt_kind="insurance_assignment",
        )
        sheet = load_workbook(io.BytesIO(base64.b64decode(wizard.rejected_file))).active
        header = [cell.value for cell in sheet[1]]
        row = dict(zip(header, (cell.value for cell in sheet[2]), strict=True))
        self.assertEqual(row["Receipt Kind"], "Insurance Assignment")
        self.assertEqual(row["Policy / Customer Reference"], "POL-9")
        self.assertIsNone(row["Invoice Number"])
        # Fixed by the clerk, it imports again as a spreadsheet row of that kind.
        sheet["D2"] = "40.00"
        buffer = io.BytesIO()
        sheet.parent.save(buffer)
        again = self._import(buffer.getvalue(), filename="fixed.xlsx")
        self.assertEqual((again.imported_count, again.rejected_count), (1, 0))
        fixed = self.batch.payment_ids.filtered(lambda r: r.amount == 40.0)
        self.assertEqual(
            (fixed.batch_receipt_kind, fixed.batch_match_reference),
            ("insurance_assignment", "POL-9"),
        )

    def test_standard_kind_still_reads_invoice_numbers(self):
        self._import(self._remittance(), filename="remittance.xml")
        receipts = {receipt.memo: receipt for receipt in self.batch.payment_ids}
        self.assertEqual(
            set(self.batch.payment_ids.mapped("batch_receipt_kind")), {"standard"}
        )
        self.assertEqual(receipts["E2E-INS-1"].batch_invoice_number, "POL-778, POL-779")
        self.assertFalse(receipts["E2E-INS-1"].batch_match_reference)
        # The text names Jane's invoice: she is taken for the unknown payer.
        self.assertEqual(receipts["E2E-INS-3"].partner_id, self.payer_jane)

    def test_bai2_of_an_insurer_skips_the_invoice_lookup(self):
        content = bai2(
            [
                {
                    "number": IBAN,
                    "details": [
                        {
                            "type": "115",
                            "amount": 10000,
                            "customer_ref": "LBX-INS-1",
                            "text": f"ASSIGNED {self.invoice_jane.name}",
                        }
                    ],
                }
            ]
        )
        wizard = self._import(
            content, filename="lockbox.txt", bank_receipt_kind="insurance_assignment"
        )
        receipt = self.batch.payment_ids
        self.assertEqual(wizard.imported_count, 1)
        self.assertEqual(
            (
                receipt.batch_receipt_kind,
                receipt.partner_id.id,
                receipt.batch_invoice_number,
                receipt.batch_match_reference,
            ),
            ("insurance_assignment", False, False, False),
        )
        self.assertTrue(receipt.batch_is_suspense)

    def test_spreadsheet_with_a_bank_receipt_kind_is_refused_whole(self):
        content = xlsx([receipt_row(10.0, payer="Acme Mutual", policy="POL-1")])
        before = self._snapshot()
        with self._assert_refused(
            UserError, r"The receipt kind Insurance Assignment is chosen for bank files"
        ):
            self._import(content, bank_receipt_kind="insurance_assignment")
        self.assertEqual(self._snapshot(), before)
