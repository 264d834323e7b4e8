"""Receipts of card charge batches: their transaction, its result, and what
settling, voiding or refunding a charge does to the receipt and its invoices."""

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_amount

from ..batch_core.card_charge import FAILED_STATES
from .account_payment_batch_card_charge import CHARGE_GROUP


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_charge_state = fields.Selection(
        related="payment_transaction_id.state",
        string="Charge Status",
        store=True,
    )
    batch_charge_message = fields.Text(
        related="payment_transaction_id.state_message",
        string="Charge Message",
        store=True,
    )
    batch_charge_reference = fields.Char(
        related="payment_transaction_id.reference", string="Charge Reference"
    )
    batch_charge_note = fields.Char(
        string="Booking Problem",
        copy=False,
        readonly=True,
        help="Why a settled charge could not be posted: an accountant posts it by hand.",
    )
    batch_charge_can_void = fields.Boolean(compute="_compute_batch_charge_actions")
    batch_charge_can_refund = fields.Boolean(compute="_compute_batch_charge_actions")

    @api.depends("batch_charge_state", "state", "batch_id.kind")
    def _compute_batch_charge_actions(self):
        for receipt in self:
            is_charge = receipt.batch_kind == "card_charge"
            receipt.batch_charge_can_void = (
                is_charge and receipt.batch_charge_state == "authorized"
            )
            receipt.batch_charge_can_refund = (
                is_charge
                and receipt.batch_charge_state == "done"
                and receipt.state in ("in_process", "paid")
                and receipt.payment_transaction_id.operation != "refund"
                and not receipt.sudo().refunds_count
            )

    def _batch_charge_label(self):
        """Customer, invoices and amount: how a clerk recognises a charge."""
        self.ensure_one()
        invoices = self.allocation_ids.move_id
        return _(
            "%(customer)s (%(invoices)s, %(amount)s)",
            customer=self.partner_id.name,
            invoices=", ".join(invoices.mapped("name")),
            amount=format_amount(self.env, self.amount, self.currency_id),
        )

    # -------------------------------------------------------------------------
    # CHARGING
    # -------------------------------------------------------------------------

    def _batch_charge_create_transactions(self, payment_number=False):
        """One draft transaction per receipt, for its token, amount and invoices.

        Its reference is unique (Odoo adds a suffix); with a payment number
        the number is the reference's stem and every receipt's memo, else each
        receipt's memo is its own reference.
        """
        transactions = self.env["payment.transaction"].sudo()
        for receipt in self:
            token = receipt.payment_token_id.sudo()
            invoices = receipt.allocation_ids.move_id
            values = {"invoice_ids": [Command.set(invoices.ids)]}
            reference = transactions._compute_reference(
                token.provider_id.code, prefix=payment_number or None, **values
            )
            tx = transactions.create(
                {
                    **values,
                    "provider_id": token.provider_id.id,
                    "payment_method_id": token.payment_method_id.id,
                    "reference": reference,
                    "amount": receipt.amount,
                    "currency_id": receipt.currency_id.id,
                    "partner_id": receipt.partner_id.id,
                    "token_id": token.id,
                    "operation": "offline",
                    "payment_id": receipt.id,
                }
            )
            receipt.with_context(batch_processing=True).write(
                {
                    "payment_transaction_id": tx.id,
                    "memo": payment_number or reference,
                }
            )

    @api.model
    def _batch_charge_settle(self, transactions):
        """Book what ``transactions`` (of batch receipts) now say.

        A settled charge posts its receipt, reconciled with its invoices; a
        failed or voided one cancels the receipt and leaves the invoices as
        they were. A receipt that cannot be posted keeps the reason and the
        batch stays open for an accountant: the money was taken.
        """
        for tx in transactions:
            receipt = tx._batch_charge_receipt()
            if receipt.state != "draft":
                continue
            if tx.state == "done":
                try:
                    with self.env.cr.savepoint():
                        receipt._batch_post()
                except UserError as error:
                    receipt.with_context(batch_processing=True).batch_charge_note = str(
                        error
                    )
                    receipt.batch_id.message_post(
                        body=_(
                            "The charge of %(receipt)s is settled but the receipt could "
                            "not be posted: %(error)s",
                            receipt=receipt._batch_charge_label(),
                            error=error,
                        )
                    )
            elif tx.state in FAILED_STATES and tx == receipt.payment_transaction_id:
                # Nothing was booked: the invoices are free for another charge.
                processing = receipt.with_context(batch_processing=True)
                processing.allocation_ids.write({"state": "reversed"})
                processing.write({"state": "canceled"})

    def _batch_charge_reopen(self, refund_tx):
        """A refunded charge gives its invoices back their open amount.

        The receipt's settlement of the invoices is undone and its receivable
        lines are reconciled with the refund payment instead: the invoices are
        open again, the customer owes what they owed, and the bank shows the
        charge and its refund.
        """
        self.ensure_one()
        refund = refund_tx.payment_id
        if not refund or not self.currency_id.is_zero(self.amount + refund_tx.amount):
            self.batch_id.message_post(
                body=_(
                    "%(receipt)s was partly refunded (%(amount)s): its invoices stay paid; "
                    "reconcile the refund by hand.",
                    receipt=self._batch_charge_label(),
                    amount=format_amount(
                        self.env, -refund_tx.amount, refund_tx.currency_id
                    ),
                )
            )
            return
        allocation_lines = self.move_id.line_ids.filtered("batch_allocation_id")
        (
            allocation_lines.matched_debit_ids | allocation_lines.matched_credit_ids
        ).unlink()
        self.allocation_ids.with_context(batch_processing=True).write(
            {"state": "reversed"}
        )
        counterparts = (self.move_id.line_ids | refund.move_id.line_ids).filtered(
            lambda line: (
                line.account_id.account_type == "asset_receivable"
                and not line.reconciled
            )
        )
        for account in counterparts.account_id:
            counterparts.filtered(
                lambda line, a=account: line.account_id == a
            ).reconcile()
        self.batch_id.message_post(
            body=_(
                "%(receipt)s refunded (%(refund)s): its invoices are open again.",
                receipt=self._batch_charge_label(),
                refund=refund.name,
            )
        )

    # -------------------------------------------------------------------------
    # VOID, CAPTURE, REFUND
    # -------------------------------------------------------------------------

    def _batch_charge_void(self):
        txs = self.payment_transaction_id.sudo()
        voids = txs.browse()
        for tx in txs:
            voids |= tx.with_context(payment_backend_action=True)._void()
        (voids | txs)._post_process()

    def _batch_charge_capture(self):
        txs = self.payment_transaction_id.sudo()
        captures = txs.browse()
        for tx in txs:
            captures |= tx.with_context(payment_backend_action=True)._capture()
        (captures | txs)._post_process()

    def _check_batch_charge(self, action_label):
        self.env["account.payment.batch"]._check_right(CHARGE_GROUP, action_label)
        for receipt in self:
            if receipt.batch_kind != "card_charge":
                raise UserError(
                    _(
                        "Receipt %(receipt)s is not a card charge.",
                        receipt=receipt.display_name,
                    )
                )

    def action_batch_charge_void(self):
        """Void one authorized charge (before it settles): its receipt is cancelled."""
        self._check_batch_charge(_("void card charges of"))
        for receipt in self:
            if receipt.batch_charge_state != "authorized":
                raise UserError(
                    _(
                        "The charge of %(receipt)s is %(state)s: only an authorized "
                        "charge, not settled yet, can be voided; refund a settled one.",
                        receipt=receipt._batch_charge_label(),
                        state=receipt.batch_charge_state,
                    )
                )
        self.batch_id._lock_for_processing()
        self._batch_charge_void()
        self.batch_id._card_charge_close_if_final()
        return True

    def action_batch_charge_refund(self):
        """Refund one settled charge through its provider; its invoices reopen."""
        self._check_batch_charge(_("refund card charges of"))
        for receipt in self:
            if not receipt.batch_charge_can_refund:
                raise UserError(
                    _(
                        "The charge of %(receipt)s cannot be refunded: only a settled, "
                        "posted charge not refunded yet can be.",
                        receipt=receipt._batch_charge_label(),
                    )
                )
        for receipt in self:
            tx = receipt.payment_transaction_id.sudo()
            if tx.provider_id.support_refund == "none":
                raise UserError(
                    _(
                        "Provider %(provider)s does not refund: refund %(receipt)s "
                        "outside Odoo and register the refund by hand.",
                        provider=tx.provider_id.name,
                        receipt=receipt._batch_charge_label(),
                    )
                )
            refund_tx = tx.with_context(payment_backend_action=True)._refund()
            if refund_tx.state == "done":
                refund_tx._post_process()
            receipt.message_post(
                body=_(
                    "Refund %(reference)s requested: %(state)s.",
                    reference=refund_tx.reference,
                    state=refund_tx.state,
                )
            )
        return True

    def action_post(self):
        """A card charge's receipt is posted by its settled transaction only."""
        if not self.env.context.get("batch_processing"):
            unsettled = self.filtered(
                lambda p: (
                    p.batch_kind == "card_charge"
                    and p.payment_transaction_id
                    and p.batch_charge_state != "done"
                )
            )
            if unsettled:
                raise UserError(
                    _(
                        "Receipt %(receipt)s is a card charge that did not settle "
                        "(%(state)s): it cannot be posted.",
                        receipt=unsettled[0]._batch_charge_label(),
                        state=unsettled[0].batch_charge_state,
                    )
                )
        return super().action_post()
