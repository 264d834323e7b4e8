"""Receipts: batch fields, counterpart account, locking with the batch, links."""

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

RECEIPT_KINDS = [
    ("standard", "Standard"),
    ("miscellaneous", "Miscellaneous"),
    ("insurer_refund", "Insurer Refund"),
    ("insurance_assignment", "Insurance Assignment"),
]
# Kinds booked to a chosen counterpart account, never to a partner's receivable.
ACCOUNT_KINDS = ("miscellaneous", "insurer_refund")
# Kinds paid by a partner: matched to open items, on account or in suspense.
PARTNER_KINDS = ("standard", "insurance_assignment")

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
    "batch_policy_term",
    "batch_policy_transaction",
    "batch_campaign_id",
    "batch_payee_id",
    "batch_is_third_party",
    "batch_payer_name",
    "batch_description",
    "allocation_ids",
    "batch_reassign_move_id",
}
# Changing these throws the receipt's allocations away and matches it again.
BATCH_MATCH_KEYS = {
    "partner_id",
    "batch_receipt_kind",
    "batch_invoice_number",
    "batch_match_reference",
    "batch_policy_term",
    "batch_policy_transaction",
}
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
        "money back from an insurer or vendor, to a chosen account; insurance "
        "assignment receipts are an insurer's money for what families assigned "
        "to it, allocated to its pending assignments.",
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
                and payment.batch_receipt_kind in PARTNER_KINDS
                and not payment.batch_reassign_move_id
            )

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
            if payment.batch_receipt_kind in ACCOUNT_KINDS:
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

    @api.onchange(
        "partner_id",
        "batch_receipt_kind",
        "batch_invoice_number",
        "batch_match_reference",
        "batch_policy_term",
        "batch_policy_transaction",
    )
    def _onchange_batch_match_keys(self):
        if self.batch_id and self.allocation_ids and self._origin.id:
            self.allocation_ids = [Command.clear()]
            return {
                "warning": {
                    "title": _("Allocations cleared"),
                    "message": _(
                        "The payer, invoice number or a policy key changed: the receipt's "
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

    def _compute_outstanding_account_id(self):
        """Batch receipts get the fallback outstanding account when computed.

        Without full accounting, Odoo's ``create`` writes the company's
        outstanding account on each new payment whose method has none, one
        write per payment; for an import of thousands of receipts that is
        most of its time. Batch receipts get the same account here, found
        once per company and direction, so that no write follows.
        """
        super()._compute_outstanding_account_id()
        if self.env["account.move"]._get_invoice_in_payment_state() == "in_payment":
            return
        fallback = {}
        for payment in self.filtered(
            lambda p: p.batch_id and not p.outstanding_account_id
        ):
            key = (payment.company_id, payment.payment_type)
            if key not in fallback:
                fallback[key] = payment._get_outstanding_account(payment.payment_type)
            payment.outstanding_account_id = fallback[key]

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
    # LINKS
    # -------------------------------------------------------------------------

    def _batch_label(self):
        """How a clerk recognises a draft receipt: payer, cheque no., amount."""
        self.ensure_one()
        parts = [self.partner_id.name or _("unknown payer")]
        if self.memo:
            parts.append(self.memo)
        parts.append(str(self.amount))
        return " / ".join(parts)

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
