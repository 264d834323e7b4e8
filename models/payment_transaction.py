"""Payment transactions of card charge batches: sending one, and booking its
result on the batch's receipt whenever the provider reports it."""

import logging

from odoo import _, models

from ..batch_core.card_charge import FINAL_STATES

_logger = logging.getLogger(__name__)


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _batch_charge_receipt(self):
        """The card charge batch receipt this transaction, or its source, pays."""
        self.ensure_one()
        receipt = (
            self.source_transaction_id.payment_id
            if self.source_transaction_id
            else self.payment_id
        )
        if receipt.batch_id.batch_type_id.kind == "card_charge":
            return receipt
        return self.env["account.payment"]

    def _batch_charge_send(self):
        """Charge the token; whatever happens, the outcome lands on the transaction."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                self._charge_with_token()
        except Exception as error:  # noqa: BLE001 - one failing charge never stops the others
            _logger.warning(
                "Card charge %s could not be sent", self.reference, exc_info=True
            )
            self._set_error(
                _(
                    "The charge could not be sent to the provider: %(error)s",
                    error=error,
                )
            )
        if self.state in FINAL_STATES or self.state == "authorized":
            self._post_process()

    def _post_process(self):
        """Book the results of card charge batch transactions on their receipts.

        Before Odoo's own post-processing: a settled charge posts its batch
        receipt (so no second payment is created), a failed one cancels it;
        captures and voids of a charge count for its receipt. After it: a
        refund gives the invoices their open amount back, and batches whose
        charges are all final close themselves.
        """
        batch_txs = self.filtered(lambda tx: tx._batch_charge_receipt())
        for tx in batch_txs:
            if tx.operation != "refund" and not tx.payment_id:
                tx.payment_id = tx._batch_charge_receipt()
        self.env["account.payment"]._batch_charge_settle(
            batch_txs.filtered(lambda tx: tx.operation != "refund")
        )
        res = super()._post_process()
        for tx in batch_txs.filtered(
            lambda t: t.operation == "refund" and t.state == "done"
        ):
            tx._batch_charge_receipt()._batch_charge_reopen(tx)
        batches = self.env["account.payment.batch"]
        for tx in batch_txs:
            batches |= tx._batch_charge_receipt().batch_id
        batches._card_charge_close_if_final()
        return res
