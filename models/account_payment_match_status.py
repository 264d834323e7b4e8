"""A receipt's match badge and duplicate flag, for the batch's receipts list."""

from collections import defaultdict

from odoo import api, fields, models

from ..batch_core.match_status import MATCH_STATUSES, match_status
from .account_payment import ACCOUNT_KINDS


class AccountPayment(models.Model):
    _inherit = "account.payment"

    batch_match_status = fields.Selection(
        list(MATCH_STATUSES),
        string="Match",
        compute="_compute_batch_match_status",
        help="Matched: the receipt is fully allocated and settles its items. "
        "Partial: fully allocated, but an invoice stays partly open. On Account: "
        "part or all of it stays on account for the payer. Unmatched: automatic "
        "matching found nothing (see the note). Suspense: no known payer.",
    )
    batch_duplicate_flag = fields.Char(
        string="Duplicate",
        compute="_compute_batch_match_status",
        help="Shown when another receipt has the same payer, reference and amount.",
    )

    @api.depends(
        "batch_is_suspense",
        "batch_receipt_kind",
        "batch_match_note",
        "batch_on_account_amount",
        "allocation_ids.amount",
        "allocation_ids.state",
        "batch_duplicate_ids",
    )
    def _compute_batch_match_status(self):
        receipts = self.filtered("batch_id")
        (self - receipts).update(
            {"batch_match_status": False, "batch_duplicate_flag": False}
        )
        allocations = receipts.allocation_ids.filtered(
            lambda a: a.state != "reversed" and a.move_line_id
        )
        # One bulk computation of what other batches leave open on the items.
        allocations.fetch(["amount", "state", "move_line_id"])
        planned = allocations.filtered(lambda a: a.state == "planned")
        outstanding = {a.id: a.outstanding for a in planned}
        by_receipt = defaultdict(list)
        for allocation in allocations:
            by_receipt[allocation.payment_id.id].append(allocation)
        for receipt in receipts:
            own = by_receipt[receipt.id]
            leaves_open = any(
                receipt.currency_id.compare_amounts(
                    allocation.amount, abs(outstanding[allocation.id])
                )
                < 0
                if allocation.state == "planned"
                else not allocation.move_line_id.reconciled
                for allocation in own
            )
            receipt.batch_match_status = match_status(
                {
                    "suspense": receipt.batch_is_suspense,
                    "to_account": receipt.batch_receipt_kind in ACCOUNT_KINDS,
                    "note": receipt.batch_match_note,
                    "on_account": receipt.batch_on_account_amount,
                    "allocations": len(own),
                    "leaves_open": leaves_open,
                },
                receipt.currency_id.rounding,
            )
            receipt.batch_duplicate_flag = (
                self.env._("Duplicate?") if receipt.batch_duplicate_ids else False
            )
