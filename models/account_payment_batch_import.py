"""Spreadsheet import of receipts into a batch: the engine behind the wizard.

The file is read by :mod:`batch_core.spreadsheet` (no ORM); this module turns
its plain rows into receipts and pledges: it looks payers, accounts, payment
methods and batch lines up for the whole file in a few queries
(``account_payment_batch_import_lookups``), applies the per-row rules
(``account_payment_batch_import_rows``), skips duplicates and creates every
receipt in one ``create`` call, which auto-matches them in bulk.
"""

import base64

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..batch_core.receipt_files import parse_receipt_file
from ..batch_core.sheet_formats import (
    DEFAULT_MAX_ROWS,
    DEFAULT_MAX_SHEET_BYTES,
    SpreadsheetLimitError,
)
from ..batch_core.spreadsheet import (
    COLUMNS,
    IMPORT_KIND_LABELS,
    MEGABYTE,
    SpreadsheetError,
)
from .account_payment import PARTNER_KINDS
from .batch_core_text import core_text

MAX_MB_PARAM = "account_payment_batch.import_max_mb"
DEFAULT_MAX_MB = 50
MAX_ROWS_PARAM = "account_payment_batch.import_max_rows"
MAX_SHEET_MB_PARAM = "account_payment_batch.import_max_sheet_mb"
#: The system parameter that raises each limit a file may break.
LIMIT_PARAMS = {"rows": MAX_ROWS_PARAM, "sheet": MAX_SHEET_MB_PARAM}
#: Batch kinds receipts are imported into (seed 004).
IMPORT_BATCH_KINDS = ("cash_receipt", "refund")


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    import_file = fields.Binary(
        string="Import Receipts From",
        compute="_compute_import_file",
        readonly=False,
        help="A spreadsheet (.xlsx, .xls, .csv) or bank file (CAMT.054, BAI2) of "
        "receipts, imported when the new batch is saved. The file itself is not kept.",
    )
    import_filename = fields.Char(compute="_compute_import_file", readonly=False)

    def _compute_import_file(self):
        # Never stored: create() takes the file out of the values and imports it.
        self.import_file = False
        self.import_filename = False

    @api.model_create_multi
    def create(self, vals_list):
        files = [
            (vals.pop("import_file", False), vals.pop("import_filename", False))
            for vals in vals_list
        ]
        batches = super().create(vals_list)
        for batch, (content, filename) in zip(batches, files, strict=True):
            if content:
                batch._import_receipts(
                    base64.b64decode(content),
                    filename or _("receipts"),
                    date_order=self._import_default_date_order(),
                )
        return batches

    def write(self, vals):
        if vals.get("import_file"):
            raise UserError(
                _("Use the Import button to import receipts into a saved batch.")
            )
        vals = {
            key: value
            for key, value in vals.items()
            if key not in ("import_file", "import_filename")
        }
        return super().write(vals) if vals else True

    # -------------------------------------------------------------------------
    # ACTIONS
    # -------------------------------------------------------------------------

    def action_open_import_wizard(self):
        self.ensure_one()
        self._check_right(
            "account_payment_batch.group_batch_import", _("import receipts into")
        )
        self._check_importable()
        self._check_accepts_receipts()
        return {
            "type": "ir.actions.act_window",
            "name": _("Import Receipts"),
            "res_model": "account.payment.batch.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_batch_id": self.id},
        }

    def _check_importable(self):
        """Receipts are imported into cash receipt and refund batches (seed 004)."""
        for batch in self:
            if batch.kind not in IMPORT_BATCH_KINDS:
                raise UserError(
                    _(
                        "Batch %(batch)s is of kind %(kind)s: receipts are imported "
                        "into cash receipt and refund batches only.",
                        batch=batch.name,
                        kind=dict(
                            batch._fields["kind"]._description_selection(batch.env)
                        )[batch.kind],
                    )
                )

    # -------------------------------------------------------------------------
    # IMPORT ENGINE
    # -------------------------------------------------------------------------

    @api.model
    def _import_default_date_order(self):
        """ "MDY" when the user's language writes the month before the day."""
        date_format = (
            self.env["res.lang"]._get_data(code=self.env.lang or "en_US").date_format
        )
        if date_format and "%m" in date_format and "%d" in date_format:
            return "MDY" if date_format.index("%m") < date_format.index("%d") else "DMY"
        return "DMY"

    @api.model
    def _import_max_bytes(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(MAX_MB_PARAM, str(DEFAULT_MAX_MB))
        )
        try:
            megabytes = float(value)
        except ValueError:
            megabytes = DEFAULT_MAX_MB
        return int(megabytes * MEGABYTE) if megabytes > 0 else DEFAULT_MAX_MB * MEGABYTE

    @api.model
    def _import_limit(self, param, default):
        """A positive number from system parameter ``param``, else ``default``."""
        value = self.env["ir.config_parameter"].sudo().get_param(param)
        try:
            number = float(value) if value else default
        except ValueError:
            number = default
        return number if number > 0 else default

    def _import_payment_methods(self):
        """The payment method lines receipts of this batch may use, in order."""
        journal = self.journal_id
        methods = (
            journal.outbound_payment_method_line_ids
            if self.kind == "refund"
            else journal.inbound_payment_method_line_ids
        )
        allowed = self.batch_type_id.payment_method_line_ids
        return methods & allowed if allowed else methods

    def _import_template(self):
        """The import template (.xlsx bytes) with this batch's drop-down lists."""
        from ..batch_core.template import build_template

        return build_template(
            payment_methods=self._import_payment_methods().mapped("name"),
            receipt_kinds=IMPORT_KIND_LABELS,
            translate=lambda text: core_text(self.env, text),
        )

    def _import_parse(self, content, filename, date_order=None):
        """Read a spreadsheet or bank file this batch could import, rows unchecked.

        Everything that refuses a file as a whole is checked here, before
        anything is written: format, the size, sheet-data and row limits (the
        refusal names the system parameter), columns, merged cells or
        formulas, a bank file's account and currency.

        :raises UserError: naming why the file cannot be imported
        """
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        decimal_point = lang.decimal_point or "."
        thousands_sep = lang.thousands_sep or ""
        if thousands_sep == decimal_point:
            thousands_sep = ""
        try:
            parsed = parse_receipt_file(
                content or b"",
                filename,
                max_bytes=self._import_max_bytes(),
                max_rows=int(self._import_limit(MAX_ROWS_PARAM, DEFAULT_MAX_ROWS)),
                max_sheet_bytes=int(
                    self._import_limit(
                        MAX_SHEET_MB_PARAM, DEFAULT_MAX_SHEET_BYTES / MEGABYTE
                    )
                    * MEGABYTE
                ),
                date_order=date_order or self._import_default_date_order(),
                decimal_point=decimal_point,
                thousands_sep=thousands_sep,
                # The template's headers in the user's language read too.
                header_names={
                    core_text(self.env, column.label): column.key for column in COLUMNS
                },
            )
        except SpreadsheetLimitError as exc:
            raise UserError(
                _(
                    "%(reason)s The limit is the system parameter %(param)s.",
                    reason=core_text(self.env, exc.args[0]),
                    param=LIMIT_PARAMS[exc.limit],
                )
            ) from exc
        except SpreadsheetError as exc:
            raise UserError(core_text(self.env, exc.args[0])) from exc
        for error in parsed.errors:
            error.message = core_text(self.env, error.message)
        self._import_check_structure(parsed.errors)
        self._import_check_bank_file(parsed)
        return parsed

    def _import_receipts(
        self,
        content,
        filename,
        duplicates_anyway=False,
        date_order="DMY",
        bank_receipt_kind="standard",
    ):
        """Import the receipts of a spreadsheet or bank file into this batch.

        Fatal problems (not a spreadsheet or bank file, too large, no
        required column, merged cells, formulas without value, a bank file
        for another account or currency, ...) raise UserError before
        anything is written. Otherwise every good row becomes a receipt (or a
        pledge) in one ``create`` call, auto-matched in bulk, and the bad rows
        are returned with their reasons.

        :param content: the file's bytes
        :param filename: the file's name, for messages
        :param duplicates_anyway: import rows that look like receipts already
            entered (same payer, reference and amount) instead of skipping them
        :param date_order: "DMY" or "MDY", how ambiguous text dates are read
        :param bank_receipt_kind: the kind of every receipt of a bank file:
            "standard", or "insurance_assignment" (the document numbers of
            the remittance are then policy numbers); a spreadsheet gives each
            row's kind in its Receipt Kind column and takes only "standard"
        :return: dict with ``imported_count``, ``rejected_count``,
            ``duplicate_count``, ``suspense_count``, ``unmatched_count``,
            ``pledge_count``, ``total_rows``, ``errors`` (RowError list),
            ``duplicates`` and ``notes`` ((row number, message) lists),
            ``unknown_columns``, ``file_format``, ``row_label`` ("Row", or
            "Entry" for bank files), ``rejected_file`` (.xlsx bytes or None),
            ``payments`` and ``pledges`` (the records created)
        """
        self.ensure_one()
        self._check_right(
            "account_payment_batch.group_batch_import", _("import receipts into")
        )
        self._check_importable()
        self._check_accepts_receipts()
        parsed = self._import_parse(content, filename, date_order)
        self._import_apply_bank_kind(parsed, bank_receipt_kind)
        # Two imports, or an import and a close, must not work one batch at
        # once: each would miss the other's receipts when looking for duplicates.
        self._lock_for_processing()
        self._check_accepts_receipts()

        rows = parsed.rows
        invoice_payers = self._import_read_remittance(parsed)
        context = self._import_lookups(rows)
        context["invoice_payers"] = invoice_payers
        errors = list(parsed.errors)
        notes, duplicates = [], []
        receipt_rows, pledge_rows = [], []
        existing = self._import_existing_keys(rows, context)
        seen = {}
        for row in rows:
            prepared, row_errors = self._import_prepare_row(row, context)
            if row_errors:
                errors += row_errors
                continue
            key = prepared["key"]
            if not duplicates_anyway:
                duplicate_of = existing.get(key) or seen.get(key)
                if duplicate_of:
                    duplicates.append(
                        (
                            row.row_number,
                            _(
                                "same payer, reference and amount as %(other)s",
                                other=duplicate_of,
                            ),
                        )
                    )
                    continue
            seen.setdefault(key, _("row %(row)s of this file", row=row.row_number))
            if prepared.get("note"):
                notes.append((row.row_number, prepared["note"]))
            if prepared["pledge"]:
                pledge_rows.append(prepared)
            else:
                receipt_rows.append(prepared)

        payments = self.env["account.payment"]
        if receipt_rows:
            # The batch logs the import: no "created" message per receipt.
            payments = payments.with_context(mail_create_nolog=True).create(
                [prepared["vals"] for prepared in receipt_rows]
            )
        pledges = self.env["account.move"]
        if pledge_rows:
            pledges = self._create_pledges(
                [prepared["vals"] for prepared in pledge_rows]
            )
            for pledge, prepared in zip(pledges, pledge_rows, strict=True):
                if prepared["reference"]:
                    pledge.ref = prepared["reference"]

        paid_by_partner = payments.filtered(
            lambda p: p.batch_receipt_kind in PARTNER_KINDS
        )
        suspense = paid_by_partner.filtered(lambda p: not p.partner_id)
        unmatched = (paid_by_partner - suspense).filtered(
            lambda p: not p.allocation_ids
        )
        rejected_rows = {error.row_number for error in errors}
        result = {
            "total_rows": parsed.total_rows,
            "imported_count": len(payments) + len(pledges),
            "pledge_count": len(pledges),
            "rejected_count": len(rejected_rows),
            "duplicate_count": len(duplicates),
            "suspense_count": len(suspense),
            "unmatched_count": len(unmatched),
            "errors": sorted(errors, key=lambda e: e.row_number),
            "duplicates": duplicates,
            "notes": notes,
            "unknown_columns": parsed.unknown_columns,
            "file_format": parsed.file_format,
            "row_label": parsed.row_label,
            "rejected_file": None,
            "payments": payments,
            "pledges": pledges,
        }
        if errors:
            from ..batch_core.template import build_rejected_rows_file

            self._import_fill_bank_method(parsed, errors, context)
            result["rejected_file"] = build_rejected_rows_file(
                parsed.headers, errors, lambda text: core_text(self.env, text)
            )
        self._import_post_message(filename, result)
        return result

    @api.model
    def _import_check_structure(self, errors):
        """Refuse files whose cells do not hold their values (merges, formulas)."""
        structural = [error for error in errors if error.structural]
        if not structural:
            return
        shown = "\n".join(error.message for error in structural[:10])
        more = len(structural) - 10
        if more > 0:
            shown += "\n" + _("... and %(count)s more.", count=more)
        raise UserError(
            _(
                "The file cannot be imported: some cells do not hold their values. "
                "Nothing was imported.\n%(problems)s",
                problems=shown,
            )
        )

    def _import_post_message(self, filename, result):
        body = _(
            "Imported %(file)s: %(imported)s rows imported (%(suspense)s in suspense, "
            "%(unmatched)s unmatched), %(rejected)s rejected, %(duplicates)s "
            "duplicates skipped.",
            file=filename,
            imported=result["imported_count"],
            suspense=result["suspense_count"],
            unmatched=result["unmatched_count"],
            rejected=result["rejected_count"],
            duplicates=result["duplicate_count"],
        )
        self.message_post(body=Markup("<p>%s</p>") % body)
