"""Spreadsheet import of receipts into a batch: the engine behind the wizard.

The file is read by :mod:`batch_core.spreadsheet` (no ORM); this module turns
its plain rows into receipts and pledges: it looks payers, accounts, payment
methods and batch lines up for the whole file in a few queries, applies the
per-row rules, skips duplicates and creates every receipt in one ``create``
call, which auto-matches them in bulk.
"""

import base64
from collections import defaultdict
from decimal import Decimal

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_round

from ..batch_core.spreadsheet import (
    MEGABYTE,
    RowError,
    SpreadsheetError,
    duplicate_key,
    normalize_header,
    parse_file,
)

MAX_MB_PARAM = "account_payment_batch.import_max_mb"
DEFAULT_MAX_MB = 50

#: Receipt Kind column: what a clerk may write, folded, to the receipt kind.
IMPORT_KINDS = {
    "": "standard",
    "standard": "standard",
    "miscellaneous": "miscellaneous",
    "misc": "miscellaneous",
    "insurerrefund": "insurer_refund",
    "insurer": "insurer_refund",
    "pledge": "pledge",
}
IMPORT_KIND_LABELS = ("Standard", "Miscellaneous", "Insurer Refund", "Pledge")


# Parser messages of cells whose value is not in the file (merged cells,
# formulas saved without their result): the file as a whole is unreliable,
# so these refuse the import instead of rejecting single rows.
def _fold(text):
    return (text or "").strip().lower()


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    import_file = fields.Binary(
        string="Import Receipts From",
        compute="_compute_import_file",
        readonly=False,
        help="A spreadsheet (.xlsx, .xls, .csv) of receipts, imported when the new "
        "batch is saved. The file itself is not kept.",
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
        self._check_accepts_receipts()
        return {
            "type": "ir.actions.act_window",
            "name": _("Import Receipts"),
            "res_model": "account.payment.batch.import",
            "view_mode": "form",
            "target": "new",
            "context": {"default_batch_id": self.id},
        }

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
        )

    def _import_receipts(
        self, content, filename, duplicates_anyway=False, date_order="DMY"
    ):
        """Import the receipts of a spreadsheet file into this batch.

        Fatal problems (not a spreadsheet, too large, no required column,
        merged cells, formulas without value, ...) raise UserError before
        anything is written. Otherwise every good row becomes a receipt (or a
        pledge) in one ``create`` call, auto-matched in bulk, and the bad rows
        are returned with their reasons.

        :param content: the file's bytes
        :param filename: the file's name, for messages
        :param duplicates_anyway: import rows that look like receipts already
            entered (same payer, reference and amount) instead of skipping them
        :param date_order: "DMY" or "MDY", how ambiguous text dates are read
        :return: dict with ``imported_count``, ``rejected_count``,
            ``duplicate_count``, ``suspense_count``, ``unmatched_count``,
            ``pledge_count``, ``total_rows``, ``errors`` (RowError list),
            ``duplicates`` and ``notes`` ((row number, message) lists),
            ``unknown_columns``, ``rejected_file`` (.xlsx bytes or None),
            ``payments`` and ``pledges`` (the records created)
        """
        self.ensure_one()
        self._check_right(
            "account_payment_batch.group_batch_import", _("import receipts into")
        )
        self._check_accepts_receipts()
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        decimal_point = lang.decimal_point or "."
        thousands_sep = lang.thousands_sep or ""
        if thousands_sep == decimal_point:
            thousands_sep = ""
        try:
            parsed = parse_file(
                content or b"",
                filename,
                max_bytes=self._import_max_bytes(),
                date_order=date_order,
                decimal_point=decimal_point,
                thousands_sep=thousands_sep,
            )
        except SpreadsheetError as exc:
            raise UserError(str(exc)) from exc
        self._import_check_structure(parsed.errors)

        rows = parsed.rows
        context = self._import_lookups(rows)
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
            payments = payments.create([prepared["vals"] for prepared in receipt_rows])
        pledges = self.env["account.move"]
        if pledge_rows:
            pledges = self._create_pledges(
                [prepared["vals"] for prepared in pledge_rows]
            )
            for pledge, prepared in zip(pledges, pledge_rows, strict=True):
                if prepared["reference"]:
                    pledge.ref = prepared["reference"]

        standard = payments.filtered(lambda p: p.batch_receipt_kind == "standard")
        suspense = standard.filtered(lambda p: not p.partner_id)
        unmatched = (standard - suspense).filtered(lambda p: not p.allocation_ids)
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
            "rejected_file": None,
            "payments": payments,
            "pledges": pledges,
        }
        if errors:
            from ..batch_core.template import build_rejected_rows_file

            result["rejected_file"] = build_rejected_rows_file(parsed.headers, errors)
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

    # -------------------------------------------------------------------------
    # Look-ups, for the whole file at once
    # -------------------------------------------------------------------------

    def _import_lookups(self, rows):
        """Everything the rows refer to, found in a few queries."""
        payer_names = {_fold(row.values["payer"]) for row in rows} - {""}
        account_texts = {
            _fold(row.values[key])
            for row in rows
            for key in ("misc_account", "insurer_account")
        } - {""}
        methods = self._import_payment_methods()
        method_index = {}
        for method in methods:
            for text in (method.name, method.payment_method_id.code):
                method_index.setdefault(_fold(text), method)
        line_index = {}
        for position, line in enumerate(self.line_ids.sorted("sequence"), start=1):
            line_index.setdefault(_fold(line.line_type_id.name), line)
            line_index.setdefault(str(position), line)
        return {
            "partners": self._import_find_partners(payer_names),
            "accounts": self._import_find_accounts(account_texts),
            "methods": method_index,
            "default_method": methods[:1],
            "lines": line_index,
            "default_line": self.line_ids.sorted("sequence")[:1],
            "rounding": self.currency_id.rounding,
            "digits": self.currency_id.decimal_places,
        }

    def _import_find_partners(self, names):
        """Map each folded payer text to a partner, or to a note when ambiguous.

        One query finds the candidates by name (any case) or reference, a
        second one applies the user's access rules and the company.
        """
        if not names:
            return {}
        Partner = self.env["res.partner"]
        Partner.flush_model(["name", "ref", "active"])
        keys = sorted(names)
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE active "
                "AND (lower(name) = ANY(%s) OR lower(ref) = ANY(%s))",
                keys,
                keys,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        partners = Partner.search_fetch(
            [("id", "in", ids), *Partner._check_company_domain(self.company_id)],
            ["name", "ref", "parent_id"],
        )
        by_ref, by_name = defaultdict(list), defaultdict(list)
        for partner in partners:
            if partner.ref:
                by_ref[_fold(partner.ref)].append(partner)
            by_name[_fold(partner.name)].append(partner)
        found = {}
        for name in names:
            candidates = by_ref.get(name) or by_name.get(name) or []
            if len(candidates) > 1:
                # Contacts of a company share names; the top-level one wins.
                candidates = [c for c in candidates if not c.parent_id] or candidates
            if len(candidates) == 1:
                found[name] = candidates[0]
            elif candidates:
                found[name] = _(
                    "%(count)s contacts are named %(name)s: sent to suspense, "
                    "reassign it to the right one.",
                    count=len(candidates),
                    name=candidates[0].name,
                )
        return found

    def _import_find_accounts(self, texts):
        """Map folded account codes and names to accounts of the batch's company."""
        if not texts:
            return {}
        Account = self.env["account.account"].with_company(self.company_id)
        accounts = Account.search_fetch(
            Account._check_company_domain(self.company_id), ["code", "name"]
        )
        by_code, by_name = {}, defaultdict(list)
        for account in accounts:
            by_code.setdefault(_fold(account.code), account)
            by_name[_fold(account.name)].append(account)
        found = {}
        for text in texts:
            if text in by_code:
                found[text] = by_code[text]
            elif len(by_name.get(text, [])) == 1:
                found[text] = by_name[text][0]
        return found

    def _import_payer_identity(self, partner, payer_text):
        """Who paid, for duplicate detection: the partner, else the text as written."""
        if partner:
            return ("partner", partner.id)
        return ("text", duplicate_key({"payer": payer_text})[0])

    def _import_key(self, kind, partner, payer_text, reference, amount, rounding):
        folded = duplicate_key(
            {"payer": payer_text, "reference": reference, "amount": amount}, rounding
        )
        return (
            kind == "pledge",
            self._import_payer_identity(partner, payer_text),
            folded[1],
            folded[2],
        )

    def _import_existing_keys(self, rows, context):
        """Keys of the receipts and pledges already in a batch that is not cancelled.

        Only those with an amount of the file are read (two queries).
        """
        amounts = {abs(row.values["amount"]) for row in rows if row.values["amount"]}
        if not amounts:
            return {}
        amount_list = [float(amount) for amount in amounts]
        rounding = context["rounding"]
        keys = {}
        payments = (
            self.env["account.payment"]
            .sudo()
            .search_fetch(
                [
                    ("batch_id", "!=", False),
                    ("batch_id.state", "!=", "cancel"),
                    ("company_id", "=", self.company_id.id),
                    ("state", "not in", ("canceled", "rejected")),
                    ("amount", "in", amount_list),
                ],
                [
                    "partner_id",
                    "batch_payer_name",
                    "memo",
                    "amount",
                    "payment_type",
                    "batch_id",
                ],
            )
        )
        for payment in payments:
            sign = -1 if payment.payment_type == "outbound" else 1
            key = self._import_key(
                "receipt",
                payment.partner_id,
                payment.batch_payer_name,
                payment.memo,
                sign * payment.amount,
                rounding,
            )
            keys.setdefault(
                key,
                _("a receipt of batch %(batch)s", batch=payment.batch_id.name),
            )
        pledges = (
            self.env["account.move"]
            .sudo()
            .search_fetch(
                [
                    ("batch_id", "!=", False),
                    ("batch_id.state", "!=", "cancel"),
                    ("company_id", "=", self.company_id.id),
                    ("move_type", "=", "out_invoice"),
                    ("state", "!=", "cancel"),
                    ("amount_total", "in", amount_list),
                ],
                ["partner_id", "ref", "amount_total", "batch_id"],
            )
        )
        for pledge in pledges:
            key = self._import_key(
                "pledge",
                pledge.partner_id,
                pledge.partner_id.name,
                pledge.ref,
                pledge.amount_total,
                rounding,
            )
            keys.setdefault(
                key, _("a pledge of batch %(batch)s", batch=pledge.batch_id.name)
            )
        return keys

    # -------------------------------------------------------------------------
    # One row
    # -------------------------------------------------------------------------

    def _import_prepare_row(self, row, context):
        """Check one parsed row and prepare its receipt (or pledge) values.

        :return: (dict with ``vals``, ``key``, ``pledge``, ``reference``,
            ``note``; or None, [RowError])
        """
        values = row.values
        kind = IMPORT_KINDS.get(normalize_header(values["receipt_kind"]))
        messages = []
        if kind is None:
            messages.append(
                _(
                    'Receipt Kind "%(kind)s" is unknown: use %(kinds)s',
                    kind=values["receipt_kind"],
                    kinds=", ".join(IMPORT_KIND_LABELS),
                )
            )
        messages += self._import_check_amount(kind, values["amount"], context)
        partner = context["partners"].get(_fold(values["payer"]))
        note = None
        if isinstance(partner, str):
            note, partner = partner, None
        partner = partner or self.env["res.partner"]
        method, line = self._import_method_and_line(values, context, messages)
        account = self._import_account(kind, values, context, messages)
        if kind == "pledge":
            messages += self._import_check_pledge(partner, values["payer"])
        if messages:
            return None, [
                RowError(row.row_number, None, message, row.raw) for message in messages
            ]

        signed = float(values["amount"])
        if kind == "pledge":
            vals = {
                "partner_id": partner.id,
                "amount": float_round(signed, precision_rounding=context["rounding"]),
                "line_id": line.id,
                "description": values["description"],
                "date": values["date"],
            }
        else:
            vals = {
                "payment_type": "outbound" if self.kind == "refund" else "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": abs(signed),
                "date": values["date"],
                "memo": values["reference"],
                "journal_id": self.journal_id.id,
                "payment_method_line_id": method.id,
                "batch_id": self.id,
                "batch_line_id": line.id,
                "batch_receipt_kind": kind,
                "batch_account_id": account.id,
                "batch_invoice_number": values["invoice_number"],
                "batch_match_reference": values["policy_reference"],
                "batch_payer_name": values["payer"],
                "batch_description": values["description"],
            }
        key = self._import_key(
            kind,
            partner,
            values["payer"],
            values["reference"],
            signed,
            context["rounding"],
        )
        return {
            "vals": vals,
            "key": key,
            "pledge": kind == "pledge",
            "reference": values["reference"],
            "note": note,
        }, []

    def _import_check_amount(self, kind, amount, context):
        """Receipts are positive, refunds negative, pledges positive."""
        messages = []
        if kind == "pledge":
            if amount <= 0:
                messages.append(_("a pledge must be a positive amount"))
        elif self.kind == "refund":
            if amount >= 0:
                messages.append(
                    _(
                        "Receipt Amount %(amount)s: refunds are entered as negative "
                        "amounts",
                        amount=amount,
                    )
                )
        elif amount <= 0:
            messages.append(
                _(
                    "Receipt Amount %(amount)s: a receipt must be a positive amount",
                    amount=amount,
                )
            )
        digits = context["digits"]
        if amount != amount.quantize(Decimal(1).scaleb(-digits)):
            messages.append(
                _(
                    "Receipt Amount %(amount)s has more than %(digits)s decimals",
                    amount=amount,
                    digits=digits,
                )
            )
        return messages

    def _import_method_and_line(self, values, context, messages):
        """The payment method and batch line a row names (empty: the first ones)."""
        method_text = _fold(values["payment_method"])
        method = (
            context["methods"].get(method_text)
            if method_text
            else context["default_method"]
        )
        if not method:
            messages.append(
                _(
                    'Payment Method "%(method)s" is not a payment method of journal '
                    "%(journal)s: use one of %(methods)s",
                    method=values["payment_method"] or "",
                    journal=self.journal_id.name,
                    methods=", ".join(self._import_payment_methods().mapped("name")),
                )
            )
        line_text = _fold(values["batch_line"])
        line = context["lines"].get(line_text) if line_text else context["default_line"]
        if line_text and not line:
            messages.append(
                _(
                    'Batch Line "%(line)s" is not a line of this batch: use one of '
                    "%(lines)s",
                    line=values["batch_line"],
                    lines=", ".join(self.line_ids.line_type_id.mapped("name")),
                )
            )
        return method, line

    def _import_account(self, kind, values, context, messages):
        """The counterpart account of a miscellaneous receipt or insurer refund."""
        account = self.env["account.account"]
        if kind not in ("miscellaneous", "insurer_refund"):
            return account
        if kind == "miscellaneous":
            text, label = values["misc_account"], _("Miscellaneous Account")
        else:
            text, label = values["insurer_account"], _("Insurer Account")
        account = context["accounts"].get(_fold(text)) or account
        if not text:
            messages.append(
                _("%(column)s is required for this receipt kind", column=label)
            )
        elif not account:
            messages.append(
                _(
                    '%(column)s "%(account)s": no account has this code or name '
                    "in %(company)s",
                    column=label,
                    account=text,
                    company=self.company_id.name,
                )
            )
        return account

    def _import_check_pledge(self, partner, payer_text):
        messages = []
        if self.state != "open":
            messages.append(
                _(
                    "pledges are imported into open batches only: open the batch "
                    "and import this row again"
                )
            )
        elif self.kind != "cash_receipt":
            messages.append(_("pledges belong in cash receipt batches"))
        if not partner:
            messages.append(
                _(
                    'pledge of an unknown payer "%(payer)s": a pledge needs a known '
                    "customer",
                    payer=payer_text or "",
                )
            )
        return messages

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
