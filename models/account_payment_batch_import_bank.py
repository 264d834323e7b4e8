"""Receipt import: bank files (CAMT.054, BAI2) checked against the batch, and their remittance read.

A bank file names the account and currency it is for: both must be the
batch journal's, or nothing is imported. Its entries then go through the
same per-row rules as spreadsheet rows, with two additions: invoice numbers
written in the free remittance text are found (one query for the file), and
an entry whose payer is not a known contact is given to the customer of the
invoices it names, when they all belong to one.

An insurer's remittance of assigned policies is imported as insurance
assignment receipts: the document numbers it carries are then policy
numbers, and neither addition applies.
"""

import re

from odoo import _, models
from odoo.exceptions import UserError

from ..batch_core.spreadsheet import (
    COLUMNS,
    IMPORT_KIND_LABELS,
    IMPORT_KINDS,
    normalize_header,
)

BANK_FORMATS = {"camt054": "CAMT.054", "bai2": "BAI2"}
#: Kinds a bank file's receipts may be given (the import wizard's choice).
BANK_KINDS = ("standard", "insurance_assignment")
_LABELS = {column.key: column.label for column in COLUMNS}
#: Words of a remittance text that may be invoice numbers (INV/2026/00042, F-123).
_WORD = re.compile(r"[^\s,;:()\[\]{}\"']+")


def _account_key(number):
    """An account number without spaces, dashes or case (as Odoo sanitizes it)."""
    return re.sub(r"\W+", "", number or "").upper()


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    def _import_check_bank_file(self, parsed):
        """Refuse a bank file for another bank account or currency; nothing is written."""
        file_format = BANK_FORMATS.get(parsed.file_format)
        if not file_format:
            return
        bank_account = self.journal_id.bank_account_id
        if not bank_account:
            raise UserError(
                _(
                    "A %(format)s file is for one bank account: set the bank account "
                    "of journal %(journal)s to import it. Nothing was imported.",
                    format=file_format,
                    journal=self.journal_id.name,
                )
            )
        own = _account_key(bank_account.acc_number)
        others = [
            account for account in parsed.accounts if _account_key(account) != own
        ]
        if others or not parsed.accounts:
            raise UserError(
                _(
                    "This %(format)s file is for account %(accounts)s, not for "
                    "account %(own)s of journal %(journal)s. Nothing was imported.",
                    format=file_format,
                    accounts=", ".join(others) or _("(none named)"),
                    own=bank_account.acc_number,
                    journal=self.journal_id.name,
                )
            )
        currency = self.currency_id.name
        wrong = [code for code in parsed.currencies if code != currency]
        if wrong:
            raise UserError(
                _(
                    "This %(format)s file has amounts in %(currencies)s; batch "
                    "%(batch)s is in %(currency)s. Nothing was imported.",
                    format=file_format,
                    currencies=", ".join(dict.fromkeys(wrong)),
                    batch=self.name,
                    currency=currency,
                )
            )

    def _import_apply_bank_kind(self, parsed, kind):
        """Give every entry of a bank file the receipt kind chosen for the file.

        For insurance assignment receipts the document numbers of the
        remittance (the Invoice Number the readers fill) are the policy
        numbers of the assigned policies: they move to the Policy Number,
        in the values and in the text written back for rejected entries.
        Nothing is written to the database; a spreadsheet, whose rows say
        their kind themselves, is refused with another kind than standard.
        """
        if kind not in BANK_KINDS:
            raise UserError(_('Receipt kind "%(kind)s" is unknown.', kind=kind))
        if kind == "standard":
            return
        label = next(
            label
            for label in IMPORT_KIND_LABELS
            if IMPORT_KINDS[normalize_header(label)] == kind
        )
        if parsed.file_format not in BANK_FORMATS:
            raise UserError(
                _(
                    "The receipt kind %(kind)s is chosen for bank files (CAMT.054, "
                    "BAI2); a spreadsheet gives each row's kind in its Receipt Kind "
                    "column. Choose Standard, or write %(kind)s in that column. "
                    "Nothing was imported.",
                    kind=label,
                )
            )
        for row in parsed.rows:
            row.values["policy_reference"] = row.values["invoice_number"]
            row.values.update(receipt_kind=label, invoice_number=None)
        # Rejected entries are written back as template rows: with the kind,
        # and the numbers in the column a spreadsheet row of this kind uses.
        # The problems of one entry share its raw dict: each is moved once.
        raws = [row.raw for row in parsed.rows] + [e.raw for e in parsed.errors]
        for raw in {id(raw): raw for raw in raws}.values():
            raw[_LABELS["policy_reference"]] = raw[_LABELS["invoice_number"]]
            raw[_LABELS["invoice_number"]] = ""
            raw[_LABELS["receipt_kind"]] = label

    def _import_read_remittance(self, parsed):
        """Invoice numbers in the remittance text, and the customers they name.

        Fills the empty Invoice Number of bank entries with the invoice
        numbers their text carries, in the order written. Entries given a
        receipt kind (insurance assignments) are left as they are: they pay
        no invoice, and their payer is the insurer, never an invoice's
        customer.

        :return: {row number: partner} for rows whose invoices all belong
            to one customer
        """
        if parsed.file_format not in BANK_FORMATS:
            return {}
        rows = [row for row in parsed.rows if not row.values["receipt_kind"]]
        words = [
            (row, _WORD.findall(row.values["description"]))
            for row in rows
            if not row.values["invoice_number"] and row.values["description"]
        ]
        candidates = {word for _row, found in words for word in found}
        numbers = {
            number.strip()
            for row in rows
            for number in (row.values["invoice_number"] or "").split(",")
            if number.strip()
        }
        if not candidates and not numbers:
            return {}
        invoices = self.env["account.move"].search_fetch(
            [
                ("name", "in", sorted(candidates | numbers)),
                ("state", "=", "posted"),
                ("company_id", "=", self.company_id.id),
                ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
            ],
            ["name", "commercial_partner_id"],
        )
        by_name = {invoice.name: invoice for invoice in invoices}
        for row, found in words:
            names = [word for word in dict.fromkeys(found) if word in by_name]
            if names:
                row.values["invoice_number"] = ", ".join(names)
        payers = {}
        for row in rows:
            names = [
                number.strip()
                for number in (row.values["invoice_number"] or "").split(",")
                if number.strip() in by_name
            ]
            customers = {by_name[name].commercial_partner_id for name in names}
            if len(customers) == 1:
                payers[row.row_number] = customers.pop()
        return payers

    def _import_fill_bank_method(self, parsed, errors, context):
        """Rejected bank entries are written back as template rows: give them
        the payment method they were read with (the first one the batch's first
        line allows, as for an empty cell), so the file imports again alike."""
        if parsed.file_format not in BANK_FORMATS:
            return
        method = self._import_default_method(context["default_line"], context)
        if not method:
            return
        label = _LABELS["payment_method"]
        for error in errors:
            if not error.raw.get(label):
                error.raw[label] = method.name
