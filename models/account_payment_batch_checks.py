"""What batches and insurance assignments check before an action: right, state."""

from odoo import _, models
from odoo.exceptions import AccessError, UserError


class AccountPaymentBatchChecks(models.AbstractModel):
    _name = "account.payment.batch.checks"
    _description = "Payment Batch Right and State Checks"

    def _checks_records_label(self):
        """The records as a refusal names them, e.g. "payment batches"."""
        return self._description

    def _checks_record_label(self):
        """One record as a refusal names it, e.g. "Batch BATCH/2026/00001"."""
        self.ensure_one()
        return self.display_name

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_right(self, group_xmlid, action_label):
        """Raise AccessError unless the current user has ``group_xmlid``."""
        if not self.env.su and not self.env.user.has_group(group_xmlid):
            raise AccessError(
                _(
                    "You are not allowed to %(action)s %(records)s: ask for the "
                    "'%(group)s' right.",
                    action=action_label,
                    records=self._checks_records_label(),
                    group=self.env.ref(group_xmlid).name,
                )
            )

    def _check_state(self, allowed_states, action_label):
        for record in self:
            if record.state not in allowed_states:
                raise UserError(
                    _(
                        "%(record)s is %(state)s: it cannot be %(action)s.",
                        record=record._checks_record_label(),
                        state=record._state_label(),
                        action=action_label,
                    )
                )
