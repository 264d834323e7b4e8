"""Journal entries: numbering thousands of entries of a batch close.

Numbering an entry asks the database for the journal's last number (two
queries) even when the transaction already holds the sequence: after the
first entry, Odoo's own transactional sequence cache decides the number and
the answer is only used for its format. During a batch close the format is
remembered per journal, date and kind of entry, so each further entry costs
no query. The memo lives in the same transactional cache as Odoo's sequence
numbers and is cleared with it.
"""

from odoo import models

MEMO = "account_payment_batch.sequence_format"


class AccountMove(models.Model):
    _inherit = "account.move"

    def _get_next_sequence_format(self):
        if not self.env.context.get("batch_bulk"):
            return super()._get_next_sequence_format()
        self.ensure_one()
        journal = self.journal_id
        key = (
            MEMO,
            journal.id,
            self.date,
            self.move_type in ("out_refund", "in_refund"),
            bool(self.origin_payment_id or self.env.context.get("is_payment")),
            self.partner_id.commercial_partner_id.id
            if journal.is_self_billing
            else None,
        )
        cache = self._get_sequence_cache()
        if key not in cache:
            cache[key] = super()._get_next_sequence_format()
        format_string, format_values = cache[key]
        # The caller consumes the values (it pops 'seq'): hand out a copy.
        return format_string, dict(format_values)
