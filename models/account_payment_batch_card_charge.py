"""Batches: card charges — who can be charged, and submitting a batch of charges.

Sending them and how the batch ends: account_payment_batch_card_charge_outcome.py."""

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import LazyTranslate

from ..batch_core import card_charge as core

_lt = LazyTranslate(__name__)

CHARGE_GROUP = "account_payment_batch.group_batch_card_charge"
REASONS = {
    core.NO_TOKEN: _lt("No saved payment method"),
    core.NO_DEFAULT: _lt("Several saved payment methods, none is the default"),
    core.NEVER_CHARGED: _lt("Saved payment method never charged successfully"),
    core.PROVIDER_DISABLED: _lt("Payment provider disabled"),
    core.CURRENCY: _lt("Currency not supported by the provider or the journal"),
    core.UNDER_WAY: _lt("Already being paid (a running charge or another batch)"),
    core.PAID: _lt("Paid meanwhile"),
}


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    charge_method_line_id = fields.Many2one(
        "account.payment.method.line",
        string="Charged Through",
        readonly=True,
        copy=False,
        help="The payment method (and so the payment provider) that charged the cards.",
    )
    charge_is_test = fields.Boolean(
        string="Provider in Test Mode",
        readonly=True,
        copy=False,
        help="The payment provider was in test mode when the batch was submitted: "
        "no real card was charged.",
    )
    charge_invoice_count = fields.Integer(
        string="Invoices Charged", readonly=True, copy=False
    )
    charge_retry_of_id = fields.Many2one(
        "account.payment.batch",
        string="Retry Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The card charge batch whose failed charges this batch tries again.",
    )
    charge_pending_count = fields.Integer(
        string="Pending", compute="_compute_charge_summary", store=True
    )
    charge_posted_count = fields.Integer(
        string="Posted", compute="_compute_charge_summary", store=True
    )
    charge_failed_count = fields.Integer(
        string="Failed", compute="_compute_charge_summary", store=True
    )
    charge_errors = fields.Text(
        string="Charge Errors", compute="_compute_charge_summary", store=True
    )

    @api.depends("payment_ids.batch_charge_state", "payment_ids.batch_charge_message")
    def _compute_charge_summary(self):
        for batch in self:
            receipts = batch.payment_ids.filtered("payment_transaction_id")
            summary = core.summarize(receipts.mapped("batch_charge_state"))
            batch.charge_pending_count = summary.pending
            batch.charge_posted_count = summary.posted
            batch.charge_failed_count = summary.failed
            batch.charge_errors = (
                "\n".join(
                    f"{receipt._batch_charge_label()}: "
                    f"{receipt.batch_charge_message or receipt.batch_charge_state}"
                    for receipt in receipts
                    if receipt.batch_charge_state in core.FAILED_STATES
                )
                or False
            )

    # -------------------------------------------------------------------------
    # WHO CAN BE CHARGED
    # -------------------------------------------------------------------------

    @api.model
    def _card_charge_invoice_domain(self, company):
        return [
            ("company_id", "=", company.id),
            ("move_type", "=", "out_invoice"),
            ("state", "=", "posted"),
            ("payment_state", "in", ("not_paid", "partial")),
            ("amount_residual", ">", 0),
        ]

    @api.model
    def _card_charge_eligibility(self, method_line, invoices, currency):
        """Which token pays each invoice, or why none can.

        Reads tokens, their successful charges, running charges and other
        batches' plans for all invoices at once.

        :param method_line: the batch's payment method (its provider charges)
        :param currency: the batch's currency
        :return: ``{invoice: (token, reason)}``, one of them empty
        """
        provider = method_line.sudo().payment_provider_id
        tokens = self.env["payment.token"].sudo()
        if provider:
            tokens = tokens.search(
                [
                    *tokens._check_company_domain(invoices.company_id),
                    ("provider_id", "=", provider.id),
                    ("partner_id", "child_of", invoices.commercial_partner_id.ids),
                ]
            )
        transactions = self.env["payment.transaction"].sudo()
        charged = {
            token.id
            for [token] in transactions._read_group(
                [
                    ("token_id", "in", tokens.ids),
                    ("state", "=", "done"),
                    ("operation", "!=", "validation"),
                    ("amount", ">", 0),
                ],
                ["token_id"],
            )
        }
        tokens_by_partner = {}
        for token in tokens:
            tokens_by_partner.setdefault(
                token.partner_id.commercial_partner_id, []
            ).append(core.Token(token, token.partner_id, token.id in charged))
        running = transactions.search(
            [
                ("invoice_ids", "in", invoices.ids),
                ("state", "in", tuple(core.OPEN_STATES)),
            ]
        ).invoice_ids
        receivables = invoices.line_ids.filtered(
            lambda line: line.display_type == "payment_term" and not line.reconciled
        )
        open_amounts = receivables._batch_open_amounts()
        planned_elsewhere = receivables.filtered(
            lambda line: line.currency_id.compare_amounts(
                open_amounts[line.id], line.amount_residual_currency
            )
        ).move_id
        provider_enabled = provider.state in ("enabled", "test")
        currencies = provider.available_currency_ids
        result = {}
        for invoice in invoices:
            partner = invoice.commercial_partner_id
            token, token_reason = core.choose_token(
                tokens_by_partner.get(partner, []),
                partner.batch_charge_token_id or None,
            )
            reason = core.invoice_reason(
                token_reason,
                provider_enabled,
                invoice.currency_id == currency
                and (not currencies or invoice.currency_id in currencies),
                under_way=invoice in running or invoice in planned_elsewhere,
            )
            result[invoice] = (
                token.key if token and not reason else tokens.browse(),
                reason,
            )
        return result

    @api.model
    def _card_charge_reason_label(self, reason):
        return str(REASONS[reason]) if reason else ""

    # -------------------------------------------------------------------------
    # SUBMIT
    # -------------------------------------------------------------------------

    @api.model
    def _card_charge_submit(
        self, batch_type, method_line, invoices, payment_number=False, retry_of=None
    ):
        """Create an open card charge batch for ``invoices`` and its charges.

        Every invoice is checked again under a row lock: one paid or being
        charged meanwhile, or whose customer's saved method went away, is
        skipped and named in the batch's chatter. Nothing is charged yet: the
        transactions are created in draft and sent by ``_card_charge_send``.

        :return: the batch
        """
        self._check_right(CHARGE_GROUP, _("charge cards in"))
        if batch_type.kind != "card_charge":
            raise UserError(
                _(
                    "Batch type %(type)s is not a card charge type.",
                    type=batch_type.display_name,
                )
            )
        if not method_line.sudo().payment_provider_id:
            raise UserError(
                _(
                    "Payment method %(method)s is not linked to a payment provider: "
                    "choose one that charges saved cards.",
                    method=method_line.display_name,
                )
            )
        line_type = batch_type.line_type_ids.filtered(
            lambda lt: (
                not lt.payment_method_line_ids
                or method_line in lt.payment_method_line_ids
            )
        )[:1]
        if not line_type:
            raise UserError(
                _(
                    "Batch type %(type)s has no line type for payment method %(method)s: "
                    "add one (e.g. Cards) to the batch type.",
                    type=batch_type.display_name,
                    method=method_line.display_name,
                )
            )
        if not invoices:
            raise UserError(_("Select at least one invoice to charge."))
        self._lock_rows(
            "account_move",
            invoices.ids,
            _(
                "Invoices %(invoices)s are being charged or paid by another user right "
                "now: nothing was charged; try again in a moment.",
                invoices=", ".join(invoices.mapped("name")),
            ),
        )
        invoices.invalidate_recordset()
        journal = method_line.journal_id
        currency = journal.currency_id or journal.company_id.currency_id
        eligibility = self._card_charge_eligibility(method_line, invoices, currency)
        skipped = {}
        rows = []
        for invoice in invoices.sorted(lambda m: (m.commercial_partner_id.name, m.id)):
            token, reason = eligibility[invoice]
            if invoice.payment_state not in ("not_paid", "partial"):
                reason = core.PAID
            if reason:
                skipped[invoice] = reason
                continue
            rows.append(
                (
                    invoice.commercial_partner_id,
                    token,
                    invoice.currency_id,
                    invoice,
                    invoice.amount_residual,
                )
            )
        if not rows:
            raise UserError(
                _(
                    "Nothing was charged: no selected invoice can be charged.\n%(reasons)s",
                    reasons=self._card_charge_skipped_text(skipped),
                )
            )
        charges = core.group_charges(
            rows, batch_type.card_charge_grouping, currency.rounding
        )
        batch = self.create(
            {
                "batch_type_id": batch_type.id,
                "company_id": batch_type.company_id.id,
                "journal_id": journal.id,
                "reference": payment_number or False,
                "charge_method_line_id": method_line.id,
                "charge_is_test": method_line.sudo().payment_provider_id.state
                == "test",
                "charge_invoice_count": len(rows),
                "charge_retry_of_id": retry_of.id if retry_of else False,
                "line_ids": [
                    Command.create(
                        {
                            "line_type_id": line_type.id,
                            "sequence": line_type.sequence,
                            "recorded_payment_count": len(charges),
                            "recorded_payment_amount": currency.round(
                                sum(charge.amount for charge in charges)
                            ),
                        }
                    )
                ],
            }
        )
        batch._open()
        receipts = batch._card_charge_create_receipts(
            charges, method_line, payment_number
        )
        receipts._batch_charge_create_transactions(payment_number)
        if skipped:
            batch.message_post(
                body=_(
                    "Invoices skipped:\n%(reasons)s",
                    reasons=self._card_charge_skipped_text(skipped),
                )
            )
        if retry_of:
            retry_of.message_post(
                body=_(
                    "Failed charges tried again in batch %(batch)s.", batch=batch.name
                )
            )
        return batch

    def _card_charge_skipped_text(self, skipped):
        return "\n".join(
            f"{invoice.name} ({invoice.commercial_partner_id.name}): "
            f"{self._card_charge_reason_label(reason)}"
            for invoice, reason in skipped.items()
        )

    def _card_charge_create_receipts(self, charges, method_line, payment_number):
        """One draft receipt per charge, allocated to exactly its invoices."""
        self.ensure_one()
        line = self.line_ids[:1]
        today = fields.Date.context_today(self)
        vals_list = []
        for charge in charges:
            invoices = self.env["account.move"].union(
                *(invoice for invoice, _amount in charge.invoices)
            )
            receivables = invoices.line_ids.filtered(
                lambda li: li.display_type == "payment_term" and not li.reconciled
            )
            vals_list.append(
                {
                    "batch_id": self.id,
                    "batch_line_id": line.id,
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": charge.partner.id,
                    "amount": charge.amount,
                    "currency_id": self.currency_id.id,
                    "journal_id": method_line.journal_id.id,
                    "payment_method_line_id": method_line.id,
                    "date": today,
                    "memo": payment_number or False,
                    "payment_token_id": charge.token.id,
                    "allocation_ids": [
                        Command.create(
                            {
                                "move_line_id": receivable.id,
                                "amount": receivable.amount_residual_currency,
                            }
                        )
                        for receivable in receivables
                    ],
                }
            )
        return (
            self.env["account.payment"]
            .with_context(batch_processing=True, batch_skip_match=True)
            .create(vals_list)
        )
