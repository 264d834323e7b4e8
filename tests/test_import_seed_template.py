"""The import template as the receipts help page lays it out, and every column's fate."""

from datetime import date

from odoo.tests import tagged

from ..batch_core.spreadsheet import COLUMNS
from .import_common import ImportCommon, xlsx

#: The help page's template: its columns, in its order and wording (no Receipt Kind).
SEED_HEADERS = (
    "Receipt Date *",
    "Payment Method *",
    "Receipt Reference",
    "Receipt Amount *",
    "Description",
    "Bill To Party Name",
    "Miscellaneous Account",
    "Insurer Account",
    "Invoice Number",
    "Policy Number",
    "Policy Term ID",
    "Policy Transaction ID",
)
DAY = date(2026, 3, 15)
LABELS = {column.key: column.label for column in COLUMNS}

#: Where each column's value lands: on a receipt, or on a pledge (an invoice).
RECEIPT_FIELDS = {
    "date": lambda r: r.date,
    "payment_method": lambda r: r.payment_method_line_id.name,
    "reference": lambda r: r.memo,
    "amount": lambda r: r.amount,
    "description": lambda r: r.batch_description,
    "payer": lambda r: r.batch_payer_name,
    "misc_account": lambda r: r.batch_account_id.code,
    "insurer_account": lambda r: r.batch_account_id.code,
    "invoice_number": lambda r: r.batch_invoice_number,
    "policy_reference": lambda r: r.batch_match_reference,
    "policy_term": lambda r: r.batch_policy_term,
    "policy_transaction": lambda r: r.batch_policy_transaction,
    "receipt_kind": lambda r: r.batch_receipt_kind,
    "batch_line": lambda r: r.batch_line_id.line_type_id.name,
}
PLEDGE_FIELDS = {
    "date": lambda p: p.invoice_date,
    "payment_method": lambda p: p.preferred_payment_method_line_id.name,
    "reference": lambda p: p.ref,
    "amount": lambda p: p.amount_total,
    "description": lambda p: p.invoice_line_ids.name,
    "payer": lambda p: p.partner_id.name,
    "receipt_kind": lambda p: "pledge",
    "batch_line": lambda p: p.batch_line_id.line_type_id.name,
}
#: Cells each kind cannot use: the row is refused and the message names them.
REFUSED = {
    "standard": {"misc_account", "insurer_account"},
    "miscellaneous": {
        "insurer_account",
        "invoice_number",
        "policy_reference",
        "policy_term",
        "policy_transaction",
    },
    "insurer_refund": {
        "misc_account",
        "invoice_number",
        "policy_reference",
        "policy_term",
        "policy_transaction",
    },
    "insurance_assignment": {
        "misc_account",
        "insurer_account",
        "invoice_number",
        "policy_term",
        "policy_transaction",
    },
    "pledge": {
        "misc_account",
        "insurer_account",
        "invoice_number",
        "policy_reference",
        "policy_term",
        "policy_transaction",
    },
}
KIND_CELLS = {
    "standard": "Standard",
    "miscellaneous": "Miscellaneous",
    "insurer_refund": "Insurer Refund",
    "insurance_assignment": "Insurance Assignment",
    "pledge": "Pledge",
}


def seed_row(amount, reference, payer="", misc="", insurer="", invoice="", **keys):
    """One row of the help page's template, in the order of SEED_HEADERS."""
    return [
        DAY,
        "Manual",
        reference,
        amount,
        keys.get("description", ""),
        payer,
        misc,
        insurer,
        invoice,
        keys.get("policy", ""),
        keys.get("term", ""),
        keys.get("transaction", ""),
    ]


