from odoo import fields, models


def _convert_at_receipt_date(amount, from_currency, to_currency, payment):
    """``amount`` from one currency into another at ``payment``'s date, rounded."""
    if from_currency == to_currency or not amount:
        return amount
    return from_currency._convert(
        amount,
        to_currency,
        payment.company_id,
        payment.date or fields.Date.context_today(payment),
    )


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    batch_allocation_id = fields.Many2one(
        "account.payment.allocation",
        string="Batch Allocation",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The receipt allocation this journal item settles.",
    )

    def _batch_planned(self, exclude_payments=None):
        """What planned batch allocations take from these lines, per receipt.

        :param exclude_payments: receipts whose own plans are not counted
        :return: {line id: [(receipt, amount planned, in the receipt's currency)]}
        """
        lines = self._origin
        domain = [("move_line_id", "in", lines.ids), ("state", "=", "planned")]
        if exclude_payments and exclude_payments._origin:
            domain.append(("payment_id", "not in", exclude_payments._origin.ids))
        planned = {}
        for line, payment, amount in self.env["account.payment.allocation"]._read_group(
            domain, ["move_line_id", "payment_id"], ["amount:sum"]
        ):
            planned.setdefault(line.id, []).append((payment, amount))
        return planned

    def _batch_open_amounts(self, exclude_payments=None, planned=None):
        """Open amount of each line once planned batch allocations are counted.

        Each allocation is planned in its receipt's currency; it is converted
        into the line's currency at the receipt's date.

        :param exclude_payments: receipts whose own plans are not subtracted
        :param planned: what :meth:`_batch_planned` returned, when already known
        :return: {line id: signed amount still free to plan, in the line's currency}
        """
        if planned is None:
            planned = self._batch_planned(exclude_payments)
        result = {}
        for line in self:
            used = sum(
                _convert_at_receipt_date(
                    amount, payment.currency_id, line.currency_id, payment
                )
                for payment, amount in planned.get(line._origin.id, ())
            )
            result[line.id] = line.amount_residual_currency - (
                1 if line.balance > 0 else -1
            ) * line.currency_id.round(used)
        return result

    def _batch_is_over_planned(self, planned):
        """Whether the receipts plan more than this line has open.

        Each receipt may plan what the others leave free, converted into its
        currency at its date (its allocation's outstanding): compared in the
        receipt's currency, the rounding of a conversion is no over-allocation.

        :param planned: this line's entry of :meth:`_batch_planned`
        """
        self.ensure_one()
        open_amount = (1 if self.balance > 0 else -1) * self.amount_residual_currency
        converted = [
            self._batch_line_amount(amount, payment) for payment, amount in planned
        ]
        total = sum(converted)
        for (payment, amount), own in zip(planned, converted, strict=True):
            left = self._batch_receipt_amount(open_amount - (total - own), payment)
            if payment.currency_id.compare_amounts(amount, left) > 0:
                return True
        return False

    def _batch_receipt_amount(self, amount, payment):
        """``amount``, in this line's currency, in ``payment``'s currency.

        Converted with Odoo's rates at the receipt's date, as Register Payment
        proposes the amount of an invoice in another currency.
        """
        self.ensure_one()
        return _convert_at_receipt_date(
            amount, self.currency_id, payment.currency_id, payment
        )

    def _batch_line_amount(self, amount, payment):
        """``amount``, in ``payment``'s currency, in this line's currency."""
        self.ensure_one()
        return _convert_at_receipt_date(
            amount, payment.currency_id, self.currency_id, payment
        )

    def _batch_settlement_rate(self):
        """The rate at which this receipt line settles its allocated document in full.

        A receipt in the company's currency allocating the whole open amount
        of a document in another currency, converted at the receipt's date,
        pays it in full. Converted back, that amount may miss the document's
        by a rounding step; Register Payment, when its difference goes to the
        exchange difference account, reconciles at the rate between both
        amounts (``forced_rate_from_register_payment``), so that the document
        is paid and the exchange difference entry takes the rest. Without a
        rounding step to absorb, that rate gives what Odoo's rate gives.

        :return: the rate (document currency per company currency), or None
            when the allocation does not settle a document in another currency
        """
        self.ensure_one()
        allocation = self.batch_allocation_id
        document_line = allocation.move_line_id
        payment = allocation.payment_id
        company_currency = self.company_currency_id
        if (
            not document_line
            or payment.currency_id != company_currency
            or document_line.currency_id == company_currency
            or not allocation.amount
        ):
            return None
        open_amount = abs(document_line.amount_residual_currency)
        if payment.currency_id.compare_amounts(
            allocation.amount, document_line._batch_receipt_amount(open_amount, payment)
        ):
            return None
        return open_amount / allocation.amount
