"""Receipt imports in tests: file builders and an importing clerk."""

import base64
import csv
import io
from datetime import date

from openpyxl import Workbook

from odoo.exceptions import UserError

from .common import PaymentBatchCommon

HEADERS = (
    "Receipt Date",
    "Payment Method",
    "Receipt Reference",
    "Receipt Amount",
    "Description",
    "Payer / Bill To Party Name",
    "Miscellaneous Account",
    "Insurer Account",
    "Invoice Number",
    "Policy / Customer Reference",
    "Receipt Kind",
    "Batch Line",
)
DAY = date(2026, 3, 15)


def receipt_row(
    amount,
    payer="",
    reference="",
    invoice="",
    kind="",
    misc="",
    insurer="",
    method="Manual",
    line="",
    day=DAY,
    description="",
    policy="",
):
    """One row of the import file, in the order of HEADERS."""
    return [
        day,
        method,
        reference,
        amount,
        description,
        payer,
        misc,
        insurer,
        invoice,
        policy,
        kind,
        line,
    ]


def xlsx(rows, headers=HEADERS):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Receipts"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    return save(workbook)


def save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, delimiter=",", encoding="utf-8"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode(encoding)


class ImportCommon(PaymentBatchCommon):
    """An importing clerk, payers and accounts the files name, and import helpers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.importer = cls._user("importer", "import")
        cls.payer_jane = cls.env["res.partner"].create({"name": "Jane Importer"})
        cls.payer_acme = cls.env["res.partner"].create(
            {"name": "Acme Mutual", "ref": "ACME-01", "is_company": True}
        )
        cls.misc_account = cls.env["account.account"].create(
            {
                "name": "Sundry Income",
                "code": "791000",
                "account_type": "income_other",
            }
        )
        cls.insurer_account = cls.env["account.account"].create(
            {
                "name": "Insurer Recoveries",
                "code": "792000",
                "account_type": "income_other",
            }
        )

    def setUp(self):
        super().setUp()
        self.batch = self._create_batch()

    # ------------------------------------------------------------------
    # helpers

    def _wizard(self, batch=None, user=None, **vals):
        batch = batch or self.batch
        return (
            self.env["account.payment.batch.import"]
            .with_user(user or self.importer)
            .with_context(default_batch_id=batch.id)
            .create(vals)
        )

    def _import(self, content, filename="receipts.xlsx", batch=None, **vals):
        wizard = self._wizard(
            batch=batch, file=base64.b64encode(content), filename=filename, **vals
        )
        action = wizard.action_import()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.state, "done")
        return wizard

    def _snapshot(self, batch=None):
        """What a failed import must leave untouched."""
        batch = batch or self.batch
        self.env.invalidate_all()
        return (
            batch.state,
            batch.payment_ids.ids,
            batch.pledge_ids.ids,
            batch.payment_count,
            batch.amount_entered,
            len(batch.message_ids),
            self.env["account.payment"].search_count([]),
        )

    def _assert_fatal(self, content, regex, filename="receipts.xlsx", batch=None):
        before = self._snapshot(batch)
        with self._assert_refused(UserError, regex):
            self._import(content, filename, batch=batch)
        self.assertEqual(self._snapshot(batch), before, "the batch changed")

    def _good_rows(self):
        return [
            receipt_row(100.0, payer="Jane Importer", reference="CHQ-1"),
            receipt_row(200.0, payer="Acme Mutual", reference="CHQ-2"),
        ]