@tagged("post_install", "-at_install")
class TestImportSeedTemplate(ImportCommon):
    def _engine(self, content, batch=None):
        batch = batch or self.batch
        return batch.with_user(self.importer)._import_receipts(content, "seed.xlsx")

    @staticmethod
    def _messages(result):
        messages = {}
        for error in result["errors"]:
            messages.setdefault(error.row_number, []).append(error.message)
        return messages

    def test_template_as_written_takes_the_kind_from_the_account_columns(self):
        invoice = self._invoice(self.payer_jane, 100.0)
        content = xlsx(
            [
                seed_row(100.0, "CHQ-1", payer="Jane Importer", invoice=invoice.name),
                seed_row(10.0, "MISC-1", misc="791000"),
                seed_row(12.0, "INS-1", payer="Acme Mutual", insurer="792000"),
                seed_row(13.0, "MISC-2", misc="NOPE-404"),
                seed_row(14.0, "CHQ-2", payer="Nobody We Know"),
                seed_row(15.0, "BOTH", misc="791000", insurer="792000"),
                seed_row(16.0, "MISC-3", misc="791000", invoice=invoice.name),
            ],
            headers=SEED_HEADERS,
        )
        result = self._engine(content)
        self.assertEqual(
            (result["imported_count"], result["rejected_count"]), (4, 3), result
        )
        receipts = {r.memo: r for r in self.batch.payment_ids}
        self.assertEqual(sorted(receipts), ["CHQ-1", "CHQ-2", "INS-1", "MISC-1"])
        self.assertEqual(receipts["CHQ-1"].batch_receipt_kind, "standard")
        self.assertEqual(receipts["CHQ-1"].allocation_ids.move_id, invoice)
        misc = receipts["MISC-1"]
        self.assertEqual(
            (misc.batch_receipt_kind, misc.batch_account_id),
            ("miscellaneous", self.misc_account),
        )
        insurer = receipts["INS-1"]
        self.assertEqual(
            (insurer.batch_receipt_kind, insurer.batch_account_id, insurer.partner_id),
            ("insurer_refund", self.insurer_account, self.payer_acme),
        )
        unknown = receipts["CHQ-2"]
        self.assertTrue(unknown.batch_is_suspense)
        self.assertEqual(unknown.batch_payer_name, "Nobody We Know")
        self.assertEqual(result["suspense_count"], 1)
        messages = self._messages(result)
        self.assertEqual(sorted(messages), [5, 7, 8])
        self.assertEqual(
            messages[5],
            [
                'Miscellaneous Account "NOPE-404": no account has this code or name '
                f"in {self.env.company.name}"
            ],
        )
        self.assertIn(
            'Miscellaneous Account "791000" and Insurer Account "792000" are both '
            "filled",
            messages[7][0],
        )
        self.assertEqual(
            messages[8],
            [
                f'Invoice Number "{invoice.name}": this receipt kind is booked to an '
                "account, not matched to invoices; leave the cell empty or import the "
                "row as a standard receipt"
            ],
        )
        self.assertTrue(result["rejected_file"])

    def test_receipt_kind_contradicting_an_account_column_is_refused(self):
        headers = (*SEED_HEADERS, "Receipt Kind")
        content = xlsx(
            [
                [*seed_row(10.0, "A", misc="791000"), "Standard"],
                [*seed_row(11.0, "B", misc="791000"), "Insurer Refund"],
                [*seed_row(12.0, "C", insurer="792000"), "Miscellaneous"],
                [*seed_row(13.0, "D", misc="791000"), "Miscellaneous"],
                [*seed_row(14.0, "E", insurer="792000"), ""],
            ],
            headers=headers,
        )
        result = self._engine(content)
        self.assertEqual(
            sorted((r.memo, r.batch_receipt_kind) for r in self.batch.payment_ids),
            [("D", "miscellaneous"), ("E", "insurer_refund")],
        )
        messages = self._messages(result)
        self.assertEqual(sorted(messages), [2, 3, 4])
        self.assertEqual(
            messages[2],
            [
                'Receipt Kind "Standard" contradicts Miscellaneous Account "791000", '
                "which is filled for miscellaneous receipts only: correct one of the "
                "two cells"
            ],
        )
        self.assertIn(
            'Receipt Kind "Insurer Refund" contradicts Miscellaneous Account',
            messages[3][0],
        )
        self.assertIn(
            'Receipt Kind "Miscellaneous" contradicts Insurer Account "792000"',
            messages[4][0],
        )

    def test_every_template_column_lands_or_fails_naming_it(self):
        """Walk every column of the full template for every receipt kind.

        A row of each kind fills every column that kind uses, with a value of
        its own: each value must be found on the receipt (or the pledge) made.
        Then, one row per column the kind cannot use: refused, its message
        naming the column. A column added to the template without a place to
        land here fails the test.
        """
        self.assertEqual(set(RECEIPT_FIELDS), set(LABELS), "a column has no field")
        batch = self._open_batch()
        headers = [column.label for column in COLUMNS]
        self.assertEqual(len(headers), 14)
        self.assertEqual(headers[-4:-2], ["Policy Term ID", "Policy Transaction ID"])
        rows, expected, refused = [], {}, {}
        for kind, kind_cell in KIND_CELLS.items():
            values = {
                "date": date(2026, 3, 1 + len(rows)),
                "payment_method": "Manual Payment",
                "reference": f"REF-{kind}",
                "amount": 20.0 + len(rows),
                "description": f"Description of {kind}",
                "payer": "Jane Importer",
                "misc_account": "791000",
                "insurer_account": "792000",
                "invoice_number": f"INV-{kind}",
                "policy_reference": f"POL-{kind}",
                "policy_term": f"TERM-{kind}",
                "policy_transaction": f"TX-{kind}",
                "receipt_kind": kind_cell,
                "batch_line": "Cash",
            }
            kept = {
                key: value for key, value in values.items() if key not in REFUSED[kind]
            }
            rows.append([kept.get(column.key) for column in COLUMNS])
            expected[kept["reference"]] = (kind, kept)
            for key in sorted(REFUSED[kind]):
                bad = dict(kept, reference=f"BAD-{kind}-{key}", **{key: values[key]})
                rows.append([bad.get(column.key) for column in COLUMNS])
                refused[len(rows) + 1] = LABELS[key]
        result = self._engine(xlsx(rows, headers=headers), batch=batch)

        receipts = {receipt.memo: receipt for receipt in batch.payment_ids}
        pledges = {pledge.ref: pledge for pledge in batch.pledge_ids}
        self.assertEqual(len(receipts) + len(pledges), len(expected))
        for reference, (kind, kept) in expected.items():
            record = pledges[reference] if kind == "pledge" else receipts[reference]
            fields_of = PLEDGE_FIELDS if kind == "pledge" else RECEIPT_FIELDS
            landed = {key: fields_of[key](record) for key in kept}
            wanted = dict(kept, receipt_kind=kind)
            if kind != "pledge":
                self.assertEqual(record.partner_id, self.payer_jane)
            self.assertEqual(landed, wanted, f"{kind}: a value did not land")
            self.assertFalse(set(kept) - set(fields_of), f"{kind} drops a column")

        messages = self._messages(result)
        self.assertEqual(sorted(messages), sorted(refused))
        for row_number, label in refused.items():
            self.assertTrue(
                any(label in message for message in messages[row_number]),
                f"row {row_number}: {messages[row_number]} does not name {label}",
            )
