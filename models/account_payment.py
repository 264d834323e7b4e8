from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..batch_core.allocation import OpenItem, plan_receipt, receipt_problems
from ..batch_core.spreadsheet import duplicate_key

RECEIPT_KINDS = [
    ("standard", "Standard"),
    ("miscellaneous", "Miscellaneous"),
    ("insurer_refund", "Insurer Refund"),
]

# Changing any of these on a receipt of a batch that is not open is refused:
# they decide what the receipt is and where its money goes.
BATCH_LOCKED_FIELDS = {
    "amount",
    "partner_id",
    "date",
    "journal_id",
    "currency_id",
    "payment_type",
    "partner_type",
    "payment_method_line_id",
    "destination_account_id",
    "memo",
    "payment_reference",
    "partner_bank_id",
    "batch_id",
    "batch_line_id",
    "batch_receipt_kind",
    "batch_account_id",
    "batch_invoice_number",
    "batch_match_reference",
    "batch_is_third_party",
    "batch_payer_name",
    "batch_description",
    "allocation_ids",
    "batch_reassign_move_id",
}
# Changing these throws the receipt's allocations away and matches it again.
BATCH_MATCH_KEYS = {"partner_id", "batch_invoice_number", "batch_match_reference"}
# States that undo a posted receipt; corrections go through a reversal instead.
BATCH_LOCKED_STATES = {"draft", "canceled", "rejected"}


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_id = fields.Many2one(
        "account.payment.batch",
        string="Batch",
        index="btree_not_null",
        check_company=True,
        copy=False,
        ondelete="restrict",
        help="The payment batch this receipt was added through.",
    )
    batch_line_id = fields.Many2one(
        "account.payment.batch.line",
        string="Batch Line",
        index="btree_not_null",
        check_company=True,
        copy=False,
        domain="[('batch_id', '=', batch_id)]",
    )
    batch_state = fields.Selection(related="batch_id.state", string="Batch Status")
    batch_kind = fields.Selection(related="batch_id.kind", string="Batch Kind")
    batch_receipt_kind = fields.Selection(
        RECEIPT_KINDS,
        string="Receipt Kind",
        default="standard",
        help="Standard receipts pay invoices or stay on account; miscellaneous "
        "ones go to a chosen account, never to a partner; insurer refunds are "
        "money back from an insurer or vendor, to a chosen account.",
    )
    batch_account_id = fields.Many2one(
        "account.account",
        string="Counterpart Account",
        check_company=True,
        help="The account a miscellaneous receipt or an insurer refund is booked to.",
    )
    batch_invoice_number = fields.Char(
        string="Invoice Number",
        copy=False,
        help="Number of the invoice this receipt pays; matched first.",
    )
    batch_match_reference = fields.Char(
        string="Policy / Customer Reference",
        copy=False,
        help="Matched against the reference, payment reference and origin of open invoices.",
    )
    batch_payer_name = fields.Char(
        string="Payer as Written",
        copy=False,
        help="The payer as the imported file named it; tells who paid when no "
        "partner was found, and finds the receipt again when a file is imported twice.",
    )
    batch_description = fields.Char(
        string="Receipt Description", copy=False, help="Description from the import."
    )
    batch_is_third_party = fields.Boolean(
        string="Paid by a Third Party",
        help="One payment from an insurer, employer or government distributed "
        "over many customers: it must be distributed in full before the batch closes.",
    )
    allocation_ids = fields.One2many(
        "account.payment.allocation",
        "payment_id",
        string="Allocations",
        copy=False,
    )
    batch_allocated_amount = fields.Monetary(
        string="Allocated",
        compute="_compute_batch_allocation_totals",
    )
    batch_on_account_amount = fields.Monetary(
        string="On Account",
        compute="_compute_batch_allocation_totals",
        help="What is not allocated: it stays on account for the payer, or in "
        "suspense when the payer is unknown.",
    )
    batch_is_suspense = fields.Boolean(
        string="In Suspense",
        compute="_compute_batch_is_suspense",
        store=True,
        help="No known payer: the money goes to the batch type's suspense account.",
    )
    batch_match_note = fields.Char(
        string="Matching Note",
        copy=False,
        help="Why automatic matching could not allocate this receipt.",
    )
    batch_duplicate_ids = fields.Many2many(
        "account.payment",
        string="Possible Duplicates",
        compute="_compute_batch_duplicate_ids",
        help="Receipts of batches not cancelled with the same payer, reference and amount.",
    )
    batch_reassign_move_id = fields.Many2one(
        "account.move",
        string="Reassignment Entry",
        copy=False,
        readonly=True,
    )

    @api.depends(
        "allocation_ids.amount", "allocation_ids.move_line_id", "amount", "payment_type"
    )
    def _compute_batch_allocation_totals(self):
        for payment in self:
            allocated = sum(payment.allocation_ids.mapped("signed_amount"))
            payment.batch_allocated_amount = allocated
            payment.batch_on_account_amount = payment.currency_id.round(
                payment.amount
                - (-allocated if payment.payment_type == "outbound" else allocated)
            )

    @api.depends(
        "batch_id", "partner_id", "batch_receipt_kind", "batch_reassign_move_id"
    )
    def _compute_batch_is_suspense(self):
        for payment in self:
            payment.batch_is_suspense = bool(
                payment.batch_id
                and not payment.partner_id
                and payment.batch_receipt_kind == "standard"
                and not payment.batch_reassign_move_id
            )

    @api.depends("batch_id", "partner_id", "memo", "amount")
    def _compute_batch_duplicate_ids(self):
        duplicates = self._batch_find_duplicates()
        for payment in self:
            payment.batch_duplicate_ids = duplicates.get(payment.id, self.browse())

    def _batch_duplicate_key(self):
        """What makes two cheques the same: payer, reference and amount.

        Folded like the spreadsheet import folds them (no case, spaces or
        punctuation), so that entry and import agree.
        """
        self.ensure_one()
        _payer, reference, amount = duplicate_key(
            {"reference": self.memo, "amount": self.amount}, self.currency_id.rounding
        )
        return (self.partner_id.id, reference, amount)

    def _batch_find_duplicates(self):
        """Other receipts of batches not cancelled that look like these, in one query.

        :return: {receipt id: duplicate receipts}
        """
        receipts = self.filtered(lambda p: p.batch_id and p.memo)
        if not receipts:
            return {}
        others = self.search(
            [
                ("batch_id", "!=", False),
                ("batch_id.state", "!=", "cancel"),
                ("memo", "!=", False),
                ("partner_id", "in", receipts.partner_id.ids or [False]),
                ("amount", "in", list({p.amount for p in receipts})),
                ("company_id", "in", receipts.company_id.ids),
            ]
        )
        by_key = {}
        for other in others:
            by_key.setdefault(other._batch_duplicate_key(), self.browse())
            by_key[other._batch_duplicate_key()] |= other
        return {
            receipt.id: by_key.get(receipt._batch_duplicate_key(), self.browse())
            - receipt._origin
            for receipt in receipts
        }

    @api.depends(
        "journal_id",
        "partner_id",
        "partner_type",
        "batch_account_id",
        "batch_receipt_kind",
        "batch_id",
    )
    def _compute_destination_account_id(self):
        res = super()._compute_destination_account_id()
        for payment in self.filtered("batch_id"):
            if payment.batch_receipt_kind != "standard":
                if payment.batch_account_id:
                    payment.destination_account_id = payment.batch_account_id
            elif not payment.partner_id:
                suspense = payment.batch_id.batch_type_id.suspense_account_id
                if suspense:
                    payment.destination_account_id = suspense
        return res

    @api.constrains("batch_id", "batch_line_id")
    def _check_batch_line(self):
        for payment in self:
            if (
                payment.batch_line_id
                and payment.batch_line_id.batch_id != payment.batch_id
            ):
                raise UserError(
                    _(
                        "Receipt %(receipt)s: line %(line)s belongs to batch %(line_batch)s, "
                        "not to %(batch)s.",
                        receipt=payment.display_name,
                        line=payment.batch_line_id.display_name,
                        line_batch=payment.batch_line_id.batch_id.name,
                        batch=payment.batch_id.name or "-",
                    )
                )

    @api.constrains("payment_method_line_id", "batch_line_id")
    def _check_batch_payment_method(self):
        for payment in self.filtered("batch_line_id"):
            allowed = (
                payment.batch_line_id.line_type_id.payment_method_line_ids
                or payment.batch_id.batch_type_id.payment_method_line_ids
            )
            if allowed and payment.payment_method_line_id not in allowed:
                raise UserError(
                    _(
                        "Receipt %(receipt)s: payment method %(method)s is not allowed on "
                        "line %(line)s of batch %(batch)s (allowed: %(allowed)s).",
                        receipt=payment._batch_label(),
                        method=payment.payment_method_line_id.name,
                        line=payment.batch_line_id.display_name,
                        batch=payment.batch_id.name,
                        allowed=", ".join(allowed.mapped("name")),
                    )
                )

    @api.onchange("partner_id", "batch_invoice_number", "batch_match_reference")
    def _onchange_batch_match_keys(self):
        if self.batch_id and self.allocation_ids and self._origin.id:
            self.allocation_ids = [Command.clear()]
            return {
                "warning": {
                    "title": _("Allocations cleared"),
                    "message": _(
                        "The payer, invoice number or reference changed: the receipt's "
                        "allocations were cleared and it is matched again on save."
                    ),
                }
            }

    # -------------------------------------------------------------------------
    # LOCKING
    # -------------------------------------------------------------------------

    def _check_batch_editable(self, field_names=None, state=None):
        """Refuse changes to receipts of batches that are not open.

        :param field_names: the fields about to change, ``None`` for deletion
        :param state: the new ``state`` being written, if any
        """
        if self.env.context.get("batch_processing"):
            return
        if field_names is not None:
            touches_locked = bool(field_names & BATCH_LOCKED_FIELDS) or (
                "state" in field_names and state in BATCH_LOCKED_STATES
            )
            if not touches_locked:
                return
        for payment in self.filtered("batch_id"):
            if payment.batch_id.state != "open":
                raise UserError(
                    _(
                        "Receipt %(receipt)s belongs to batch %(batch)s, which is "
                        "%(state)s: it can only be changed while the batch is open.",
                        receipt=payment.display_name,
                        batch=payment.batch_id.name,
                        state=payment.batch_id._state_label(),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("batch_processing"):
            self.env["account.payment.batch"].browse(
                {vals["batch_id"] for vals in vals_list if vals.get("batch_id")}
            )._check_accepts_receipts()
        payments = super().create(vals_list)
        if not self.env.context.get("batch_skip_match"):
            payments.filtered(
                lambda p: p.batch_id and not p.allocation_ids
            )._batch_auto_match()
        return payments

    def write(self, vals):
        self._check_batch_editable(set(vals), vals.get("state"))
        if vals.get("batch_id") and not self.env.context.get("batch_processing"):
            self.env["account.payment.batch"].browse(
                vals["batch_id"]
            )._check_accepts_receipts()
        rematch = self.env["account.payment"]
        if (
            BATCH_MATCH_KEYS & set(vals)
            and "allocation_ids" not in vals
            and not self.env.context.get("batch_processing")
        ):
            rematch = self.filtered(lambda p: p.batch_id.state in ("draft", "open"))
            changed = rematch.filtered("allocation_ids")
            changed.allocation_ids.unlink()
            for payment in changed:
                payment.message_post(
                    body=_(
                        "The payer, invoice number or reference changed: allocations "
                        "cleared and the receipt matched again."
                    )
                )
        res = super().write(vals)
        if rematch:
            rematch.batch_match_note = False
            rematch._batch_auto_match()
        return res

    def unlink(self):
        # Checked before super(): account.payment resets and deletes the
        # journal entry before the ORM would run an ondelete check.
        self._check_batch_editable()
        return super().unlink()

    # -------------------------------------------------------------------------
    # MATCHING
    # -------------------------------------------------------------------------

    def action_batch_auto_match(self):
        """Throw away the planned allocations and match the receipts again."""
        self._check_batch_editable({"allocation_ids"})
        self.allocation_ids.filtered(lambda a: a.state == "planned").unlink()
        self.batch_match_note = False
        self._batch_auto_match(force=True)
        return True

    def _batch_open_items_domain(self, partners=None):
        """Open receivable items a receipt of this company may settle."""
        domain = [
            ("company_id", "in", self.company_id.ids),
            ("account_id.account_type", "=", "asset_receivable"),
            ("account_id.reconcile", "=", True),
            ("reconciled", "=", False),
            ("parent_state", "=", "posted"),
            ("amount_residual", "!=", 0),
        ]
        if partners is not None:
            domain.append(("partner_id", "in", partners.ids))
        return domain

    def _batch_match_documents(self):
        """Invoices named by the receipts' numbers and references, in two queries.

        :return: ({number: move}, {reference: moves})
        """
        Move = self.env["account.move"]
        base_domain = [
            ("state", "=", "posted"),
            ("company_id", "in", self.company_id.ids),
            ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
        ]
        by_number = {}
        numbers = {
            p.batch_invoice_number.strip() for p in self if p.batch_invoice_number
        }
        if numbers:
            for move in Move.search([*base_domain, ("name", "in", list(numbers))]):
                by_number[move.name] = move
        by_reference = {}
        references = {
            p.batch_match_reference.strip() for p in self if p.batch_match_reference
        }
        if references:
            keys = list(references)
            moves = Move.search(
                [
                    *base_domain,
                    ("payment_state", "in", ("not_paid", "partial")),
                    "|",
                    "|",
                    ("ref", "in", keys),
                    ("payment_reference", "in", keys),
                    ("invoice_origin", "in", keys),
                ],
                order="invoice_date_due, id",
            )
            for move in moves:
                found = {move.ref, move.payment_reference, move.invoice_origin}
                for key in found & references:
                    by_reference[key] = by_reference.get(key, Move) | move
        return by_number, by_reference

    def _batch_match_candidate_lines(self, by_number, by_reference):
        """Open receivable lines the receipts may be matched with, in one query."""
        Line = self.env["account.move.line"]
        partners = self.filtered(
            lambda p: (
                p.partner_id
                and not p.batch_invoice_number
                and not p.batch_match_reference
            )
        ).partner_id.commercial_partner_id
        lines = Line
        if partners:
            lines = Line.search(
                self._batch_open_items_domain(partners), order="date_maturity, id"
            )
        moves = self.env["account.move"].union(
            *by_number.values(), *by_reference.values()
        )
        return (lines | moves.line_ids).filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and not line.reconciled
                and line.parent_state == "posted"
            )
        )

    def _batch_match_lines(self, by_number, by_reference, lines_by_partner, candidates):
        """The lines one receipt is matched with.

        :return: (lines, exact amount first?, note when nothing can be matched)
        """
        self.ensure_one()
        if self.batch_invoice_number:
            number = self.batch_invoice_number.strip()
            move = by_number.get(number)
            if not move:
                return (
                    [],
                    False,
                    _(
                        "Invoice %(number)s not found: match this receipt manually.",
                        number=number,
                    ),
                )
            return move.line_ids & candidates, False, False
        if self.batch_match_reference:
            key = self.batch_match_reference.strip()
            moves = by_reference.get(key)
            if not moves:
                return (
                    [],
                    True,
                    _(
                        "No open invoice carries reference %(key)s: match this receipt "
                        "manually.",
                        key=key,
                    ),
                )
            return moves.line_ids & candidates, True, False
        if self.partner_id:
            return (
                lines_by_partner.get(self.partner_id.commercial_partner_id.id, []),
                True,
                False,
            )
        return [], True, False

    def _batch_auto_match(self, force=False):
        """Plan allocations for the receipts, in bulk.

        In order: (1) the invoice number given, else (2) invoices whose
        reference, payment reference or origin carries the receipt's policy
        or customer reference, else (3) the payer's open invoices, an exact
        amount first, then the oldest. A number that matches no invoice
        leaves the receipt unmatched with a note, for manual matching.
        """
        receipts = self.filtered(
            lambda p: (
                p.batch_id
                and p.state == "draft"
                and p.batch_receipt_kind == "standard"
                and p.batch_kind in ("cash_receipt", "refund")
                and (force or p.batch_id.batch_type_id.auto_match)
                and not p.batch_is_third_party
                and not p.allocation_ids
            )
        )
        if not receipts:
            return
        by_number, by_reference = receipts._batch_match_documents()
        candidate_lines = receipts._batch_match_candidate_lines(by_number, by_reference)
        free = candidate_lines._batch_open_amounts()
        lines_by_partner = {}
        for line in candidate_lines:
            lines_by_partner.setdefault(
                line.partner_id.commercial_partner_id.id, []
            ).append(line)

        allocation_vals = []
        for receipt in receipts:
            lines, exact_first, note = receipt._batch_match_lines(
                by_number, by_reference, lines_by_partner, candidate_lines
            )
            if note:
                receipt.batch_match_note = note
                continue
            refund = receipt.payment_type == "outbound"
            items = [
                # A refund pays credits: seen from the refund, a credit is what it settles.
                OpenItem(
                    line.id,
                    -free[line.id] if refund else free[line.id],
                    line.date_maturity,
                    line.id,
                )
                for line in lines
                if free[line.id]
                and ((free[line.id] < 0) if refund else (free[line.id] > 0))
            ]
            plan = plan_receipt(
                receipt.amount,
                items,
                receipt.currency_id.rounding,
                exact_first=exact_first,
            )
            for sequence, (line_id, amount) in enumerate(plan.allocations):
                # Later receipts of the same run see what this one planned.
                free[line_id] -= -amount if refund else amount
                allocation_vals.append(
                    {
                        "payment_id": receipt.id,
                        "move_line_id": line_id,
                        "amount": abs(amount),
                        "sequence": sequence,
                    }
                )
            if not plan.allocations and (
                receipt.batch_invoice_number or receipt.batch_match_reference
            ):
                receipt.batch_match_note = _(
                    "The matching invoices have nothing left to pay."
                )
        if allocation_vals:
            self.env["account.payment.allocation"].with_context(
                batch_processing=True
            ).create(allocation_vals)

    # -------------------------------------------------------------------------
    # POSTING
    # -------------------------------------------------------------------------

    def _prepare_move_line_default_vals(
        self, write_off_line_vals=None, force_balance=None
    ):
        """Split the counterpart of a batch receipt: one line per allocation.

        Each allocation gets its own receivable line, for the allocated
        document's partner and account and exactly the allocated amount, so
        that reconciling the pair settles exactly that amount. What is not
        allocated stays in one line for the payer (on account or suspense).
        """
        vals_list = super()._prepare_move_line_default_vals(
            write_off_line_vals=write_off_line_vals, force_balance=force_balance
        )
        allocations = self.allocation_ids.filtered(lambda a: a.state == "planned")
        if not self.batch_id or not allocations or write_off_line_vals:
            return vals_list
        liquidity, counterpart = vals_list[0], vals_list[1]
        total_currency = counterpart["amount_currency"]
        total_balance = counterpart["debit"] - counterpart["credit"]
        rate = total_balance / total_currency if total_currency else 1.0
        company_currency = self.company_id.currency_id
        split = []
        used_currency = used_balance = 0.0
        for allocation in allocations:
            amount_currency = -allocation.signed_amount
            balance = company_currency.round(amount_currency * rate)
            used_currency += amount_currency
            used_balance += balance
            split.append(
                {
                    **counterpart,
                    "name": allocation.move_id.name or counterpart["name"],
                    "amount_currency": amount_currency,
                    "debit": balance if balance > 0 else 0.0,
                    "credit": -balance if balance < 0 else 0.0,
                    "partner_id": allocation.partner_id.id,
                    "account_id": (
                        allocation.move_line_id.account_id.id
                        or counterpart["account_id"]
                    ),
                    "batch_allocation_id": allocation.id,
                }
            )
        rest_currency = self.currency_id.round(total_currency - used_currency)
        rest_balance = company_currency.round(total_balance - used_balance)
        if not (
            self.currency_id.is_zero(rest_currency)
            and company_currency.is_zero(rest_balance)
        ):
            split.append(
                {
                    **counterpart,
                    "amount_currency": rest_currency,
                    "debit": rest_balance if rest_balance > 0 else 0.0,
                    "credit": -rest_balance if rest_balance < 0 else 0.0,
                }
            )
        head = [] if self.currency_id.is_zero(self.amount) else [liquidity]
        return head + split + vals_list[2:]

    def _get_batch_post_problems(self):
        """Why these draft receipts cannot be posted, one message per problem."""
        payments = self.filtered(lambda p: p.state == "draft")
        if not payments:
            return []
        payments.allocation_ids.fetch(["amount", "move_line_id", "state"])
        open_amounts = payments.allocation_ids.move_line_id._batch_open_amounts(
            exclude_payments=payments
        )
        lock_dates = {}
        problems = []
        for payment in payments:
            batch_type = payment.batch_id.batch_type_id
            label = _("Receipt %(receipt)s", receipt=payment._batch_label())
            kind = payment.batch_receipt_kind
            if kind != "standard" and not payment.batch_account_id:
                problems.append(
                    _("%(receipt)s: choose its counterpart account.", receipt=label)
                )
            if payment.batch_is_suspense and not batch_type.suspense_account_id:
                problems.append(
                    _(
                        "%(receipt)s has no payer and batch type %(type)s has no "
                        "suspense account.",
                        receipt=label,
                        type=batch_type.name,
                    )
                )
            key = (payment.company_id, payment.journal_id)
            if key not in lock_dates:
                lock_dates[key] = payment.company_id._get_user_fiscal_lock_date(
                    payment.journal_id
                )
            if payment.date <= lock_dates[key]:
                problems.append(
                    _(
                        "%(receipt)s is dated %(date)s, in a period locked until %(lock)s.",
                        receipt=label,
                        date=format_date(self.env, payment.date),
                        lock=format_date(self.env, lock_dates[key]),
                    )
                )
            sign = -1 if payment.payment_type == "outbound" else 1
            allocations = payment.allocation_ids.filtered(
                lambda a: a.state == "planned"
            )
            reasons = receipt_problems(
                payment.batch_kind,
                sign * payment.amount,
                [
                    (
                        allocation.signed_amount,
                        open_amounts[allocation.move_line_id.id]
                        if allocation.move_line_id
                        else allocation.signed_amount,
                    )
                    for allocation in allocations
                ],
                payment.currency_id.rounding,
                must_distribute=payment.batch_is_third_party,
            )
            problems += [f"{label}: {reason}" for reason in reasons]
            if (
                not batch_type.allow_on_account
                and kind == "standard"
                and not payment.currency_id.is_zero(payment.batch_on_account_amount)
            ):
                problems.append(
                    _(
                        "%(receipt)s: %(amount)s is not allocated and batch type %(type)s "
                        "does not allow on-account remainders.",
                        receipt=label,
                        amount=payment.batch_on_account_amount,
                        type=batch_type.name,
                    )
                )
        return problems

    def _batch_label(self):
        """How a clerk recognises a draft receipt: payer, cheque no., amount."""
        self.ensure_one()
        parts = [self.partner_id.name or _("unknown payer")]
        if self.memo:
            parts.append(self.memo)
        parts.append(str(self.amount))
        return " / ".join(parts)

    def _batch_post(self):
        """Post the receipts and reconcile each allocation with exactly its amount."""
        payments = self.filtered(lambda p: p.state == "draft")
        if not payments:
            return
        payments.allocation_ids.fetch(["amount", "move_line_id", "partner_id", "state"])
        payments.with_context(batch_processing=True).action_post()
        lines = payments.move_id.line_ids.filtered("batch_allocation_id")
        plan = [
            line + line.batch_allocation_id.move_line_id
            for line in lines
            if line.batch_allocation_id.move_line_id
        ]
        if plan:
            self.env["account.move.line"]._reconcile_plan(plan)
        payments.allocation_ids.filtered(lambda a: a.state == "planned").with_context(
            batch_processing=True
        ).write({"state": "posted"})

    def action_post(self):
        """Receipts of an unprocessed batch reach accounting with the batch."""
        if self.env.context.get("batch_processing"):
            return super().action_post()
        pending = self.filtered(lambda p: p.batch_id.state in ("draft", "open"))
        if pending:
            raise UserError(
                _(
                    "Receipt %(receipt)s is part of batch %(batch)s, which is not "
                    "closed yet: it is posted when the batch closes.",
                    receipt=pending[0].display_name,
                    batch=pending[0].batch_id.name,
                )
            )
        # Receipts of a closed batch whose type does not post on close reach
        # accounting here, with their allocations.
        in_batch = self.filtered(lambda p: p.batch_id.state == "closed")
        in_batch._batch_post()
        return super(AccountPayment, self - in_batch).action_post()

    # -------------------------------------------------------------------------
    # CORRECTIONS
    # -------------------------------------------------------------------------

    def _check_batch_posted(self, action_label):
        for payment in self:
            if payment.batch_id.state != "closed" or payment.state not in (
                "in_process",
                "paid",
            ):
                raise UserError(
                    _(
                        "Receipt %(receipt)s is not a posted receipt of a closed batch: it "
                        "cannot be %(action)s.",
                        receipt=payment.display_name,
                        action=action_label,
                    )
                )

    def _batch_correct(self, reason, reenter_batch=None):
        """Reverse posted receipts of a closed batch, optionally entering them again.

        The receipt's journal entry (and its reassignment entry, if any) is
        reversed and the reversal reconciled with it, which undoes every
        allocation; the receipt is cancelled. With ``reenter_batch`` (an open
        batch) a copy of the receipt is entered there and matched again.

        :return: the receipts entered again
        """
        self.env["account.payment.batch"]._check_right(
            "account_payment_batch.group_batch_close", _("correct receipts of")
        )
        self._check_batch_posted(_("corrected"))
        if reenter_batch:
            reenter_batch._check_accepts_receipts()
        matched = self.filtered("is_matched")
        if matched:
            raise UserError(
                _(
                    "Receipt %(receipt)s is matched with a bank statement line: undo that "
                    "match before correcting it.",
                    receipt=matched[0].display_name,
                )
            )
        moves = self.move_id | self.batch_reassign_move_id
        lines = moves.line_ids
        (lines.matched_debit_ids | lines.matched_credit_ids).unlink()
        moves._reverse_moves(
            [
                {
                    "ref": _(
                        "Correction of %(entry)s: %(reason)s",
                        entry=move.name,
                        reason=reason,
                    )
                }
                for move in moves
            ],
            cancel=True,
        )
        processing = self.with_context(batch_processing=True)
        processing.allocation_ids.write({"state": "reversed"})
        processing.write({"state": "canceled"})
        copies = self.env["account.payment"]
        for payment in self:
            payment.message_post(body=_("Reversed: %(reason)s", reason=reason))
            payment.batch_id.message_post(
                body=_(
                    "Receipt %(receipt)s reversed: %(reason)s",
                    receipt=payment.name,
                    reason=reason,
                )
            )
            if reenter_batch:
                copy = payment._batch_reenter(reenter_batch)
                copies |= copy
                payment.batch_id.message_post(
                    body=_(
                        "Receipt %(receipt)s entered again in batch %(batch)s.",
                        receipt=payment.name,
                        batch=reenter_batch.name,
                    )
                )
                reenter_batch.message_post(
                    body=_(
                        "Receipt of %(payer)s for %(amount)s entered again from batch "
                        "%(batch)s (correction of %(receipt)s: %(reason)s).",
                        payer=copy.partner_id.name or _("unknown payer"),
                        amount=copy.amount,
                        batch=payment.batch_id.name,
                        receipt=payment.name,
                        reason=reason,
                    )
                )
        return copies

    def _batch_reenter(self, batch):
        self.ensure_one()
        line = (
            batch.line_ids.filtered(
                lambda li: li.line_type_id == self.batch_line_id.line_type_id
            )[:1]
            or batch.line_ids[:1]
        )
        return self.create(
            {
                "payment_type": self.payment_type,
                "partner_type": self.partner_type,
                "partner_id": self.partner_id.id,
                "amount": self.amount,
                "date": self.date,
                "memo": self.memo,
                "journal_id": batch.journal_id.id,
                "payment_method_line_id": self.payment_method_line_id.id,
                "batch_id": batch.id,
                "batch_line_id": line.id,
                "batch_receipt_kind": self.batch_receipt_kind,
                "batch_account_id": self.batch_account_id.id,
                "batch_invoice_number": self.batch_invoice_number,
                "batch_match_reference": self.batch_match_reference,
                "batch_is_third_party": self.batch_is_third_party,
            }
        )

    def _batch_reassign(self, partner, move_line=None):
        """Move a posted suspense receipt to its payer by a correcting entry.

        The entry takes the amount out of the suspense account and puts it
        on the partner's receivable; with ``move_line`` (an open invoice
        line of that partner) it is reconciled with it at once.
        """
        self.ensure_one()
        self.env["account.payment.batch"]._check_right(
            "account_payment_batch.group_batch_close", _("reassign receipts of")
        )
        self._check_batch_posted(_("reassigned"))
        if not self.batch_is_suspense:
            raise UserError(
                _("Receipt %(receipt)s is not in suspense.", receipt=self.display_name)
            )
        suspense_lines = self.move_id.line_ids.filtered(
            lambda line: line.account_id == self.destination_account_id
        )
        receivable = partner.with_company(
            self.company_id
        ).property_account_receivable_id
        journal = self.env["account.journal"].search(
            [
                *self.env["account.journal"]._check_company_domain(self.company_id),
                ("type", "=", "general"),
            ],
            limit=1,
        )
        balance = sum(suspense_lines.mapped("balance"))
        amount_currency = sum(suspense_lines.mapped("amount_currency"))
        label = _(
            "Reassignment of %(receipt)s to %(partner)s",
            receipt=self.name,
            partner=partner.name,
        )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "journal_id": journal.id,
                "date": fields.Date.context_today(self),
                "ref": label,
                "line_ids": [
                    Command.create(
                        {
                            "name": label,
                            "account_id": self.destination_account_id.id,
                            "balance": -balance,
                            "amount_currency": -amount_currency,
                            "currency_id": self.currency_id.id,
                        }
                    ),
                    Command.create(
                        {
                            "name": label,
                            "account_id": receivable.id,
                            "partner_id": partner.id,
                            "balance": balance,
                            "amount_currency": amount_currency,
                            "currency_id": self.currency_id.id,
                        }
                    ),
                ],
            }
        )
        move.action_post()
        if self.destination_account_id.reconcile:
            (
                suspense_lines
                + move.line_ids.filtered(
                    lambda line: line.account_id == self.destination_account_id
                )
            ).reconcile()
        if move_line:
            (
                move.line_ids.filtered(lambda line: line.account_id == receivable)
                + move_line
            ).reconcile()
        self.with_context(batch_processing=True).write(
            {"batch_reassign_move_id": move.id}
        )
        message = _(
            "Suspense receipt %(receipt)s reassigned to %(partner)s by %(entry)s.",
            receipt=self.name,
            partner=partner.name,
            entry=move.name,
        )
        self.message_post(body=message)
        self.batch_id.message_post(body=message)
        return move

    # -------------------------------------------------------------------------
    # ACTIONS
    # -------------------------------------------------------------------------

    def _wizard_action(self, model, name):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_payment_id": self.id},
        }

    def action_open_correction_wizard(self):
        return self._wizard_action(
            "account.payment.batch.correction", _("Correct Receipt")
        )

    def action_open_reassign_wizard(self):
        return self._wizard_action(
            "account.payment.batch.reassign", _("Reassign Receipt")
        )

    def action_open_batch_receipt(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Receipt"),
            "res_model": "account.payment",
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_open_batch(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.payment.batch",
            "res_id": self.batch_id.id,
            "view_mode": "form",
        }
