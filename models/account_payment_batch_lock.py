"""Batches: the processing lock that keeps two users from working one batch at once."""

import psycopg2.errors

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class AccountPaymentBatch(models.Model):
    _inherit = "account.payment.batch"

    def _lock_for_processing(self):
        """Take the batches for this transaction, or refuse at once.

        Closing, importing and depositing lock the batch rows (``NOWAIT``: a second user
        is told at once instead of waiting behind the first) and touch them,
        so that a transaction that started before the first one committed
        cannot take them afterwards either (it would work from a snapshot
        that misses the first one's receipts): PostgreSQL refuses it a
        serialization failure, which is reported the same way.
        """
        self._lock_rows(
            "account_payment_batch",
            self.ids,
            _(
                "Batch %(batch)s is being closed, imported into or deposited by "
                "another user right now: nothing was changed; try again in a moment.",
                batch=", ".join(self.mapped("name")),
            ),
        )
        self.invalidate_recordset(["state", "write_uid", "write_date"])

    @api.model
    def _lock_rows(self, table, ids, busy_message):
        """Lock and touch the rows ``ids`` of ``table``, or raise ``busy_message``.

        See ``_lock_for_processing``: ``NOWAIT`` plus a touch of the rows, so
        that neither a concurrent transaction nor one working from an older
        snapshot can take them until this one ends.
        """
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT",
                        SQL.identifier(table),
                        tuple(ids),
                    ),
                    log_exceptions=False,
                )
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET write_uid = %s, write_date = %s WHERE id IN %s",
                        SQL.identifier(table),
                        self.env.uid,
                        self.env.cr.now(),
                        tuple(ids),
                    ),
                    log_exceptions=False,
                )
        except (
            psycopg2.errors.LockNotAvailable,
            psycopg2.errors.SerializationFailure,
        ):
            raise UserError(busy_message) from None
